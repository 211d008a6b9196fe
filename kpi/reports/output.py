"""Which writer makes which file, and writing it without ever leaving half a report behind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpi.errors import UsageError
from kpi.files.outputs import check_file, write_outputs
from kpi.i18n import _
from kpi.reports.progress import Step

if TYPE_CHECKING:  # the command line offers the formats without loading the models
    from kpi.reports.layout import AppendixReport


class ReportFormat(str, Enum):
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"
    csv = "csv"


_EXTENSIONS = {
    ".xlsx": ReportFormat.xlsx,
    ".docx": ReportFormat.docx,
    ".pdf": ReportFormat.pdf,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".csv": ReportFormat.csv,
}


def choose_format(requested: ReportFormat | None, output: Path | None) -> ReportFormat:
    """`--format` if given, else the output file's extension; they must not disagree."""
    implied = _EXTENSIONS.get(output.suffix.casefold()) if output is not None else None
    if requested is not None:
        if implied is not None and implied is not requested:
            raise UsageError(
                _(
                    "--format {format} does not match the file name {output}; name it *.{format} or drop --format"
                ).format(format=requested.value, output=output)
            )
        return requested
    if implied is not None:
        return implied
    if output is None:
        raise UsageError(_("say which format: --format xlsx|docx|pdf|html|md|csv, or an -o FILE ending in one of them"))
    raise UsageError(
        _("cannot tell the format from '{name}'; pass --format xlsx|docx|pdf|html|md|csv").format(name=output.name)
    )


def render(report: AppendixReport, output_format: ReportFormat, lang: str, step: Step | None = None) -> bytes:
    """The report in `lang`: its words, numbers and dates, and the messages it borrows (the
    reporting date's source, `not reported`), whatever language the run speaks."""
    from kpi.i18n import speaking

    with speaking(lang):
        return _render(_shown(report), output_format, lang, step)


_ATOMS = frozenset({int, float, bool, Decimal, date})


def _shown(value: Any) -> Any:
    """The report with every control character in its text written as an escape (`\\x1b`): the
    data files refuse them, and should one come through anyway no format may pass it on to its
    reader (an escape sequence in a terminal) or fail on it (xlsx and docx cannot hold one)."""
    from pydantic import BaseModel

    from kpi.model.text import visible_controls

    if isinstance(value, str):
        return value if value.isprintable() else visible_controls(value)
    if isinstance(value, BaseModel):
        update = {}
        for name, old in value.__dict__.items():  # the fields, without pydantic's getattr (50 000 lines a report)
            if old is None or type(old) in _ATOMS or (type(old) is str and old.isprintable()):
                continue
            new = _shown(old)
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, (list, tuple)):
        items = [_shown(item) for item in value]
        return type(value)(items) if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, dict):
        pairs = {key: _shown(item) for key, item in value.items()}
        return pairs if any(pairs[key] is not value[key] for key in value) else value
    return value


def _render(report: AppendixReport, output_format: ReportFormat, lang: str, step: Step | None) -> bytes:
    if output_format is ReportFormat.xlsx:
        from kpi.reports.xlsx import to_xlsx

        return to_xlsx(report, lang, step)
    if output_format is ReportFormat.docx:
        from kpi.reports.word import to_docx

        return to_docx(report, lang, step)
    if output_format is ReportFormat.pdf:
        from kpi.reports.pdf import to_pdf

        return to_pdf(report, lang, step)
    if output_format is ReportFormat.html:
        from kpi.reports.html import to_html

        return to_html(report, lang, step).encode("utf-8")
    from kpi.reports.text import to_csv, to_markdown

    text = to_csv(report, lang) if output_format is ReportFormat.csv else to_markdown(report, lang)
    return text.encode("utf-8")


def refuse_overwrite(path: Path, replace: bool) -> None:
    """A report someone annotated in their spreadsheet is their work too: never replace a file
    unless asked."""
    check_file(path, replace, "report.xlsx")


def write_report(path: Path, data: bytes, replace: bool) -> None:
    """Atomically: the old file or the new one, never half of either."""
    write_outputs({path: data}, replace, _("no report was written"))

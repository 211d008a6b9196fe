"""Which writer makes which file, and writing it without ever leaving half a report behind."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.errors import UsageError
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
        return _render(report, output_format, lang, step)


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
    if path.is_dir():
        raise UsageError(
            _("{path} is a folder; give a file name such as {example}").format(path=path, example=path / "report.xlsx")
        )
    if path.exists() and not replace:
        raise UsageError(_("{path} exists; pass --force to replace it").format(path=path))


def write_report(path: Path, data: bytes, replace: bool) -> None:
    """Atomically: the old file or the new one, never half of either."""
    from kpi.files.atomic import CannotWrite, write_bytes_atomic

    refuse_overwrite(path, replace)
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise CannotWrite(path, exc, _("no report was written")) from None

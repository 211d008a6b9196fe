"""One exception hierarchy and the finding type every check reports.

The CLI maps these to messages and exit codes in one place; the core never prints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kpi.i18n import N_, _


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # for the record, nothing to fix: a corrected reading of the source, say

    def word(self) -> str:
        """`error`/`warning`/`note` in the run's language (the value stays English for JSON)."""
        return {Severity.ERROR: _("error"), Severity.WARNING: _("warning"), Severity.NOTE: _("note")}[self]


@dataclass(frozen=True)
class Location:
    """Where something sits in a file; line and column count from 1. In a workbook, `sheet` and
    `cell` name it instead, as a spreadsheet does: `QLCN-2018-Q2.xlsx:Số liệu!F7`."""

    path: Path
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        text = _shown(self.path)
        if self.sheet is not None:
            return f"{text}:{self.sheet}!{self.cell}" if self.cell else f"{text}:{self.sheet}"
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


def _shown(path: Path) -> str:
    """Paths under the working folder are shown relative to it, as compilers do."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


@dataclass(frozen=True)
class Finding:
    """One problem found in the data, with enough context to fix it."""

    severity: Severity
    location: Location
    field: str
    message: str
    source_line: str | None = dataclasses.field(default=None, compare=False)

    def headline(self) -> str:
        return f"{self.location}: {self.severity.word()}: {field_word(self.field)}: {self.message}"


# The fields a finding names, as the run's language calls them (the form's column, the glossary's term).
# Each msgid carries the prefix `field:` so that a field's word is translated apart from any other use
# of the same English word; English, having no catalogue, keeps the field's own name. JSON keeps the key.
_FIELD_WORDS = {
    "value": N_("field:value"),
    "done": N_("field:done"),
    "done_on": N_("field:done_on"),
    "row": N_("field:row"),
    "rows": N_("field:rows"),
    "file": N_("field:file"),
    "owner": N_("field:owner"),
    "indicator": N_("field:indicator"),
    "measure": N_("field:measure"),
    "quarter": N_("field:quarter"),
    "header": N_("field:header"),
    "evidence": N_("field:evidence"),
    "note": N_("field:note"),
    "source": N_("field:source"),
    "recorded_by": N_("field:recorded_by"),
    "received_on": N_("field:received_on"),
    "record": N_("field:record"),
    "plan": N_("field:plan"),
    "narrative": N_("field:narrative"),
    "journal": N_("field:journal"),
    "approval": N_("field:approval"),
    "environment": N_("field:environment"),
    "cell": N_("field:cell"),
    "formula": N_("field:formula"),
    "unit": N_("field:unit"),
}


def field_word(field: str) -> str:
    """A finding's field as a person reads it in the run's language: `value` -> `số liệu`; a field path
    (`indicators[A.6].measures[firms]`) or a field without a word of its own stays as written."""
    msgid = _FIELD_WORDS.get(field)
    if msgid is None:
        return field
    word = _(msgid)
    return field if word == msgid else word


class KpiError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 2

    def lines(self) -> list[str]:
        """What the user is shown, one line per problem (the CLI prefixes `kpi: `)."""
        return [_("error: {message}").format(message=self)]


class UsageError(KpiError):
    """The caller asked for something that cannot be (bad ID, bad quarter...)."""


class DataError(KpiError):
    """Input files could not be read or are not valid; carries every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__(findings[0].headline() if findings else _("invalid data"))

    def lines(self) -> list[str]:
        return [finding.headline() for finding in self.findings] or [_("error: invalid data")]


class DataFolderNotFound(KpiError):
    def __init__(self, start: Path):
        super().__init__(
            _("no data folder found in {start} or any parent; pass --data DIR or set KPI_DATA").format(start=start)
        )

"""The request and its outcome, as every way of recording shares them: `Entry` (one figure someone
wants recorded, however it was entered: the command line, the prompt, a CSV file, a form),
`Problem` (what is wrong with one, named where it was written), and what came of a recording
(`Outcome`, `RecordingResult`), or why nothing was written (`RecordRefused`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path

from kpi.errors import Finding, KpiError, Location, Severity, field_word
from kpi.files.journal import Settled
from kpi.i18n import _
from kpi.ledger.year_actuals import OfficialFigure
from kpi.model.models import Record
from kpi.model.quarters import Quarter


@dataclass(frozen=True)
class Entry:
    """One figure someone wants recorded, as they gave it."""

    indicator: str
    quarter: Quarter | None
    """None only when it could not be read (then `unread` says why)."""
    measure: str | None = None
    value: Decimal | None = None
    done: date | None = None
    evidence: str | None = None
    note: str | None = None
    source: str | None = None
    recorded_by: str | None = None
    received_on: date | None = None
    """The day the unit sent it, when that was before it is recorded."""
    owner: str | None = None
    origin: Location | None = None
    """Where the entry was written (a CSV file's line, a form's row: its `line` is the row's number); None for
    the command line."""
    percent: bool = False
    """The value was written with a `%` sign."""
    unread: tuple[tuple[str, str], ...] = ()
    """(field, reason) for each cell that could not be read; such an entry is checked, never recorded."""
    columns: tuple[tuple[str, str], ...] = ()
    """(field, spreadsheet column letter) where the entry came from a CSV file or a form, to name the cell."""
    reported_for: Quarter | None = None
    """A late milestone from the form of this quarter, recorded under `quarter`, the one it was done in."""


def entered_figure(text: str) -> tuple[Decimal, bool]:
    """A figure as typed, and whether it carried a `%` sign: `39,89%` -> (39.89, True)."""
    from kpi.model.numbers import parse_entered_number

    return parse_entered_number(text), text.strip().endswith("%")


@dataclass(frozen=True)
class Problem:
    entry: Entry | None
    field: str
    message: str
    where: Location | None = None
    """Where the problem lies when no entry holds it (a CSV file's header)."""

    def line(self) -> str:
        origin = self.entry.origin if self.entry is not None else self.where
        if origin is not None and origin.sheet is not None:
            # A workbook's cell names the column itself: `QLCN-2018-Q2.xlsx:Số liệu!I7: error: value: ...`.
            column = dict(self.entry.columns).get(self.field) if self.entry is not None else None
            if column and origin.line is not None:
                origin = replace(origin, cell=f"{column}{origin.line}")
            return Finding(Severity.ERROR, origin, self.field, self.message).headline()
        if origin is not None:
            return Finding(Severity.ERROR, origin, self._field(), self.message).headline()
        # Typed on the command line (or at its prompts): named by the option that gave it.
        option = _OPTIONS.get(self.field)
        return _("error: {message}").format(message=f"{option}: {self.message}" if option else self.message)

    def _field(self) -> str:
        column = dict(self.entry.columns).get(self.field) if self.entry is not None else None
        return in_column(self.field, column) if column else self.field

    def sort_key(self) -> int:
        origin = self.entry.origin if self.entry is not None else self.where
        return origin.line or 0 if origin is not None else 0


_OPTIONS = {
    "indicator": "ID",
    "quarter": "--quarter",
    "value": "--value",
    "measure": "--measure",
    "done": "--date",
    "owner": "--owner",
    "received_on": "--received",
    "evidence": "--evidence",
    "note": "--note",
    "source": "--source",
    "recorded_by": "--by",
}


def in_column(field: str, letter: str) -> str:
    """A field of a CSV file named with its spreadsheet column, in the run's words: `value (column D)`."""
    return _("{field} (column {letter})").format(field=field_word(field), letter=letter)


class RecordRefused(KpiError):
    """Nothing was written; every reason is listed."""

    def __init__(self, problems: list[Problem], settled: Settled | None = None):
        self.problems = problems
        self.settled = settled
        """An interrupted recording settled before the refusal (said first)."""
        super().__init__("; ".join(p.line() for p in problems))

    def lines(self) -> list[str]:
        return [*([self.settled.notice()] if self.settled else []), *(problem.line() for problem in self.problems)]


class EditNotVerified(KpiError):
    """The edited text would not read back as intended: a bug, so nothing is written."""

    exit_code = 3


class Action(str, Enum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    indicator: str
    measure: str | None
    quarter: Quarter
    record: Record
    previous: Record | None
    path: Path
    action: Action
    label: str | None = None
    """The measure's name as a person reads it (`measure_label`); None for a milestone."""


@dataclass
class RecordingResult:
    outcomes: list[Outcome]
    written: list[Path] = field(default_factory=list)
    commit: str | None = None
    dry_run: bool = False
    settled: Settled | None = None
    """An interrupted recording finished or undone before this one."""
    closed: list[tuple[Outcome, OfficialFigure]] = field(default_factory=list)
    """Figures recorded for a year a plan states the official figure of (closed): it stands, they
    do not change it."""

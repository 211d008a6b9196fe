"""The layout of a unit's form, shared by the writer (`kpi.ops.form`) and the reader (`kpi.ops.form_entries`).

What a person reads (sheet titles, headers, the done/not done words) is in the form's language;
what kpi reads back (the hidden sheet's keys and values) is fixed English and never translated.
A change of this layout is a new LAYOUT_VERSION: forms of another version are refused, not guessed at.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from kpi.i18n import _, speaking
from kpi.model.quarters import Quarter, quarter_words

FORMAT = "kpi-form"
LAYOUT_VERSION = "1"
HIDDEN_SHEET = "kpi-form"
"""The sheet kpi reads the form's identity from: very hidden, named the same in every language."""
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
TABLE_ROW = 20
"""Where the hidden sheet's table of rows starts (its header), below the key/value lines."""
TABLE_HEADER = ("row", "indicator", "measure", "fingerprint")

COLUMNS = (
    "indicator",
    "measure",
    "title",
    "unit",
    "target",
    "plan",
    "previous",
    "recorded",
    "value",
    "done",
    "done_on",
    "evidence",
    "note",
)
"""The data sheet's columns, left to right: A is the indicator's ID, I the figure to fill in."""
INPUTS = ("value", "done", "done_on", "evidence", "note")
FIGURE_INPUTS = ("value", "evidence", "note")
MILESTONE_INPUTS = ("done", "done_on", "evidence", "note")
MAX_TEXT = 2_000
"""Evidence and notes: a decision's number or a few sentences, as in a CSV file's cell."""


def letter(column: str) -> str:
    """The spreadsheet letter of a column: `indicator` is A, `value` is I."""
    return get_column_letter(COLUMNS.index(column) + 1)


def data_sheet_title(lang: str) -> str:
    with speaking(lang):
        return _("Figures")


def instructions_title(lang: str) -> str:
    with speaking(lang):
        return _("Instructions")


def done_words(lang: str) -> tuple[str, str]:
    """The two choices of a milestone's list: done, and not done."""
    with speaking(lang):
        return _("Done"), _("Not done")


def headers(quarter: Quarter, lang: str, period_end: int) -> dict[str, str]:
    """Each column's header in the form's language; the import compares them word for word."""
    previous = Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(quarter.year, quarter.number - 1)
    with speaking(lang):
        return {
            "indicator": _("ID"),
            "measure": _("Measure"),
            "title": _("Content"),
            "unit": _("Unit"),
            "target": _("Target to {end}").format(end=period_end),
            "plan": _("Plan {year}").format(year=quarter.year),
            "previous": _("Recorded for {quarter}").format(quarter=quarter_words(previous, lang)),
            "recorded": _("Already recorded for {quarter}").format(quarter=quarter_words(quarter, lang)),
            "value": _("Figure for {quarter}").format(quarter=quarter_words(quarter, lang)),
            "done": _("Done?"),
            "done_on": _("Day done"),
            "evidence": _("Evidence (e.g. decision number)"),
            "note": _("Note"),
        }

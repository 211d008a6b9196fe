"""What every sheet of the appendix workbook shares: its colours, borders and fonts, the document's
header and closing, merged spans, row heights fitted to wrapped text, the landscape page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from copy import copy
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from kpi.model.vocabulary import Status
from kpi.reports.cells import (
    as_of_line,
    percent,
    unreported_note,
)
from kpi.reports.document import Text, frame, has_blank, plain
from kpi.reports.layout import AppendixReport
from kpi.reports.words import TEXT

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet


# Fill and font colour per status; the status word is always written too, so colour is never
# the only signal.
STATUS_COLOURS = {
    Status.DONE: ("C6EFCE", "006100"),
    Status.ACHIEVED: ("C6EFCE", "006100"),
    Status.ON_TRACK: ("C6EFCE", "006100"),
    Status.PENDING: ("DDEBF7", "1F4E78"),
    Status.AT_RISK: ("FFEB9C", "7F6000"),
    Status.BEHIND: ("FFC7CE", "9C0006"),
    Status.MOVING_AWAY: ("FFC7CE", "9C0006"),
    Status.OVERDUE: ("C00000", "FFFFFF"),
    Status.NOT_COMPUTABLE: ("EDEDED", "595959"),
    Status.NO_DATA: ("EDEDED", "595959"),
}
CellValue = str | int | float | None
YEARLY = ("actual", "plan_actual")  # the columns that hold a figure per year, in order
PERCENT_FORMAT = "0.00%"
LINE_HEIGHT = 15  # points per line of 11-point text
ID_HEADING = {"vi": "Mã chỉ tiêu", "en": "ID"}
# Bounds of each column's width, in characters, by role: text wraps within them; a figure widens its
# column past the upper bound rather than show ###.
WIDTH_LIMITS = {
    "tt": (5, 8),
    "content": (30, 46),
    "notes": (10, 22),
    "status": (10, 16),
    "deadline": (8, 12),
    "id": (8, 24),
}
DEFAULT_WIDTH_LIMIT = (7, 12)

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
PROGRAM_FILL = PatternFill("solid", fgColor="FCE4D6")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
BLANK_FILL = PatternFill("solid", fgColor="FFF1A8")  # a value to fill in by hand


# ---------------------------------------------------------------- the header every sheet opens with


def document_header(sheet: Worksheet, report: AppendixReport, lang: str, width: int, appendix: bool = False) -> int:
    """Issuing body and number left, national name, motto, place and date right, then the kind and
    title and the reporting date; on a program sheet, the appendix's heading only. Returns the next
    free row."""
    words, header, document = TEXT[lang], report.header, frame(report.header, lang)
    if appendix:
        # An appendix carries no letterhead of its own (Decree 30): its number and title, the
        # document it is attached to, and the date its figures are as of.
        heading: list[tuple[str | Text, Font]] = [
            (words["appendix"], Font(bold=True, size=13)),
            (document.attached, Font(italic=True)),
            (as_of_line(header, lang), Font()),
        ]
        for offset, (text, font) in enumerate(heading, start=1):
            centred(sheet, offset, 1, width, text, font)
        return len(heading) + 2
    middle = max(2, width // 2)
    left: list[tuple[str | Text | None, Font]] = [
        (document.governing_body, Font()),
        (document.issuer, BOLD),
        (document.number, Font()),
    ]
    right: list[tuple[str | Text | None, Font]] = [
        (document.nation, BOLD),
        (document.motto, Font(bold=True, underline="single")),
        (document.place_date, Font(italic=True)),
    ]
    for row, ((left_text, left_font), (right_text, right_font)) in enumerate(zip(left, right), start=1):
        centred(sheet, row, 1, middle, left_text, left_font)
        centred(sheet, row, middle + 1, width, right_text, right_font)
    lines: list[tuple[str | Text, Font]] = [(document.kind, Font(bold=True, size=13)), (document.title, BOLD)]
    lines += [
        (document.plan_title, Font(italic=True)),
        (as_of_line(header, lang), Font()),
        (
            words["elapsed"].format(
                start=header.period_start, end=header.period_end, elapsed=percent(report.period_elapsed, lang)
            ),
            Font(),
        ),
    ]
    if (warning := unreported_note(header, lang)) is not None:
        lines.append((warning, Font(bold=True, color="CF222E")))
    first = 5
    for offset, (text, font) in enumerate(lines):
        centred(sheet, first + offset, 1, width, text, font)
    return first + len(lines) + 1


def centred(sheet: Worksheet, row: int, first: int, last: int, text: str | Text | None, font: Font) -> None:
    """`text` across columns `first` to `last`, centred; a line with a blank to fill in is shaded."""
    if text is None:
        return
    cell = sheet.cell(row, first, text if isinstance(text, str) else plain(text))
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if not isinstance(text, str) and has_blank(text):
        cell.fill = BLANK_FILL
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def closing(sheet: Worksheet, report: AppendixReport, lang: str, row: int, width: int) -> int:
    """Recipients at the left, the signature block at the right with room to sign; returns the last row."""
    document = frame(report.header, lang)
    middle = max(2, width // 2)
    label = sheet.cell(row, 1, document.recipients_label)
    label.font = Font(bold=True, italic=True)
    signer: list[tuple[str | Text, Font]] = [
        *([(document.authority, BOLD)] if document.authority else []),
        (document.position, BOLD),
        ("", Font()),
        ("", Font()),
        ("", Font()),
        ("", Font()),
        (document.name, BOLD),
    ]
    for offset, (text, font) in enumerate(signer):
        if text:
            centred(sheet, row + offset, middle + 1, width, text, font)
    for offset, line in enumerate(document.recipients, start=1):
        cell = sheet.cell(row + offset, 1, "- " + plain(line))
        cell.font = Font(size=9)
        if has_blank(line):
            cell.fill = BLANK_FILL
    return row + max(len(signer), len(document.recipients) + 1) - 1


def overdue_cell(cell: Cell) -> None:
    cell.border, cell.alignment = BORDER, WRAP_TOP
    if cell.column == 5:  # the days late
        cell.number_format = "#,##0"


def span(sheet: Worksheet, row: int, first: int, last: int) -> None:
    """Merge the row's cells from `first` to `last` (bordered), so a long text has room."""
    if last > first:
        for column in range(first + 1, last + 1):
            sheet.cell(row, column).border = BORDER
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


class Spans:
    """`span` for many rows alike. openpyxl merges a range in ~4 ms: it re-derives each edge's
    border, hashing new style objects, and compares the range with every range merged before (the
    overdue list of a 10 000-indicator plan has 3 300 rows: 12 s). The first row of each look is
    merged by openpyxl; the others get copies of the styles and merged cells it made."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self._made: dict[tuple[object, ...], list[Any]] = {}

    def span(self, row: int, first: int, last: int) -> None:
        from openpyxl.cell.cell import MergedCell
        from openpyxl.worksheet.merge import MergedCellRange

        if last <= first:
            return
        sheet = self.sheet
        cells: Any = sheet._cells  # openpyxl's own table of cells, not in the stubs
        start: Any = sheet.cell(row, first)
        look = (first, last, tuple(start._style))
        made = self._made.get(look)
        if made is None or any((row, column) in cells for column in range(first + 1, last + 1)):
            span(sheet, row, first, last)
            self._made[look] = [copy(cells[row, column]._style) for column in range(first, last + 1)]
            return
        # The range first, while its other cells do not exist: openpyxl then leaves the styles alone.
        merged_range = MergedCellRange(sheet, f"{start.coordinate}:{get_column_letter(last)}{row}")
        start._style = copy(made[0])
        for column, style in zip(range(first + 1, last + 1), made[1:]):
            cell: Any = MergedCell(sheet, row, column)
            cell._style = copy(style)
            cells[row, column] = cell
        sheet.merged_cells.ranges.add(merged_range)


def fit_row_heights(sheet: Worksheet, first: int, last: int) -> None:
    """Tall enough for every wrapped cell (a merged one as wide as its columns together): spreadsheets
    do not all grow rows on opening, and a row too short clips its text on paper."""
    widths = {
        column: sheet.column_dimensions[get_column_letter(column)].width or 10
        for column in range(1, sheet.max_column + 1)
    }
    spans = {
        (merged.min_row, merged.min_col): sum(widths.get(c, 10) for c in range(merged.min_col, merged.max_col + 1))
        for merged in sheet.merged_cells.ranges
        if merged.min_row == merged.max_row
    }
    cells: Any = sheet._cells  # openpyxl's own table of cells, not in the stubs
    looks: dict[tuple[int, ...], tuple[int, float]] = {}  # a style's indent and width factor, read once
    for row in range(first, last + 1):
        lines = 1
        for column, width in widths.items():
            cell = cells.get((row, column))  # not `sheet.cell`: that would add every empty cell
            if cell is None or not isinstance(cell.value, str):
                continue
            look = () if cell._style is None else tuple(cell._style)  # None: never styled, the defaults
            if look not in looks:
                bold = cell.font is not None and cell.font.b
                looks[look] = (int(cell.alignment.indent or 0), 1.1 if bold else 1.0)
            indent, factor = looks[look]
            usable = max(1.0, spans.get((row, column), width) - 1.5 - 2 * indent)
            lines = max(lines, sum(wrapped_lines(part, usable / factor) for part in cell.value.split("\n")))
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def wrapped_lines(text: str, usable: float) -> int:
    """How many lines `text` takes in a column `usable` characters wide, wrapping at spaces; capitals
    are wider than the '0' a column's width counts in."""
    lines, taken = 1, 0.0
    for word in text.split(" "):
        size = word_size(word)
        if taken and taken + 1 + size > usable:
            lines, taken = lines + 1, 0.0
        taken += (1 if taken else 0) + size
        while taken > usable:  # a word longer than the line is broken where it must
            lines, taken = lines + 1, taken - usable
    return lines


@functools.lru_cache(maxsize=1 << 16)
def word_size(word: str) -> float:
    # Memoised: a plan's words (Vietnamese syllables above all) repeat thousands of times, and a
    # sum per character was a third of the time taken to size a large sheet's rows.
    return sum(1.25 if ch.isupper() else 0.92 for ch in word)


def landscape(sheet: Worksheet, lang: str) -> None:
    """A4 landscape, as wide as the page, `Trang 3/9` at the foot of every page."""
    footer = sheet.oddFooter
    assert footer is not None
    footer.center.text = TEXT[lang]["page"].format(page="&P", pages="&N")
    footer.center.size = 8
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.4, 0.6
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def sheet_name(program: str) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in program)
    return cleaned[:31]


class SameLook:
    """Cells that look alike, by a key the caller gives: the first is dressed by `dress(cell, *args)`,
    the others get a copy of its style. openpyxl hashes every style object assigned to a cell, which
    took most of the time of large reports (60 µs a cell)."""

    def __init__(self) -> None:
        self._arrays: dict[object, Any] = {}

    def dress(self, cell: Any, look: object, dress: Callable[..., None], *args: Any) -> None:
        array = self._arrays.get(look)
        if array is None:
            dress(cell, *args)
            self._arrays[look] = copy(cell._style)
        else:
            cell._style = copy(array)

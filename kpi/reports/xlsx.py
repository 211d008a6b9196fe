"""The appendix as a spreadsheet: a summary sheet, then one sheet per program.

Figures are stored as numbers with number formats, never as text, so the office can sum and
chart them; the separators then follow the reader's own locale (`3.989` in a Vietnamese
LibreOffice, `3,989` in an English one), as in any spreadsheet.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import date_words, status_word
from kpi.reports.cells import (
    as_of_line,
    content_text,
    lateness_note,
    overdue_what,
    percent,
    status_text,
    unit_names,
    unreported_note,
)
from kpi.reports.columns import NUMERIC_ROLES, PERCENT_ROLES, appendix_columns, column_role, line_value
from kpi.reports.document import Text, frame, has_blank, plain
from kpi.reports.layout import AppendixReport, ReportHeader, ReportLine, StatusCounts
from kpi.reports.narrative import Block, narrative_blocks, split_first_section
from kpi.reports.reporting_grid import grid_headings, grid_rows
from kpi.reports.words import TEXT, heading
from kpi.reports.workbook import workbook_bytes
from kpi.reports.xlsx_charts import CHART_ROWS, figures_by_year, status_by_program

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from kpi.reports.progress import Step

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
_YEARLY = ("actual", "plan_actual")  # the columns that hold a figure per year, in order
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

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_PROGRAM_FILL = PatternFill("solid", fgColor="FCE4D6")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_BLANK_FILL = PatternFill("solid", fgColor="FFF1A8")  # a value to fill in by hand


def to_xlsx(report: AppendixReport, lang: str, step: Step | None = None) -> bytes:
    workbook = Workbook()
    styles = _SameLook()
    summary = workbook.active
    assert summary is not None
    total = len(report.programs) + 2
    if step:
        step(TEXT[lang]["summary"], 0, total)
    _summary_sheet(summary, report, lang)
    for index, program in enumerate(report.programs, start=1):
        if step:
            step(f"{TEXT[lang]['program']} {program}", index, total)
        _program_sheet(workbook.create_sheet(_sheet_name(program)), report, program, lang, styles)
    data = workbook_bytes(workbook)
    if step:
        step("xlsx", total, total)
    return data


# ---------------------------------------------------------------- the header every sheet opens with


def _document_header(sheet: Worksheet, report: AppendixReport, lang: str, width: int, appendix: bool = False) -> int:
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
            _centred(sheet, offset, 1, width, text, font)
        return len(heading) + 2
    middle = max(2, width // 2)
    left: list[tuple[str | Text | None, Font]] = [
        (document.governing_body, Font()),
        (document.issuer, _BOLD),
        (document.number, Font()),
    ]
    right: list[tuple[str | Text | None, Font]] = [
        (document.nation, _BOLD),
        (document.motto, Font(bold=True, underline="single")),
        (document.place_date, Font(italic=True)),
    ]
    for row, ((left_text, left_font), (right_text, right_font)) in enumerate(zip(left, right), start=1):
        _centred(sheet, row, 1, middle, left_text, left_font)
        _centred(sheet, row, middle + 1, width, right_text, right_font)
    lines: list[tuple[str | Text, Font]] = [(document.kind, Font(bold=True, size=13)), (document.title, _BOLD)]
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
        _centred(sheet, first + offset, 1, width, text, font)
    return first + len(lines) + 1


def _centred(sheet: Worksheet, row: int, first: int, last: int, text: str | Text | None, font: Font) -> None:
    """`text` across columns `first` to `last`, centred; a line with a blank to fill in is shaded."""
    if text is None:
        return
    cell = sheet.cell(row, first, text if isinstance(text, str) else plain(text))
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if not isinstance(text, str) and has_blank(text):
        cell.fill = _BLANK_FILL
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _closing(sheet: Worksheet, report: AppendixReport, lang: str, row: int, width: int) -> int:
    """Recipients at the left, the signature block at the right with room to sign; returns the last row."""
    document = frame(report.header, lang)
    middle = max(2, width // 2)
    label = sheet.cell(row, 1, document.recipients_label)
    label.font = Font(bold=True, italic=True)
    signer: list[tuple[str | Text, Font]] = [
        *([(document.authority, _BOLD)] if document.authority else []),
        (document.position, _BOLD),
        ("", Font()),
        ("", Font()),
        ("", Font()),
        ("", Font()),
        (document.name, _BOLD),
    ]
    for offset, (text, font) in enumerate(signer):
        if text:
            _centred(sheet, row + offset, middle + 1, width, text, font)
    for offset, line in enumerate(document.recipients, start=1):
        cell = sheet.cell(row + offset, 1, "- " + plain(line))
        cell.font = Font(size=9)
        if has_blank(line):
            cell.fill = _BLANK_FILL
    return row + max(len(signer), len(document.recipients) + 1) - 1


# ---------------------------------------------------------------- one sheet per program


def _program_sheet(sheet: Worksheet, report: AppendixReport, program: str, lang: str, styles: _SameLook) -> None:
    header = report.header
    as_of = date_words(header.as_of, lang)
    column_names = (*appendix_columns(header), "id")
    titles = [heading(c, lang, header, as_of) for c in column_names[:-1]] + [ID_HEADING[lang]]
    first = _document_header(sheet, report, lang, len(titles), appendix=True)
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(first, column, title)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    # Each column as wide as its longest figure (a number never wraps) or its words need, within
    # bounds; headings wrap, but never inside a word.
    widths = [max((len(w) for w in t.split()), default=4) + 2 for t in titles]
    yearly = [i for i, name in enumerate(column_names, start=1) if column_role(name, header.plan_year)[0] in _YEARLY]
    chart_column, free_row = get_column_letter(len(column_names) + 2), first
    row = first
    for line in report.lines:
        if line.program != program:
            continue
        row += 1
        for column, (value, number_format, shown) in enumerate(_line_values(line, lang, header), start=1):
            cell = sheet.cell(row, column, value)
            name = column_names[column - 1]
            styles.dress(cell, _look(line, name, number_format), _dress, line, name, number_format)
            if line.kind in ("indicator", "measure") or name != "content":
                widths[column - 1] = max(widths[column - 1], len(shown) + 2 if number_format else _wide(shown, name))
        if line.kind in ("program", "section"):  # the heading runs over the figure columns, as the plan prints it
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(column_names) - 1)
        elif (
            line.has_figures
            and sum(line_value(line, column_names[i - 1], header.plan_year) is not None for i in yearly) > 1
        ):
            at = max(row, free_row)
            title = f"{line.indicator} {line.measure}" if line.kind == "measure" else f"{line.indicator}"
            figures_by_year(sheet, row, first, yearly[0], yearly[-1], f"{title} ({line.unit})", f"{chart_column}{at}")
            free_row = at + CHART_ROWS
    for column, name in enumerate(column_names, start=1):
        low, high = WIDTH_LIMITS.get(column_role(name, header.plan_year)[0], DEFAULT_WIDTH_LIMIT)
        width = widths[column - 1]
        sheet.column_dimensions[get_column_letter(column)].width = (
            max(width, low) if width > high and _numeric(name, header) else min(max(width, low), high)
        )
    _fit_row_heights(sheet, first, row)
    sheet.freeze_panes = f"C{first + 1}"  # headings and the TT and content columns stay put
    sheet.print_title_rows = f"{first}:{first}"
    _landscape(sheet, lang)
    if free_row > first:  # the charts beside the lines are for the screen; the page prints the table
        sheet.print_area = f"A1:{get_column_letter(len(column_names))}{row}"


def _wide(shown: str, column: str) -> int:
    """How wide a text wants its column: whole, up to the column's bound, where it then wraps."""
    return len(shown) + 2 if column != "content" else len(shown) // 2 + 2


def _numeric(column: str, header: ReportHeader) -> bool:
    return column_role(column, header.plan_year)[0] in NUMERIC_ROLES


def _line_values(line: ReportLine, lang: str, header: ReportHeader) -> list[tuple[CellValue, str | None, str]]:
    """Per column: the value stored, its number format, and roughly how wide it shows."""
    content = content_text(line, lang)
    values: list[tuple[CellValue, str | None, str]] = [(line.tt, None, line.tt), (content, None, content)]
    for column in appendix_columns(header)[2:]:
        values.append(_figure(line, column, lang, header))
    identifier = line.indicator or ""
    if line.measure:  # a measure's line: its name, as the content column reads it, never its key
        identifier = f"{identifier} · {line.content}"
    values.append((identifier or None, None, identifier))
    return values


def _figure(line: ReportLine, column: str, lang: str, header: ReportHeader) -> tuple[CellValue, str | None, str]:
    plan_year = header.plan_year
    if column == "deadline":
        text = quarter_words(line.deadline, lang)
        return (text or None, None, text)
    if column == "status":
        text = status_text(line, lang)
        return (text or None, None, text)
    if column == "notes":
        return (line.notes, None, line.notes or "")
    if not line.has_figures:
        return (None, None, "")
    value = line_value(line, column, plan_year)
    role = column_role(column, plan_year)[0]
    if value is None:
        if role == "plan_actual" and line.expects_figure and header.as_of.year >= plan_year:
            text = TEXT[lang]["not_reported"]  # a figure was due and none came: say so, never 0
            return (text, None, text)
        return (None, None, "")
    if column_role(column, plan_year)[0] in PERCENT_ROLES:
        return (float(value), PERCENT_FORMAT, "100,00 %")
    if column == "target" and line.target_is_factor:
        return (_stored(value), '"×"' + _count_format(value, ""), f"×{value:,}")
    if column == "target":
        unit = "%" if line.target_is_percent else (line.unit or "")
    else:
        unit = "%" if line.values_are_percent else ""
    year = column_role(column, plan_year)[1]
    if (role == "plan_actual" and line.provisional) or (role == "actual" and year in line.provisional_years):
        # still a number, shown `1.500 (tạm tính)`
        unit = f"{unit} {TEXT[lang]['provisional']}".strip()
    number_format = _count_format(value, unit)
    return (_stored(value), number_format, f"{value:,} {unit}")


def _count_format(value: Decimal, unit: str) -> str:
    places = max(0, -int(value.normalize().as_tuple().exponent))
    body = "#,##0" + ("." + "0" * min(places, 4) if places else "")
    literal = unit.replace('"', "'").replace("\\", "/")
    if literal.startswith("%"):  # one percent style everywhere: 60% as 39,89%, no space
        return f'{body}"{literal}"'
    return f'{body}" {literal}"' if literal else body


def _stored(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _SameLook:
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


def _look(line: ReportLine, column: str, number_format: str | None) -> tuple[object, ...]:
    """Everything `_dress` decides on, and nothing more."""
    return (
        line.kind,
        column,
        number_format,
        line.level if column == "content" else None,
        line.status if column == "status" else None,
    )


def _dress(cell: Cell, line: ReportLine, column: str, number_format: str | None) -> None:
    cell.border = _BORDER
    cell.alignment = _WRAP_TOP
    if number_format:
        cell.number_format = number_format
    if line.kind == "program":
        cell.font, cell.fill = _BOLD, _PROGRAM_FILL
    elif line.kind == "section":
        cell.font, cell.fill = Font(bold=True, italic=True), _SECTION_FILL
    elif column == "content":
        cell.alignment = Alignment(wrap_text=True, vertical="top", indent=line.level)
        if line.kind == "measure":
            cell.font = Font(italic=True)
    elif column == "status" and line.status is not None:
        fill, colour = STATUS_COLOURS[line.status]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=colour, bold=line.status is Status.OVERDUE)


# ---------------------------------------------------------------- the summary sheet


def _summary_sheet(sheet: Worksheet, report: AppendixReport, lang: str) -> None:
    words = TEXT[lang]
    sheet.title = words["summary"]
    statuses = [s for s in Status]
    width = len(statuses) + 2
    row = tables_start = _document_header(sheet, report, lang, width)
    first, rest = split_first_section(narrative_blocks(report.narrative, lang))
    row = _narrative(sheet, first, row, width)
    counts_from = row + 1  # the headings of the table by program
    row = _counts_table(sheet, row, words["by_program"], words["program"], report.by_program, statuses, lang)
    status_by_program(
        sheet, counts_from, row - 1, statuses, words["by_program"], f"{get_column_letter(width + 2)}{tables_start}"
    )
    row = _counts_table(sheet, row + 1, words["by_owner"], words["owner"], report.by_owner, statuses, lang, codes=False)
    row += 1
    sheet.cell(row, 1, words["overdue"]).font = Font(bold=True, size=12)
    row += 1
    if (lateness := lateness_note(report.header, lang)) is not None:
        sheet.cell(row, 1, lateness).font = Font(italic=True)
        row += 1
    if not report.overdue:
        sheet.cell(row, 1, words["no_overdue"])
    else:
        # The item's title in the wide first column, the late work over the last columns: every
        # column keeps the width the count tables above need.
        headings = [words["item"], words["id"], words["owner"], words["due"], words["days_late"], words["what"]]
        for column, title in enumerate(headings, start=1):
            cell = sheet.cell(row, column, title)
            cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        _span(sheet, row, len(headings), width)
        spans, looks = _Spans(sheet), _SameLook()
        units = unit_names(report, lang)
        for item in report.overdue:
            row += 1
            values: list[CellValue] = [
                item.title,
                item.id,
                units.get(item.owner, item.owner),
                quarter_words(item.due, lang),
                item.days_late,
                overdue_what(item, lang, report.header.plan_year),
            ]
            for column, value in enumerate(values, start=1):
                looks.dress(sheet.cell(row, column, value), column, _overdue_cell)
            spans.span(row, len(values), width)
    row = _reporting_table(sheet, report, lang, row + 2)
    row = _narrative(sheet, rest, row + 1, width)
    row = _closing(sheet, report, lang, row + 1, width)
    names = [f"{t.code} – {t.name_en if lang == 'en' else t.name}" for t in [*report.by_program, *report.by_owner]]
    names += [item.title for item in report.overdue]
    sheet.column_dimensions["A"].width = min(max([len(n) for n in names] + [30]) + 2, 48)
    cells: Any = sheet._cells  # openpyxl's own table of cells, not in the stubs
    for column in range(2, width + 1):
        texts = [str(cell.value or "") for r in range(tables_start, row + 1) if (cell := cells.get((r, column)))]
        longest_word = max((len(w) for t in texts for w in t.split()), default=4)
        sheet.column_dimensions[get_column_letter(column)].width = max(8, min(longest_word + 2, 14))
    _fit_row_heights(sheet, tables_start, row)
    _landscape(sheet, lang)
    sheet.print_area = f"A1:{get_column_letter(width)}{row}"  # the chart beside the tables is for the screen


def _narrative(sheet: Worksheet, blocks: list[Block], row: int, width: int) -> int:
    """The office's text, a block a row over the sheet's width: headings bold, blanks marked."""
    for block in blocks:
        text = (f"{'   ' * block.level}{block.marker} " if block.kind == "item" else "") + block.text
        cell = sheet.cell(row, 1, text)
        missing = any(run.missing for run in block.runs)
        cell.font = Font(bold=block.kind == "heading", size=12 if block.kind == "heading" else 11)
        if missing:
            cell.fill = PatternFill("solid", fgColor="FFF1A8")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        _span(sheet, row, 1, width)
        row += 1
    return row + 1 if blocks else row


def _reporting_table(sheet: Worksheet, report: AppendixReport, lang: str, row: int) -> int:
    """Who has reported in the year, quarter by quarter, as the html page and the Word report show it."""
    if report.reporting is None:
        return row
    rows = grid_rows(report.reporting, report.header.as_of, lang)
    if not rows:
        return row
    words = TEXT[lang]
    sheet.cell(row, 1, words["reporting"].format(year=report.reporting.year)).font = Font(bold=True, size=12)
    row += 1
    sheet.cell(row, 1, words["reporting_note"]).font = Font(italic=True)
    row += 1
    for column, title in enumerate([words["owner"], *grid_headings(report.reporting, lang)], start=1):
        cell = sheet.cell(row, column, title)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for unit in rows:
        row += 1
        for column, value in enumerate([unit.name, *(c.text for c in unit.cells)], start=1):
            cell = sheet.cell(row, column, value)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP if column == 1 else Alignment(horizontal="right", vertical="top", wrap_text=True)
    return row + 1


def _overdue_cell(cell: Cell) -> None:
    cell.border, cell.alignment = _BORDER, _WRAP_TOP
    if cell.column == 5:  # the days late
        cell.number_format = "#,##0"


def _span(sheet: Worksheet, row: int, first: int, last: int) -> None:
    """Merge the row's cells from `first` to `last` (bordered), so a long text has room."""
    if last > first:
        for column in range(first + 1, last + 1):
            sheet.cell(row, column).border = _BORDER
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


class _Spans:
    """`_span` for many rows alike. openpyxl merges a range in ~4 ms: it re-derives each edge's
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
            _span(sheet, row, first, last)
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


def _counts_table(
    sheet: Worksheet,
    row: int,
    title: str,
    first_heading: str,
    counts: list[StatusCounts],
    statuses: list[Status],
    lang: str,
    codes: bool = True,
) -> int:
    sheet.cell(row, 1, title).font = Font(bold=True, size=12)
    row += 1
    headings = [first_heading, *(status_word(s, lang) for s in statuses), TEXT[lang]["total"]]
    for column, text in enumerate(headings, start=1):
        cell = sheet.cell(row, column, text)
        cell.font, cell.border = _BOLD, _BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        if 2 <= column <= len(statuses) + 1:
            fill, colour = STATUS_COLOURS[statuses[column - 2]]
            cell.fill, cell.font = PatternFill("solid", fgColor=fill), Font(bold=True, color=colour)
        else:
            cell.fill = _HEADER_FILL
    for entry in counts:
        row += 1
        name = entry.name_en if lang == "en" else entry.name
        values: list[CellValue] = [
            f"{entry.code} – {name}" if codes else name,
            *(entry.counts.get(s, 0) for s in statuses),
            entry.total,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP if column == 1 else Alignment(horizontal="right", vertical="top")
    return row + 1


def _fit_row_heights(sheet: Worksheet, first: int, last: int) -> None:
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
            lines = max(lines, sum(_wrapped_lines(part, usable / factor) for part in cell.value.split("\n")))
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def _wrapped_lines(text: str, usable: float) -> int:
    """How many lines `text` takes in a column `usable` characters wide, wrapping at spaces; capitals
    are wider than the '0' a column's width counts in."""
    lines, taken = 1, 0.0
    for word in text.split(" "):
        size = _word_size(word)
        if taken and taken + 1 + size > usable:
            lines, taken = lines + 1, 0.0
        taken += (1 if taken else 0) + size
        while taken > usable:  # a word longer than the line is broken where it must
            lines, taken = lines + 1, taken - usable
    return lines


@functools.lru_cache(maxsize=1 << 16)
def _word_size(word: str) -> float:
    # Memoised: a plan's words (Vietnamese syllables above all) repeat thousands of times, and a
    # sum per character was a third of the time taken to size a large sheet's rows.
    return sum(1.25 if ch.isupper() else 0.92 for ch in word)


def _landscape(sheet: Worksheet, lang: str) -> None:
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


def _sheet_name(program: str) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in program)
    return cleaned[:31]

"""The appendix workbook's summary sheet: the document's header, the counts by program and status,
the charts, what is overdue, who has reported, the narrative, the closing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import status_word
from kpi.reports.cells import (
    lateness_note,
    overdue_what,
    unit_names,
)
from kpi.reports.layout import AppendixReport, StatusCounts
from kpi.reports.narrative import Block, narrative_blocks, split_first_section
from kpi.reports.reporting_grid import grid_headings, grid_rows
from kpi.reports.words import TEXT
from kpi.reports.xlsx_charts import status_by_program
from kpi.reports.xlsx_sheet import (
    BOLD,
    BORDER,
    HEADER_FILL,
    STATUS_COLOURS,
    WRAP_TOP,
    CellValue,
    SameLook,
    Spans,
    closing,
    document_header,
    fit_row_heights,
    landscape,
    overdue_cell,
    span,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


# ---------------------------------------------------------------- the summary sheet


def summary_sheet(sheet: Worksheet, report: AppendixReport, lang: str) -> None:
    words = TEXT[lang]
    sheet.title = words["summary"]
    statuses = [s for s in Status]
    width = len(statuses) + 2
    row = tables_start = document_header(sheet, report, lang, width)
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
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        span(sheet, row, len(headings), width)
        spans, looks = Spans(sheet), SameLook()
        units = unit_names(report, lang)
        for item in report.overdue:
            row += 1
            values: list[CellValue] = [
                item.title,
                report.reference(item.id),
                units.get(item.owner, item.owner),
                quarter_words(item.due, lang),
                item.days_late,
                overdue_what(item, lang, report.header.plan_year),
            ]
            for column, value in enumerate(values, start=1):
                looks.dress(sheet.cell(row, column, value), column, overdue_cell)
            spans.span(row, len(values), width)
    row = _reporting_table(sheet, report, lang, row + 2)
    row = _narrative(sheet, rest, row + 1, width)
    row = closing(sheet, report, lang, row + 1, width)
    names = [f"{t.label} – {t.name_en if lang == 'en' else t.name}" for t in [*report.by_program, *report.by_owner]]
    names += [item.title for item in report.overdue]
    sheet.column_dimensions["A"].width = min(max([len(n) for n in names] + [30]) + 2, 48)
    cells: Any = sheet._cells  # openpyxl's own table of cells, not in the stubs
    for column in range(2, width + 1):
        texts = [str(cell.value or "") for r in range(tables_start, row + 1) if (cell := cells.get((r, column)))]
        longest_word = max((len(w) for t in texts for w in t.split()), default=4)
        sheet.column_dimensions[get_column_letter(column)].width = max(8, min(longest_word + 2, 14))
    fit_row_heights(sheet, tables_start, row)
    landscape(sheet, lang)
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
        span(sheet, row, 1, width)
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
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for unit in rows:
        row += 1
        for column, value in enumerate([unit.name, *(c.text for c in unit.cells)], start=1):
            cell = sheet.cell(row, column, value)
            cell.border = BORDER
            cell.alignment = WRAP_TOP if column == 1 else Alignment(horizontal="right", vertical="top", wrap_text=True)
    return row + 1


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
        cell.font, cell.border = BOLD, BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        if 2 <= column <= len(statuses) + 1:
            fill, colour = STATUS_COLOURS[statuses[column - 2]]
            cell.fill, cell.font = PatternFill("solid", fgColor=fill), Font(bold=True, color=colour)
        else:
            cell.fill = HEADER_FILL
    for entry in counts:
        row += 1
        name = entry.name_en if lang == "en" else entry.name
        values: list[CellValue] = [
            f"{entry.label} – {name}" if codes else name,
            *(entry.counts.get(s, 0) for s in statuses),
            entry.total,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = BORDER
            cell.alignment = WRAP_TOP if column == 1 else Alignment(horizontal="right", vertical="top")
    return row + 1

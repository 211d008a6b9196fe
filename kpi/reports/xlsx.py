"""The appendix as a spreadsheet: a summary sheet, then one sheet per program.

Figures are stored as numbers with number formats, never as text, so the office can sum and
chart them; the separators then follow the reader's own locale (`3.989` in a Vietnamese
LibreOffice, `3,989` in an English one), as in any spreadsheet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import date_words
from kpi.reports.cells import (
    content_text,
    status_text,
)
from kpi.reports.columns import NUMERIC_ROLES, PERCENT_ROLES, appendix_columns, column_role, line_value
from kpi.reports.layout import AppendixReport, ReportHeader, ReportLine
from kpi.reports.words import TEXT, heading
from kpi.reports.workbook import workbook_bytes
from kpi.reports.xlsx_charts import CHART_ROWS, figures_by_year
from kpi.reports.xlsx_sheet import (
    BOLD,
    BORDER,
    DEFAULT_WIDTH_LIMIT,
    HEADER_FILL,
    ID_HEADING,
    PERCENT_FORMAT,
    PROGRAM_FILL,
    SECTION_FILL,
    STATUS_COLOURS,
    WIDTH_LIMITS,
    WRAP_TOP,
    YEARLY,
    CellValue,
    SameLook,
    document_header,
    fit_row_heights,
    landscape,
    sheet_name,
)
from kpi.reports.xlsx_summary import summary_sheet

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from kpi.reports.progress import Step


def to_xlsx(report: AppendixReport, lang: str, step: Step | None = None) -> bytes:
    workbook = Workbook()
    styles = SameLook()
    summary = workbook.active
    assert summary is not None
    total = len(report.programs) + 2
    if step:
        step(TEXT[lang]["summary"], 0, total)
    summary_sheet(summary, report, lang)
    for index, program in enumerate(report.programs, start=1):
        if step:
            step(f"{TEXT[lang]['program']} {program}", index, total)
        label = next(tally.label for tally in report.by_program if tally.code == program)
        _program_sheet(workbook.create_sheet(sheet_name(label)), report, program, lang, styles)
    data = workbook_bytes(workbook)
    if step:
        step("xlsx", total, total)
    return data


# ---------------------------------------------------------------- one sheet per program


def _program_sheet(sheet: Worksheet, report: AppendixReport, program: str, lang: str, styles: SameLook) -> None:
    header = report.header
    as_of = date_words(header.as_of, lang)
    column_names = (*appendix_columns(header), "id")
    titles = [heading(c, lang, header, as_of) for c in column_names[:-1]] + [ID_HEADING[lang]]
    first = document_header(sheet, report, lang, len(titles), appendix=True)
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(first, column, title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    # Each column as wide as its longest figure (a number never wraps) or its words need, within
    # bounds; headings wrap, but never inside a word.
    widths = [max((len(w) for w in t.split()), default=4) + 2 for t in titles]
    yearly = [i for i, name in enumerate(column_names, start=1) if column_role(name, header.plan_year)[0] in YEARLY]
    chart_column, free_row = get_column_letter(len(column_names) + 2), first
    row = first
    for line in report.lines:
        if line.program != program:
            continue
        row += 1
        for column, (value, number_format, shown) in enumerate(_line_values(line, lang, report), start=1):
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
            reference = report.reference(line.indicator or "")
            title = f"{reference} {line.content}" if line.kind == "measure" else reference
            figures_by_year(sheet, row, first, yearly[0], yearly[-1], f"{title} ({line.unit})", f"{chart_column}{at}")
            free_row = at + CHART_ROWS
    for column, name in enumerate(column_names, start=1):
        low, high = WIDTH_LIMITS.get(column_role(name, header.plan_year)[0], DEFAULT_WIDTH_LIMIT)
        width = widths[column - 1]
        sheet.column_dimensions[get_column_letter(column)].width = (
            max(width, low) if width > high and _numeric(name, header) else min(max(width, low), high)
        )
    fit_row_heights(sheet, first, row)
    sheet.freeze_panes = f"C{first + 1}"  # headings and the TT and content columns stay put
    sheet.print_title_rows = f"{first}:{first}"
    landscape(sheet, lang)
    if free_row > first:  # the charts beside the lines are for the screen; the page prints the table
        sheet.print_area = f"A1:{get_column_letter(len(column_names))}{row}"


def _wide(shown: str, column: str) -> int:
    """How wide a text wants its column: whole, up to the column's bound, where it then wraps."""
    return len(shown) + 2 if column != "content" else len(shown) // 2 + 2


def _numeric(column: str, header: ReportHeader) -> bool:
    return column_role(column, header.plan_year)[0] in NUMERIC_ROLES


def _line_values(line: ReportLine, lang: str, report: AppendixReport) -> list[tuple[CellValue, str | None, str]]:
    """Per column: the value stored, its number format, and roughly how wide it shows. The last
    column names the indicator as the plan numbers it (A.4, 6.(7)), not by kpi's ID (issue 30)."""
    header = report.header
    content = content_text(line, lang)
    values: list[tuple[CellValue, str | None, str]] = [(line.tt, None, line.tt), (content, None, content)]
    for column in appendix_columns(header)[2:]:
        values.append(_figure(line, column, lang, header))
    identifier = report.reference(line.indicator) if line.indicator else ""
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
    cell.border = BORDER
    cell.alignment = WRAP_TOP
    if number_format:
        cell.number_format = number_format
    if line.kind == "program":
        cell.font, cell.fill = BOLD, PROGRAM_FILL
    elif line.kind == "section":
        cell.font, cell.fill = Font(bold=True, italic=True), SECTION_FILL
    elif column == "content":
        cell.alignment = Alignment(wrap_text=True, vertical="top", indent=line.level)
        if line.kind == "measure":
            cell.font = Font(italic=True)
    elif column == "status" and line.status is not None:
        fill, colour = STATUS_COLOURS[line.status]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=colour, bold=line.status is Status.OVERDUE)

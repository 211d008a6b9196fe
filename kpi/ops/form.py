"""A unit's quarterly form as an Excel workbook it fills in and sends back (`kpi form`).

Three sheets: instructions, the figures (one row per figure or milestone the quarter expects of
the unit, then one per milestone of the unit late at the quarter's end, marked so and taking a day
done from its due quarter on; an input cell for each, validated), and a very hidden sheet that says which owner,
quarter, layout and catalogue the form was made from, row by row, for `kpi record --from` to
check. Every cell but the inputs is locked and the sheets protected (without a password: the
protection prevents mistakes, and the import checks the layout whatever happened to it).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kpi import __version__
from kpi.compute.forms import FormContent, FormRow
from kpi.errors import UsageError
from kpi.i18n import _, speaking
from kpi.model.numbers import format_number
from kpi.model.quarters import quarter_words
from kpi.model.words import date_words
from kpi.ops import form_layout as layout

DATE_FORMATS = {"vi": "DD/MM/YYYY", "en": "YYYY-MM-DD"}
WIDTHS = {
    "indicator": 10,
    "measure": 12,
    "title": 50,
    "unit": 12,
    "target": 14,
    "plan": 14,
    "previous": 16,
    "recorded": 16,
    "value": 16,
    "done": 16,
    "done_on": 14,
    "evidence": 26,
    "note": 30,
}

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_UNUSED_FILL = PatternFill("solid", fgColor="EDEDED")
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)
_LATE_FONT = Font(bold=True, color="C00000")


def form_workbook(content: FormContent, lang: str, now: datetime, sender: str | None = None) -> bytes:
    """The form in `lang` (its words, numbers and dates), as the bytes of an xlsx file."""
    with speaking(lang):
        workbook = Workbook()
        instructions = workbook.active
        assert instructions is not None
        instructions.title = layout.instructions_title(lang)
        figures = workbook.create_sheet(layout.data_sheet_title(lang))
        hidden = workbook.create_sheet(layout.HIDDEN_SHEET)
        _instructions(instructions, content, lang, sender)
        _figures(figures, content, lang)
        _hidden(hidden, content, lang, now)
        workbook.active = 1  # open on the figures
        instructions.sheet_view.tabSelected = False
        # The sheets can be neither added, removed, renamed nor unhidden.
        workbook.security = WorkbookProtection(lockStructure=True)
        return _bytes(workbook)


def write_form(path: Path, data: bytes, force: bool) -> None:
    """Atomically, and never over a file already there unless `force`: it may be a filled-in form."""
    from kpi.files.atomic import CannotWrite, write_bytes_atomic

    refuse_overwrite(path, force)
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise CannotWrite(path, exc, _("no form was written")) from None


def refuse_overwrite(path: Path, force: bool) -> None:
    if str(path) == "-":
        raise UsageError(_("a form is a workbook: give -o FILE.xlsx"))
    if path.is_dir():
        raise UsageError(
            _("{path} is a folder; give a file name such as {example}").format(path=path, example=path / "form.xlsx")
        )
    if path.exists() and not force:
        raise UsageError(_("{path} exists; pass --force to replace it").format(path=path))


# ---------------------------------------------------------------- the sheets


def _instructions(sheet: Worksheet, content: FormContent, lang: str, sender: str | None) -> None:
    quarter = quarter_words(content.quarter, lang)
    done, not_done = layout.done_words(lang)
    figures = layout.data_sheet_title(lang)
    lines = [
        _("Quarterly report form: {quarter}").format(quarter=quarter),
        "",
        _("For: {name}. Plan {plan} ({year}). Due by {day}.").format(  # the unit by its name, never its code
            name=content.unit_name(lang),
            plan=content.plan_number or "",
            year=content.plan_year,
            day=date_words(content.due, lang),
        ),
        "",
        _("How to fill it in").upper(),
        _("1. Open the sheet '{sheet}'. Type only in the yellow cells; every other cell is locked.").format(
            sheet=figures
        ),
        _(
            "2. Figures: the figure achieved in {quarter} alone, as a number (850, or {example} for {example} %). "
            "No negative numbers, no text, no dates. Counts are whole numbers."
        ).format(quarter=quarter, example=format_number(Decimal("39.89"), lang)),
        _(
            "3. An empty cell means not reported, never zero: if nothing was achieved, type 0. "
            "Leave a row empty when you have no figure yet."
        ),
        _(
            "4. Milestones: choose '{done}' or '{not_done}' in the list, and for '{done}' the day it was done "
            "(a day within {quarter})."
        ).format(done=done, not_done=not_done, quarter=quarter),
        _("5. Evidence: the number of the decision or document that proves the figure. Note: anything to add."),
        _(
            "6. Do not insert, delete or move rows, columns or sheets, and do not change the IDs: "
            "a form whose layout was changed is refused."
        ),
        *_late_instructions(content, lang),
        "",
        _("How to send it back").upper(),
        _("Save it as .xlsx (Excel or LibreOffice Calc), keeping the file name, and send it to the planning office")
        + (f" ({sender})" if sender else "")
        + ".",
        _(
            "The office imports it with: kpi record --from {file}. Every problem is listed at once, with its cell; "
            "then nothing is recorded until the form is corrected."
        ).format(file=f"{content.owner}-{content.quarter}.xlsx"),
        "",
        _(
            "Already recorded figures are shown for reference; a different figure typed over one replaces it only "
            "if the office agrees (kpi record --replace)."
        ),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
        elif text and text == text.upper():
            cell.font = Font(bold=True)
    sheet.protection.sheet = True


def _late_instructions(content: FormContent, lang: str) -> list[str]:
    """Said only on a form with late milestones: what their rows are and which days they take."""
    if not any(row.late_since for row in content.rows):
        return []
    return [
        _(
            "7. Late milestones: the last rows, marked '{mark}', were due in an earlier quarter and are not "
            "recorded done. When one is done, choose '{done}' and give the day, from the first day of the quarter "
            "it was due in to the end of {quarter}: it is recorded under the quarter that day falls in."
        ).format(
            mark=late_mark(None, lang),
            done=layout.done_words(lang)[0],
            quarter=quarter_words(content.quarter, lang),
        )
    ]


def late_mark(since: date | None, lang: str) -> str:
    """What a late milestone's row says in its 'already recorded' cell: late, and since when."""
    return _("Late since {day}").format(day=date_words(since, lang) if since is not None else "…")


def _figures(sheet: Worksheet, content: FormContent, lang: str) -> None:
    quarter = quarter_words(content.quarter, lang)
    sheet.cell(
        1,
        1,
        _("{name}: figures for {quarter}").format(name=content.unit_name(lang), quarter=quarter),
    ).font = Font(bold=True, size=13)
    sheet.cell(
        2,
        1,
        _("Due by {day}. Type only in the yellow cells; see the sheet '{sheet}'.").format(
            day=date_words(content.due, lang), sheet=layout.instructions_title(lang)
        ),
    )
    headers = layout.headers(content.quarter, lang, content.period_end)
    for index, key in enumerate(layout.COLUMNS, start=1):
        cell = sheet.cell(layout.HEADER_ROW, index, headers[key])
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[layout.letter(key)].width = WIDTHS[key]
    sheet.row_dimensions[layout.HEADER_ROW].height = 45
    validations = _Validations(sheet, content, lang)
    for offset, row in enumerate(content.rows):
        _figure_row(sheet, layout.FIRST_ROW + offset, row, lang, validations)
    sheet.freeze_panes = f"{layout.letter('unit')}{layout.FIRST_ROW}"
    _fit_rows(sheet, layout.FIRST_ROW, layout.FIRST_ROW + len(content.rows) - 1)
    _print_setup(sheet)
    sheet.protection.sheet = True
    # Locked cells can still be selected and the columns widened; nothing else.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _print_setup(sheet: Worksheet) -> None:
    """On paper: A4 landscape, every column on one page wide (as many pages down as it takes), the
    heading rows on every page, so a unit can print its form, sign it and send it."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{layout.HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


LINE_POINTS = 15  # one line of 11 pt text, as spreadsheets space it


def _fit_rows(sheet: Worksheet, first: int, last: int) -> None:
    """Each row as tall as its most wrapped cell: LibreOffice does not grow a row whose height the
    file leaves out when it prints, and the wrapped text of one row would run over the next."""
    import math

    for row in range(first, last + 1):
        lines = 1
        for key in layout.COLUMNS:
            value = sheet[f"{layout.letter(key)}{row}"].value
            if isinstance(value, str):
                usable = max(1.0, WIDTHS[key] - 1.5)  # the cell's padding
                lines = max(lines, sum(max(1, math.ceil(len(part) * 1.1 / usable)) for part in value.split("\n")))
        sheet.row_dimensions[row].height = lines * LINE_POINTS + 3


def _figure_row(sheet: Worksheet, number: int, row: FormRow, lang: str, validations: _Validations) -> None:
    milestone = row.measure is None
    values: dict[str, object] = {
        "indicator": row.indicator,
        "measure": row.labels.get(lang, row.measure),
        "title": row.title,
        "unit": row.unit,
        "target": row.target if not milestone else (quarter_words(row.deadline, lang) if row.deadline else None),
        "plan": row.plan,
        "previous": row.previous,
        "recorded": row.recorded if row.late_since is None else late_mark(row.late_since, lang),
    }
    inputs = layout.MILESTONE_INPUTS if milestone else layout.FIGURE_INPUTS
    for index, key in enumerate(layout.COLUMNS, start=1):
        cell = sheet.cell(number, index)
        cell.border = _BORDER
        cell.alignment = _WRAP
        value = values.get(key)
        if isinstance(value, Decimal):
            cell.value = int(value) if value == value.to_integral_value() else float(value)
            cell.number_format = _number_format(value)
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMATS[lang]
        elif value is not None:
            cell.value = str(value)
            cell.data_type = "s"  # text, even when it starts with `=`
        if key == "recorded" and row.late_since is not None:
            cell.font = _LATE_FONT
        if key in layout.INPUTS:
            if key in inputs:
                cell.protection = _OPEN
                cell.fill = _INPUT_FILL
                validations.add(key, row, cell.coordinate)
            else:
                cell.fill = _UNUSED_FILL


def _number_format(value: Decimal) -> str:
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return "#,##0" + ("." + "0" * places if places else "")


class _Validations:
    """One data validation per kind of input cell, each listing its cells."""

    def __init__(self, sheet: Worksheet, content: FormContent, lang: str):
        done, not_done = layout.done_words(lang)
        quarter = content.quarter
        first, last = quarter.first_day, quarter.last_day
        words = quarter_words(quarter, lang)

        def validation(
            kind: Any, title: str, message: str, operator: Any = None, formula1: str = "", formula2: str | None = None
        ) -> DataValidation:
            made = DataValidation(
                type=kind,
                operator=operator,
                formula1=formula1,
                formula2=formula2,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=title,
                error=message,
            )
            made.showInputMessage = True
            sheet.add_data_validation(made)
            return made

        self.whole = validation(
            "whole",
            _("A whole number"),
            _("Type a whole number, 0 or more (a count); leave the cell empty if not reported."),
            operator="between",
            formula1="0",
            formula2="999999999999999",
        )
        self.decimal = validation(
            "decimal",
            _("A number"),
            _("Type a number, 0 or more; leave the cell empty if not reported."),
            operator="greaterThanOrEqual",
            formula1="0",
        )
        self.percent = validation(
            "decimal",
            _("A percentage"),
            _(
                "Type a percentage from 0 to 100 ({example} for {example} %); leave the cell empty if not reported."
            ).format(example=format_number(Decimal("39.89"), lang)),
            operator="between",
            formula1="0",
            formula2="100",
        )
        self.done = validation(
            "list",
            _("Done or not"),
            _("Choose '{done}' or '{not_done}' from the list.").format(done=done, not_done=not_done),
            formula1=f'"{done},{not_done}"',
        )
        self.day = validation(
            "date",
            _("A day in {quarter}").format(quarter=words),
            _("Type the day it was done, between {first} and {last}.").format(
                first=date_words(first, lang), last=date_words(last, lang)
            ),
            operator="between",
            formula1=_serial(first),
            formula2=_serial(last),
        )
        self._validation = validation
        self._late: dict[date, DataValidation] = {}
        self._last = last
        self._lang = lang
        self.text = validation(
            "textLength",
            _("Text too long"),
            _("At most {count} characters.").format(count=format_number(layout.MAX_TEXT, lang)),
            operator="lessThanOrEqual",
            formula1=str(layout.MAX_TEXT),
        )

    def add(self, key: str, row: FormRow, coordinate: str) -> None:
        if key == "value":
            chosen = self.percent if row.percent else self.whole if row.whole else self.decimal
        elif key == "done":
            chosen = self.done
        elif key == "done_on":
            chosen = self.day if row.done_from is None else self._late_day(row.done_from)
        else:
            chosen = self.text
        chosen.add(coordinate)

    def _late_day(self, first: date) -> DataValidation:
        """A late milestone's day: from the first day of its due quarter to the end of the form's quarter;
        one validation per first day, made only when a form has such rows."""
        if first not in self._late:
            self._late[first] = self._validation(
                "date",
                _("The day it was done"),
                _("Type the day it was done, between {first} and {last}.").format(
                    first=date_words(first, self._lang), last=date_words(self._last, self._lang)
                ),
                operator="between",
                formula1=_serial(first),
                formula2=_serial(self._last),
            )
        return self._late[first]


def _serial(day: date) -> str:
    """A day as a spreadsheet's formula writes it: days since 1899-12-30 (Excel's and LibreOffice's epoch)."""
    return str((day - date(1899, 12, 30)).days)


def _hidden(sheet: Worksheet, content: FormContent, lang: str, now: datetime) -> None:
    """What the import reads: fixed English keys, text values, never translated."""
    lines = [
        ("format", layout.FORMAT),
        ("layout", layout.LAYOUT_VERSION),
        ("owner", content.owner),
        ("quarter", str(content.quarter)),
        ("language", lang),
        ("sheet", layout.data_sheet_title(lang)),
        ("header_row", str(layout.HEADER_ROW)),
        ("columns", ",".join(layout.COLUMNS)),
        ("rows", str(len(content.rows))),
        ("plan_year", str(content.plan_year)),
        ("period_end", str(content.period_end)),
        ("catalogue", f"sha256:{content.catalogue}"),
        ("created", now.isoformat()),
        ("kpi", __version__),
    ]
    for number, (key, value) in enumerate(lines, start=1):
        sheet.cell(number, 1, key).data_type = "s"
        sheet.cell(number, 2, value).data_type = "s"
    for index, name in enumerate(layout.TABLE_HEADER, start=1):
        sheet.cell(layout.TABLE_ROW, index, name)
    for offset, row in enumerate(content.rows):
        number = layout.TABLE_ROW + 1 + offset
        cells = (str(layout.FIRST_ROW + offset), row.indicator, row.measure or "", f"sha256:{row.fingerprint}")
        for index, text in enumerate(cells, start=1):
            sheet.cell(number, index, text).data_type = "s"
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The reminder as the office's official letter (công văn đôn đốc) in Word, beside the `.eml` draft:
laid out as Decree 30/2020/NĐ-CP, Phụ lục I prescribes for a công văn (docs/decree30.md): A4
portrait, margins 20/20/30/15 mm, Times New Roman; the issuing body over its number and symbol and,
under them, the subject after "V/v" (Mục II, khoản 5: 12–13 pt, upright); the national name and
motto, place and date; "Kính gửi"; the text; Nơi nhận beside the signer, with room to sign and stamp.
The number and the date come from `kpi remind --number --date` (as `kpi report` takes them); left
out, each is a marked blank the clerk fills in when the letter is registered and signed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from kpi.files.docx_parts import letterhead_grid
from kpi.i18n import _, language
from kpi.model.words import governing_lines

BLANK = "……"
FONT = "Times New Roman"
# The frame's columns on the 165 mm line, as the report's letterhead (kpi.reports.word_parts, where
# the widths are measured): issuing body | national name 70 | 95 mm, each on its own line; number and
# V/v | place and date 55 | 110 mm, so the date ("…, ngày …… tháng …… năm ……", 106 mm) stays whole.
HEAD_LEFT_MM, HEAD_RIGHT_MM = 70, 95
NUMBER_LEFT_MM, DATE_RIGHT_MM = 55, 110


@dataclass(frozen=True)
class Office:
    """Who writes the letter, from the plan and settings."""

    governing_body: str | None
    issuer: str
    symbol: str | None
    place: str | None
    authority: str | None
    position: str | None
    name: str | None
    number: str | None = None  # 15, followed by the symbol; or whole: 15/SKHCN-KHTC
    signed: date | None = None


def letter_docx(office: Office, subject: str, to: str, body: list[str], recipients: list[str]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for kind in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(kind), FONT)
    style.paragraph_format.space_after = Pt(0)
    (left, right), (below_left, below_right) = _frame_rows(document)
    for line in governing_lines(office.governing_body.upper() if office.governing_body else None):
        _line(left, line, Pt(12))  # its kind over its place, as the report's letterhead
    _line(left, office.issuer.upper(), Pt(12), bold=True)
    _line(left, "———", Pt(8))
    number, number_blank = _number(office)
    _line(below_left, _("No. {number}").format(number=number), Pt(13), blank=number_blank)
    _line(below_left, subject, Pt(12))  # Mục II, khoản 5: the công văn's V/v under its number
    _line(right, _("SOCIALIST REPUBLIC OF VIETNAM"), Pt(12), bold=True)
    _line(right, _("Independence – Freedom – Happiness"), Pt(13), bold=True, underline=True)
    place_date = _place_date(office.place, office.signed)
    _line(below_right, place_date, Pt(13), italic=True, blank=BLANK in place_date)
    greeting = document.add_paragraph()
    greeting.alignment = WD_ALIGN_PARAGRAPH.CENTER
    greeting.paragraph_format.space_before = Pt(18)
    greeting.add_run(to)
    for text in body:
        if not text:
            continue
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = None if text.startswith("- ") else Mm(10)
        paragraph.paragraph_format.space_before = Pt(6)
    left, right = _two_columns(document, 80, 85)
    label = left.add_paragraph()
    run = label.add_run(recipients[0])
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in recipients[1:]:
        left.add_paragraph().add_run(line).font.size = Pt(11)
    if office.authority:
        _line(right, office.authority.upper(), Pt(14), bold=True)
    _line(right, (office.position or BLANK).upper(), Pt(14), bold=True, blank=not office.position)
    name = _line(right, office.name or BLANK, Pt(14), bold=True, blank=not office.name)
    name.paragraph_format.space_before = Mm(25)  # room to sign and stamp
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _two_columns(document: Any, left_mm: float, right_mm: float) -> tuple[Any, Any]:
    """A borderless row of two cells of these widths, empty (no first paragraph), for lines to be added."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Mm(left_mm), Mm(right_mm)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(left_mm), Mm(right_mm)
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return left, right


def _frame_rows(document: Any) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """The frame's two borderless rows: issuing body | national name (HEAD_LEFT_MM | HEAD_RIGHT_MM),
    then number and V/v | place and date (NUMBER_LEFT_MM | DATE_RIGHT_MM)."""
    return letterhead_grid(document, HEAD_LEFT_MM, NUMBER_LEFT_MM, HEAD_LEFT_MM + HEAD_RIGHT_MM)


def _number(office: Office) -> tuple[str, bool]:
    """`15/SKHCN-KHTC`, and whether a part of it is a blank to fill in; a number given whole stands."""
    number = (office.number or "").strip()
    if "/" in number:
        return number, False
    text = f"{number or BLANK}/{office.symbol or BLANK}"
    return text, BLANK in text


def _place_date(place: str | None, day: date | None) -> str:
    """`Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2018`: the day below 10 and the months 1 and 2 with
    a leading zero (Phụ lục I, Mục II, khoản 4), as the report writes it; blanks when no date is given."""
    where = place or BLANK
    if language() != "vi":
        if day is None:
            return f"{where}, {BLANK}"
        from babel.dates import format_date

        return f"{where}, " + format_date(day, "d MMMM y", locale=language())
    if day is None:
        return f"{where}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _line(
    cell: object,
    text: str,
    size: Length,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    blank: bool = False,
) -> Any:
    paragraph = cell.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    run.font.size = size
    if blank:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph

"""The pieces every Word document of kpi is built from, as Decree 30/2020/NĐ-CP lays them out: the
page, runs and paragraphs in its font and sizes, rules, the letterhead and the closing, tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from kpi.files.docx_parts import letterhead_grid
from kpi.reports.document import Frame, Text
from kpi.reports.narrative import Block

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph


FONT = "Times New Roman"  # Phụ lục I, Mục I, khoản 4
A4_SHORT, A4_LONG = Mm(210), Mm(297)  # Mục I, khoản 1
# Mục I, khoản 3: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the landscape appendix
# keeps them (its long side across), so a bound copy has its spine margin on every page.
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
BODY_WIDTH_MM = 210 - 30 - 15  # 165 mm of line in the portrait body
APPENDIX_WIDTH_MM = 297 - 30 - 15
# Sizes and weights of the frame, Phụ lục I, Mục II (each within the range the clause gives):
SIZE = {
    "nation": Pt(12),  # khoản 1: quốc hiệu 12–13, upright, bold, capitals
    "motto": Pt(13),  # khoản 1: tiêu ngữ 13–14, upright, bold, a full rule as long as the line below
    "governing": Pt(12),  # khoản 2: tên cơ quan chủ quản 12–13, upright, capitals
    "issuer": Pt(12),  # khoản 2: tên cơ quan ban hành 12–13, upright, bold, capitals, a rule of 1/3–1/2 below
    "number": Pt(13),  # khoản 3: số, ký hiệu 13, upright
    "place_date": Pt(13),  # khoản 4: địa danh và thời gian 13–14, italic
    "kind": Pt(14),  # khoản 5: tên loại 13–14, upright, bold, capitals
    "title": Pt(14),  # khoản 5: trích yếu 13–14, upright, bold, a rule of 1/3–1/2 below
    "body": Pt(14),  # khoản 6: nội dung 13–14, justified, first line indented 1 cm, 6 pt between paragraphs
    "signer": Pt(14),  # khoản 7: quyền hạn, chức vụ, họ tên 13–14, upright, bold
    "recipients_label": Pt(12),  # khoản 9: "Nơi nhận:" 12, italic, bold
    "recipients": Pt(11),  # khoản 9: the list 11, upright
    "page": Pt(13),  # Mục I, khoản 7: page numbers 13–14, upright
}
BODY_TABLE_SIZE = Pt(9)  # the summary tables in the body: figures, not prose
SIGN_SPACE = Mm(25)  # room to sign and stamp between the position and the name
MOTTO_RULE_MM = 57  # "Độc lập - Tự do - Hạnh phúc" at 13 pt bold: the rule is as long as the line
ISSUER_RULE_MM = 25  # about 1/3 of the issuer's line
TITLE_RULE_MM = 50  # about 1/3 of the title's line
# The letterhead's columns, measured in LibreOffice on Times New Roman's metrics (Liberation Serif),
# each cell losing 1.9 mm a side to its margins: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" (12 pt bold) is 65 mm,
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 pt bold) 88 mm, so 70 | 95 keeps each on its line (Mục IV:
# ô 2 and ô 1). "Thành phố Hồ Chí Minh, ngày …… tháng …… năm ……" (13 pt italic) is 106 mm, wider than
# the 95 mm over it: the number and the place and date (ô 3, ô 4) sit on a row of their own, 55 | 110,
# so the date stays on one line too ("Số: ……/BC-SKHCN" is 41 mm).
LETTERHEAD_LEFT_MM = 70
NUMBER_LEFT_MM = 55
# Each appendix column's share of the line, by role: the content column takes what is left.
WIDTHS_MM = {
    "tt": 12,
    "target": 21,
    "actual": 14,
    "plan_actual": 19,
    "percent_of_period": 16,
    "plan": 15,
    "plan_progress": 16,
    "deadline": 16,
    "status": 21,
    "notes": 25,
}
TABLE_SIZE = Pt(8)


# ---------------------------------------------------------------- the page


def page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    _margins(section)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = SIZE["body"]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for kind in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(kind), FONT)
    style.paragraph_format.space_after = Pt(0)
    # Mục I, khoản 7: the page number, numerals only, centred in the top margin, none on page 1.
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE", SIZE["page"])


def _margins(section: object) -> None:
    section.top_margin, section.bottom_margin = TOP, BOTTOM  # type: ignore[attr-defined]
    section.left_margin, section.right_margin = LEFT, RIGHT  # type: ignore[attr-defined]


def _field(paragraph: Paragraph, code: str, size: Length) -> None:
    """A Word field (PAGE), with `1` shown until Word updates it."""
    run = paragraph.add_run()
    run.font.size = size
    for kind, text in (("begin", ""), ("", f" {code} "), ("separate", ""), ("", "1"), ("end", "")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text.strip() == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _run(
    paragraph: Paragraph,
    text: str,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    underline: bool = False,
    blank: bool = False,
) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = size
    if blank:  # a value to fill in by hand: highlighted, as a form's blank
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _parts(paragraph: Paragraph, text: Text | str, **style: bool | Length | None) -> None:
    if isinstance(text, str):
        _run(paragraph, text, **style)  # type: ignore[arg-type]
        return
    for part in text:
        _run(paragraph, part.text, blank=part.missing, **style)  # type: ignore[arg-type]


def centred(
    container: DocumentObject | _Cell,
    text: Text | str,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    underline: bool = False,
    space_before: Length | None = None,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if space_before is not None:
        paragraph.paragraph_format.space_before = space_before
    _parts(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)
    return paragraph


def rule(container: DocumentObject | _Cell, length_mm: float, line_mm: float) -> None:
    """A solid rule `length_mm` long, centred on a line `line_mm` wide: a bottom border on an empty
    paragraph indented from both sides (Word and LibreOffice draw it between the indents)."""
    paragraph = container.add_paragraph()
    side = Mm(max(0.0, (line_mm - length_mm) / 2))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(4)
    _run(paragraph, "", size=Pt(2))
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    properties.append(borders)
    size = OxmlElement("w:rPr")
    half_points = OxmlElement("w:sz")
    half_points.set(qn("w:val"), "4")
    size.append(half_points)
    properties.append(size)


def body_paragraph(document: DocumentObject, text: str, italic: bool = False) -> Paragraph:
    """A paragraph of the body (Mục II, khoản 6): justified, first line indented 1 cm, 6 pt apart."""
    paragraph = document.add_paragraph()
    _body_format(paragraph)
    _run(paragraph, text, italic=italic, size=SIZE["body"])
    return paragraph


def _body_format(paragraph: Paragraph, indent: bool = True) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10) if indent else None
    paragraph.paragraph_format.space_before = Pt(6)


def heading_paragraph(
    document: DocumentObject, text: str, page_break: bool = False, size: Length | None = None
) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.page_break_before = page_break
    _run(paragraph, text, bold=True, size=size or SIZE["body"])


def narrative_paragraphs(document: DocumentObject, blocks: list[Block]) -> None:
    """The office's text: headings bold, paragraphs as the body's, list items hanging from their marker."""
    for block in blocks:
        paragraph = document.add_paragraph()
        if block.kind == "heading":
            paragraph.paragraph_format.space_before = Pt(8)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.first_line_indent = Mm(10)
        elif block.kind == "item":
            _body_format(paragraph, indent=False)
            paragraph.paragraph_format.left_indent = Mm(10 + 7 * block.level)
            paragraph.paragraph_format.first_line_indent = Mm(-5)
            _run(paragraph, f"{block.marker} ", size=SIZE["body"])
        else:
            _body_format(paragraph)
            if block.level:
                paragraph.paragraph_format.left_indent = Mm(10 + 7 * (block.level - 1))
        for run in block.runs:
            _run(
                paragraph,
                run.text,
                bold=run.bold or block.kind == "heading",
                italic=run.italic or (block.kind == "heading" and block.level > 2),
                size=SIZE["body"],
                blank=run.missing,
            )


# ---------------------------------------------------------------- the frame


def _two_columns(container: DocumentObject, left_mm: float, rows: int = 1) -> Table:
    """A borderless table of two columns side by side, as letterheads and signature blocks are laid."""
    table: Table = container.add_table(rows=rows, cols=2)
    table.autofit = False
    right_mm = BODY_WIDTH_MM - left_mm
    table.columns[0].width, table.columns[1].width = Mm(left_mm), Mm(right_mm)
    for row in table.rows:
        left, right = row.cells
        left.width, right.width = Mm(left_mm), Mm(right_mm)
        for cell in (left, right):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def _letterhead_rows(container: DocumentObject) -> tuple[tuple[_Cell, _Cell], tuple[_Cell, _Cell]]:
    """Two borderless rows on one grid of three columns: the first split LETTERHEAD_LEFT_MM | the rest,
    the second NUMBER_LEFT_MM | the rest (the place and date need the wider right cell)."""
    return letterhead_grid(container, LETTERHEAD_LEFT_MM, NUMBER_LEFT_MM, BODY_WIDTH_MM)


def letterhead(document: DocumentObject, shown: Frame) -> None:
    """Issuing body left, national name right (Mục I, khoản 6; the layout of Mục IV: ô 1, 2); the number and the
    place and date on one line beneath them (ô 3, 4), each element on the lines the decree gives it."""
    (left, right), (number, place) = _letterhead_rows(document)
    for line in shown.governing_lines:
        centred(left, line, size=SIZE["governing"])
    centred(left, shown.issuer, bold=True, size=SIZE["issuer"])
    rule(left, ISSUER_RULE_MM, LETTERHEAD_LEFT_MM)
    centred(right, shown.nation, bold=True, size=SIZE["nation"])
    centred(right, shown.motto, bold=True, size=SIZE["motto"])
    rule(right, MOTTO_RULE_MM, BODY_WIDTH_MM - LETTERHEAD_LEFT_MM)
    centred(number, shown.number, size=SIZE["number"], space_before=Pt(4))
    centred(place, shown.place_date, italic=True, size=SIZE["place_date"], space_before=Pt(4))


def closing(document: DocumentObject, shown: Frame) -> None:
    """Nơi nhận left (Mục II, khoản 9), the signer right (khoản 7): authority and position, room to
    sign and stamp, the name."""
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(12)
    spacer.paragraph_format.keep_with_next = True
    left, right = _two_columns(document, 80).rows[0].cells
    label = left.add_paragraph()
    _run(label, shown.recipients_label, bold=True, italic=True, size=SIZE["recipients_label"])
    for line in shown.recipients:
        paragraph = left.add_paragraph()
        _run(paragraph, "- ", size=SIZE["recipients"])
        _parts(paragraph, line, size=SIZE["recipients"])
    if shown.authority:
        centred(right, shown.authority, bold=True, size=SIZE["signer"])
    centred(right, shown.position, bold=True, size=SIZE["signer"])
    centred(right, shown.name, bold=True, size=SIZE["signer"], space_before=SIGN_SPACE)
    for row in (left, right):
        for paragraph in row.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


# ---------------------------------------------------------------- tables


def new_table(
    document: DocumentObject, titles: list[str], widths: list[float], numeric: set[int], size: Length = TABLE_SIZE
) -> Table:
    table: Table = document.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)  # the grid Word and LibreOffice lay the table out by
    head = table.rows[0]
    _repeat_as_header(head)
    for index, (cell, title) in enumerate(zip(head.cells, titles)):
        cell.width = Mm(widths[index])
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, title, bold=True, size=size)
        _shade(cell, "E8EEF6")
    return table


def add_row(
    table: Table,
    values: list[str],
    widths: list[float],
    numeric: set[int],
    shade: str | None = None,
    size: Length = TABLE_SIZE,
    **style: bool,
) -> None:
    """A row of `values`; a shaded row (a program or section heading) spans its text over the figure columns."""
    row = table.add_row()  # type: ignore[no-untyped-call]
    _keep_row_whole(row)
    if shade is not None:
        row.cells[1].merge(row.cells[-1])
        values = values[:2]
    for index, (cell, value) in enumerate(zip(row.cells, values)):
        if shade is not None:
            _shade(cell, shade)
        cell.width = Mm(widths[index])
        paragraph = cell.paragraphs[0]
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, value, size=size, **style)


def _repeat_as_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _keep_row_whole(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement("w:cantSplit"))


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def landscape_section(document: DocumentObject) -> None:
    """The appendix's own section: A4 landscape (Mục I, khoản 2), on a new page, numbered on."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    _margins(section)
    section.different_first_page_header_footer = False

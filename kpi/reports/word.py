"""The report as a Word document (.docx), the form the office edits, signs and files: the
administrative frame, the summary and overdue list, recipients and signature, then the appendix
with each program on a page of its own, A4 landscape, "Trang x/y" at the foot of every page.

Every figure is the text md, csv and html print (`cells.line_cells`), from the same rows.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kpi import __version__
from kpi.model.vocabulary import Status
from kpi.model.words import date_words, quarter_words, status_word
from kpi.reports.cells import (
    as_of_line,
    headings,
    lateness_note,
    line_cells,
    number,
    overdue_what,
    percent,
    unreported_note,
)
from kpi.reports.columns import NUMERIC_ROLES, appendix_columns, column_role
from kpi.reports.document import Frame, Text, frame
from kpi.reports.layout import AppendixReport, StatusCounts
from kpi.reports.words import TEXT

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    from kpi.reports.progress import Step

FONT = "Times New Roman"  # the typeface Decree 30/2020/NĐ-CP prescribes
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(12)
# Each appendix column's share of the line, by role: the content column takes what is left.
WIDTHS_MM = {
    "tt": 13,
    "target": 22,
    "actual": 15,
    "plan_actual": 20,
    "percent_of_period": 17,
    "plan": 16,
    "plan_progress": 17,
    "deadline": 17,
    "status": 22,
    "notes": 28,
}
TABLE_SIZE = Pt(8)


def to_docx(report: AppendixReport, lang: str, step: Step | None = None) -> bytes:
    words, header = TEXT[lang], report.header
    document = Document()
    _page_setup(document, lang)
    shown = frame(header, lang)
    total = len(report.programs) + 1
    if step is not None:
        step(f"docx: {words['summary']}", 0, total)
    _letterhead(document, shown)
    _centred(document, shown.kind, bold=True, size=Pt(14), space_before=Pt(12))
    _centred(document, shown.title, bold=True)
    _centred(document, shown.plan_title, italic=True)
    _centred(document, as_of_line(header, lang), space_before=Pt(6))
    _centred(
        document,
        words["elapsed"].format(
            start=header.period_start, end=header.period_end, elapsed=percent(report.period_elapsed, lang)
        ),
    )
    if (warning := unreported_note(header, lang)) is not None:
        _centred(document, warning, bold=True, space_before=Pt(6))
    _heading(document, words["by_program"])
    _counts(document, words["program"], report.by_program, lang)
    _heading(document, words["by_owner"])
    _counts(document, words["owner"], report.by_owner, lang)
    _heading(document, words["overdue"])
    if (lateness := lateness_note(header, lang)) is not None:
        _run(document.add_paragraph(), lateness, italic=True)
    _overdue(document, report, lang)
    _closing(document, shown)
    for done, code in enumerate(report.programs, start=1):
        if step is not None:
            step(f"docx: {words['program']} {code}", done, total)
        _program(document, report, code, lang, shown, first=done == 1)
    closing = document.add_paragraph()
    closing.paragraph_format.space_before = Pt(6)
    _run(closing, words["generated"].format(version=__version__, as_of=date_words(header.as_of, lang)), size=Pt(8))
    buffer = io.BytesIO()
    document.save(buffer)
    if step is not None:
        step("docx", total, total)
    return buffer.getvalue()


# ---------------------------------------------------------------- the page


def _page_setup(document: DocumentObject, lang: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    # "Trang 3/12" at the foot of every page: Word fills the fields in as it lays the pages out.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_words = TEXT[lang]["page"]
    before, _, rest = page_words.partition("{page}")
    between, _, after = rest.partition("{pages}")
    _run(footer, before, size=Pt(9))
    _field(footer, "PAGE")
    _run(footer, between, size=Pt(9))
    _field(footer, "NUMPAGES")
    _run(footer, after, size=Pt(9))


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES), with `1` shown until Word updates it."""
    run = paragraph.add_run()
    run.font.size = Pt(9)
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
    size: Pt | None = None,
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


def _parts(paragraph: Paragraph, text: Text | str, **style: bool | Pt | None) -> None:
    if isinstance(text, str):
        _run(paragraph, text, **style)  # type: ignore[arg-type]
        return
    for part in text:
        _run(paragraph, part.text, blank=part.missing, **style)  # type: ignore[arg-type]


def _centred(
    container: DocumentObject | _Cell,
    text: Text | str,
    bold: bool = False,
    italic: bool = False,
    size: Pt | None = None,
    underline: bool = False,
    space_before: Pt | None = None,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if space_before is not None:
        paragraph.paragraph_format.space_before = space_before
    _parts(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)
    return paragraph


def _heading(document: DocumentObject, text: str, page_break: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.page_break_before = page_break
    _run(paragraph, text, bold=True, size=Pt(12))


# ---------------------------------------------------------------- the frame


def _two_columns(document: DocumentObject, left_mm: int) -> tuple[_Cell, _Cell]:
    """A borderless table of two cells side by side, as letterheads and signature blocks are laid."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    right_mm = int((PAGE_WIDTH - 2 * MARGIN) / Mm(1)) - left_mm
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Mm(left_mm), Mm(right_mm)
    left.width, right.width = Mm(left_mm), Mm(right_mm)
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return left, right


def _letterhead(document: DocumentObject, shown: Frame) -> None:
    left, right = _two_columns(document, 120)
    if shown.governing_body:
        _centred(left, shown.governing_body, size=Pt(12))
    _centred(left, shown.issuer, bold=True, size=Pt(12))
    _centred(left, "———", size=Pt(8))
    _centred(left, shown.number, size=Pt(12), space_before=Pt(4))
    _centred(right, shown.nation, bold=True, size=Pt(12))
    _centred(right, shown.motto, bold=True, size=Pt(12), underline=True)
    _centred(right, shown.place_date, italic=True, size=Pt(12), space_before=Pt(8))


def _closing(document: DocumentObject, shown: Frame) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(8)
    left, right = _two_columns(document, 130)
    label = left.add_paragraph()
    _run(label, shown.recipients_label, bold=True, italic=True, size=Pt(12))
    for line in shown.recipients:
        paragraph = left.add_paragraph()
        _run(paragraph, "- ", size=Pt(11))
        _parts(paragraph, line, size=Pt(11))
    if shown.authority:
        _centred(right, shown.authority, bold=True, size=Pt(13))
    _centred(right, shown.position, bold=True, size=Pt(13))
    for _ in range(4):  # the space for the signature and the seal
        right.add_paragraph()
    _centred(right, shown.name, bold=True, size=Pt(13))


# ---------------------------------------------------------------- tables


def _table(document: DocumentObject, titles: list[str], widths: list[float], numeric: set[int]) -> Table:
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
        _run(paragraph, title, bold=True, size=TABLE_SIZE)
        _shade(cell, "E8EEF6")
    return table


def _add_row(
    table: Table, values: list[str], widths: list[float], numeric: set[int], shade: str | None = None, **style: bool
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
        _run(paragraph, value, size=TABLE_SIZE, **style)


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


def _counts(document: DocumentObject, first: str, tallies: list[StatusCounts], lang: str) -> None:
    statuses = list(Status)
    titles = [first, *(status_word(s, lang) for s in statuses), TEXT[lang]["total"]]
    widths = [95.0] + [17.0] * (len(statuses) + 1)
    numeric = set(range(1, len(titles)))
    table = _table(document, titles, widths, numeric)
    for tally in tallies:
        name = tally.name_en if lang == "en" else tally.name
        values = [
            f"{tally.code} – {name}",
            *(number(Decimal(tally.counts.get(s, 0)), lang) for s in statuses),
            number(Decimal(tally.total), lang),
        ]
        _add_row(table, values, widths, numeric)


def _overdue(document: DocumentObject, report: AppendixReport, lang: str) -> None:
    words = TEXT[lang]
    if not report.overdue:
        _run(document.add_paragraph(), words["no_overdue"])
        return
    titles = [words["owner"], words["id"], words["item"], words["due"], words["days_late"], words["what"]]
    widths = [18.0, 18.0, 120.0, 22.0, 16.0, 79.0]
    table = _table(document, titles, widths, {4})
    for item in report.overdue:
        values = [
            item.owner,
            item.id,
            item.title,
            quarter_words(item.due, lang),
            number(Decimal(item.days_late), lang),
            overdue_what(item, lang, report.header.plan_year),
        ]
        _add_row(table, values, widths, {4})


def _program(document: DocumentObject, report: AppendixReport, code: str, lang: str, shown: Frame, first: bool) -> None:
    """One program of the appendix, starting a page; its column headings repeat on every page."""
    header = report.header
    columns = appendix_columns(header)
    if first:
        _heading(document, TEXT[lang]["appendix"], page_break=True)
        _centred(document, shown.attached, italic=True).paragraph_format.space_after = Pt(4)
    else:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    usable = (PAGE_WIDTH - 2 * MARGIN) / Mm(1)
    fixed = [WIDTHS_MM.get(column_role(c, header.plan_year)[0], 0) for c in columns]
    widths = [float(w) if w else usable - sum(fixed) for w in fixed]
    numeric = {i for i, c in enumerate(columns) if column_role(c, header.plan_year)[0] in NUMERIC_ROLES}
    table = _table(document, headings(report, lang), widths, numeric)
    for line in report.lines:
        if line.program != code:
            continue
        cells = line_cells(line, lang, header)
        values = [cells[column] for column in columns]
        shade = {"program": "E8EEF6", "section": "F6F8FA"}.get(line.kind)
        _add_row(table, values, widths, numeric, shade, bold=shade is not None, italic=line.kind == "measure")

"""The report as a Word document (.docx), the form the office edits, signs and files, laid out as
Decree 30/2020/NĐ-CP, Phụ lục I prescribes (docs/decree30.md lists each rule and its clause):

- a portrait A4 body (Phụ lục I, Mục I, khoản 1–2), margins top and bottom 20 mm, left 30 mm,
  right 15 mm (Mục I, khoản 3), Times New Roman (Mục I, khoản 4), each element of the frame at
  its own size and weight (Mục II);
- page numbers at the top centre, the number only, none on the first page (Mục I, khoản 7);
- the body: the office's text (`kpi.reports.narrative`) with the overdue and reporting tables under
  its first section, then Nơi nhận beside the signer;
- the wide tables as a section of their own, A4 landscape (Mục I, khoản 2: a wide table may be
  laid across the page): the indicators by status (a column per status word, too many for the
  portrait line), then the appendix, each program starting a page, the column headings repeated.

Every figure is the text md, csv and html print (`cells.line_cells`), from the same rows.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import status_word
from kpi.reports.cells import (
    as_of_line,
    headings,
    lateness_note,
    line_cells,
    number,
    overdue_what,
    percent,
    unit_names,
    unreported_note,
)
from kpi.reports.columns import NUMERIC_ROLES, appendix_columns, column_role
from kpi.reports.document import Frame, frame
from kpi.reports.layout import AppendixReport, StatusCounts
from kpi.reports.narrative import narrative_blocks, split_first_section
from kpi.reports.reporting_grid import grid_headings, grid_rows
from kpi.reports.word_parts import (
    APPENDIX_WIDTH_MM,
    BODY_TABLE_SIZE,
    BODY_WIDTH_MM,
    SIZE,
    TITLE_RULE_MM,
    WIDTHS_MM,
    add_row,
    body_paragraph,
    centred,
    closing,
    heading_paragraph,
    landscape_section,
    letterhead,
    narrative_paragraphs,
    new_table,
    page_setup,
    rule,
)
from kpi.reports.words import TEXT

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from kpi.reports.progress import Step


def to_docx(report: AppendixReport, lang: str, step: Step | None = None) -> bytes:
    words, header = TEXT[lang], report.header
    document = Document()
    page_setup(document)
    shown = frame(header, lang)
    total = len(report.programs) + 1
    if step is not None:
        step(f"docx: {words['summary']}", 0, total)
    letterhead(document, shown)
    centred(document, shown.kind, bold=True, size=SIZE["kind"], space_before=Pt(12))
    centred(document, shown.title, bold=True, size=SIZE["title"])
    rule(document, TITLE_RULE_MM, BODY_WIDTH_MM)
    centred(document, shown.plan_title, italic=True, size=SIZE["body"])
    facts = [as_of_line(header, lang) + ".", _elapsed(report, lang)]
    body_paragraph(document, " ".join(facts))
    if (warning := unreported_note(header, lang)) is not None:
        body_paragraph(document, warning, italic=True)
    first, rest = split_first_section(narrative_blocks(report.narrative, lang))
    narrative_paragraphs(document, first)
    _summary(document, report, lang)
    narrative_paragraphs(document, rest)
    closing(document, shown)
    for done, code in enumerate(report.programs, start=1):
        if step is not None:
            step(f"docx: {words['program']} {code}", done, total)
        _program(document, report, code, lang, shown, first=done == 1)
    buffer = io.BytesIO()
    document.save(buffer)
    if step is not None:
        step("docx", total, total)
    return buffer.getvalue()


def _elapsed(report: AppendixReport, lang: str) -> str:
    header = report.header
    return (
        TEXT[lang]["elapsed"].format(
            start=header.period_start, end=header.period_end, elapsed=percent(report.period_elapsed, lang)
        )
        + "."
    )


def _summary(document: DocumentObject, report: AppendixReport, lang: str) -> None:
    """The figures under the first section: status by programme and by unit, what is overdue, who
    has reported; the same tables the html page and the workbook have."""
    words = TEXT[lang]
    if report.programs:  # the status counts, a column per status, are wide: in the landscape appendix
        body_paragraph(document, words["counts_in_appendix"])
    else:
        _status_counts(document, report, lang)
    heading_paragraph(document, words["overdue"])
    if (lateness := lateness_note(report.header, lang)) is not None:
        body_paragraph(document, lateness, italic=True)
    _overdue(document, report, lang)
    _reporting(document, report, lang)


def _status_counts(
    document: DocumentObject, report: AppendixReport, lang: str, width_mm: float = BODY_WIDTH_MM
) -> None:
    """The indicators by status, by programme and by lead unit: a column per status word."""
    words = TEXT[lang]
    heading_paragraph(document, words["by_program"])
    _counts(document, report.by_program, lang, programs=True, width_mm=width_mm)
    heading_paragraph(document, words["by_owner"])
    _counts(document, report.by_owner, lang, programs=False, width_mm=width_mm)


def _counts(document: DocumentObject, tallies: list[StatusCounts], lang: str, programs: bool, width_mm: float) -> None:
    statuses = list(Status)
    words = TEXT[lang]
    titles = [
        words["program"] if programs else words["owner"],
        *(status_word(s, lang) for s in statuses),
        words["total"],
    ]
    # Eleven status columns and a total: across the landscape page each is 14 mm, room for the words of
    # "không tính được" or "chưa báo cáo" to wrap whole (in the portrait body they broke letter by letter).
    first = 75.0 if width_mm > BODY_WIDTH_MM else 50.0
    share = (width_mm - first) / (len(statuses) + 1)
    widths = [first] + [share] * (len(statuses) + 1)
    numeric = set(range(1, len(titles)))
    table = new_table(document, titles, widths, numeric, BODY_TABLE_SIZE)
    for tally in tallies:
        name = tally.name_en if lang == "en" else tally.name
        values = [
            f"{tally.label} – {name}" if programs else name,  # a unit by its name, never its office's code
            *(number(Decimal(tally.counts.get(s, 0)), lang) for s in statuses),
            number(Decimal(tally.total), lang),
        ]
        add_row(table, values, widths, numeric, size=BODY_TABLE_SIZE)


def _overdue(document: DocumentObject, report: AppendixReport, lang: str) -> None:
    words = TEXT[lang]
    if not report.overdue:
        body_paragraph(document, words["no_overdue"])
        return
    names = unit_names(report, lang)
    titles = [words["owner"], words["id"], words["item"], words["due"], words["days_late"], words["what"]]
    widths = [30.0, 14.0, 64.0, 17.0, 12.0, 28.0]
    table = new_table(document, titles, widths, {4}, BODY_TABLE_SIZE)
    for item in report.overdue:
        values = [
            names.get(item.owner, item.owner),
            report.reference(item.id),
            item.title,
            quarter_words(item.due, lang),
            number(Decimal(item.days_late), lang),
            overdue_what(item, lang, report.header.plan_year),
        ]
        add_row(table, values, widths, {4}, size=BODY_TABLE_SIZE)


def _reporting(document: DocumentObject, report: AppendixReport, lang: str) -> None:
    """Who has reported in the year, quarter by quarter: `12/16 75%` of what each quarter expects."""
    if report.reporting is None:
        return
    words = TEXT[lang]
    heading_paragraph(document, words["reporting"].format(year=report.reporting.year))
    body_paragraph(document, words["reporting_note"], italic=True)
    quarters = grid_headings(report.reporting, lang)
    widths = [65.0] + [(BODY_WIDTH_MM - 65) / len(quarters)] * len(quarters)
    numeric = set(range(1, len(quarters) + 1))
    table = new_table(document, [words["owner"], *quarters], widths, numeric, BODY_TABLE_SIZE)
    for row in grid_rows(report.reporting, report.header.as_of, lang):
        add_row(table, [row.name, *(cell.text for cell in row.cells)], widths, numeric, size=BODY_TABLE_SIZE)


def _program(document: DocumentObject, report: AppendixReport, code: str, lang: str, shown: Frame, first: bool) -> None:
    """One program of the appendix, starting a page; its column headings repeat on every page."""
    header = report.header
    columns = appendix_columns(header)
    if first:
        landscape_section(document)
        heading_paragraph(document, TEXT[lang]["appendix"], size=Pt(13))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        centred(document, shown.attached, italic=True, size=Pt(13)).paragraph_format.space_after = Pt(4)
        _status_counts(document, report, lang, APPENDIX_WIDTH_MM)  # wide tables, laid across the page
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    fixed = [WIDTHS_MM.get(column_role(c, header.plan_year)[0], 0) for c in columns]
    widths = [float(w) if w else APPENDIX_WIDTH_MM - sum(fixed) for w in fixed]
    numeric = {i for i, c in enumerate(columns) if column_role(c, header.plan_year)[0] in NUMERIC_ROLES}
    table = new_table(document, headings(report, lang), widths, numeric)
    for line in report.lines:
        if line.program != code:
            continue
        cells = line_cells(line, lang, header)
        values = [cells[column] for column in columns]
        shade = {"program": "E8EEF6", "section": "F6F8FA"}.get(line.kind)
        add_row(table, values, widths, numeric, shade, bold=shade is not None, italic=line.kind == "measure")

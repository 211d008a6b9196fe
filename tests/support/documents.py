"""A report read back as its reader would: the Word document with python-docx, the workbook with openpyxl, the page through its HTML (the tables' cells, with Page), the PDF with pypdf; and the shipped data with a quarter recorded."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kpi.ledger.load import load_ledger
from tests.support.runner import kpi


def report(folder: Path, target: Path, *args: str) -> Path:
    result = kpi(folder, "report", "--as-of", "2018-06-30", "-o", str(target), *args)
    assert result.exit_code == 0, result.output
    return target


def docx_text(path: Path) -> str:
    """Every paragraph of a Word document, tables and footer included, one per line."""
    from docx.table import Table

    document = Document(str(path))
    lines = []
    for block in document.iter_inner_content():  # paragraphs and tables in the document's order
        if isinstance(block, Table):
            lines += [p.text for cell in unique_cells(block) for p in cell.paragraphs]
        else:
            lines.append(block.text)
    for section in document.sections:
        lines += [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def unique_cells(table: Any) -> list[Any]:
    """A Word table's cells row by row, a merged cell once (python-docx gives it for every column it spans)."""
    seen: set[int] = set()
    cells = []
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell)
    return cells


def xlsx_text(path: Path) -> str:
    """Every sheet's cells, row by row, the summary sheet first."""
    book = load_workbook(path)
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None)


def html_text(path: Path) -> str:
    """The page's text without its markup, entities resolved."""
    import html

    page = path.read_text(encoding="utf-8")
    body = re.sub(r"<head>.*?</head>", "", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def one_quarter(folder: Path) -> None:
    """The shipped data with its first quarter recorded: a count and a milestone done."""
    for args in (
        ["B.1", "-q", "2018-Q1", "--value", "700"],
        ["A.4", "-q", "2018-Q1", "--done", "--date", "2018-03-20", "--evidence", "Quyết định số 123/QĐ-SKHCN"],
    ):
        result = kpi(folder, "record", *args, "--by", "test", "--no-commit")
        assert result.exit_code == 0, result.output


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


HEADING = ["TT", "Nội dung", "Tình trạng", "Ghi chú"]  # column headings, each found on every appendix page


def squeezed(text: str) -> str:
    """Text without any whitespace: a title wrapped over lines on paper is still found whole."""
    return re.sub(r"\s+", "", text)


def printed(path: Path) -> tuple[list[str], list[tuple[float, float]]]:
    reader = PdfReader(str(path))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    return [page.extract_text() for page in reader.pages], sizes


def titles(folder: Path) -> dict[str, list[str]]:
    """Every line title the appendix prints, by program, as the report reads them (errata applied)."""
    from kpi.compute.status import compute_status
    from kpi.reports.layout import build_report

    ledger = load_ledger(folder, cache=None)
    appendix = build_report(ledger, compute_status(ledger, ledger_day(folder)))
    by_program: dict[str, list[str]] = {}
    for line in appendix.lines:
        by_program.setdefault(line.program, []).append(line.content)
    return by_program


def ledger_day(folder: Path):  # type: ignore[no-untyped-def]

    return date(2018, 3, 31)


def check_pages(pages: list[str], sizes: list[tuple[float, float]], folder: Path, heading: list[str]) -> None:
    """A workbook's pages: each A4 landscape, "Trang x/y" at its foot."""
    total = len(pages)
    for number, (text, (width, height)) in enumerate(zip(pages, sizes), start=1):
        assert (round(width), round(height)) == (842, 595), number  # A4 landscape, in points
        assert f"Trang {number}/{total}" in text, number
    check_appendix(pages, folder, heading)


def check_document_pages(pages: list[str], sizes: list[tuple[float, float]], folder: Path) -> int:
    """A report as Decree 30 lays it out (Phụ lục I, Mục I, khoản 1–2 and 7): a portrait A4 body, then
    the appendix in landscape A4; the page number alone at the top of every page but the first.
    Returns the number of the appendix's first page."""
    start = next(
        n for n, text in enumerate(pages) if squeezed("Phụ lục I:") in squeezed(text)
    )  # the heading, not a mention
    for number, (text, (width, height)) in enumerate(zip(pages, sizes), start=1):
        expected = (595, 842) if number <= start else (842, 595)
        assert (round(width), round(height)) == expected, number
        first_line = text.strip().splitlines()[0].strip()
        if number == 1:
            assert not first_line.isdigit(), first_line  # no number on the first page
        else:
            assert first_line == str(number), (number, first_line)  # the number only, first on the page
        assert "Trang" not in text
    check_appendix(pages, folder, HEADING)
    return start + 1


def check_appendix(pages: list[str], folder: Path, heading: list[str]) -> None:
    total = len(pages)
    everything = squeezed(" ".join(pages))
    programs = titles(folder)
    for program, contents in programs.items():
        for content in contents:  # nothing clipped: every title printed whole
            assert squeezed(content)[:60] in everything, (program, content)
    # Each program begins a page of the appendix: no page holds the heading lines of two programs. The
    # programs' tables start at the first page with their column headings (the Word report's counts
    # by status, at the head of the appendix, name the programs too).
    start = next(n for n, text in enumerate(pages) if all(squeezed(h) in squeezed(text) for h in heading))
    first_pages = []
    for contents in programs.values():
        head = squeezed(contents[0])[:40]
        on = [n for n, text in enumerate(pages) if n >= start and head in squeezed(text)]
        assert on, contents[0]
        first_pages.append(on[0])
    assert first_pages == sorted(set(first_pages)), first_pages
    # The column headings open every page of the appendix.
    for n in range(first_pages[0], total):
        assert all(squeezed(words) in squeezed(pages[n]) for words in heading), n + 1
    # One percent style: the number, then the sign, never "60 %" beside "39,89%".
    assert not re.search(r"\d %", " ".join(pages))


class Page(HTMLParser):
    """What a reader sees in the page's tables: each cell's text by table, row and column
    (the text of the bars' SVG left out), and the appendix headings."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.cells: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
        self.headings: list[str] = []
        self._table: str | None = None
        self._row: tuple[str, str] | None = None
        self._column: str | None = None
        self._key: tuple[str, str] = ("", "")
        self._in_th = False
        self._svg = 0
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._table = (found.get("class") or "").split()[0]
        elif tag == "tr" and "data-id" in found:
            self._key = (found["data-id"] or "", found.get("data-measure") or "")
            self._row = self._key
        elif tag == "td" and self._row and "data-col" in found:
            self._column, self._text = found["data-col"], []
        elif tag == "th" and self._table == "appendix":
            self._in_th, self._text = True, []
        elif tag == "svg":
            self._svg += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg -= 1
        elif tag == "td" and self._column:
            self.cells.setdefault(self._table or "", {}).setdefault(self._key, {})[self._column] = "".join(
                self._text
            ).strip()
            self._column = None
        elif tag == "th" and self._in_th:
            self.headings.append("".join(self._text).strip())
            self._in_th = False
        elif tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if (self._column or self._in_th) and not self._svg:
            self._text.append(data)

    def row(self, indicator: str, measure: str = "", table: str = "appendix") -> dict[str, str]:
        return self.cells[table][(indicator, measure)]


def as_the_plan_numbers(code: str) -> str:
    """kpi's code for a program or an indicator of the shipped plan as its documents print it, the
    plan's own numbering (issue 30): part II's sections kpi codes S5, S6 are 5, 6, and their tasks
    S6.7 are 6.(7); the appendix's letters and rows (A, A.4, D.II.1) stand as they are."""
    return re.sub(r"^S(\d+)(?:\.(\d+))?$", lambda m: m[1] + (f".({m[2]})" if m[2] else ""), code)

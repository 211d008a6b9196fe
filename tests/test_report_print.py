"""The report on paper: the PDF (the html page printed by Chromium) and the workbook as LibreOffice
prints it, for the whole shipped appendix with one recorded quarter. A4 landscape, "Trang x/y" on
every page, each program on a page of its own, column headings repeated, one percent style, and
nothing clipped: every title of the appendix is found whole in the text of the printed pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kpi.ledger.load import load_ledger
from tests.test_report_document import kpi, one_quarter, report

pytestmark = pytest.mark.usefixtures("vietnamese")

HEADING = ["TT", "Nội dung", "Tình trạng", "Ghi chú"]  # column headings, each found on every appendix page
HTML_PAGES_BEFORE = 12  # the shipped appendix's html printed on 12 A4 pages before issue 15
# ... and on 13 since issue 30: Decree 30's margins (30 mm left, 15 mm right) narrow its line by 21 mm.
APPENDIX_PAGES = 13


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
    from datetime import date

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


@pytest.mark.browser
def test_the_pdf_prints_a_portrait_body_and_the_whole_appendix_in_landscape(shipped_copy: Path, tmp_path: Path) -> None:
    one_quarter(shipped_copy)
    pages, sizes = printed(report(shipped_copy, tmp_path / "r.pdf", "--as-of", "2018-03-31"))
    appendix = check_document_pages(pages, sizes, shipped_copy)
    assert len(pages) - appendix + 1 <= APPENDIX_PAGES, len(pages)  # the appendix alone


@pytest.mark.browser
def test_no_cell_of_the_printed_page_overflows(shipped_copy: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_report_html import CHROMIUM, CHROMIUM_ARGS

    one_quarter(shipped_copy)
    page_file = report(shipped_copy, tmp_path / "r.html", "--as-of", "2018-03-31")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1123, "height": 794})  # A4 landscape at 96 dpi
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        overflowing = page.evaluate("""[...document.querySelectorAll('td, th, h1, h2, .letterhead div, .closing div')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent.trim().slice(0, 40))""")
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        browser.close()
    assert overflowing == [] and not wide


def libreoffice_pdf(book: Path, out: Path) -> Path:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is not installed: run tests/install-tools (or deselect with -m 'not office')"
    out.mkdir()
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / f"{book.stem}.pdf"


@pytest.mark.office
def test_the_workbook_prints_in_libreoffice_with_nothing_clipped(shipped_copy: Path, tmp_path: Path) -> None:
    one_quarter(shipped_copy)
    book = report(shipped_copy, tmp_path / "r.xlsx", "--as-of", "2018-03-31")
    pages, sizes = printed(libreoffice_pdf(book, tmp_path / "office"))
    check_pages(pages, sizes, shipped_copy, HEADING)
    text = " ".join(pages)
    for words in ("Số: ……/BC-SKHCN", "Nơi nhận:", "Nguyễn Việt Dũng", "hoàn thành ngày 20/03/2018"):
        assert squeezed(words) in squeezed(text), words
    assert kpi(shipped_copy, "check").exit_code == 0

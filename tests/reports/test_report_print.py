"""The report on paper: the PDF (the html page printed by Chromium) and the workbook as LibreOffice
prints it, for the whole shipped appendix with one recorded quarter. A4 landscape, "Trang x/y" on
every page, each program on a page of its own, column headings repeated, one percent style, and
nothing clipped: every title of the appendix is found whole in the text of the printed pages.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import kpi
from tests.support.documents import (
    HEADING,
    check_document_pages,
    check_pages,
    one_quarter,
    printed,
    report,
    squeezed,
)

pytestmark = pytest.mark.usefixtures("vietnamese")

HTML_PAGES_BEFORE = 12  # the shipped appendix's html printed on 12 A4 pages before issue 15
# ... and on 13 since issue 30: Decree 30's margins (30 mm left, 15 mm right) narrow its line by 21 mm.
APPENDIX_PAGES = 13


@pytest.mark.browser
def test_the_pdf_prints_a_portrait_body_and_the_whole_appendix_in_landscape(shipped_copy: Path, tmp_path: Path) -> None:
    one_quarter(shipped_copy)
    pages, sizes = printed(report(shipped_copy, tmp_path / "r.pdf", "--as-of", "2018-03-31"))
    appendix = check_document_pages(pages, sizes, shipped_copy)
    assert len(pages) - appendix + 1 <= APPENDIX_PAGES, len(pages)  # the appendix alone


@pytest.mark.browser
def test_no_cell_of_the_printed_page_overflows(shipped_copy: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

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

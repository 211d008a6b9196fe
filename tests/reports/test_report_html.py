"""`kpi report` as a web page: one self-contained file that shows what `kpi status` computed,
reads on a phone and prints on A4 landscape.

The browser tests render the page in headless Chromium (tests/install-tools installs it).
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kpi.compute.status import compute_status
from kpi.ledger.load import load_ledger
from kpi.reports.html import to_html
from kpi.reports.layout import build_report
from tests.support import MINIMAL_CATALOGUE, kpi
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.documents import Page, as_the_plan_numbers

pytestmark = pytest.mark.usefixtures("vietnamese")  # the reports as shipped: in Vietnamese


DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def write_report(data: Path, out: Path, *args: str, as_of: str = "2018-06-30") -> str:
    kpi(data, "report", "--as-of", as_of, "-o", str(out), *args, expect=0)
    return out.read_text(encoding="utf-8")


def status_measure(data: Path, indicator: str, as_of: str = "2018-06-30") -> dict[str, Any]:
    payload = json.loads(kpi(data, "status", "--as-of", as_of, "--format", "json", expect=0).stdout)
    row = next(r for r in payload["rows"] if r["id"] == indicator)
    return row["measures"][0]  # type: ignore[no-any-return]


def vn(value: float | int) -> str:
    """A count as the plan writes it: 3989 -> 3.989."""
    return f"{int(value):,}".replace(",", ".")


def vn_percent(fraction: float) -> str:
    """A fraction as CLDR writes a Vietnamese percentage: 0.3989 -> 39,89%."""
    return f"{Decimal(str(fraction)) * 100:.2f}%".replace(".", ",")


def row_html(html: str, indicator: str, measure: str | None = None) -> str:
    """The markup of one appendix row, bars and all."""
    attrs = f'data-id="{indicator}"' + (f' data-measure="{measure}"' if measure else "")
    start = html.index(attrs, html.index('<table class="appendix'))
    return html[start : html.index("</tr>", start)]


# ---------------------------------------------------------------- the file itself


@pytest.mark.slow
def test_page_is_one_self_contained_file_with_the_status_figures(shipped_copy: Path, tmp_path: Path) -> None:
    html = write_report(shipped_copy, tmp_path / "report.html")
    # Nothing to fetch: no scripts, stylesheets, images or fonts from anywhere.
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(|@import|<script|<link|<img|<iframe|<object", html, re.IGNORECASE)
    assert "http://" not in html and "https://" not in html
    assert '<html lang="vi">' in html and '<meta charset="utf-8">' in html
    assert "<style>" in html and re.search(r"@page \{\s+size: A4 portrait;", html) and 'name="viewport"' in html
    assert re.search(r"@page appendix \{ size: A4 landscape;", html)
    plan = load_ledger(shipped_copy).catalogue.plan
    # The letterhead writes the issuing body in capitals, as Decree 30/2020/NĐ-CP does, under the
    # governing body that names the city.
    assert plan.number in html and "SỞ KHOA HỌC VÀ CÔNG NGHỆ</div>" in html and plan.title in html
    assert "Số liệu tính đến ngày 30/06/2018" in html
    assert "Thời gian đã qua của giai đoạn 2016–2020: 50,00%" in html
    assert unicodedata.is_normalized("NFC", html)

    page = Page(html)
    for indicator in ("B.1", "B.3", "B.4", "C.3"):
        expected = status_measure(shipped_copy, indicator)
        cells = page.row(indicator)
        assert cells["target"].startswith(vn(expected["target"]) + " ")
        for year in ("2016", "2017"):
            value = expected["actuals"].get(year)
            assert cells[f"actual_{year}"] == (vn(value) if value is not None else "")
        assert cells["percent_of_period"].startswith(vn_percent(expected["percent_of_period"]))
        assert f"{vn(expected['to_date'])} / {vn(expected['target'])} " in cells["percent_of_period"]
    b1 = page.row("B.1")
    assert (b1["percent_of_period"][:6], b1["actual_2016"], b1["actual_2017"]) == ("39,89%", "1.069", "2.920")
    assert "Đạt 3.989 / 10.000 DN" in b1["percent_of_period"]
    # 2018 not reported yet: judged at 31/12/2017, its figures' last day (39,89 % in 40 %): on track.
    assert b1["status"] == "đúng tiến độ" and b1["deadline"] == "Quý IV/2018"


def test_each_bar_is_as_long_as_the_share_achieved_with_a_mark_for_the_time_elapsed(
    shipped_copy: Path, tmp_path: Path
) -> None:
    html = write_report(shipped_copy, tmp_path / "report.html")
    b1 = row_html(html, "B.1")
    assert 'class="fill" x="0" y="3" width="39.89%"' in b1 and 'class="elapsed" x="50.00%"' in b1
    assert 'aria-label="Đạt 39,89% chỉ tiêu cả giai đoạn; thời gian đã qua 50,00%"' in b1
    # 105 managers trained of 60 is 175 %: the text says so, the bar stops at full length.
    managers = row_html(html, "A.9", "managers")
    assert Page(html).row("A.9", "managers")["percent_of_period"].startswith("175,00%")
    assert 'class="fill" x="0" y="3" width="100.00%"' in managers
    # No figure, no bar.
    assert "<svg" not in row_html(html, "B.1.1").split('data-col="percent_of_period"')[1].split("</td>")[0]


@pytest.mark.slow
def test_a_recorded_2018_figure_fills_the_2018_columns(shipped_copy: Path, tmp_path: Path) -> None:
    kpi(shipped_copy, "record", "B.1", "-q", "2018-Q1", "--value", "800", "--no-commit", expect=0)
    expected = status_measure(shipped_copy, "B.1")
    html = write_report(shipped_copy, tmp_path / "report.html")
    b1 = Page(html).row("B.1")
    assert b1["actual_2018"] == vn(expected["plan_actual"]) + " (tạm tính)" == "800 (tạm tính)"  # not approved yet
    assert b1["plan_2018"] == vn(expected["plan"]) == "3.000"
    assert b1["plan_2018_progress"] == vn_percent(expected["plan_progress"]) == "26,67%"
    assert b1["percent_of_period"].startswith(vn_percent(expected["percent_of_period"]))
    assert "Đạt 4.789 / 10.000 DN" in b1["percent_of_period"]
    assert 'width="26.67%"' in row_html(html, "B.1")
    assert 'aria-label="Đạt 26,67% kế hoạch năm 2018"' in row_html(html, "B.1")


def test_the_overdue_list_names_every_late_item(shipped_copy: Path, tmp_path: Path) -> None:
    html = write_report(shipped_copy, tmp_path / "report.html")
    late = json.loads(kpi(shipped_copy, "overdue", "--as-of", "2018-06-30", "-f", "json", expect=0).stdout)["items"]
    assert late, "the shipped data has overdue items at mid-2018"
    listed = Page(html).cells["overdue"]
    assert [key[0] for key in listed] == [item["id"] for item in late]
    names = {o.code: o.name_vi for o in load_ledger(shipped_copy).catalogue.owners}
    for item in late:
        cells = listed[(item["id"], "")]
        # A unit by its name, never its office's code; an item as the plan numbers it (6.(7), not S6.7).
        shown = (cells["owner"], cells["id"], cells["title"])
        assert shown == (names[item["owner"]], as_the_plan_numbers(item["id"]), item["title"])
        assert cells["days_late"] == str(item["days_late"])
    assert (listed[("A.4", "")]["due"], listed[("A.4", "")]["what"]) == ("Quý I/2018", "chưa ghi nhận hoàn thành")


def test_the_chart_counts_every_indicator_of_each_program(shipped_copy: Path, tmp_path: Path) -> None:
    html = write_report(shipped_copy, tmp_path / "report.html", "--program", "B")
    payload = json.loads(kpi(shipped_copy, "status", "--as-of", "2018-06-30", "-f", "json", "-p", "B", expect=0).stdout)
    [summary] = payload["summary"]
    words = {
        "on track": "đúng tiến độ",
        "pending": "chưa đến hạn",
        "at risk": "có nguy cơ chậm tiến độ",
        "behind": "chậm tiến độ",
        "not computable": "không tính được",
        "no data": "chưa báo cáo",
        "done": "hoàn thành",
        "achieved": "đạt chỉ tiêu",
        "moving away": "xa dần chỉ tiêu",
        "overdue": "quá hạn",
    }
    chart = html[html.index('<ol class="chart">') : html.index("</ol>")]
    assert f'aria-label="B: {summary["counts"]["on track"]} đúng tiến độ' in chart
    for status, count in summary["counts"].items():
        assert f"</svg>{count} {words[status]}</span>" in chart
    assert f"Tổng: {sum(summary['counts'].values())}</span>" in chart
    # Shape as well as colour: every status in the legend has its own glyph.
    legend = html[html.index('<ul class="legend"') :]
    legend = legend[: legend.index("</ul>")]
    glyphs = re.findall(r'<svg class="glyph st-([a-z-]+)"[^>]*>(.*?)</svg>', legend)
    assert len(glyphs) == 10 and len({shape for _, shape in glyphs}) == 10


# ---------------------------------------------------------------- escaping, words


def test_text_from_the_catalogue_is_shown_as_text_never_as_markup(minimal_data: Path, tmp_path: Path) -> None:
    catalogue = (
        MINIMAL_CATALOGUE.replace(
            "  title: Kế hoạch năm 2018", "  title: Kế hoạch <script>alert(1)</script> & năm 2018"
        )
        .replace(
            "    title: Đào tạo doanh nghiệp\n",
            "    title: 'Đào tạo <b>doanh nghiệp</b> & \"mới\" <img src=x onerror=alert(1)>'\n",
        )
        .replace("    title: Xây dựng Đề án Sihub", '    title: Đề án <i>Sihub</i> & "SIHUB"')
    )
    (minimal_data / "plan2018.yaml").write_text(catalogue, encoding="utf-8")
    html = write_report(minimal_data, tmp_path / "report.html", as_of="2019-03-31")  # B.8 is late by then
    for markup in ("<b>doanh", "<i>Sihub", "<script>alert", "<img src=x"):
        assert markup not in html
    assert "Đào tạo &lt;b&gt;doanh nghiệp&lt;/b&gt; &amp; &#34;mới&#34; &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Kế hoạch &lt;script&gt;alert(1)&lt;/script&gt; &amp; năm 2018" in html
    page = Page(html)
    assert page.row("B.1")["content"] == 'Đào tạo <b>doanh nghiệp</b> & "mới" <img src=x onerror=alert(1)>'
    assert page.row("B.8", table="overdue")["title"] == 'Đề án <i>Sihub</i> & "SIHUB"'
    # Nothing recorded for 2018 is not 0 and not late: B.1 is not reported, and not in the overdue list.
    assert ("B.1", "") not in page.cells["overdue"]
    assert page.row("B.1")["status"] == "chưa báo cáo"


def test_english_page_has_english_headings_and_numbers(shipped_copy: Path, tmp_path: Path) -> None:
    html = write_report(shipped_copy, tmp_path / "report.html", "--lang", "en")
    assert '<html lang="en">' in html
    page = Page(html)
    assert page.headings == [
        "No.",
        "Content",
        "Target to 2020",
        "Actual 2016",
        "Actual 2017",
        "Actual 2018 (to 2018-06-30)",
        "Share of period target",
        "Plan 2018",
        "Share of 2018 plan",
        "Deadline",
        "Status",
        "Notes",
    ]
    b1 = page.row("B.1")
    assert (b1["actual_2016"], b1["status"], b1["deadline"]) == ("1,069", "on track", "2018-Q4")
    assert b1["percent_of_period"].startswith("39.89%") and "3,989 of 10,000 DN" in b1["percent_of_period"]
    assert (
        "Figures as of 2018-06-30" in html
        and "Implementation of Plan No. 62/KH-SKHCN, the first six months of 2018" in html
    )
    # The plan's own Vietnamese text is marked as Vietnamese, for screen readers and hyphenation.
    assert re.search(r'<td data-col="content" lang="vi">Đào tạo về công cụ', html)


def test_nothing_overdue_is_said_in_words(minimal_data: Path, tmp_path: Path) -> None:
    html = write_report(minimal_data, tmp_path / "report.html")
    assert "Không có nội dung quá hạn." in html and '<table class="overdue' not in html


def test_the_writer_reports_its_progress(minimal_data: Path) -> None:
    ledger = load_ledger(minimal_data)
    report = build_report(ledger, compute_status(ledger, date(2018, 6, 30)))
    steps: list[tuple[str, int, int]] = []
    to_html(report, "vi", lambda what, done, total: steps.append((what, done, total)))
    assert steps[0] == ("html: Chương trình B", 0, 2) and steps[-1][1:] == (2, 2)
    assert [done for _, done, _ in steps] == sorted(done for _, done, _ in steps)


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.fail(
            f"{CHROMIUM} is missing: run tests/install-tools to install Chromium for the browser tests "
            "(or deselect them with -m 'not browser')",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


class Visit:
    """A page opened from a file, with every console complaint, script error and request outside
    the file noted (and such requests refused)."""

    def __init__(self, browser: Any, path: Path, viewport: dict[str, int]) -> None:
        self.problems: list[str] = []
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda message: (
                self.problems.append(f"console {message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on(
            "request",
            lambda request: (
                None if request.url.startswith(("file:", "data:")) else self.problems.append(f"request: {request.url}")
            ),
        )
        self.page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort(),
        )
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def screenshot(self, path: Path) -> tuple[int, int]:
        """A full-page PNG; returns its size in pixels."""
        self.page.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        return width, height

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def shipped_page(shipped_copy: Path, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    write_report(shipped_copy, out)
    return out


@pytest.mark.browser
def test_page_renders_on_a_desktop_without_errors_or_network(
    browser: Any, shipped_page: Path, shipped_copy: Path, tmp_path: Path
) -> None:
    visit = Visit(browser, shipped_page, DESKTOP)
    page = visit.page
    width, height = visit.screenshot(tmp_path / "desktop.png")
    assert width == DESKTOP["width"] and height > 3 * DESKTOP["height"]
    assert (tmp_path / "desktop.png").stat().st_size > 50_000

    assert "Số liệu tính đến ngày 30/06/2018" in page.inner_text("header")
    b1 = page.locator('table.appendix tr[data-id="B.1"]')
    assert b1.is_visible()
    assert "39,89%" in b1.inner_text() and "3.989" in b1.inner_text()
    # The bar is drawn to scale: 39,89% of the track, the elapsed mark at half way.
    track = b1.locator("td[data-col=percent_of_period] rect.track").bounding_box()
    fill = b1.locator("td[data-col=percent_of_period] rect.fill").bounding_box()
    mark = b1.locator("td[data-col=percent_of_period] rect.elapsed").bounding_box()
    assert track and fill and mark
    assert fill["width"] / track["width"] == pytest.approx(0.3989, abs=0.01)
    assert (mark["x"] + mark["width"] / 2 - track["x"]) / track["width"] == pytest.approx(0.5, abs=0.01)

    late = json.loads(kpi(shipped_copy, "overdue", "--as-of", "2018-06-30", "-f", "json", expect=0).stdout)["items"]
    for item in late:
        row = page.locator(f'table.overdue tr[data-id="{item["id"]}"]')
        assert row.is_visible() and as_the_plan_numbers(item["id"]) in row.inner_text()
    # The page needs no horizontal scrolling at a laptop's width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visit.close()
    assert visit.problems == []


@pytest.mark.browser
def test_page_reads_on_a_phone_without_sideways_scrolling(browser: Any, shipped_page: Path, tmp_path: Path) -> None:
    visit = Visit(browser, shipped_page, PHONE)
    page = visit.page
    width, height = visit.screenshot(tmp_path / "phone.png")
    assert width == PHONE["width"] and height > 3 * PHONE["height"]
    assert (tmp_path / "phone.png").stat().st_size > 50_000
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "30/06/2018" in page.inner_text("header")
    figures = page.locator('table.appendix tr[data-id="B.1"] td[data-col="percent_of_period"]')
    assert figures.is_visible() and "39,89%" in figures.inner_text() and "3.989" in figures.inner_text()
    box = figures.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.locator('table.overdue tr[data-id="A.4"]').is_visible()
    # Text stays readable: nothing in the table below 12 px.
    smallest = page.evaluate("""Math.min(...[...document.querySelectorAll('td, th')]
        .filter(cell => cell.offsetParent !== null)
        .map(cell => parseFloat(getComputedStyle(cell).fontSize)))""")
    assert smallest >= 12
    visit.close()
    assert visit.problems == []


@pytest.mark.browser
def test_page_prints_on_a4_landscape_with_the_heading_on_every_page(browser: Any, shipped_page: Path) -> None:
    visit = Visit(browser, shipped_page, DESKTOP)
    page = visit.page
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('table.appendix thead')).display")
        == "table-header-group"
    )
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf)) > 1
    # Left to its own stylesheet (@page), the body is A4 portrait and the appendix A4 landscape.
    own = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = {(round(float(w)), round(float(h))) for w, h in re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", own)}
    assert boxes == {(595, 842), (842, 595)}
    visit.close()
    assert visit.problems == []

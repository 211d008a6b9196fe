"""`kpi site`: the static website the director opens, and `kpi status --since`, which says the same
"what changed" in the terminal.

The browser tests open the site from its folder in headless Chromium (tests/install-tools installs
it) and run axe-core (bundled by the `axe-playwright-python` test dependency) on its pages.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.support import MINIMAL_CATALOGUE, SHIPPED_DATA, git, kpi, use_git_as

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Two more indicators beside the minimal plan's: one a count that will slip, one a deliverable due in Q1.
MOVING = MINIMAL_CATALOGUE.replace(
    "tasks:\n",
    """  - id: B.2
    program: B
    section: I
    tt: '2'
    title: Hỗ trợ dự án đổi mới công nghệ
    owner: QLCN
    kind: cumulative
    deadline: 2018-Q4
    measures:
      - key: projects
        unit: dự án
        target: 1000
        actuals:
          2016: 200
          2017: 180
        plans:
          2018: 200
    source:
      line: 365
      cells:
        target: 1.000 dự án
  - id: B.9
    program: B
    section: I
    tt: '9'
    title: Ban hành quy chế phối hợp
    owner: SHTT
    kind: milestone
    deadline: 2018-Q1
    source:
      line: 380
      cells:
        deadline: Quý I/2018
tasks:
""",
)


def repository(root: Path, data: Path | None = None, catalogue: str | None = None) -> Path:
    """A git repository holding a data folder (a copy of `data`, or one plan), committed."""
    if data is not None:
        shutil.copytree(data, root / "data")
    else:
        (root / "data" / "actuals").mkdir(parents=True)
        (root / "data" / "plan2018.yaml").write_text(catalogue or MINIMAL_CATALOGUE, encoding="utf-8")
    (root / "data" / "actuals").mkdir(exist_ok=True)
    (root / "data" / "actuals" / ".gitignore").write_text(".kpi.lock\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Plan 62 catalogue")
    return root / "data"


@pytest.fixture
def moving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two quarters recorded that move verdicts each way between 31/03/2018 and 30/06/2018:
    B.1 at risk (3.989 of 10.000 at 45 % of the period: pace 0,886) then on track (5.489 at 50 %); B.2 on
    track (420 of 1.000 at 45 %: 0,933) then at risk (still 420 at 50 %: 0,84); B.8 done in Q2; B.9 due in Q1,
    never done."""
    use_git_as(monkeypatch, tmp_path, "Nguyễn Văn An", "an@skhcn.example")
    data = repository(tmp_path / "repo", catalogue=MOVING)
    record = partial(kpi, data, "record")
    record("B.1", "-q", "2018-Q1", "--value", "0", "--by", "Trần Thị Bình", "--commit")
    record("B.2", "-q", "2018-Q1", "--value", "40", "--by", "Trần Thị Bình", "--commit")
    record("B.1", "-q", "2018-Q2", "--value", "1200", "--by", "Trần Thị Bình", "--commit")
    record("B.1", "-q", "2018-Q2", "--value", "1500", "--replace", "--by", "Lê Văn Cường", "--commit")
    record("B.2", "-q", "2018-Q2", "--value", "0", "--by", "Trần Thị Bình", "--commit")
    record("B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-15", "--evidence", "QĐ 12/QĐ-SKHCN", "--commit")
    return data


EXPECTED_CHANGES = {
    ("B.1", "improved", "at risk", "on track"),
    ("B.2", "worsened", "on track", "at risk"),
    ("B.8", "done", "pending", "done"),
    ("B.9", "overdue", "pending", "overdue"),
}


def build(data: Path, out: Path, *args: str, as_of: str = "2018-06-30") -> Path:
    kpi(data, "site", "-o", str(out), "--as-of", as_of, *args, expect=0)
    return out


class Page(HTMLParser):
    """A page's links, and the changes its home page lists (`data-change` lists of `data-id` items)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.changes: set[tuple[str, str]] = set()
        self._change: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))
        if tag == "ul" and found.get("data-change"):
            self._change = found["data-change"]
        if tag == "li" and self._change and found.get("data-id"):
            self.changes.add((str(found["data-id"]), self._change))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._change = None


@pytest.mark.slow
def test_status_since_lists_exactly_the_verdicts_that_moved_and_the_site_shows_the_same(
    moving: Path, tmp_path: Path
) -> None:
    result = kpi(moving, "status", "--since", "2018-03-31", "--as-of", "2018-06-30", "-f", "csv", expect=0)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["id"], r["change"], r["before"], r["after"]) for r in rows} == EXPECTED_CHANGES

    table = kpi(moving, "status", "--since", "2018-03-31", "--as-of", "2018-06-30", expect=0).stdout
    assert "from 2018-03-31 to 2018-06-30" in table
    for line in ("improved", "worsened", "newly overdue", "done or achieved"):
        assert line in table

    site = build(moving, tmp_path / "site")
    home = Page((site / "en" / "index.html").read_text(encoding="utf-8"))
    assert home.changes == {(id_, change) for id_, change, _before, _after in EXPECTED_CHANGES}
    vietnamese = Page((site / "vi" / "index.html").read_text(encoding="utf-8"))
    assert vietnamese.changes == home.changes


def test_status_since_with_a_status_lists_the_changes_from_it_and_to_it(moving: Path) -> None:
    """--status at_risk: B.2 came to at risk, B.1 left it; both are the director's business."""

    def changes(*args: str) -> set[tuple[str, str, str]]:
        result = kpi(moving, "status", "--since", "2018-03-31", "--as-of", "2018-06-30", "-f", "csv", *args, expect=0)
        return {(r["id"], r["before"], r["after"]) for r in csv.DictReader(io.StringIO(result.stdout))}

    assert changes("--status", "at risk") == {("B.1", "at risk", "on track"), ("B.2", "on track", "at risk")}
    assert changes("--status", "pending") == {("B.8", "pending", "done"), ("B.9", "pending", "overdue")}
    assert changes("--status", "done") == {("B.8", "pending", "done")}
    assert changes("--status", "behind") == set()
    help_text = kpi(None, "--lang", "en", "status", "--help", terminal_width=200).output
    assert "from or to that status" in " ".join(help_text.split())


@pytest.mark.slow
def test_status_since_must_come_before_the_reporting_date(moving: Path) -> None:
    result = kpi(moving, "status", "--since", "2018-06-30", "--as-of", "2018-03-31")
    assert result.exit_code == 2
    assert "--since" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_indicator_page_shows_the_figures_over_time_the_arithmetic_and_who_recorded_them(
    moving: Path, tmp_path: Path
) -> None:
    site = build(moving, tmp_path / "site")
    page = (site / "en" / "indicator" / "B.1.html").read_text(encoding="utf-8")
    # The title as the source prints it, the owner, the source cells.
    assert "Đào tạo doanh nghiệp" in page and "Technology Office" in page and "10.000 DN" in page
    # Cumulative: 1.069, 3.989 at the ends of 2016 and 2017, then 3.989 and 5.489 after Q1 and Q2 of 2018.
    table = re.search(r'<table class="chart-table">.*?</table>', page, re.S)
    assert table is not None
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table.group(0))
    assert cells[4:6] == ["2016", "1,069"] and cells[8:10] == ["2017", "3,989"]  # four columns a row
    assert cells[12:14] == ["2018-Q1", "3,989"] and cells[16:18] == ["2018-Q2", "5,489"]
    # The chart draws those four points, and the path to the target and the 2018 plan.
    chart = re.search(r'<svg class="trend".*?</svg>', page, re.S)
    assert chart is not None
    assert chart.group(0).count('<circle class="point') == 4
    assert 'class="target-path"' in chart.group(0) and 'class="plan"' in chart.group(0)
    # The arithmetic in words, the verdict at each quarter's end, the audit trail: who, old -> new.
    assert "5,489 / 10,000 = 54.89%" in page
    assert re.search(r"2018-Q1</th><td>.*?at risk", page) and re.search(r"2018-Q2</th><td>.*?on track", page)
    assert "Lê Văn Cường" in page and "1,200 → 1,500" in page
    assert "<td>Enterprises trained</td>" in page  # the recording's measure by its label, not its key


REVISED = """\
        revisions:
          - previous: 300
            target: 400
            effective: 2018-07-01
            decision: 123/QĐ-UBND
            decided: 2018-06-20
"""


def test_a_revised_target_bends_the_path_to_it_from_the_day_it_takes_effect(shipped_copy: Path, tmp_path: Path) -> None:
    """The shipped plan carries no revision (its errata correct titles, not targets): B.3's 300 projects
    by 2020 is raised to 400 from 01/07/2018. The path runs from 0 (2016) toward 300 until the start of
    2018-Q3, where it stands at 300 x 10/20 = 150, then on to 400 at the end of 2020; the revision is
    marked where the path bends."""
    plan = shipped_copy / "plan2018.yaml"
    text = plan.read_text(encoding="utf-8")
    anchor = "        unit: dự án\n        target: 300\n"
    assert text.count(anchor) == 1
    plan.write_text(text.replace(anchor, anchor + REVISED), encoding="utf-8")
    assert kpi(shipped_copy, "check").exit_code == 0
    for quarter, figure in (("2018-Q2", "20"), ("2018-Q3", "30")):
        kpi(shipped_copy, "record", "B.3", "-q", quarter, "--value", figure, "--no-commit", expect=0)
    site = build(shipped_copy, tmp_path / "site", as_of="2018-09-30")
    page = (site / "vi" / "indicator" / "B.3.html").read_text(encoding="utf-8")
    chart = re.search(r'<svg class="trend".*?</svg>', page, re.S)
    assert chart is not None
    svg = chart.group(0)
    ticks = {
        t: float(y) - 4
        for y, t in re.findall(r'<text class="tick" x="[\d.]+" y="([\d.]+)" text-anchor="end">([^<]+)<', svg)
    }
    zero, top = ticks["0"], ticks["400"]

    def value(y: str) -> float:
        return (zero - float(y)) / (zero - top) * 400

    lines = re.findall(r'<line class="target-path" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/>', svg)
    assert len(lines) == 2, lines  # bent once
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = lines
    assert (ax2, ay2) == (bx1, by1) and float(ax1) < float(ax2) < float(bx2)  # one path, unbroken, left to right
    assert round(value(ay1)) == 0 and round(value(ay2)) == 150 and round(value(by2)) == 400
    [mark] = re.findall(r'<g class="revision"><title>([^<]*)</title><line x1="([\d.]+)"', svg)
    assert mark[1] == ax2  # marked where it bends
    assert "300 → 400" in mark[0] and "123/QĐ-UBND" in mark[0] and "01/07/2018" in mark[0]
    # The same path in the chart's table (its text equivalent), where it stands at each figure.
    rows = dict(
        re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">[^<]*</td><td class="num">([^<]*)</td>', page)
    )
    assert rows["2017"] == "120" and rows["Quý II/2018"] == "150"  # 300 x 8/20, then 300 x 10/20
    assert rows["Quý III/2018"] == "175"  # 150 + (400 - 150) x 1/10: the revised path
    # The revision in words, on the page: the measure by its label in the page's language.
    assert "Dự án nghiên cứu phát triển, đổi mới công nghệ và sản phẩm được hỗ trợ: 300 → 400" in page
    assert "vi=&#39;" not in page and "en=&#39;" not in page


@pytest.mark.slow
def test_an_indicator_pages_notes_and_reading_are_in_the_pages_language(tmp_path: Path) -> None:
    """The catalogue keeps its notes in both languages ({vi, en}): each page shows its own."""
    site = build(SHIPPED_DATA, tmp_path / "site")
    vi = (site / "vi" / "indicator" / "A.10.1.html").read_text(encoding="utf-8")
    en = (site / "en" / "indicator" / "A.10.1.html").read_text(encoding="utf-8")
    assert "lấy từ tên dòng và nhiệm vụ T1.10." in vi and "title and task T1.10" not in vi
    assert "title and task T1.10." in en and "lấy từ tên dòng" not in en
    for page in (site / "vi" / "indicator").glob("*.html"):
        assert "vi=&#39;" not in page.read_text(encoding="utf-8"), page.name
    # What a unit owes, by the measure's label in the page's language, never its key.
    owes = (site / "vi" / "unit" / "QLCN.html").read_text(encoding="utf-8")
    assert ">B.9</a></td><td>Giảng viên, giáo viên được đào tạo</td>" in owes
    assert "<td>teachers</td>" not in owes and "<td>firms</td>" not in owes


@pytest.mark.slow
def test_a_site_is_not_written_over_a_folder_that_holds_something(moving: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    result = kpi(moving, "site", "-o", str(target))
    assert result.exit_code == 2 and "--force" in result.output
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    kpi(moving, "site", "-o", str(target), "--force", expect=0)
    assert not (target / "mine.txt").exists() and (target / "index.html").is_file()
    assert not list(tmp_path.glob(".site.*"))  # nothing left beside it


@pytest.mark.slow
def test_every_internal_link_of_the_shipped_site_resolves(tmp_path: Path) -> None:
    site = build(SHIPPED_DATA, tmp_path / "site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200
    for page in pages:
        for link in Page(page.read_text(encoding="utf-8")).links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page}: {link} leaves the folder"
            if parts.path:
                assert (page.parent / unquote(parts.path)).resolve().is_file(), f"{page}: {link} is broken"


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run tests/install-tools (or deselect with -m 'not browser')", pytrace=False
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped plan in git, with two quarters of B.3 recorded (one corrected), as a site."""
    root = tmp_path_factory.mktemp("shipped")
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_git_as(monkeypatch, root, "Nguyễn Văn An", "an@skhcn.example")
        data = repository(root / "repo", SHIPPED_DATA)
        kpi(data, "record", "B.3", "-q", "2018-Q1", "--value", "30", "--by", "Trần Thị Bình", "--commit", expect=0)
        kpi(data, "record", "B.3", "-q", "2018-Q2", "--value", "40", "--by", "Trần Thị Bình", "--commit", expect=0)
        kpi(
            data,
            "record",
            "B.3",
            "-q",
            "2018-Q2",
            "--value",
            "45",
            "--replace",
            "--by",
            "Lê Văn Cường",
            "--commit",
            expect=0,
        )
        return build(data, root / "site", "--lang", "vi")  # the root page opens the Vietnamese pages


class Visit:
    """Pages opened in one browser context, with every console complaint, script error and request
    outside the site's folder noted (and such requests refused)."""

    def __init__(self, browser: Any, allowed: str, viewport: dict[str, int] = DESKTOP) -> None:
        self.problems: list[str] = []
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        inside = lambda url: url.startswith(allowed)  # noqa: E731
        self.page.on("request", lambda r: None if inside(r.url) else self.problems.append(f"request: {r.url}"))
        self.page.route("**/*", lambda route: route.continue_() if inside(route.request.url) else route.abort())

    def open(self, url: str) -> Any:
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        assert response is None or response.ok, url
        return self.page

    def close(self) -> None:
        self.context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it stands."""
    from importlib.resources import files

    page.add_script_tag(content=(files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [{"id": v["id"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]} for v in result["violations"]]


@pytest.mark.browser
def test_every_page_loads_without_a_console_error_or_a_request_outside_the_folder(
    browser: Any, shipped_site: Path
) -> None:
    visit = Visit(browser, shipped_site.as_uri() + "/")
    pages = sorted(shipped_site.rglob("*.html"))
    for path in pages:
        visit.open(path.as_uri())
    visit.close()
    assert visit.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_axe_finds_no_wcag_21_aa_violation(browser: Any, shipped_site: Path, lang: str) -> None:
    visit = Visit(browser, shipped_site.as_uri() + "/")
    found = {}
    for name in ("index.html", "program/B.html", "unit/QLCN.html", "indicator/B.3.html", "search.html"):
        page = visit.open((shipped_site / lang / name).as_uri())
        found[name] = axe_violations(page)
    visit.close()
    assert found == {name: [] for name in found}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_indicator_page_shows_its_chart_at_phone_and_desktop_width(
    browser: Any, shipped_site: Path, viewport: dict[str, int], tmp_path: Path
) -> None:
    visit = Visit(browser, shipped_site.as_uri() + "/", viewport)
    page = visit.open((shipped_site / "vi" / "indicator" / "B.3.html").as_uri())
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    chart = page.locator("svg.trend").first
    box = chart.bounding_box()
    assert box is not None and 0.5 * min(viewport["width"], 700) < box["width"] <= viewport["width"]
    assert box["height"] > 100
    # 2016, 2017, then Q1 and Q2 of 2018: four dots on one line, the path to the target and the plan.
    assert chart.locator("circle.point").count() == 4
    for part in ("polyline.actual", "line.target-path", "line.plan"):
        assert chart.locator(part).first.is_visible(), part
    dots = [chart.locator("circle.point").nth(i).bounding_box() for i in range(4)]
    assert all(d is not None for d in dots)
    xs = [d["x"] for d in dots if d is not None]
    assert xs == sorted(xs) and len(set(xs)) == 4  # left to right, in time order
    # Its text equivalent: the table under it, one row per figure (and the 2018 plan).
    assert page.locator("table.chart-table tbody tr").count() >= 4
    assert "Quý II/2018" in page.locator("table.chart-table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visit.close()
    assert visit.problems == []


@pytest.mark.browser
def test_the_readmes_picture_of_an_indicator_page_shows_labels_and_names_never_keys_or_codes(
    browser: Any, shipped_site: Path, tmp_path: Path
) -> None:
    """scripts/site_screenshot.py takes docs/site-indicator.png; here it shoots the same page and reads the
    text the picture holds: the measure by its label, the unit by its name."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_screenshot", Path("scripts/site_screenshot.py").resolve())
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    shown = script.shoot(browser, shipped_site / "vi" / "indicator" / "B.3.html", tmp_path / "shot.png")
    assert "Dự án nghiên cứu phát triển, đổi mới công nghệ và sản phẩm được hỗ trợ" in shown
    assert "Phòng Quản lý Công nghệ và Thị trường công nghệ" in shown and "lộ trình đến chỉ tiêu" in shown
    assert "projects" not in shown and "QLCN" not in shown, shown
    assert (tmp_path / "shot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_search_finds_titles_without_diacritics_from_the_folder_and_from_a_web_server(
    browser: Any, shipped_site: Path
) -> None:
    visit = Visit(browser, shipped_site.as_uri() + "/")
    page = visit.open((shipped_site / "vi" / "index.html").as_uri())
    page.fill("#q", "nghien cuu phat trien")
    with page.expect_navigation(wait_until="load"):
        page.click("form.find button")
    hits = page.locator("#hits a").all_inner_texts()
    assert "B.3" in hits
    with page.expect_navigation(wait_until="load"):
        page.locator("#hits a", has_text="B.3").first.click()
    assert page.url.endswith("/vi/indicator/B.3.html")
    visit.close()
    assert visit.problems == []

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(shipped_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        served = Visit(browser, base)
        page = served.open(base)  # the root sends the reader to the run's language
        page.wait_for_url(base + "vi/index.html")
        page = served.open(base + "en/search.html?q=B.3")
        assert "B.3" in page.locator("#hits").inner_text()
        with page.expect_navigation(wait_until="load"):
            page.click("nav.switch a[hreflang=vi]")
        assert page.url.startswith(base + "vi/search.html")
        served.close()
        assert served.problems == []
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_search_results_say_the_language_of_their_titles_and_axe_finds_no_violation(
    browser: Any, shipped_site: Path, lang: str
) -> None:
    """The plan's titles are Vietnamese: on the English site each hit's title carries lang="vi" (a screen
    reader reads it as Vietnamese); its status word is the page's language; on the Vietnamese site the
    page's own lang covers both."""
    visit = Visit(browser, shipped_site.as_uri() + "/")
    page = visit.open((shipped_site / lang / "search.html").as_uri() + "?q=nghien+cuu")
    hits = page.locator("#hits li")
    assert hits.count() >= 2
    for n in range(hits.count()):
        hit = hits.nth(n)
        title = hit.locator("span").first
        assert title.evaluate("e => e.closest('[lang]').lang") == "vi", hit.inner_text()
        assert hit.evaluate("e => e.closest('[lang]').lang") == lang  # the ID and the status word
        status = hit.inner_text().rsplit("(", 1)[1].rstrip(")")
        assert status.isascii() == (lang == "en"), status  # "on track" / "đúng tiến độ"
    assert (hits.first.locator("span").first.get_attribute("lang") is not None) == (lang == "en")
    assert visit.problems == []
    assert axe_violations(page) == []  # (axe reads the stylesheets itself, which a file:// page refuses it)
    visit.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the name the base class gives it
        pass


@pytest.mark.browser
def test_the_site_prints_without_its_search_and_language_switch(browser: Any, shipped_site: Path) -> None:
    visit = Visit(browser, shipped_site.as_uri() + "/")
    page = visit.open((shipped_site / "vi" / "indicator" / "B.3.html").as_uri())
    page.emulate_media(media="print")
    assert not page.locator("form.find").is_visible() and not page.locator("nav.switch").is_visible()
    assert page.locator("svg.trend").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-"
    visit.close()


# ---------------------------------------------------------------- charts in the spreadsheet


@pytest.mark.slow
def test_the_xlsx_report_charts_status_by_program_and_each_lines_figures_by_year(tmp_path: Path) -> None:
    import zipfile

    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    kpi(SHIPPED_DATA, "report", "--as-of", "2018-06-30", "-o", str(out), expect=0)
    workbook = load_workbook(out)
    summary = workbook.worksheets[0]
    with zipfile.ZipFile(out) as parts:
        charts = [parts.read(n).decode() for n in parts.namelist() if n.startswith("xl/charts/chart")]
    bars = [c for c in charts if '<barDir val="bar"/><grouping val="stacked"/>' in c]
    assert len(bars) == 1
    # One bar per program, read from the summary's table: its first and last program rows.
    first = next(c.row for c in summary["A"] if isinstance(c.value, str) and c.value.startswith("A –"))
    last = next(
        c.row for c in summary["A"] if isinstance(c.value, str) and c.value.startswith("6 –")
    )  # section 6 of part II
    assert f"$A${first}:$A${last}" in bars[0] and f"$B${first}:$B${last}" in bars[0]
    # B.1's yearly figures (2016, 2017, 2018 to date) in a line chart of their own, from its row on sheet B.
    sheet = workbook["B"]
    ids = {c.value: c.row for c in sheet[get_letter(sheet)] if c.value}
    row = ids["B.1"]
    lines = [c for c in charts if "<lineChart>" in c and f"'B'!$D${row}:$F${row}" in c]
    assert len(lines) == 1 and "B.1 (DN)" in lines[0]
    # A line of several measures is titled by its measure's label in the report's language, never its key.
    titles = [t for c in charts for t in re.findall(r"<a:t>(B\.1\.1 [^<]*)</a:t>", c)]
    assert titles == ["B.1.1 Enterprises of the 4 key industries trained (DN)"]  # not "B.1.1 firms (DN)"


def get_letter(sheet: Any) -> str:
    """The letter of a program sheet's last column, which holds the indicator IDs."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(sheet.max_column)

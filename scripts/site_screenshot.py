"""Retake docs/site-indicator.png, the README's picture of an indicator page of `kpi site`.

    python scripts/site_screenshot.py            # rewrite docs/site-indicator.png
    python scripts/site_screenshot.py OUT.png    # write it elsewhere

The shipped plan is copied into a fresh git repository, two quarters of B.3 are recorded (Q1: 30;
Q2: 40, then corrected to 45), the site is built in Vietnamese at 30/06/2018, and B.3's page is shot
in Chromium (/usr/bin/chromium, as the tests use) from its breadcrumbs to the end of its chart's legend.
tests/reports/test_site.py shoots the same page with `shoot` and reads what the picture shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PICTURE = REPO / "docs" / "site-indicator.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTH = 780  # the README's column: the page's layout at a laptop's half screen


def shoot(browser: Any, page_file: Path, out: Path) -> str:
    """Screenshot `page_file` from its breadcrumbs to the end of the first chart's legend into `out`;
    return the text the picture shows (the page's text between the two), for a test to read."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        legend = page.locator("ul.chart-legend").first.bounding_box()
        crumbs = page.locator("p.crumbs").first.bounding_box()
        assert legend is not None and crumbs is not None, "the page has no chart legend"
        top, bottom = max(crumbs["y"] - 12, 0), legend["y"] + legend["height"] + 12
        clip = {"x": 0, "y": top, "width": WIDTH, "height": bottom - top}
        page.screenshot(path=str(out), clip=clip, full_page=True)
        shown: str = page.evaluate(
            """([top, bottom]) => {
                const main = document.querySelector("main") || document.body;
                const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
                const seen = [];
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    const range = document.createRange();
                    range.selectNodeContents(node);
                    const box = range.getBoundingClientRect();
                    const parent = node.parentElement;
                    const hidden = parent && (parent.closest("title, script, style") || getComputedStyle(parent).visibility === "hidden");
                    if (!hidden && box.height > 0 && box.top < bottom && box.bottom > top && node.textContent.trim()) {
                        seen.push(node.textContent.trim());
                    }
                }
                return seen.join(" ");
            }""",
            [top, bottom],
        )
        return shown
    finally:
        context.close()


def build_site(work: Path) -> Path:
    """The shipped plan in git with B.3's two quarters, as a Vietnamese site; returns the site folder."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(work / "gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"], env[f"GIT_{role}_EMAIL"] = "Nguyễn Văn An", "an@skhcn.example"
    root = work / "repo"
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns(".kpi-cache", ".kpi.lock"))
    (root / "data" / "actuals").mkdir(exist_ok=True)

    def run(*command: str) -> None:
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)

    run("git", "init", "--quiet", "--initial-branch=main")
    run("git", "add", "--all")
    run("git", "commit", "--quiet", "--message", "Plan 62 catalogue")
    kpi = [sys.executable, "-m", "kpi", "--data", str(root / "data")]
    for quarter, value, extra in (("2018-Q1", "30", []), ("2018-Q2", "40", []), ("2018-Q2", "45", ["--replace"])):
        run(*kpi, "record", "B.3", "-q", quarter, "--value", value, "--by", "Trần Thị Bình", "--commit", *extra)
    run(*kpi, "site", "-o", str(work / "site"), "--as-of", "2018-06-30", "--lang", "vi")
    return work / "site"


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        site = build_site(Path(folder))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            shoot(browser, site / "vi" / "indicator" / "B.3.html", out)
        finally:
            browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PICTURE)

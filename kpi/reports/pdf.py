"""The report as PDF: the html page printed by headless Chromium (or Chrome), the engine the
html report is tested in, so the PDF is exactly what printing the page from a browser gives:
A4 landscape, "Trang x/y" at the foot of each page, each program on a page of its own.

Chromium over WeasyPrint: no new Python dependency (WeasyPrint needs pango and its own CSS
engine, which would print the page differently from the browsers it is read in), and Chromium
is kept up to date by every Linux distribution. `KPI_CHROMIUM` names the browser when it is not
on PATH under one of its usual names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.errors import KpiError, UsageError
from kpi.i18n import _
from kpi.reports.html import to_html

if TYPE_CHECKING:
    from kpi.reports.layout import AppendixReport
    from kpi.reports.progress import Step

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT = 120  # seconds: the whole shipped appendix prints in about two


class PrintFailed(KpiError):
    """The browser ran but gave no PDF."""


def find_browser() -> str:
    """The browser that prints: `KPI_CHROMIUM`, else the first of the usual names on PATH."""
    named = os.environ.get("KPI_CHROMIUM")
    if named:
        found = shutil.which(named)
        if found is None:
            raise UsageError(
                _("KPI_CHROMIUM is {path}, which is not a program to run; point it at Chromium or Chrome").format(
                    path=named
                )
            )
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found is not None:
            return found
    raise UsageError(
        _(
            "a PDF report is printed by Chromium (or Google Chrome), which is not installed: install it "
            "(Debian and Ubuntu: apt-get install chromium) or set KPI_CHROMIUM to its path; or write -o report.html "
            "and print it from a browser"
        )
    )


def to_pdf(report: AppendixReport, lang: str, step: Step | None = None) -> bytes:
    browser = find_browser()  # before the work, not after it
    page = to_html(report, lang, step)
    if step is not None:
        step("pdf", 0, 1)
    with tempfile.TemporaryDirectory(prefix="kpi-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            f"--user-data-dir={Path(folder) / 'profile'}",  # never the user's own profile, nor its lock
            "--no-pdf-header-footer",  # the page's own footer says "Trang x/y"; no date or file name
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PrintFailed(
                _("{browser} did not print the report within {seconds} seconds").format(
                    browser=browser, seconds=TIMEOUT
                )
            ) from None
        except OSError as exc:
            raise PrintFailed(_("cannot run {browser}: {reason}").format(browser=browser, reason=exc)) from None
        data = target.read_bytes() if target.is_file() else b""
    if not data.startswith(b"%PDF"):
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PrintFailed(
            _("{browser} printed no PDF (exit {code}): {said}").format(
                browser=browser, code=done.returncode, said=said[-1] if said else "-"
            )
        )
    if step is not None:
        step("pdf", 1, 1)
    return data

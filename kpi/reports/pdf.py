"""The report as PDF: the html page printed by headless Chromium (or Chrome), the engine the
html report is tested in, so the PDF is exactly what printing the page from a browser gives:
A4 landscape, "Trang x/y" at the foot of each page, each program on a page of its own.

Chromium over WeasyPrint: no new Python dependency (WeasyPrint needs pango and its own CSS
engine, which would print the page differently from the browsers it is read in), and Chromium
is kept up to date by every Linux distribution; on Windows, Microsoft Edge (the same engine) is
part of the system. `KPI_CHROMIUM` names the browser; else its usual names on PATH; else where
each system installs Chrome, Edge and Chromium (`kpi.files.platform.browser_candidates`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.errors import KpiError, UsageError
from kpi.files.platform import BROWSER_NAMES, browser_candidates, browser_install_advice
from kpi.i18n import _
from kpi.reports.html import to_html

if TYPE_CHECKING:
    from kpi.reports.layout import AppendixReport
    from kpi.reports.progress import Step

TIMEOUT = 120  # seconds: the whole shipped appendix prints in about two


class PrintFailed(KpiError):
    """The browser ran but gave no PDF."""


def find_browser() -> str:
    """The browser that prints: `KPI_CHROMIUM`, else the first of the usual names on PATH, else the
    first found where the system installs it (Program Files and LOCALAPPDATA on Windows)."""
    named = os.environ.get("KPI_CHROMIUM")
    if named:
        found = shutil.which(named)
        if found is None:
            raise UsageError(
                _("KPI_CHROMIUM is {path}, which is not a program to run; point it at Chromium, Chrome or Edge").format(
                    path=named
                )
            )
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    for candidate in browser_candidates():
        if candidate.is_file():
            return str(candidate)
    raise UsageError(
        _(
            "a PDF report is printed by Chromium, Google Chrome or Microsoft Edge, and none was found: {install}, "
            "or set KPI_CHROMIUM to its path; or write -o report.html and print it from a browser"
        ).format(install=browser_install_advice())
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

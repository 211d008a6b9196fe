"""`kpi check`: read the files named (or the whole data folder), run every check of the registry,
and report every finding at once, sorted by file, line and column."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

from kpi.compute.checks.registry import CHECKS
from kpi.compute.checks.run import CheckReport, CheckRun
from kpi.compute.checks.runner_support import (
    expand,
    kind_by_place,
    looks_like_actuals,
    looks_like_settings,
    quiet_catalogues,
)
from kpi.errors import Finding, Location, Severity
from kpi.files.bulk import collector_paused
from kpi.files.catalogue import catalogue_from_document
from kpi.files.datadir import SETTINGS_FILE, actuals_files, plan_files
from kpi.files.inputs import InputKind
from kpi.i18n import _, ngettext


def check(data_dir: Path, paths: list[Path] | None = None, today: date | None = None) -> CheckReport:
    """Check the given files (default: the catalogue and every actuals file under `data_dir`)."""
    with collector_paused():
        run = read_files(data_dir, paths, today)
        for each in CHECKS:
            run.report.findings += each(run)
    report = run.report
    report.findings.sort(key=lambda f: (str(f.location.path), f.location.line or 0, f.location.column or 0))
    return report


def read_files(data_dir: Path, paths: list[Path] | None, today: date | None) -> CheckRun:
    """The files to check, each told apart by its place or its content; the plans and settings read
    (what cannot be read is in the report already), the actuals left for their check to read."""
    run = CheckRun(data_dir, whole_folder=not paths, today=today, report=CheckReport())
    report = run.report
    if paths:
        run.files = expand(paths)
    else:
        settings = data_dir / SETTINGS_FILE
        run.files = [
            *plan_files(data_dir),
            *([settings] if os.path.lexists(settings) else []),
            *actuals_files(data_dir),
        ]
    if not paths and not plan_files(data_dir):
        report.unreadable.append(data_dir)
        report.findings.append(
            Finding(Severity.ERROR, Location(data_dir), "plan", _("no plan<year>.yaml in this folder"))
        )
    for path in run.files:
        report.files.append(path)
        if path.suffix == ".md":  # the office's text of a report: checked after the plans it names
            continue
        kind = kind_by_place(path)
        if kind is InputKind.ACTUALS:
            run.actuals_paths.append(path)  # read after the plans they are checked against
            continue
        # A file elsewhere is read under the largest cap, then checked as what its content says it is.
        document = run.read(path, kind or InputKind.CATALOGUE)
        if document is None:
            continue
        if kind is None and looks_like_actuals(document):
            run.actuals_paths.append(path)
            continue
        if kind is InputKind.SETTINGS or (kind is None and looks_like_settings(document)):
            run.settings.append(document)
            continue
        read = catalogue_from_document(document)
        report.findings += read.findings
        if read.catalogue is not None:
            run.plans.append(read)
    run.catalogues = sorted(
        (read.catalogue for read in run.plans if read.catalogue is not None), key=lambda c: c.plan.year
    )
    if run.actuals_paths and not run.plans:
        run.catalogues = quiet_catalogues(data_dir)
    return run


def summarise(report: CheckReport) -> str:
    counts = Counter(f.severity for f in report.findings)
    files = ngettext("{count} file checked", "{count} files checked", len(report.files)).format(count=len(report.files))
    errors = ngettext("{count} error", "{count} errors", counts[Severity.ERROR]).format(count=counts[Severity.ERROR])
    warnings = ngettext("{count} warning", "{count} warnings", counts[Severity.WARNING]).format(
        count=counts[Severity.WARNING]
    )
    summary = _("{files}: {errors}, {warnings}").format(files=files, errors=errors, warnings=warnings)
    if counts[Severity.NOTE]:
        notes = ngettext("{count} note", "{count} notes", counts[Severity.NOTE]).format(count=counts[Severity.NOTE])
        summary = _("{summary}, {notes}").format(summary=summary, notes=notes)
    return summary

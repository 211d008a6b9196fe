"""The office's texts (narrative/2018-Q2.md): each figure they name, against the plan of their year."""

from __future__ import annotations

from pathlib import Path

from kpi.compute.checks.run import CheckReport, CheckRun
from kpi.compute.checks.runner_support import quiet_catalogues
from kpi.compute.narrative import narrative_findings, period_of
from kpi.errors import DataError, Finding
from kpi.files.narrative import narrative_files, read_narrative
from kpi.ledger.plans import plan_for_year
from kpi.model.models import Catalogue


def narrative_file_findings(paths: list[Path], catalogues: list[Catalogue], report: CheckReport) -> list[Finding]:
    """Each text's names, against the plan of its period (the latest when it names none)."""
    findings: list[Finding] = []
    if paths and not catalogues and not report.errors:
        catalogues = quiet_catalogues(paths[0].parent.parent)
    for path in paths:
        if path not in report.files:
            report.files.append(path)
        try:
            text = read_narrative(path).text
        except DataError as error:
            findings += error.findings
            continue
        period = period_of(path)
        if catalogues:
            year = int(period[:4]) if period else catalogues[-1].plan.year
            findings += narrative_findings(path, text, plan_for_year(catalogues, year))
    return findings


def narrative(run: CheckRun) -> list[Finding]:
    """The office's texts, read against plans that read clean: a plan in error would make every
    name in them look unknown."""
    return narrative_file_findings(
        narrative_files(run.data_dir) if run.whole_folder else [p for p in run.files if p.suffix == ".md"],
        run.catalogues if not run.report.errors else [],
        run.report,
    )

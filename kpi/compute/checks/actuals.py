"""The actuals files: each one's own rules, a figure recorded twice, and the plan's stated years against the quarters."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kpi.compute.checks.run import CheckRun
from kpi.errors import Finding, Location, Severity
from kpi.files.catalogue import (
    CatalogueRead,
    actuals_from_document,
    quarter_of_folder,
)
from kpi.files.inputs import InputKind
from kpi.i18n import _
from kpi.ledger.actuals_rules import check_actuals_file, duplicate_findings
from kpi.ledger.findings import (
    WARNING,
    figure_text,
    measure_path,
)
from kpi.ledger.plans import plan_for_year
from kpi.ledger.rules import effective_kind
from kpi.ledger.year_actuals import from_quarters
from kpi.model.figures import Figure
from kpi.model.quarters import Quarter


def official_versus_quarters(read: CatalogueRead, figures: list[Figure]) -> list[Finding]:
    """A year-end figure the plan states against the same year summed from the recorded quarters:
    the stated one counts, a difference is a warning with both numbers."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    by_measure: dict[tuple[str, str], list[tuple[Quarter, Decimal]]] = {}
    for figure in figures:
        if figure.value is not None and figure.measure is not None:
            by_measure.setdefault((figure.indicator, figure.measure), []).append((figure.quarter, figure.value))
    findings = []
    for indicator in catalogue.indicators:
        for position, measure in enumerate(indicator.measures):
            recorded = by_measure.get((indicator.id, measure.key), [])
            for year, stated in sorted(measure.actuals.items()):
                computed = from_quarters(
                    effective_kind(indicator, measure), measure, [(q, v) for q, v in recorded if q.year == year]
                )
                if computed is None or computed == stated:
                    continue
                findings.append(
                    document.finding(
                        measure_path(read, indicator, position, "actuals", str(year)),
                        _(
                            "the plan states {stated} for {year} but the recorded quarters give {computed}; "
                            "the stated figure counts"
                        ).format(stated=figure_text(stated), year=year, computed=figure_text(computed)),
                        severity=WARNING,
                    )
                )
    return findings


def actuals(run: CheckRun) -> list[Finding]:
    """Each actuals file, read one at a time (a big ledger is never all in memory at once) and checked
    against the plan of its year, then each figure recorded twice. The valid figures are kept in
    `run.figures` for the checks after this one."""
    if not run.actuals_paths:
        return []
    findings: list[Finding] = []
    if not run.catalogues:
        findings.append(
            Finding(
                Severity.ERROR,
                Location(run.data_dir),
                "plan",
                _("no readable plan<year>.yaml, so actuals cannot be checked against it"),
            )
        )
    first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]] = {}
    for path in run.actuals_paths:
        document = run.read(path, InputKind.ACTUALS)
        if document is None:
            continue
        actuals_read = actuals_from_document(document)
        findings += actuals_read.findings
        if run.catalogues:
            quarter = actuals_read.actuals.quarter if actuals_read.actuals else quarter_of_folder(path)
            catalogue = plan_for_year(run.catalogues, quarter.year if quarter else run.catalogues[-1].plan.year)
            checked = check_actuals_file(catalogue, actuals_read, run.today)
            findings += checked.findings
            findings += duplicate_findings(checked, first_seen)
            run.figures += checked.figures
    return findings


def official_years(run: CheckRun) -> list[Finding]:
    """Each plan's stated years against the quarters recorded (`official_versus_quarters`)."""
    return [finding for read in run.plans for finding in official_versus_quarters(read, run.figures)]

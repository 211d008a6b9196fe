"""What only a plan among plans can get wrong: its file's name, its blank plans, its measures' labels."""

from __future__ import annotations

from datetime import date

from kpi.compute.checks.run import CheckRun
from kpi.errors import Finding, Severity
from kpi.files.catalogue import (
    CatalogueRead,
)
from kpi.i18n import _
from kpi.ledger.findings import (
    measure_path,
)
from kpi.ledger.plan_names import plan_name_findings
from kpi.model.models import measure_label


def label_findings(read: CatalogueRead) -> list[Finding]:
    """Every measure without a label (a person reads its name, never its key, in each language).
    An error of `kpi check`: a measure has a name in every language kpi speaks, or the plan is not
    complete (the other commands still run, showing the key where the label lacks)."""
    assert read.catalogue is not None
    findings = []
    for indicator in read.catalogue.indicators:
        for position, measure in enumerate(indicator.measures):
            if measure.label is None:
                findings.append(
                    read.document.finding(
                        measure_path(read, indicator, position, "key"),
                        _(
                            "measure '{key}' has no label: give what it counts as a person reads it, in each "
                            "language (label: {{vi: ..., en: ...}})"
                        ).format(key=measure.key),
                        severity=Severity.ERROR,
                    )
                )
    return findings


def plan_file_findings(read: CatalogueRead, today: date) -> list[Finding]:
    """What only a plan among plans can get wrong: a file named for another year than its own, and
    plan figures still blank once their year has begun (a prepared plan not yet filled in)."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    findings = plan_name_findings(read)
    for indicator in catalogue.indicators:
        if indicator.retired is not None:
            continue
        for position, measure in enumerate(indicator.measures):
            for year, value in measure.plans.items():
                if value is None and today >= date(year, 1, 1):
                    findings.append(
                        document.finding(
                            measure_path(read, indicator, position, "plans", str(year)),
                            _(
                                "the {year} plan of {id} ({measure}) is still blank and the year has begun: fill it in"
                            ).format(year=year, id=indicator.id, measure=measure_label(measure)),
                        )
                    )
    return findings


def labels(run: CheckRun) -> list[Finding]:
    """Each plan's measures without a label (`label_findings`)."""
    return [finding for read in run.plans for finding in label_findings(read)]


def plan_file_rules(run: CheckRun) -> list[Finding]:
    """Each plan's file name and blank plans (`plan_file_findings`)."""
    today = run.today or date.today()
    return [finding for read in run.plans for finding in plan_file_findings(read, today)]

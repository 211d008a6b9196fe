"""What only a plan among plans can get wrong: its file's name, its blank plans, its measures' labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kpi.compute.checks.common import (
    WARNING,
    measure_path,
)
from kpi.compute.checks.run import CheckRun
from kpi.errors import Finding
from kpi.files.catalogue import (
    CatalogueRead,
)
from kpi.files.datadir import (
    PLAN_FILE,
    plan_file_name,
)
from kpi.i18n import _
from kpi.model.models import Catalogue, measure_label


def label_findings(read: CatalogueRead) -> list[Finding]:
    """Every measure without a label (a person reads its name, never its key, in each language).
    A warning of `kpi check` (an error with --strict); the commands still run, showing the key
    where the label lacks."""
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
                        severity=WARNING,
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


def plan_name_findings(read: CatalogueRead) -> list[Finding]:
    """A plan file named for another year than its own (plan2018.yaml copied as plan2019.yaml): its
    figures would stand for the wrong year, so every command refuses it, as `kpi check` does."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    if names_its_year(document.path, catalogue):
        return []
    named = PLAN_FILE.fullmatch(document.path.name)
    assert named is not None
    return [
        document.finding(
            ("plan", "year"),
            _("the file is named for {named} but the plan is for {year}; name it {name}").format(
                named=named["year"], year=catalogue.plan.year, name=plan_file_name(catalogue.plan.year)
            ),
        )
    ]


def names_its_year(path: Path, catalogue: Catalogue) -> bool:
    """Whether a plan file's name agrees with its `year:` (a file not named plan<year>.yaml does)."""
    named = PLAN_FILE.fullmatch(path.name)
    return named is None or int(named["year"]) == catalogue.plan.year


def labels(run: CheckRun) -> list[Finding]:
    """Each plan's measures without a label (`label_findings`)."""
    return [finding for read in run.plans for finding in label_findings(read)]


def plan_file_rules(run: CheckRun) -> list[Finding]:
    """Each plan's file name and blank plans (`plan_file_findings`)."""
    today = run.today or date.today()
    return [finding for read in run.plans for finding in plan_file_findings(read, today)]

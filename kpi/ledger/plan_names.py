"""A plan file named for another year than its own."""

from __future__ import annotations

from pathlib import Path

from kpi.errors import Finding
from kpi.files.catalogue import (
    CatalogueRead,
)
from kpi.files.datadir import (
    PLAN_FILE,
    plan_file_name,
)
from kpi.i18n import _
from kpi.model.models import Catalogue


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

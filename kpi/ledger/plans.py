"""Which yearly plan speaks for a day: the plans follow one another, each in force for its year.

The office receives a plan every year (`plan2018.yaml`, `plan2019.yaml`, ...). A day is reported
against the plan of its year; a day after the last plan against the last plan (its targets still
stand, its year is over), a day before the first against the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from kpi.model.models import Catalogue, Measure, TargetRevision


def plan_for_year(plans: Sequence[Catalogue], year: int) -> Catalogue:
    """The plan for `year`, else the latest one before it, else the first; `plans` oldest first, not empty."""
    earlier = [plan for plan in plans if plan.plan.year <= year]
    return earlier[-1] if earlier else plans[0]


def plan_in_force(plans: Sequence[Catalogue], day: date) -> Catalogue:
    return plan_for_year(plans, day.year)


def target_in_force(measure: Measure, day: date) -> Decimal | None:
    """The period target on `day`: the published one until a revision takes effect."""
    revision = revision_in_force(measure, day)
    return revision.target if revision is not None else measure.target


def revision_in_force(measure: Measure, day: date) -> TargetRevision | None:
    """The latest revision in effect on `day`, if any."""
    in_effect = [revision for revision in measure.revisions if revision.effective <= day]
    return max(in_effect, key=lambda revision: revision.effective, default=None)

"""A year's actual from its quarters, by what the measure counts.

Counts add up over the quarters; a threshold or a percentage is a level, so the latest quarter
gives the year's figure. An official year-end figure, where the plan states one, stands instead
(`kpi check` warns when the two differ).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kpi.model.models import Measure
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind


def is_level(kind: Kind, measure: Measure) -> bool:
    """A level (a threshold, a percentage, a stock kept, a scope) rather than a count that adds up."""
    return kind is Kind.THRESHOLD or measure.unit.lstrip().startswith("%") or measure.quantity in ("stock", "scope")


def from_quarters(kind: Kind, measure: Measure, values: Iterable[tuple[Quarter, Decimal]]) -> Decimal | None:
    """The year's figure from its recorded quarters (any order); None when none is recorded."""
    ordered = sorted(values)
    if not ordered:
        return None
    if is_level(kind, measure):
        return ordered[-1][1]
    return sum((value for _quarter, value in ordered), Decimal(0))

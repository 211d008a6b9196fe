"""A year's actual: the official figure where a plan states one, else worked out from the quarters.

Counts add up over the quarters; a threshold or a percentage is a level, so the latest quarter
gives the year's figure. Each year's figure carries its basis:

- `official`: a plan states it, entered by hand (as the published plan states 2016 and 2017);
- `quarters`: a plan states it, written by `kpi year close` from the recorded quarters;
- `provisional`: worked out from the quarters recorded so far, the year not closed. It follows
  every figure recorded later, and it is marked wherever it is shown.

The plan in force speaks first; a year it does not state may be stated by an earlier plan (a year
is closed into its own plan, `plan2018.yaml` for 2018, while the 2019 plan is in force; a later
plan is not known yet at the reporting date). Of those, a figure entered by hand outranks one
closed from the quarters, and a later plan an earlier one.
`kpi check` warns when an official figure differs from its quarters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from kpi.model.models import Catalogue, Indicator, Measure
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind


class Basis(StrEnum):
    """How a year's actual was obtained."""

    OFFICIAL = "official"
    QUARTERS = "quarters"
    PROVISIONAL = "provisional"


@dataclass(frozen=True)
class OfficialFigure:
    """A year's figure a plan states, with how it was obtained and which plan states it."""

    value: Decimal
    basis: Basis
    plan_year: int


OfficialIndex = Mapping[tuple[str, str], Mapping[int, Sequence[OfficialFigure]]]
"""(indicator, measure) -> year -> the figures the plans state for it, the one that counts first."""


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


def stated_basis(measure: Measure, year: int) -> Basis:
    """How the figure `measure` states for `year` was obtained (a year not marked is official)."""
    return Basis.QUARTERS if measure.actual_basis.get(year) == "quarters" else Basis.OFFICIAL


def official_index(plans: Sequence[Catalogue]) -> dict[tuple[str, str], dict[int, list[OfficialFigure]]]:
    """Every year figure the plans state, by indicator, measure and year, the one that counts first:
    entered by hand before closed from the quarters, a later plan before an earlier one."""
    index: dict[tuple[str, str], dict[int, list[OfficialFigure]]] = {}
    for plan in plans:
        for indicator in plan.indicators:
            for measure in indicator.measures:
                if not measure.actuals:
                    continue
                years = index.setdefault((indicator.id, measure.key), {})
                for year, value in measure.actuals.items():
                    years.setdefault(year, []).append(
                        OfficialFigure(value, stated_basis(measure, year), plan.plan.year)
                    )
    for years in index.values():
        for figures in years.values():
            figures.sort(key=lambda f: (f.basis is not Basis.OFFICIAL, -f.plan_year))
    return index


def official_figure(
    official: OfficialIndex, indicator: str, measure: str, year: int, known_to: int | None = None
) -> OfficialFigure | None:
    """The figure that counts for `year`, of those the plans state; with `known_to`, of the plans up
    to that year's (what the plan in force knows: its own and the earlier plans' figures)."""
    for figure in official.get((indicator, measure), {}).get(year, ()):
        if known_to is None or figure.plan_year <= known_to:
            return figure
    return None


def year_actuals(
    official: OfficialIndex,
    plan_year: int,
    indicator: Indicator,
    measure: Measure,
    kind: Kind,
    quarters: Iterable[tuple[Quarter, Decimal]],
    as_of: date,
) -> tuple[dict[int, Decimal], dict[int, Basis]]:
    """Each year's actual of `measure` (of the plan in force, that of `plan_year`) at `as_of`, with
    its basis: for a year ended by then, the figure the plan in force states, else one an earlier
    plan states (a year closed into its own plan); else from the quarters recorded, provisional."""
    actuals: dict[int, Decimal] = {}
    basis: dict[int, Basis] = {}
    for year, stated in measure.actuals.items():
        if date(year, 12, 31) <= as_of:
            actuals[year], basis[year] = stated, stated_basis(measure, year)
    for year in official.get((indicator.id, measure.key), {}):
        figure = official_figure(official, indicator.id, measure.key, year, plan_year)
        if figure is not None and year not in actuals and date(year, 12, 31) <= as_of:
            actuals[year], basis[year] = figure.value, figure.basis
    by_year: dict[int, list[tuple[Quarter, Decimal]]] = {}
    for quarter, amount in quarters:
        if quarter.year not in actuals:  # a stated figure stands for its year
            by_year.setdefault(quarter.year, []).append((quarter, amount))
    for year, values in by_year.items():
        computed = from_quarters(kind, measure, values)
        if computed is not None:
            actuals[year], basis[year] = computed, Basis.PROVISIONAL
    return dict(sorted(actuals.items())), {year: basis[year] for year in sorted(basis)}


def provisional_years(basis: Mapping[int, str], as_of: date) -> list[int]:
    """The full years (ended by `as_of`) whose actual is still provisional: not closed yet."""
    return [year for year, how in basis.items() if how == Basis.PROVISIONAL and date(year, 12, 31) <= as_of]

"""Who has reported for a quarter: per owner unit, what was expected, what came in, on time or late.

DHIS2's reporting rate and reporting rate on time, per unit. A quarter expects, from each unit:

- a figure for every measure of its indicators that is counted each quarter (cumulative, annual,
  threshold and growth measures; a share of an uncounted population or an activity is not);
- the milestones whose due quarter it is (their deadline, else the plan year's last quarter) and
  that were not done before it.

A figure is on time when it was recorded by the due day, `reporting.due_days` after the quarter
ends (settings; 10 by default); late when recorded after it. The day it was recorded is its
record's `recorded_at`, else (written by hand) the day git's history says its record was
committed (`kpi.compute.history_days`); undated when neither says. What is expected and not
recorded is missing. Rates are of the expected.

The reporting cycle starts with the plan: a quarter of a year before the first plan's (2017-Q4,
before the 2018 plan) expects nothing of the units; the plan itself states that year's actuals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import Field

from kpi.compute.status_rows import Number, Row
from kpi.errors import UsageError
from kpi.i18n import _
from kpi.ledger.load import Ledger
from kpi.ledger.rules import due_quarter, effective_kind
from kpi.model.figures import Figure
from kpi.model.models import Indicator, measure_label
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind

COUNTED_EACH_QUARTER = frozenset((Kind.CUMULATIVE, Kind.ANNUAL, Kind.THRESHOLD, Kind.GROWTH))


class Arrival(StrEnum):
    ON_TIME = "on time"
    LATE = "late"
    UNDATED = "undated"
    MISSING = "missing"


class ExpectedItem(Row):
    indicator: str
    title: str
    measure: str | None = Field(description="The measure's key; None for a milestone")
    label: str | None = Field(
        default=None, description="The measure's name in the run's language; None for a milestone"
    )
    arrival: Arrival
    recorded_on: date | None
    dated_by: Literal["record", "git"] | None = Field(
        description="Where recorded_on comes from: the record's recorded_at, or the git history of a hand-written record"
    )


class OwnerReporting(Row):
    owner: str
    name: str = Field(description="The unit's name in Vietnamese, as the plan gives it")
    name_en: str
    expected: int
    recorded: int
    on_time: int
    late: int
    undated: int
    missing: int
    rate: Number | None = Field(description="recorded / expected; None when nothing is expected")
    on_time_rate: Number | None = Field(description="on_time / expected; None when nothing is expected")
    items: list[ExpectedItem]


class ReportingReport(Row):
    quarter: str
    due: date = Field(description="The day the quarter's figures are due")
    plan_year: int
    before_plan: bool = Field(
        default=False,
        description="The quarter lies before the first plan's year: nothing is expected of the units",
    )
    owners: list[OwnerReporting]


def reporting(
    ledger: Ledger,
    quarter: Quarter,
    owners: list[str] | None = None,
    history: Mapping[tuple[str, str | None], date] | None = None,
) -> ReportingReport:
    """Every owner unit's reporting for `quarter` (or these units'), against the plan of the
    quarter's year; an unknown owner code is a usage error naming the known ones. `history`
    dates the records written by hand: (indicator, measure or None) to the day git says."""
    ledger = ledger.in_force(quarter.last_day)
    known = {owner.code.casefold(): owner.code for owner in ledger.catalogue.owners}
    unknown = [code for code in owners or [] if code.casefold() not in known]
    if unknown:
        raise UsageError(
            _("unknown owner '{code}'; known: {known}").format(code=unknown[0], known=", ".join(sorted(known.values())))
        )
    wanted = {known[code.casefold()] for code in owners or []}
    due = _due_day(quarter, ledger.settings.reporting.due_days)
    if quarter.year < ledger.plans[0].plan.year:  # before the first plan: its own actuals cover that year
        return ReportingReport(
            quarter=str(quarter), due=due, plan_year=ledger.catalogue.plan.year, before_plan=True, owners=[]
        )
    values: dict[tuple[str, str], Figure] = {}
    done: dict[str, Figure] = {}
    for figure in ledger.figures:
        if figure.quarter == quarter and figure.value is not None and figure.measure is not None:
            values[(figure.indicator, figure.measure)] = figure
        if figure.done is not None:
            earliest = done.get(figure.indicator)
            if earliest is None or (earliest.done is not None and figure.done < earliest.done):
                done[figure.indicator] = figure
    by_owner: dict[str, list[ExpectedItem]] = {owner.code: [] for owner in ledger.catalogue.owners}
    plan_year = ledger.catalogue.plan.year

    def titles(indicator: Indicator) -> str:  # as the reports print them: the errata's reading
        return ledger.catalogue.reading(indicator.id, indicator.title)

    for indicator in ledger.catalogue.indicators:
        if indicator.retired is not None:
            continue
        items = by_owner.setdefault(indicator.owner, [])
        if indicator.kind is Kind.MILESTONE:
            if due_quarter(indicator, plan_year) != quarter:
                continue
            finished = done.get(indicator.id)
            if finished is not None and finished.done is not None and finished.done < quarter.first_day:
                continue  # done before the quarter it was due in: nothing more to report
            items.append(_item(indicator.id, titles(indicator), None, finished, due, history))
            continue
        for measure in indicator.measures:
            if effective_kind(indicator, measure) in COUNTED_EACH_QUARTER:
                recorded = values.get((indicator.id, measure.key))
                items.append(
                    _item(indicator.id, titles(indicator), measure.key, recorded, due, history, measure_label(measure))
                )
    names = {owner.code: owner for owner in ledger.catalogue.owners}
    rows = [
        _owner(
            code, names[code].name_vi if code in names else code, names[code].name_en if code in names else code, items
        )
        for code, items in by_owner.items()
        if items and (not wanted or code in wanted)
    ]
    return ReportingReport(quarter=str(quarter), due=due, plan_year=plan_year, owners=rows)


def due_day(quarter: Quarter, days: int) -> date:
    """The day a quarter's figures are due: its last day plus `reporting.due_days`."""
    return _due_day(quarter, days)


def _due_day(quarter: Quarter, days: int) -> date:
    """The quarter's last day plus `days`; the calendar's last day for a quarter at its very end (9999-Q4)."""
    try:
        return quarter.last_day + timedelta(days=days)
    except OverflowError:
        return date.max


def _item(
    indicator: str,
    title: str,
    measure: str | None,
    figure: Figure | None,
    due: date,
    history: Mapping[tuple[str, str | None], date] | None,
    label: str | None = None,
) -> ExpectedItem:
    recorded_on, dated_by = None, None
    if figure is not None and figure.recorded_on is not None:
        recorded_on, dated_by = figure.recorded_on, "record"
    elif figure is not None and history and (indicator, measure) in history:
        recorded_on, dated_by = history[(indicator, measure)], "git"
    if figure is None:
        arrival = Arrival.MISSING
    elif recorded_on is None:
        arrival = Arrival.UNDATED
    else:
        arrival = Arrival.ON_TIME if recorded_on <= due else Arrival.LATE
    return ExpectedItem(
        indicator=indicator,
        title=title,
        measure=measure,
        label=label,
        arrival=arrival,
        recorded_on=recorded_on,
        dated_by=dated_by,
    )


def _owner(code: str, name: str, name_en: str, items: list[ExpectedItem]) -> OwnerReporting:
    counts = {arrival: sum(1 for item in items if item.arrival is arrival) for arrival in Arrival}
    expected = len(items)
    recorded = expected - counts[Arrival.MISSING]
    return OwnerReporting(
        owner=code,
        name=name,
        name_en=name_en,
        expected=expected,
        recorded=recorded,
        on_time=counts[Arrival.ON_TIME],
        late=counts[Arrival.LATE],
        undated=counts[Arrival.UNDATED],
        missing=counts[Arrival.MISSING],
        rate=Decimal(recorded) / expected if expected else None,
        on_time_rate=Decimal(counts[Arrival.ON_TIME]) / expected if expected else None,
        items=items,
    )


class YearReporting(Row):
    """The quarters of a year side by side, for the pattern at a glance."""

    year: int
    quarters: list[ReportingReport]


def reporting_year(
    ledger: Ledger,
    year: int,
    owners: list[str] | None = None,
    history: Callable[[Quarter], Mapping[tuple[str, str | None], date]] | None = None,
) -> YearReporting:
    """Every quarter of `year`, each against the plan in force for it; `history` dates each
    quarter's records written by hand, as `reporting` takes it."""
    quarters = [Quarter(year, number) for number in (1, 2, 3, 4)]
    return YearReporting(
        year=year,
        quarters=[reporting(ledger, quarter, owners, history(quarter) if history else None) for quarter in quarters],
    )

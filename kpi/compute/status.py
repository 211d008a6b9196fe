"""Where each indicator stands at a reporting date: the rows behind status, overdue and show.

Plain functions over the ledger; no printing. Fractions are Decimals between 0 and 1;
a figure that cannot be computed is None and the row says why.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from kpi.compute import cagr
from kpi.compute.asof import ReportingDate, counted_figures, day_text
from kpi.i18n import _, language
from kpi.ledger.load import Ledger
from kpi.ledger.plans import target_in_force
from kpi.ledger.rules import due_quarter
from kpi.ledger.year_actuals import Basis, is_level, year_actuals
from kpi.model.models import Indicator, Measure, StatusThresholds, TrendThresholds, measure_label
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.vocabulary import Kind, Status

Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""Exact in the core; a JSON number on the way out."""


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class MeasureStatus(Row):
    key: str
    label: str = Field(description="The measure's name in the run's language (measure_label)")
    unit: str
    kind: Kind
    target: Number | None = Field(description="The period target in force at the reporting date")
    actuals: dict[int, Number] = Field(
        description="By year: the plan's stated (official) figure where it gives one, else from the quarters"
    )
    actual_basis: dict[int, Basis] = Field(
        default_factory=dict,
        description="By year, how its actual was obtained: official (stated in a plan, entered by hand), quarters "
        "(closed from the four quarters by kpi year close) or provisional (from the quarters recorded so far; "
        "the year is not closed)",
    )
    quarters: dict[str, Number] = Field(description="Recorded quarterly values, by quarter")
    to_date: Number | None = Field(description="Cumulative: sum to the reporting date; otherwise the latest value")
    percent_of_period: Number | None = Field(description="to_date / target, a fraction")
    period_elapsed: Number = Field(
        description="Share of the plan period elapsed, a fraction: at the reporting date, or for a cumulative "
        "measure at `judged_at`, the last day its figures cover"
    )
    pace: Number | None = Field(description="percent_of_period / period_elapsed")
    year_progress: Number | None = Field(description="Annual: the latest full year against the yearly target")
    trend: Number | None = Field(
        default=None, description="Growth, and a level short of its bar: observed compound annual growth rate"
    )
    trend_required: Number | None = Field(
        default=None, description="The compound annual growth rate the target asks for"
    )
    trend_ratio: Number | None = Field(default=None, description="R = trend / |trend_required|, signed by direction")
    plan: Number | None = Field(description="The plan year's planned figure")
    plan_actual: Number | None = Field(description="Recorded for the plan year up to the reporting date")
    plan_progress: Number | None = Field(description="plan_actual / plan, a fraction")
    plan_met: bool | None = Field(
        default=None,
        description="Whether the plan year's figure meets its plan, once that figure reaches the due quarter; "
        "None until it does (a plan not reported is never unmet)",
    )
    judged_at: date | None = Field(
        default=None,
        description="Cumulative: the last day its figures cover, at which its pace is judged (the reporting "
        "date's last ended quarter, or earlier when later quarters are not reported yet)",
    )
    needed_per_quarter: Number | None = Field(description="What each remaining quarter must add to reach target")
    status: Status
    reason: str | None = Field(description="Why a figure is missing or what the status rests on")


class IndicatorStatus(Row):
    id: str
    program: str
    section: str | None
    parent: str | None
    level: int
    title: str
    owner: str
    kind: Kind
    deadline: str | None
    due: str | None = Field(description="Deadline, or the plan year's last quarter when the source gives none")
    due_assumed: bool = Field(default=False, description="The source gives no deadline: `due` is the plan year's end")
    status: Status
    overdue: bool
    days_late: int | None
    done_on: date | None
    reason: str | None
    measures: list[MeasureStatus]


class ProgramSummary(Row):
    program: str
    title: str
    counts: dict[str, int]


class StatusReport(Row):
    as_of: date
    plan_year: int = Field(description="Year of the plan in force at as_of, whose plan figures the rows show")
    reporting_date: ReportingDate | None = Field(default=None, description="Where as_of came from, when known")
    period_elapsed: Number
    rows: list[IndicatorStatus]
    summary: list[ProgramSummary]


class Shortfall(Row):
    """A measure's plan for the plan year, and how much of it was recorded by the reporting date."""

    measure: str
    label: str = Field(description="The measure's name in the run's language (measure_label)")
    actual: Number | None = Field(description="Recorded for the plan year; None when nothing is reported")
    plan: Number


class OverdueItem(Row):
    id: str
    title: str
    owner: str
    due: str
    due_assumed: bool = Field(default=False, description="The source gives no deadline: `due` is the plan year's end")
    days_late: int
    what: str
    unmet: list[Shortfall] = Field(
        default_factory=list, description="Unmet plans of the plan year; empty for a milestone"
    )


class OverdueReport(Row):
    as_of: date
    reporting_date: ReportingDate | None = Field(default=None, description="Where as_of came from, when known")
    items: list[OverdueItem]


class DueSoonItem(Row):
    id: str
    title: str
    owner: str
    due: str
    days_left: int = Field(description="Days from the reporting date to the end of the due quarter")


class DueSoonReport(Row):
    as_of: date
    reporting_date: ReportingDate | None = Field(default=None, description="Where as_of came from, when known")
    quarter: str = Field(description="The quarter of the reporting date")
    items: list[DueSoonItem]


def period_quarters(ledger: Ledger) -> int:
    plan = ledger.catalogue.plan
    return 4 * (plan.period_end - plan.period_start + 1)


def quarters_elapsed(ledger: Ledger, as_of: date) -> int:
    """Quarters of the period that have ended by `as_of` (two years into a five-year period: 8 of 20)."""
    plan = ledger.catalogue.plan
    count = 0
    quarter = Quarter(plan.period_start, 1)
    while quarter.year <= plan.period_end and quarter.last_day <= as_of:
        count += 1
        quarter = quarter.next()
    return count


def compute_status(ledger: Ledger, as_of: date | ReportingDate) -> StatusReport:
    """Every indicator at `as_of`; given a ReportingDate, the report also says where its date came from."""
    when = as_of if isinstance(as_of, ReportingDate) else None
    day = as_of.day if isinstance(as_of, ReportingDate) else as_of
    ledger = ledger.in_force(day)
    clock = _Clock(day, quarters_elapsed(ledger, day), period_quarters(ledger), ledger.catalogue.plan.period_end)
    recorded = _recorded(ledger, day)
    levels = _levels(ledger)
    rows = [
        _indicator_status(ledger, indicator, clock, recorded, levels[indicator.id])
        for indicator in ledger.catalogue.indicators
        if indicator.retired is None  # kept in its plan for the record, no longer tracked
    ]
    return StatusReport(
        as_of=day,
        plan_year=ledger.catalogue.plan.year,
        reporting_date=when,
        period_elapsed=clock.elapsed,
        rows=rows,
        summary=summarise(ledger, rows),
    )


def indicator_row(ledger: Ledger, indicator: Indicator, as_of: date) -> IndicatorStatus:
    """One indicator at `as_of`, retired or not (`kpi show` tells about retired ones too)."""
    ledger = ledger.in_force(as_of)
    clock = _Clock(as_of, quarters_elapsed(ledger, as_of), period_quarters(ledger), ledger.catalogue.plan.period_end)
    return _indicator_status(ledger, indicator, clock, _recorded(ledger, as_of), _levels(ledger)[indicator.id])


def summarise(ledger: Ledger, rows: list[IndicatorStatus]) -> list[ProgramSummary]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[row.program][row.status.value] += 1
    return [
        ProgramSummary(program=p.code, title=p.title_en, counts=dict(counts[p.code]))
        for p in ledger.catalogue.programs
        if p.code in counts
    ]


def compute_overdue(ledger: Ledger, as_of: date | ReportingDate) -> OverdueReport:
    status = compute_status(ledger, as_of)
    return OverdueReport(
        as_of=status.as_of,
        reporting_date=status.reporting_date,
        items=overdue_items(status),
    )


def compute_due_soon(ledger: Ledger, as_of: date | ReportingDate) -> DueSoonReport:
    """Milestones due by the end of the reporting date's quarter and not done yet, soonest first."""
    status = compute_status(ledger, as_of)
    quarter = Quarter.containing(status.as_of)
    items = [
        DueSoonItem(
            id=row.id,
            title=row.title,
            owner=row.owner,
            due=str(quarter),
            days_left=(quarter.last_day - status.as_of).days,
        )
        for row in status.rows
        if row.kind is Kind.MILESTONE and row.status is Status.PENDING and row.due == str(quarter)
    ]
    items.sort(key=lambda item: item.owner)  # within a unit, the plan's order
    return DueSoonReport(as_of=status.as_of, reporting_date=status.reporting_date, quarter=str(quarter), items=items)


def overdue_items(report: StatusReport) -> list[OverdueItem]:
    """The late rows of a status report, by owner, most late first; `what` in the run's language."""
    items = []
    for row in report.rows:
        if not row.overdue or row.days_late is None or row.due is None:
            continue
        unmet = []
        if row.kind is Kind.MILESTONE:
            what = _("not recorded done")
        else:
            unmet = [
                Shortfall(measure=m.key, label=m.label, actual=m.plan_actual, plan=m.plan)
                for m in row.measures
                if m.plan is not None and m.plan_met is False
            ]
            what = _("{year} plan unmet: {shortfalls}").format(
                year=report.plan_year, shortfalls=", ".join(_shortfall_text(s) for s in unmet)
            )
        if row.due_assumed:
            what = f"{what} ({_assumed_deadline(report.plan_year)})"
        items.append(
            OverdueItem(
                id=row.id,
                title=row.title,
                owner=row.owner,
                due=row.due,
                due_assumed=row.due_assumed,
                days_late=row.days_late,
                what=what,
                unmet=unmet,
            )
        )
    # Ties keep the plan's order (A.4 before A.10.5), which sorting by the ID's text would not.
    items.sort(key=lambda item: (item.owner, -item.days_late))
    return items


def _shortfall_text(shortfall: Shortfall) -> str:
    """`firms not reported of 3,000` / `firms 850 of 3,000`, in the run's language."""
    actual = _("not reported") if shortfall.actual is None else _number(shortfall.actual)
    return _("{measure} {actual} of {plan}").format(
        measure=shortfall.label, actual=actual, plan=_number(shortfall.plan)
    )


def _number(value: Decimal | int, places: int | None = None) -> str:
    from kpi.model.numbers import format_number

    return format_number(value, language(), places)


# ---------------------------------------------------------------- per indicator


class _Clock:
    """Where the reporting date stands in the period, worked out once per report."""

    def __init__(self, as_of: date, quarters_elapsed: int, quarters_in_period: int, period_end: int):
        self.as_of = as_of
        self.period_end = period_end
        self.quarters_remaining = quarters_in_period - quarters_elapsed
        self.elapsed = Decimal(quarters_elapsed) / Decimal(quarters_in_period)


class _Recorded:
    """Quarterly values and done dates recorded up to the reporting date."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dict[Quarter, Decimal]] = defaultdict(dict)
        self.done: dict[str, date] = {}


def _recorded(ledger: Ledger, as_of: date) -> _Recorded:
    recorded = _Recorded()
    for figure in counted_figures(ledger.figures, as_of):  # not: a quarter not begun, or done later
        if figure.done is not None:
            previous = recorded.done.get(figure.indicator)
            recorded.done[figure.indicator] = min(previous, figure.done) if previous else figure.done
        elif figure.value is not None and figure.measure is not None:
            recorded.values[(figure.indicator, figure.measure)][figure.quarter] = figure.value
    return recorded


def _levels(ledger: Ledger) -> dict[str, int]:
    parents = {i.id: i.parent for i in ledger.catalogue.indicators}
    levels = {}
    for indicator_id in parents:
        level, parent, seen = 0, parents[indicator_id], {indicator_id}
        while parent and parent in parents and parent not in seen:
            seen.add(parent)
            level, parent = level + 1, parents[parent]
        levels[indicator_id] = level
    return levels


def _indicator_status(
    ledger: Ledger, indicator: Indicator, clock: _Clock, recorded: _Recorded, level: int
) -> IndicatorStatus:
    as_of = clock.as_of
    plan_year = ledger.catalogue.plan.year
    due = due_quarter(indicator, plan_year)
    assumed = indicator.deadline is None
    thresholds = ledger.settings.thresholds
    measures = [_measure_status(ledger, indicator, m, clock, recorded, thresholds, due) for m in indicator.measures]
    done_on = recorded.done.get(indicator.id)
    past_due = due.last_day < as_of
    reason = None
    if indicator.kind is Kind.MILESTONE:
        if done_on is not None:
            status, overdue = Status.DONE, False
            reason = _("done on {day}").format(day=day_text(done_on))
        elif past_due:
            status, overdue = Status.OVERDUE, True
            reason = _("due by the end of {quarter}, not recorded done").format(quarter=quarter_words(due))
        else:
            status, overdue = Status.PENDING, False
            reason = _("due by the end of {quarter}").format(quarter=quarter_words(due))
    else:
        # A plan of the plan year falls due like a milestone, but only a figure that reaches the due
        # quarter can show it unmet: a plan not reported is a reporting gap, never late.
        overdue = past_due and any(m.plan_met is False for m in measures)
        status = Status.OVERDUE if overdue else combine([m.status for m in measures])
        if overdue:
            reason = _("{year} plan due by the end of {quarter} and unmet").format(
                year=plan_year, quarter=quarter_words(due)
            )
        elif not measures:
            reason = _("no quantified target in the source") if indicator.kind is Kind.ACTIVITY else _("no measures")
        elif status is Status.NO_DATA and len(measures) > 1:
            missing = [m.label for m in measures if m.status is Status.NO_DATA]
            reason = _("not reported: {measures}").format(measures="; ".join(missing))
    if assumed and reason is not None and ((indicator.kind is Kind.MILESTONE and done_on is None) or overdue):
        reason = f"{reason} ({_assumed_deadline(plan_year)})"
    days_late = (as_of - due.last_day).days if overdue else None  # from the day after the due quarter ends
    return IndicatorStatus(
        id=indicator.id,
        program=indicator.program,
        section=indicator.section,
        parent=indicator.parent,
        level=level,
        title=ledger.catalogue.reading(
            indicator.id, indicator.title
        ),  # as the errata read it; `show` quotes it verbatim
        owner=indicator.owner,
        kind=indicator.kind,
        deadline=str(indicator.deadline) if indicator.deadline else None,
        due=str(due),
        due_assumed=assumed,
        status=status,
        overdue=overdue,
        days_late=days_late,
        done_on=done_on,
        reason=reason,
        measures=measures,
    )


def _assumed_deadline(plan_year: int) -> str:
    return _("deadline assumed: the source gives none, so the end of the {year} plan year").format(year=plan_year)


# How much each verdict weighs when one row speaks for its measures: the worst one speaks. A measure
# not reported ranks above every good word (a row is not on track, nor done, while part of it is
# unknown) and below every warning (a measure known to be behind is behind whatever the others are).
# `not computable` is left out: it is what the source allows, not a verdict.
_SEVERITY = {
    Status.DONE: 0,
    Status.ACHIEVED: 1,
    Status.ON_TRACK: 2,
    Status.PENDING: 3,
    Status.NO_DATA: 4,
    Status.AT_RISK: 5,
    Status.BEHIND: 6,
    Status.MOVING_AWAY: 7,
    Status.OVERDUE: 8,
}


def combine(statuses: list[Status]) -> Status:
    """A row's status from its measures' (docs/progress.md, "A row from its measures")."""
    judged = [s for s in statuses if s in _SEVERITY]
    if not judged:
        return Status.NOT_COMPUTABLE
    return max(judged, key=lambda s: _SEVERITY[s])


def _by_pace(pace: Decimal, thresholds: StatusThresholds) -> Status:
    if pace >= thresholds.on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if pace >= thresholds.at_risk else Status.BEHIND


class _Years:
    """A measure's figures by year up to the reporting date, and how far they reach.

    A year's figure is the plan's stated (official) one where it gives one, else the recorded
    quarters' (a sum for a flow, the latest for a level). A year is *full* once it has ended and its
    figure covers all of it: stated, or every quarter recorded (a level: its fourth quarter)."""

    def __init__(
        self,
        kind: Kind,
        measure: Measure,
        quarters: list[tuple[Quarter, Decimal]],
        figures: dict[int, Decimal],
        basis: dict[int, Basis],
        as_of: date,
    ):
        self.figures = figures  # by year: stated or closed (official), else provisional from the quarters
        self.full: set[int] = set()
        self.reach: dict[int, int] = {}  # by year: the last quarter its figure covers
        self.reported: dict[int, set[int]] = {}  # by year: the quarters its figure covers
        level = is_level(kind, measure)
        for year in figures:
            if basis.get(year) is not Basis.PROVISIONAL:  # a stated or closed figure covers its whole year
                self.full.add(year)
                self.reach[year], self.reported[year] = 4, {1, 2, 3, 4}
                continue
            numbers = {quarter.number for quarter, _value in quarters if quarter.year == year}
            self.reach[year], self.reported[year] = max(numbers), numbers
            if date(year, 12, 31) <= as_of and (4 in numbers if level else numbers == {1, 2, 3, 4}):
                self.full.add(year)

    @property
    def reaches(self) -> Quarter | None:
        """The last quarter the figures cover, or None when there is none."""
        if not self.reach:
            return None
        year = max(self.reach)
        return Quarter(year, self.reach[year])

    def gap(self, year: int) -> str:
        """Why `year` has no full figure, in the run's language."""
        if year in self.figures:
            return _("{year} reported for {count} of 4 quarters").format(year=year, count=len(self.reported[year]))
        return _("nothing reported for {year}").format(year=year)


def _last_full_year(as_of: date) -> int:
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def _measure_status(
    ledger: Ledger,
    indicator: Indicator,
    measure: Measure,
    clock: _Clock,
    recorded: _Recorded,
    thresholds: StatusThresholds,
    due: Quarter,
) -> MeasureStatus:
    as_of, elapsed = clock.as_of, clock.elapsed
    kind = measure.kind or indicator.kind
    plan_year = ledger.catalogue.plan.year
    period_start = ledger.catalogue.plan.period_start
    trend_thresholds = ledger.settings.trend
    quarters = recorded.values.get((indicator.id, measure.key), {})
    target = target_in_force(measure, as_of)
    planned = measure.plans.get(plan_year)
    in_order = sorted(quarters.items())
    actuals, basis = year_actuals(ledger.official_years, plan_year, indicator, measure, kind, in_order, as_of)
    years = _Years(kind, measure, in_order, actuals, basis, as_of)
    actual_plan_year = actuals.get(plan_year)
    # Nothing reported for the plan year is not progress of 0: it stays None.
    plan_progress = actual_plan_year / planned if planned and actual_plan_year is not None else None
    fields: dict[str, object] = dict(
        key=measure.key,
        label=measure_label(measure),
        unit=measure.unit,
        kind=kind,
        target=target,
        actuals=actuals,
        actual_basis=basis,
        quarters={_quarter_name(q): v for q, v in in_order},
        period_elapsed=elapsed,
        plan=planned,
        plan_actual=actual_plan_year,
        plan_progress=plan_progress,
        plan_met=_plan_met(kind, measure, planned, actual_plan_year, years, plan_year, due),
        percent_of_period=None,
        pace=None,
        year_progress=None,
        needed_per_quarter=None,
    )
    full_year = _last_full_year(as_of)
    stale = full_year >= period_start and full_year not in years.full  # the latest full year has no figure
    latest_year = max(actuals) if actuals else None
    status: Status
    reason: str | None
    if measure.quantity == "scope":
        fields["to_date"] = actuals[latest_year] if latest_year else None
        status, reason = Status.NOT_COMPUTABLE, _("the scope another measure covers, not an output")
    elif measure.quantity == "stock" and kind in (Kind.CUMULATIVE, Kind.ANNUAL):
        fields["to_date"] = actuals[latest_year] if latest_year else None
        status, reason = _stock(measure, target, planned, years, plan_year, as_of, thresholds)
    elif kind is Kind.CUMULATIVE:
        to_date = sum(actuals.values(), Decimal(0)) if actuals else None
        fields["to_date"] = to_date
        if target is None:
            status, reason = _plan_only(planned, plan_progress, years, as_of, plan_year, thresholds)
        elif to_date is None:
            status, reason = Status.NO_DATA, _("no actuals recorded yet")
        else:
            share = to_date / target
            fields["percent_of_period"] = share
            if to_date < target and clock.quarters_remaining > 0:
                fields["needed_per_quarter"] = (target - to_date) / clock.quarters_remaining
            reaches = years.reaches
            assert reaches is not None  # there are figures
            judged_at = min(reaches.last_day, as_of)
            at_elapsed = Decimal(quarters_elapsed(ledger, judged_at)) / Decimal(period_quarters(ledger))
            missing = [y for y in range(period_start, full_year + 1) if y not in years.full]
            if share >= 1:
                status, reason = Status.DONE, _("period target reached")
            elif missing:  # a sum short of a year is no pace: the year is a reporting gap
                status, reason = Status.NO_DATA, years.gap(missing[0])
            elif at_elapsed == 0:
                status, reason = Status.NO_DATA, _("no part of the period has elapsed")
            else:
                fields["judged_at"] = judged_at
                fields["period_elapsed"] = at_elapsed
                pace = share / at_elapsed
                fields["pace"] = pace
                status = _by_pace(pace, thresholds)
                reason = (
                    _("judged on the figures to {day}, the last reported").format(day=day_text(judged_at))
                    if at_elapsed != elapsed
                    else None
                )
    elif kind is Kind.ANNUAL:
        fields["to_date"] = actuals.get(full_year) if full_year in years.full else None
        if target is None:
            status, reason = _plan_only(planned, plan_progress, years, as_of, plan_year, thresholds)
        elif full_year < period_start:
            status, reason = Status.NO_DATA, _("no full year recorded yet")
        elif stale:
            status, reason = Status.NO_DATA, years.gap(full_year)
        else:
            progress = actuals[full_year] / target
            fields["year_progress"] = progress
            status = Status.ACHIEVED if progress >= 1 else _by_pace(progress, thresholds)
            reason = _("annual target: judged on {year}").format(year=full_year)
    elif kind is Kind.THRESHOLD:
        value = actuals[latest_year] if latest_year else None
        fields["to_date"] = value
        reaches = years.reaches
        if target is None:
            status, reason = _plan_level(measure, planned, years, as_of, plan_year)
        elif value is None:
            status, reason = Status.NO_DATA, _("no value recorded yet")
        elif full_year >= period_start and reaches is not None and reaches < Quarter(full_year, 4):
            # A level is its latest reading; one older than the latest full year's end is stale.
            status, reason = Status.NO_DATA, years.gap(full_year)
        elif _meets(measure, value, target):
            status, reason = (
                Status.ACHIEVED,
                _("met: {value} against {bar}").format(value=_number(value), bar=_bar(measure, target)),
            )
        else:
            # Short of the bar: judged by its trend over full years, the rate it moves at against
            # the rate that reaches the bar by the end of the period.
            reason = _("not met: {value} against {bar}").format(value=_number(value), bar=_bar(measure, target))
            full = sorted(years.full)
            ratio = None
            if measure.direction == "within":  # a band has no side to move toward: outside it is behind
                status = Status.BEHIND
            elif len(full) >= 2:
                first, last = full[0], full[-1]
                trend = cagr.observed((first, actuals[first]), (last, actuals[last]))
                needed = cagr.required_to_reach((first, actuals[first]), target, clock.period_end)
                at_most = measure.direction == "at_most"
                ratio = cagr.ratio(trend, needed, at_most) if trend is not None and needed is not None else None
                if ratio is not None:
                    fields.update(trend=trend, trend_required=needed, trend_ratio=ratio)
            if ratio is not None:
                status = _by_trend(ratio, trend_thresholds)
            elif measure.direction != "within":
                status = Status.NOT_COMPUTABLE
                reason = _("{reason}; a trend needs two full years").format(reason=reason)
    elif kind is Kind.GROWTH:
        full = sorted(years.full)
        fields["to_date"] = actuals.get(full_year) if full_year in years.full else None
        if target is None or target <= 1:
            status, reason = Status.NOT_COMPUTABLE, _("no growth factor in the source")
        elif stale:
            status, reason = Status.NO_DATA, years.gap(full_year)
        elif len(full) < 2:
            status, reason = Status.NO_DATA, _("needs two full years of actuals")
        elif (trend := cagr.observed((full[0], actuals[full[0]]), (full[-1], actuals[full[-1]]))) is None:
            status, reason = Status.NO_DATA, _("needs two full years of actuals")  # nothing to grow from
        else:
            # The target is a factor each year (×2: double): it asks for a yearly rate of factor - 1.
            needed = target - 1
            ratio = cagr.ratio(trend, needed)
            assert ratio is not None  # needed > 0
            fields.update(trend=trend, trend_required=needed, trend_ratio=ratio)
            status = _by_trend(ratio, trend_thresholds)
            reason = _("grew ×{factor} a year from {first} to {latest} against ×{target}").format(
                factor=_number(trend + 1, 2), first=full[0], latest=full[-1], target=_number(target)
            )
    elif kind is Kind.SHARE:
        fields["to_date"] = sum(actuals.values(), Decimal(0)) if actuals and not measure.unit.startswith("%") else None
        status, reason = Status.NOT_COMPUTABLE, _("denominator unknown: the source never counts the population")
    elif kind is Kind.ACTIVITY:
        fields["to_date"] = actuals[latest_year] if latest_year else None
        status, reason = Status.NOT_COMPUTABLE, _("no quantified target in the source")
    else:  # a milestone's measure: progress on its deliverable count, judged by the milestone itself
        fields["to_date"] = sum(actuals.values(), Decimal(0)) if actuals else None
        status, reason = Status.NOT_COMPUTABLE, _("judged as a milestone: done or not")
    fields["status"] = status
    fields["reason"] = reason
    return MeasureStatus.model_validate(fields)


def _meets(measure: Measure, value: Decimal, bar: Decimal) -> bool:
    """A level against its bar, on the side the measure says is good."""
    if measure.direction == "within":
        upper = measure.upper if measure.upper is not None else bar
        return bar <= value <= upper
    return value <= bar if measure.direction == "at_most" else value >= bar


def _bar(measure: Measure, bar: Decimal) -> str:
    if measure.direction == "within":
        upper = measure.upper if measure.upper is not None else bar
        return f"{_number(bar)}–{_number(upper)}"
    return ("≤ " if measure.direction == "at_most" else "≥ ") + _number(bar)


_PLANNED_KINDS = (Kind.CUMULATIVE, Kind.ANNUAL, Kind.THRESHOLD, Kind.GROWTH)


def _plan_met(
    kind: Kind,
    measure: Measure,
    planned: Decimal | None,
    actual: Decimal | None,
    years: _Years,
    plan_year: int,
    due: Quarter,
) -> bool | None:
    """Whether the plan year's figure meets its plan; None until that figure reaches the due quarter
    (the plan year's last quarter at the latest), and for what is not judged against a plan."""
    # A share's percentage of an uncounted population cannot be held to a plan; its counts can.
    counted = kind in _PLANNED_KINDS or (kind is Kind.SHARE and not measure.unit.lstrip().startswith("%"))
    if planned is None or actual is None or not counted or measure.quantity == "scope":
        return None
    needed = due.number if due.year == plan_year else 4
    if is_level(kind, measure):
        return _meets(measure, actual, planned) if years.reach.get(plan_year, 0) >= needed else None
    # A flow's sum shows a plan unmet only when no quarter up to the due one is missing from it.
    if not set(range(1, needed + 1)) <= years.reported.get(plan_year, set()):
        return None
    return actual >= planned


def _by_trend(ratio: Decimal, thresholds: TrendThresholds) -> Status:
    """Open SDG's categories: on track, progress made but acceleration needed (at risk), limited
    progress (behind), deterioration (moving away: R < 0)."""
    if ratio >= thresholds.on_track:
        return Status.ON_TRACK
    if ratio >= thresholds.at_risk:
        return Status.AT_RISK
    return Status.BEHIND if ratio >= 0 else Status.MOVING_AWAY


def _plan_only(
    planned: Decimal | None,
    plan_progress: Decimal | None,
    years: _Years,
    as_of: date,
    plan_year: int,
    thresholds: StatusThresholds,
) -> tuple[Status, str]:
    """No period target: the plan year's figure against the part of that year its figures cover."""
    if planned is None:
        return Status.NO_DATA, _("no period target and no {year} plan").format(year=plan_year)
    if as_of < Quarter(plan_year, 1).last_day:
        return Status.PENDING, _("no period target; judged on the {year} plan once its first quarter ends").format(
            year=plan_year
        )
    if plan_progress is None:
        return Status.NO_DATA, years.gap(plan_year)
    if plan_progress >= 1:
        return Status.DONE, _("{year} plan reached").format(year=plan_year)
    if date(plan_year, 12, 31) <= as_of and plan_year not in years.full:
        return Status.NO_DATA, years.gap(plan_year)  # the year is over: judged on all of it or not at all
    covered = years.reach[plan_year]
    judged_at = Quarter(plan_year, covered).last_day
    return _by_pace(plan_progress / (Decimal(covered) / 4), thresholds), _(
        "no period target; judged on the {year} plan, on the figures to {day}"
    ).format(year=plan_year, day=day_text(judged_at))


def _plan_level(
    measure: Measure, planned: Decimal | None, years: _Years, as_of: date, plan_year: int
) -> tuple[Status, str]:
    """A level with only a plan year's bar: judged on that year's level, once the year has ended."""
    if planned is None:
        return Status.NO_DATA, _("no period target and no {year} plan").format(year=plan_year)
    if date(plan_year, 12, 31) > as_of:
        return Status.PENDING, _("a {year} plan: judged on the level at the end of {year}").format(year=plan_year)
    if plan_year not in years.full:
        return Status.NO_DATA, years.gap(plan_year)
    value = years.figures[plan_year]
    bar = _bar(measure, planned)
    if _meets(measure, value, planned):
        return Status.ACHIEVED, _("met: {value} against {bar}").format(value=_number(value), bar=bar)
    return Status.BEHIND, _("{year} plan not met: {value} against {bar}").format(
        year=plan_year, value=_number(value), bar=bar
    )


def _stock(
    measure: Measure,
    target: Decimal | None,
    planned: Decimal | None,
    years: _Years,
    plan_year: int,
    as_of: date,
    thresholds: StatusThresholds,
) -> tuple[Status, str]:
    """A stock kept each quarter ('Duy trì 200 ...'): its latest level against what is to be kept."""
    bar = target if target is not None else planned
    if bar is None:
        return Status.NO_DATA, _("no period target and no {year} plan").format(year=plan_year)
    reaches = years.reaches
    if reaches is None or (target is None and reaches.year < plan_year):
        if target is None and as_of < Quarter(plan_year, 1).last_day:
            return Status.PENDING, _("kept each quarter: judged once the first quarter of {year} ends").format(
                year=plan_year
            )
        return Status.NO_DATA, years.gap(plan_year if target is None else _last_full_year(as_of))
    value = years.figures[reaches.year]
    ratio = value / bar
    words = _("kept each quarter: {value} on {day} against {bar}").format(
        value=_number(value), day=day_text(reaches.last_day), bar=_number(bar)
    )
    return (Status.ACHIEVED if ratio >= 1 else _by_pace(ratio, thresholds)), words


@functools.lru_cache(maxsize=256)
def _quarter_name(quarter: Quarter) -> str:
    """`2018-Q2`: a few dozen quarters named for 200 000 figures."""
    return str(quarter)


def filter_rows(
    report: StatusReport,
    ledger: Ledger,
    programs: list[str] | None = None,
    owners: list[str] | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
) -> StatusReport:
    """Keep the rows asked for; unknown program or owner codes are a usage error."""
    known_programs = {p.code.casefold(): p.code for p in ledger.catalogue.programs}
    known_owners = {o.code.casefold(): o.code for o in ledger.catalogue.owners}
    wanted_programs = {
        _known(code, known_programs, _("unknown program '{code}'; known: {known}")) for code in programs or []
    }
    wanted_owners = {_known(code, known_owners, _("unknown owner '{code}'; known: {known}")) for code in owners or []}

    def keep(row: IndicatorStatus) -> bool:
        return (
            (not wanted_programs or row.program in wanted_programs)
            and (not wanted_owners or row.owner in wanted_owners)
            and (kind is None or row.kind is kind)
            and (status is None or row.status is status)
        )

    rows = [row for row in report.rows if keep(row)]
    return report.model_copy(update={"rows": rows, "summary": summarise(ledger, rows)})


def _known(code: str, known: dict[str, str], refusal: str) -> str:
    from kpi.errors import UsageError

    if code.casefold() not in known:
        raise UsageError(refusal.format(code=code, known=", ".join(sorted(known.values()))))
    return known[code.casefold()]


Listed = TypeVar("Listed", OverdueReport, DueSoonReport)


def filter_by_owner(report: Listed, ledger: Ledger, owners: list[str] | None) -> Listed:
    """The overdue or due-soon figures of the given units only (all when none is given)."""
    if not owners:
        return report
    known = {o.code.casefold(): o.code for o in ledger.catalogue.owners}
    wanted = {_known(code, known, _("unknown owner '{code}'; known: {known}")) for code in owners}
    return report.model_copy(update={"items": [item for item in report.items if item.owner in wanted]})

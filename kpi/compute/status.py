"""Where each indicator stands at a reporting date: the rows behind status, overdue and show.

Plain functions over the ledger; no printing. Fractions are Decimals between 0 and 1;
a figure that cannot be computed is None and the row says why.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from kpi.compute import cagr
from kpi.compute.asof import ReportingDate, counted_figures, day_text
from kpi.compute.ledger import Ledger
from kpi.compute.plans import target_in_force
from kpi.compute.rules import due_quarter
from kpi.compute.year_actuals import Basis, year_actuals
from kpi.i18n import _, language
from kpi.model.models import Indicator, Measure, StatusThresholds, TrendThresholds
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind, Status

Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""Exact in the core; a JSON number on the way out."""

_SEVERITY = {
    Status.DONE: 0,
    Status.ON_TRACK: 1,
    Status.PENDING: 2,
    Status.AT_RISK: 3,
    Status.BEHIND: 4,
    Status.OVERDUE: 5,
}


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class MeasureStatus(Row):
    key: str
    label: str | None
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
    period_elapsed: Number = Field(description="Share of the plan period elapsed, a fraction")
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
    label: str | None
    actual: Number | None = Field(description="Recorded for the plan year; None when nothing is reported")
    plan: Number


class OverdueItem(Row):
    id: str
    title: str
    owner: str
    due: str
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
                if m.plan is not None and (m.plan_actual or 0) < m.plan
            ]
            what = _("{year} plan unmet: {shortfalls}").format(
                year=report.plan_year, shortfalls=", ".join(_shortfall_text(s) for s in unmet)
            )
        items.append(
            OverdueItem(
                id=row.id,
                title=row.title,
                owner=row.owner,
                due=row.due,
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
        measure=shortfall.label or shortfall.measure, actual=actual, plan=_number(shortfall.plan)
    )


def _number(value: Decimal | int, places: int | None = None) -> str:
    from kpi.model.numbers import format_number

    return format_number(value, language(), places)


def _quarter(quarter: Quarter) -> str:
    from kpi.model.words import quarter_text

    return quarter_text(str(quarter), language())


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
    thresholds = ledger.settings.thresholds
    measures = [_measure_status(ledger, indicator, m, clock, recorded, thresholds) for m in indicator.measures]
    done_on = recorded.done.get(indicator.id)
    past_due = due.last_day < as_of
    reason = None
    if indicator.kind is Kind.MILESTONE:
        if done_on is not None:
            status, overdue = Status.DONE, False
            reason = _("done on {day}").format(day=day_text(done_on))
        elif past_due:
            status, overdue = Status.OVERDUE, True
            reason = _("due by the end of {quarter}, not recorded done").format(quarter=_quarter(due))
        else:
            status, overdue = Status.PENDING, False
            reason = (
                _("due by the end of {quarter}")
                if indicator.deadline
                else _("due by the end of {quarter} (no deadline in the source: plan year)")
            ).format(quarter=_quarter(due))
    else:
        overdue = past_due and any(m.plan is not None and (m.plan_actual or 0) < m.plan for m in measures)
        status = Status.OVERDUE if overdue else _combine([m.status for m in measures], indicator.kind)
        if overdue:
            reason = _("{year} plan due by the end of {quarter} and unmet").format(
                year=plan_year, quarter=_quarter(due)
            )
        elif not measures:
            reason = _("no quantified target in the source") if indicator.kind is Kind.ACTIVITY else _("no measures")
    days_late = (as_of - due.last_day).days if overdue else None  # from the day after the due quarter ends
    return IndicatorStatus(
        id=indicator.id,
        program=indicator.program,
        section=indicator.section,
        parent=indicator.parent,
        level=level,
        title=indicator.title,
        owner=indicator.owner,
        kind=indicator.kind,
        deadline=str(indicator.deadline) if indicator.deadline else None,
        due=str(due),
        status=status,
        overdue=overdue,
        days_late=days_late,
        done_on=done_on,
        reason=reason,
        measures=measures,
    )


def _combine(statuses: list[Status], kind: Kind) -> Status:
    """The worst judged measure speaks for the row; `done` only when every measure is done."""
    judged = [s for s in statuses if s in _SEVERITY]
    unfinished = [s for s in judged if s is not Status.DONE]
    if unfinished:
        return max(unfinished, key=lambda s: _SEVERITY[s])
    if judged and len(judged) == len(statuses):
        return Status.DONE
    if Status.NOT_COMPUTABLE in statuses or kind in (Kind.ACTIVITY, Kind.SHARE) or not statuses:
        return Status.NOT_COMPUTABLE
    return Status.NO_DATA


def _by_pace(pace: Decimal, thresholds: StatusThresholds) -> Status:
    if pace >= thresholds.on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if pace >= thresholds.at_risk else Status.BEHIND


def _measure_status(
    ledger: Ledger,
    indicator: Indicator,
    measure: Measure,
    clock: _Clock,
    recorded: _Recorded,
    thresholds: StatusThresholds,
) -> MeasureStatus:
    as_of, elapsed = clock.as_of, clock.elapsed
    kind = measure.kind or indicator.kind
    plan_year = ledger.catalogue.plan.year
    trend_thresholds = ledger.settings.trend
    quarters = recorded.values.get((indicator.id, measure.key), {})
    target = target_in_force(measure, as_of)
    planned = measure.plans.get(plan_year)
    in_order = sorted(quarters.items())
    actuals, basis = year_actuals(ledger.official_years, plan_year, indicator, measure, kind, in_order, as_of)
    actual_plan_year = actuals.get(plan_year)
    # Nothing reported for the plan year is not progress of 0: it stays None (the status still judges it).
    plan_progress = actual_plan_year / planned if planned and actual_plan_year is not None else None
    fields: dict[str, object] = dict(
        key=measure.key,
        label=measure.label,
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
        percent_of_period=None,
        pace=None,
        year_progress=None,
        needed_per_quarter=None,
    )
    latest_year = max(actuals) if actuals else None
    if kind is Kind.CUMULATIVE:
        to_date = sum(actuals.values(), Decimal(0)) if actuals else None
        fields["to_date"] = to_date
        if target is None:
            status, reason = _plan_only(planned, plan_progress, as_of, plan_year, thresholds)
        elif to_date is None:
            status, reason = Status.NO_DATA, _("no actuals recorded yet")
        else:
            share = to_date / target
            fields["percent_of_period"] = share
            if to_date < target and clock.quarters_remaining > 0:
                fields["needed_per_quarter"] = (target - to_date) / clock.quarters_remaining
            if share >= 1:
                status, reason = Status.DONE, _("period target reached")
            elif elapsed == 0:
                status, reason = Status.NO_DATA, _("no part of the period has elapsed")
            else:
                pace = share / elapsed
                fields["pace"] = pace
                status, reason = _by_pace(pace, thresholds), None
    elif kind is Kind.ANNUAL:
        complete = [y for y in actuals if date(y, 12, 31) <= as_of]
        fields["to_date"] = actuals[latest_year] if latest_year else None
        if target is None:
            status, reason = _plan_only(planned, plan_progress, as_of, plan_year, thresholds)
        elif not complete:
            status, reason = Status.NO_DATA, _("no full year recorded yet")
        else:
            year = max(complete)
            progress = actuals[year] / target
            fields["year_progress"] = progress
            status, reason = _by_pace(progress, thresholds), _("annual target: judged on {year}").format(year=year)
    elif kind is Kind.THRESHOLD:
        value = actuals[latest_year] if latest_year else None
        fields["to_date"] = value
        if value is None or target is None:
            status, reason = Status.NO_DATA, _("no value recorded yet")
        elif measure.direction == "within":
            upper = measure.upper if measure.upper is not None else target
            met = target <= value <= upper
            status = Status.ON_TRACK if met else Status.BEHIND
            reason = (
                _("met: {value} within {low}–{high}") if met else _("not met: {value} outside {low}–{high}")
            ).format(value=_number(value), low=_number(target), high=_number(upper))
        else:
            at_most = measure.direction == "at_most"
            met = value <= target if at_most else value >= target
            sign = "≤" if at_most else "≥"
            if met:
                status = Status.ON_TRACK
                reason = _("met: {value} against {sign} {target}").format(
                    value=_number(value), sign=sign, target=_number(target)
                )
            else:
                # Short of the bar: judged by its trend, the rate it moves at against the rate that
                # reaches the bar by the end of the period.
                first = min(actuals)
                assert latest_year is not None  # `value` is that year's figure
                trend = cagr.observed((first, actuals[first]), (latest_year, value))
                needed = cagr.required_to_reach((first, actuals[first]), target, clock.period_end)
                ratio = cagr.ratio(trend, needed, at_most) if trend is not None and needed is not None else None
                if ratio is not None:
                    fields.update(trend=trend, trend_required=needed, trend_ratio=ratio)
                status = _by_trend(ratio, trend_thresholds) if ratio is not None else Status.BEHIND
                reason = _("not met: {value} against {sign} {target}").format(
                    value=_number(value), sign=sign, target=_number(target)
                )
    elif kind is Kind.GROWTH:
        complete = sorted(y for y in actuals if date(y, 12, 31) <= as_of)
        fields["to_date"] = actuals[latest_year] if latest_year else None
        trend = (
            cagr.observed((complete[0], actuals[complete[0]]), (complete[-1], actuals[complete[-1]]))
            if len(complete) >= 2
            else None
        )
        if trend is None or target is None or target <= 1:
            status, reason = Status.NO_DATA, _("needs two full years of actuals")
        else:
            # The target is a factor each year (×2: double): it asks for a yearly rate of factor - 1.
            needed = target - 1
            ratio = cagr.ratio(trend, needed)
            assert ratio is not None  # needed > 0
            fields.update(trend=trend, trend_required=needed, trend_ratio=ratio)
            status = _by_trend(ratio, trend_thresholds)
            reason = _("grew ×{factor} a year from {first} to {latest} against ×{target}").format(
                factor=_number(trend + 1, 2), first=complete[0], latest=complete[-1], target=_number(target)
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


@functools.lru_cache(maxsize=256)
def _quarter_name(quarter: Quarter) -> str:
    """`2018-Q2`: a few dozen quarters named for 200 000 figures."""
    return str(quarter)


def _by_trend(ratio: Decimal, thresholds: TrendThresholds) -> Status:
    if ratio >= thresholds.on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if ratio >= thresholds.at_risk else Status.BEHIND


def _plan_only(
    planned: Decimal | None, plan_progress: Decimal | None, as_of: date, plan_year: int, thresholds: StatusThresholds
) -> tuple[Status, str]:
    """No period target: judge the plan year's progress against the part of that year elapsed."""
    if planned is None:
        return Status.NO_DATA, _("no period target and no {year} plan").format(year=plan_year)
    if as_of < Quarter(plan_year, 1).last_day:
        return Status.PENDING, _("no period target; judged on the {year} plan once its first quarter ends").format(
            year=plan_year
        )
    quarters_done = sum(1 for q in range(1, 5) if Quarter(plan_year, q).last_day <= as_of)
    year_elapsed = Decimal(quarters_done) / 4
    progress = plan_progress or Decimal(0)
    if progress >= 1:
        return Status.DONE, _("{year} plan reached").format(year=plan_year)
    return _by_pace(progress / year_elapsed, thresholds), _("no period target; judged on the {year} plan").format(
        year=plan_year
    )


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


def filter_overdue(report: OverdueReport, ledger: Ledger, owners: list[str] | None) -> OverdueReport:
    if not owners:
        return report
    known = {o.code.casefold(): o.code for o in ledger.catalogue.owners}
    wanted = {_known(code, known, _("unknown owner '{code}'; known: {known}")) for code in owners}
    return report.model_copy(update={"items": [item for item in report.items if item.owner in wanted]})


def filter_due_soon(report: DueSoonReport, ledger: Ledger, owners: list[str] | None) -> DueSoonReport:
    if not owners:
        return report
    known = {o.code.casefold(): o.code for o in ledger.catalogue.owners}
    wanted = {_known(code, known, _("unknown owner '{code}'; known: {known}")) for code in owners}
    return report.model_copy(update={"items": [item for item in report.items if item.owner in wanted]})

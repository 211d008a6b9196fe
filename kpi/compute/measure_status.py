"""One measure's verdict at a reporting date: its figures to date, its pace, its year's plan, its
trend, and the reason in words (the method: docs/progress.md)."""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date
from decimal import Decimal

from kpi.compute import cagr
from kpi.compute.asof import day_text
from kpi.compute.status_rows import MeasureStatus
from kpi.i18n import _, language
from kpi.ledger.load import Ledger
from kpi.ledger.plans import target_in_force
from kpi.ledger.year_actuals import Basis, is_level, year_actuals
from kpi.model.models import Indicator, Measure, StatusThresholds, TrendThresholds, measure_label
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind, Status


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


class Clock:
    """Where the reporting date stands in the period, worked out once per report."""

    def __init__(self, as_of: date, quarters_elapsed: int, quarters_in_period: int, period_end: int):
        self.as_of = as_of
        self.period_end = period_end
        self.quarters_remaining = quarters_in_period - quarters_elapsed
        self.elapsed = Decimal(quarters_elapsed) / Decimal(quarters_in_period)


class Recorded:
    """Quarterly values and done dates recorded up to the reporting date."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dict[Quarter, Decimal]] = defaultdict(dict)
        self.done: dict[str, date] = {}


def _number(value: Decimal | int, places: int | None = None) -> str:
    from kpi.model.numbers import format_number

    return format_number(value, language(), places)


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


def measure_status(
    ledger: Ledger,
    indicator: Indicator,
    measure: Measure,
    clock: Clock,
    recorded: Recorded,
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

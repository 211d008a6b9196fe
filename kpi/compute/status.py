"""Where each indicator stands at a reporting date: the rows behind status, overdue and show.

Plain functions over the ledger; no printing. Fractions are Decimals between 0 and 1;
a figure that cannot be computed is None and the row says why.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from kpi.compute.asof import ReportingDate, counted_figures, day_text
from kpi.compute.measure_status import Clock, Recorded, measure_status, period_quarters, quarters_elapsed
from kpi.compute.status_rows import IndicatorStatus, ProgramSummary, StatusReport
from kpi.i18n import _
from kpi.ledger.load import Ledger
from kpi.ledger.rules import due_quarter
from kpi.model.models import Indicator
from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Kind, Status


def compute_status(ledger: Ledger, as_of: date | ReportingDate) -> StatusReport:
    """Every indicator at `as_of`; given a ReportingDate, the report also says where its date came from."""
    when = as_of if isinstance(as_of, ReportingDate) else None
    day = as_of.day if isinstance(as_of, ReportingDate) else as_of
    ledger = ledger.in_force(day)
    clock = Clock(day, quarters_elapsed(ledger, day), period_quarters(ledger), ledger.catalogue.plan.period_end)
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
    clock = Clock(as_of, quarters_elapsed(ledger, as_of), period_quarters(ledger), ledger.catalogue.plan.period_end)
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


def _recorded(ledger: Ledger, as_of: date) -> Recorded:
    recorded = Recorded()
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
    ledger: Ledger, indicator: Indicator, clock: Clock, recorded: Recorded, level: int
) -> IndicatorStatus:
    as_of = clock.as_of
    plan_year = ledger.catalogue.plan.year
    due = due_quarter(indicator, plan_year)
    assumed = indicator.deadline is None
    thresholds = ledger.settings.thresholds
    measures = [measure_status(ledger, indicator, m, clock, recorded, thresholds, due) for m in indicator.measures]
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
        reason = f"{reason} ({assumed_deadline(plan_year)})"
    days_late = (as_of - due.last_day).days if overdue else None  # from the day after the due quarter ends
    return IndicatorStatus(
        id=indicator.id,
        program=indicator.program,
        section=indicator.section,
        parent=indicator.parent,
        level=level,
        title=ledger.catalogue.reading(
            indicator.id, indicator.title
        ),  # as the errata read it; `show` quotes the source's cell verbatim beneath it
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


def assumed_deadline(plan_year: int) -> str:
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
        known_code(code, known_programs, _("unknown program '{code}'; known: {known}")) for code in programs or []
    }
    wanted_owners = {
        known_code(code, known_owners, _("unknown owner '{code}'; known: {known}")) for code in owners or []
    }

    def keep(row: IndicatorStatus) -> bool:
        return (
            (not wanted_programs or row.program in wanted_programs)
            and (not wanted_owners or row.owner in wanted_owners)
            and (kind is None or row.kind is kind)
            and (status is None or row.status is status)
        )

    rows = [row for row in report.rows if keep(row)]
    return report.model_copy(update={"rows": rows, "summary": summarise(ledger, rows)})


def known_code(code: str, known: dict[str, str], refusal: str) -> str:
    from kpi.errors import UsageError

    if code.casefold() not in known:
        raise UsageError(refusal.format(code=code, known=", ".join(sorted(known.values()))))
    return known[code.casefold()]

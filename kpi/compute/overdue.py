"""What is late and what falls due soon: the overdue list (`kpi overdue`, the reminders, the
report's overdue sheet) and the milestones due by the end of the reporting date's quarter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

from pydantic import Field

from kpi.compute.asof import ReportingDate
from kpi.compute.status import assumed_deadline, compute_status, known_code
from kpi.compute.status_rows import Number, Row, StatusReport
from kpi.i18n import _, language
from kpi.ledger.load import Ledger
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind, Status


def _figure(value: Decimal) -> str:
    return format_number(value, language())


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
            what = f"{what} ({assumed_deadline(report.plan_year)})"
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
    actual = _("not reported") if shortfall.actual is None else _figure(shortfall.actual)
    return _("{measure} {actual} of {plan}").format(
        measure=shortfall.label, actual=actual, plan=_figure(shortfall.plan)
    )


Listed = TypeVar("Listed", OverdueReport, DueSoonReport)


def filter_by_owner(report: Listed, ledger: Ledger, owners: list[str] | None) -> Listed:
    """The overdue or due-soon figures of the given units only (all when none is given)."""
    if not owners:
        return report
    known = {o.code.casefold(): o.code for o in ledger.catalogue.owners}
    wanted = {known_code(code, known, _("unknown owner '{code}'; known: {known}")) for code in owners}
    return report.model_copy(update={"items": [item for item in report.items if item.owner in wanted]})

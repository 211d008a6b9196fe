"""The rows of a status report: each measure and indicator where it stands, per program, at a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from kpi.compute.asof import ReportingDate
from kpi.ledger.year_actuals import Basis
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

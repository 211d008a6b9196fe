"""The appendix's columns, named as the plan names them: `actual_<year>` ... `plan_<year>_progress`.

The years come from the plan in force, never from the code: the 2018 plan shows the actuals of
2016 and 2017, then 2018 to the reporting date and the 2018 plan; the 2019 plan one year more.
Each column has a role (what it holds) and, for the yearly ones, a year.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from kpi.reports.layout import ReportHeader, ReportLine

Role = Literal[
    "tt",
    "content",
    "target",
    "actual",
    "plan_actual",
    "percent_of_period",
    "plan",
    "plan_progress",
    "deadline",
    "status",
    "notes",
]

NUMERIC_ROLES: frozenset[Role] = frozenset(
    ("target", "actual", "plan_actual", "percent_of_period", "plan", "plan_progress")
)
PERCENT_ROLES: frozenset[Role] = frozenset(("percent_of_period", "plan_progress"))


def appendix_columns(header: ReportHeader) -> tuple[str, ...]:
    """Every column, in the appendix's order, named by year where the plan names it so."""
    year = header.plan_year
    return (
        "tt",
        "content",
        "target",
        *(f"actual_{past}" for past in range(header.period_start, year)),
        f"actual_{year}",
        "percent_of_period",
        f"plan_{year}",
        f"plan_{year}_progress",
        "deadline",
        "status",
        "notes",
    )


def column_role(column: str, plan_year: int) -> tuple[Role, int | None]:
    """What a column holds, and its year if it is a yearly one: `actual_<year>` -> ("actual", year)."""
    if column == f"actual_{plan_year}":
        return "plan_actual", plan_year
    if column == f"plan_{plan_year}":
        return "plan", plan_year
    if column == f"plan_{plan_year}_progress":
        return "plan_progress", plan_year
    prefix, _, year = column.partition("_")
    if prefix == "actual" and year.isdigit():
        return "actual", int(year)
    return column, None  # type: ignore[return-value]  # the fixed columns are their own role


def line_value(line: ReportLine, column: str, plan_year: int) -> Decimal | None:
    """The number a figure column holds on `line`; None where it has none."""
    role, year = column_role(column, plan_year)
    if role == "actual" and year is not None:
        return line.actuals.get(year)
    values: dict[str, Decimal | None] = {
        "target": line.target,
        "plan_actual": line.plan_actual,
        "percent_of_period": line.percent_of_period,
        "plan": line.plan,
        "plan_progress": line.plan_progress,
    }
    return values.get(role)

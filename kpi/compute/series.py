"""An indicator's figures over time, as the points every chart draws: the site's SVG, the spreadsheet's
line chart and the terminal's sparkline (`kpi show`) all read these, so they cannot disagree.

Time runs in quarters from the start of the plan period: the end of a year `y` is `4 * (y - start + 1)`,
the end of its quarter `q` is `4 * (y - start) + q`, so a year's figure and its fourth quarter meet.
Figures come from the status row (`MeasureStatus`): the stated years, then the recorded quarters;
cumulative where the kind adds up (a count over the period runs on across years, a yearly count within
its year), as they stand otherwise (a level, a rate).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from kpi.compute.status_rows import MeasureStatus, Number, Row
from kpi.ledger.year_actuals import Basis, is_level
from kpi.model.models import Measure
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind


class Point(Row):
    x: int = Field(description="Quarters from the start of the plan period to the point's day")
    year: int
    quarter: int | None = Field(description="None: the year's figure, at its end")
    value: Number


class PlanStep(Row):
    """The year's plan as a stretch of the chart: from where the year starts to where the plan takes it."""

    year: int
    start: Point
    end: Point
    planned: Number = Field(description="The plan's figure for the year, as it states it")


class Revision(Row):
    x: int = Field(description="The quarter the revised target takes effect in, from its start")
    effective: date
    previous: Number
    target: Number
    decision: str


class Series(Row):
    key: str
    label: str | None
    unit: str
    kind: Kind
    running: bool = Field(description="The figures add up: each point is the total so far")
    start_year: int
    end_year: int
    actual: list[Point]
    path: list[Point] = Field(
        description="The path to the target, left to right: two points, or more where a revision of the target "
        "bends it (two at the same x: a step); none without a target"
    )
    plans: list[PlanStep]
    revisions: list[Revision]

    @property
    def span(self) -> int:
        return 4 * (self.end_year - self.start_year + 1)


def x_of(start_year: int, year: int, quarter: int | None) -> int:
    return 4 * (year - start_year) + (quarter if quarter is not None else 4)


def series(status: MeasureStatus, measure: Measure, start_year: int, end_year: int) -> Series:
    kind = status.kind
    level = is_level(kind, measure)
    adds_up = kind in (Kind.CUMULATIVE, Kind.ANNUAL) and not level
    across_years = adds_up and kind is Kind.CUMULATIVE
    by_year: dict[int, list[tuple[int, Decimal]]] = {}
    for text, value in status.quarters.items():
        quarter = Quarter.parse(text)
        by_year.setdefault(quarter.year, []).append((quarter.number, value))
    points: dict[int, Point] = {}
    year_ends: dict[int, Decimal] = {}  # by year: where the line stands at its end (the running total)
    running = Decimal(0)
    for year in sorted(set(status.actuals) | set(by_year)):
        base = running if across_years else Decimal(0)
        so_far = Decimal(0)
        for number, value in sorted(by_year.get(year, [])):
            so_far = so_far + value if adds_up else value
            shown = base + so_far if adds_up else so_far
            points[x_of(start_year, year, number)] = Point(
                x=x_of(start_year, year, number), year=year, quarter=number, value=shown
            )
        stated = status.actuals.get(year)
        if stated is not None and status.actual_basis.get(year) is not Basis.PROVISIONAL:
            end = base + stated if adds_up else stated
            points[x_of(start_year, year, None)] = Point(
                x=x_of(start_year, year, None), year=year, quarter=None, value=end
            )
            year_ends[year] = end
        elif by_year.get(year):
            year_ends[year] = base + so_far if adds_up else so_far
        if across_years:
            running = year_ends.get(year, running)
    target = status.target
    path: list[Point] = []
    if target is not None and kind not in (Kind.GROWTH, Kind.SHARE):
        path = _path(measure, target, across_years, start_year, end_year)
    plans = []
    for year, planned in sorted(measure.plans.items()):
        if planned is None or not start_year <= year <= end_year:
            continue
        begin = x_of(start_year, year, 0)
        if across_years:
            before = year_ends.get(year - 1, Decimal(0) if year == start_year else None)
            if before is None:
                continue  # where the year starts is not known: its plan cannot be placed on the line
            low, high = before, before + planned
        else:
            low = high = planned
        plans.append(
            PlanStep(
                year=year,
                start=Point(x=begin, year=year, quarter=0, value=low),
                end=Point(x=begin + 4, year=year, quarter=None, value=high),
                planned=planned,
            )
        )
    revisions = [
        Revision(
            x=x_of(start_year, r.effective.year, Quarter.containing(r.effective).number - 1),
            effective=r.effective,
            previous=r.previous,
            target=r.target,
            decision=r.decision,
        )
        for r in measure.revisions
    ]
    return Series(
        key=status.key,
        label=status.label,
        unit=status.unit,
        kind=kind,
        running=adds_up,
        start_year=start_year,
        end_year=end_year,
        actual=[points[x] for x in sorted(points)],
        path=path,
        plans=plans,
        revisions=revisions,
    )


def _path(measure: Measure, target: Decimal, across_years: bool, start_year: int, end_year: int) -> list[Point]:
    """The path to the target. A count over the period runs from 0 at the start to the target at the end;
    a bar stands level at the target. A revision (Measure.revisions, oldest first) bends it from the start
    of the quarter it takes effect in: a count runs on from where the path then stands to the revised
    target at the end, a bar steps to the revised one. Without revisions: the target in force."""
    span = 4 * (end_year - start_year + 1)

    def at(x: int, value: Decimal) -> Point:
        year = min(start_year + max(x - 1, 0) // 4, end_year)
        return Point(x=x, year=year, quarter=None if x == span else x - 4 * (year - start_year), value=value)

    revisions = [r for r in measure.revisions if start_year <= r.effective.year <= end_year]
    first = revisions[0].previous if revisions else target
    points = [Point(x=0, year=start_year, quarter=0, value=Decimal(0) if across_years else first)]
    current = first
    for revision in revisions:
        x = x_of(start_year, revision.effective.year, Quarter.containing(revision.effective).number - 1)
        if not 0 < x < span:
            continue
        if across_years:
            a = points[-1]
            points.append(at(x, a.value + (current - a.value) * Decimal(x - a.x) / Decimal(span - a.x)))
        else:
            points += [at(x, current), at(x, revision.target)]
        current = revision.target
    points.append(Point(x=span, year=end_year, quarter=None, value=current))
    return points


_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[Decimal], from_zero: bool = False) -> str:
    """`▁▃▅█`: each value as a block from the lowest (or from 0, for totals so far) to the highest
    (a flat line when they are equal)."""
    if not values:
        return ""
    low, high = min([*values, Decimal(0)] if from_zero else values), max(values)
    if high == low:
        return _BLOCKS[3] * len(values)
    top = len(_BLOCKS) - 1
    return "".join(_BLOCKS[int((value - low) / (high - low) * top + Decimal("0.5"))] for value in values)

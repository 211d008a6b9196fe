"""An indicator's figures over time as plain inline SVG, drawn in Python from `kpi.compute.series`.

Plain SVG over a charting library: the page must load nothing from the internet and work from a
folder, a chart here is a few lines and dots on a quarter axis, and SVG drawn on the server prints
sharply, needs no script, and can be checked element by element in a test. Each chart comes with a
table of the same points (`rows`), its text equivalent for screen readers and for print.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from kpi.compute.series import Point, Series
from kpi.i18n import _
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.words import date_words
from kpi.reports.cells import number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 14, 44


@dataclass(frozen=True)
class TableRow:
    when: str
    figure: str
    path: str
    plan: str


def when_words(point: Point, lang: str) -> str:
    """`2017` for a year's figure, `Quý I/2018` / `Q1 2018` for a quarter's."""
    return _when(point.year, point.quarter, lang)


@functools.lru_cache(maxsize=1024)
def _when(year: int, quarter: int | None, lang: str) -> str:
    if quarter is None:
        return str(year)
    return quarter_words(str(Quarter(year, quarter)), lang)


def _path_at(series: Series, x: int) -> Decimal | None:
    """Where the path to the target stands at `x`; at a step (a revised bar), the revised value."""
    found = None
    for a, b in zip(series.path, series.path[1:], strict=False):
        if a.x <= x <= b.x:  # the later stretch wins: past a step, the revised target
            found = b.value if b.x == a.x else a.value + (b.value - a.value) * Decimal(x - a.x) / Decimal(b.x - a.x)
    return found


def rows(series: Series, lang: str) -> list[TableRow]:
    """The chart as a table: each figure, where the path to the target stands then, and the year's plan
    (a plan year with no figure yet gets its own row)."""
    plans = {step.year: step.end.value if series.running else step.planned for step in series.plans}
    shown: list[tuple[int, Point | None, int]] = [(p.x, p, p.year) for p in series.actual]
    covered = {p.year for p in series.actual if p.quarter in (None, 4)}
    shown += [(step.end.x, None, step.year) for step in series.plans if step.year not in covered]
    out = []
    for at, point, year in sorted(shown, key=lambda item: item[0]):
        on_path = _path_at(series, at)
        plan = plans.get(year) if point is None or point.quarter in (None, 4) or not series.running else None
        out.append(
            TableRow(
                when=when_words(point, lang) if point is not None else str(year),
                figure=number(point.value, lang) if point is not None else "–",
                path=number(on_path.quantize(Decimal("0.01")).normalize(), lang) if on_path is not None else "–",
                plan=number(plan, lang) if plan is not None else "–",
            )
        )
    return out


def _nice(top: Decimal) -> tuple[Decimal, Decimal]:
    """A round step and the axis top it gives (4 or 5 gridlines)."""
    if top <= 0:
        return Decimal(1), Decimal(4)
    raw = top / 4
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(10) ** raw.adjusted()
    for factor in (1, 2, 5, 10):
        step = magnitude * factor
        if step * 4 >= top:
            break
    count = int((top / step).to_integral_value(rounding="ROUND_CEILING"))
    return step, step * max(count, 1)


def svg(series: Series, lang: str, ident: str, title: str) -> Markup:
    """The chart: year bands and gridlines, the path to the target (dashed), the year's plans (dotted),
    the figures (a line with a dot each), revisions of the target (a vertical mark)."""
    values = [p.value for p in series.actual] + [p.value for p in series.path]
    values += [v for step in series.plans for v in (step.start.value, step.end.value)]
    low = min([Decimal(0), *values])
    step, top = _nice(max([Decimal(0), *values]) - low)
    top += low
    first = min([0, *(p.x for p in series.actual)])
    first -= first % 4  # whole years
    span = series.span - first

    def x(at: int) -> float:
        return LEFT + (at - first) * (WIDTH - LEFT - RIGHT) / span

    def y(value: Decimal) -> float:
        return TOP + float((top - value) / (top - low)) * (HEIGHT - TOP - BOTTOM)

    parts: list[str] = []
    add = parts.append
    # Year bands, labelled under the axis.
    for index, at in enumerate(range(first, series.span, 4)):
        year = series.start_year + at // 4
        shade = ' class="band"' if index % 2 else ' class="band band-alt"'
        add(
            f'<rect{shade} x="{x(at):.1f}" y="{TOP}" width="{x(at + 4) - x(at):.1f}" height="{HEIGHT - TOP - BOTTOM}"/>'
        )
        add(
            f'<text class="tick" x="{(x(at) + x(at + 4)) / 2:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{year}</text>'
        )
    # Gridlines and their values.
    level = low
    while level <= top:
        add(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}"/>')
        add(
            f'<text class="tick" x="{LEFT - 6}" y="{y(level) + 4:.1f}" text-anchor="end">{escape(number(level, lang))}</text>'
        )
        level += step
    for revision in series.revisions:
        if first <= revision.x <= series.span:
            label = escape(
                _("target revised {previous} → {target} from {day} (decision {decision})").format(
                    previous=number(revision.previous, lang),
                    target=number(revision.target, lang),
                    day=date_words(revision.effective, lang),
                    decision=revision.decision,
                )
            )
            add(
                f'<g class="revision"><title>{label}</title><line x1="{x(revision.x):.1f}" x2="{x(revision.x):.1f}" '
                f'y1="{TOP}" y2="{HEIGHT - BOTTOM}"/><text x="{x(revision.x) + 3:.1f}" y="{TOP + 12}">↻</text></g>'
            )
    # The path to the target: a line a stretch, bent (or stepped) where a revision of the target takes effect.
    for a, b in zip(series.path, series.path[1:], strict=False):
        add(
            f'<line class="target-path" x1="{x(a.x):.1f}" y1="{y(a.value):.1f}" x2="{x(b.x):.1f}" y2="{y(b.value):.1f}"/>'
        )
    for plan in series.plans:
        add(
            f'<line class="plan" x1="{x(plan.start.x):.1f}" y1="{y(plan.start.value):.1f}" '
            f'x2="{x(plan.end.x):.1f}" y2="{y(plan.end.value):.1f}"><title>'
            f"{escape(_('{year} plan').format(year=plan.year))}: {escape(number(plan.planned, lang))}</title></line>"
        )
    if len(series.actual) > 1:
        points = " ".join(f"{x(p.x):.1f},{y(p.value):.1f}" for p in series.actual)
        add(f'<polyline class="actual" points="{points}"/>')
    for p in series.actual:
        shape = "point point-year" if p.quarter is None else "point point-quarter"
        add(
            f'<circle class="{shape}" cx="{x(p.x):.1f}" cy="{y(p.value):.1f}" r="4">'
            f"<title>{escape(when_words(p, lang))}: {escape(number(p.value, lang))}</title></circle>"
        )
    add(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(low):.1f}" y2="{y(low):.1f}"/>')
    head = (
        f'<svg class="trend" id="chart-{escape(ident)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-{escape(ident)}-title" preserveAspectRatio="xMidYMid meet">'
        f'<title id="chart-{escape(ident)}-title">{escape(title)}</title>'
    )
    return Markup(head + "".join(parts) + "</svg>")

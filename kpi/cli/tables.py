"""The columns of each report, built from the core's rows (the same rows JSON dumps)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from kpi.cli.render import STATUS_STYLE, Column, bar, not_reported, number, percent, status_word
from kpi.i18n import _
from kpi.ledger.year_actuals import provisional_years
from kpi.model.quarters import quarter_words

if TYPE_CHECKING:  # the reports' models: each table is asked for by the command that computed its report
    from kpi.compute.overdue import DueSoonReport, OverdueReport
    from kpi.compute.reporting import ReportingReport, YearReporting
    from kpi.compute.status_rows import IndicatorStatus, MeasureStatus, StatusReport

Rows = list[list[str]]


def _per_measure(row: IndicatorStatus, pick: Callable[[MeasureStatus], str]) -> str:
    """One line per measure, so that a row's measures line up across columns; `–` when none has one."""
    values = [pick(m) for m in row.measures]
    return "\n".join(values) if any(v != "–" for v in values) else "–"


def measure_label(m: MeasureStatus) -> str:
    """How a person reads a measure's name: its label, else its key."""
    return m.label or m.key


def _measure_names(row: IndicatorStatus) -> str:
    """A row's measures by name, one a line as its figures stack; nothing for a row of one measure (the title
    says what it counts)."""
    if len(row.measures) < 2:
        return ""
    return "\n".join(_short(measure_label(m)) for m in row.measures)


MEASURE_WIDTH = 22
"""A measure's name in the status table, at most (`kpi show` gives it whole): one line each, beside its figures."""


def _short(text: str) -> str:
    return text if len(text) <= MEASURE_WIDTH else text[: MEASURE_WIDTH - 1].rstrip() + "…"


def _target(m: MeasureStatus, lang: str) -> str:
    from kpi.model.words import with_percent_sign

    shown = number(m.target, lang)
    if m.target is not None and m.kind.value == "growth":
        return f"×{shown}"  # a factor, not a count
    percent_target = m.target is not None and (m.kind.value == "share" or m.unit.startswith("%"))
    return with_percent_sign(shown, lang) if percent_target else shown


def _plan_actual(m: MeasureStatus, lang: str) -> str:
    """The plan year's figure; where a plan awaits one and nothing is recorded: not reported, never 0."""
    if m.plan_actual is not None:
        return number(m.plan_actual, lang)
    return not_reported() if m.plan is not None else "–"


PROVISIONAL_MARK = "*"
"""After a figure to date that counts a full year not closed yet; a note under the table says so."""


def _to_date(m: MeasureStatus, as_of: date, lang: str, marked: bool) -> str:
    """The figure to date, marked (for a reader, not in CSV) while it counts a full year not closed
    yet (`kpi year close`)."""
    shown = number(m.to_date, lang)
    if marked and m.to_date is not None and provisional_years(m.actual_basis, as_of):
        return shown + PROVISIONAL_MARK
    return shown


def status_table(report: StatusReport, lang: str, output_format: str) -> tuple[list[Column], Rows, list[str | None]]:
    with_bar = output_format in ("table", "markdown", "plain")
    # A row of several measures stacks their figures, a line each; a reader's table names them.
    named = with_bar and any(len(row.measures) > 1 for row in report.rows)
    columns = [
        Column(_("ID"), "id"),
        Column(_("Title"), "title", wraps=True, max_lines=2),
        *([Column(_("Measure"), "measure", drop=6)] if named else []),
        Column(_("Owner"), "owner", drop=2),
        Column(_("Target"), "target", numeric=True, drop=3),
        Column(_("To date"), "to_date", numeric=True, drop=6),
        Column(_("% of period"), "percent_of_period", numeric=True, drop=7),
    ]
    if with_bar:
        columns.append(Column(_("Pace"), "pace", drop=1))
    columns += [
        # Machine formats name the columns by year, as the plan does: actual_<year>, plan_<year>.
        Column(_("{year} actual").format(year=report.plan_year), f"actual_{report.plan_year}", numeric=True, drop=5),
        Column(_("Plan {year}").format(year=report.plan_year), f"plan_{report.plan_year}", numeric=True, drop=4),
        # "có nguy cơ chậm tiến độ" on two lines where the screen is narrow
        Column(_("Status"), "status", wraps=True, max_lines=2, wrap_min=12),
    ]
    rows, styles = [], []
    for row in report.rows:
        indent = "  " * row.level if output_format in ("table", "plain") else ""
        cells = [
            indent + row.id,
            row.title,
            *([_measure_names(row)] if named else []),
            row.owner,
            _per_measure(row, lambda m: _target(m, lang)),
            _per_measure(row, lambda m: _to_date(m, report.as_of, lang, with_bar)),
            # Only a cumulative measure has a share of its period target; a yearly, growth or share
            # measure is read against its year's plan (the plan columns), never as part of the period.
            _per_measure(row, lambda m: percent(m.percent_of_period, lang)),
        ]
        if with_bar:
            first = next((m for m in row.measures if m.percent_of_period is not None), None)
            cells.append(bar(first.percent_of_period, report.period_elapsed) if first else "")
        cells.append(_per_measure(row, lambda m: _plan_actual(m, lang)))
        cells.append(_per_measure(row, lambda m: number(m.plan, lang)))
        word = status_word(row.status.value, lang)
        cells.append(
            _("{status} ({days} d)").format(status=word, days=number(row.days_late, lang))
            if row.overdue and row.days_late
            else word
        )
        rows.append(cells)
        styles.append(STATUS_STYLE.get(row.status.value))
    return columns, rows, styles


def summary_table(report: StatusReport, lang: str) -> tuple[list[Column], Rows]:
    from kpi.model.vocabulary import Status

    # A status no program has is left out: ten words side by side do not fit a terminal.
    words = [s.value for s in Status if any(summary.counts.get(s.value) for summary in report.summary)]
    columns = [Column(_("Program"), "program"), *(Column(status_word(w, lang), w, numeric=True) for w in words)]
    rows = [[s.program, *(number(s.counts.get(w, 0), lang) for w in words)] for s in report.summary]
    return columns, rows


def overdue_table(report: OverdueReport, lang: str) -> tuple[list[Column], Rows]:
    columns = [
        Column(_("Owner"), "owner", drop=2),
        Column(_("ID"), "id"),
        Column(_("Title"), "title", wraps=True, max_lines=3),
        Column(_("Due"), "due", drop=1),
        Column(_("Days late"), "days_late", numeric=True),
        Column(_("What"), "what", wraps=True),
    ]

    rows = [
        [item.owner, item.id, item.title, quarter_words(item.due, lang), number(item.days_late, lang), item.what]
        for item in report.items
    ]
    return columns, rows


def reporting_table(report: ReportingReport, lang: str) -> tuple[list[Column], Rows]:
    columns = [
        Column(_("Owner"), "owner"),
        Column(_("Unit name"), "name", wraps=True, max_lines=2, drop=1),
        Column(_("Expected"), "expected", numeric=True),
        Column(_("Recorded"), "recorded", numeric=True),
        Column(_("On time"), "on_time", numeric=True),
        Column(_("Late"), "late", numeric=True, drop=3),
        Column(_("Undated"), "undated", numeric=True, drop=2),
        Column(_("Missing"), "missing", numeric=True),
        Column(_("Rate"), "rate", numeric=True),
        Column(_("On-time rate"), "on_time_rate", numeric=True, drop=4),
    ]
    rows = [
        [
            o.owner,
            o.name_en if lang == "en" else o.name,
            number(o.expected, lang),
            number(o.recorded, lang),
            number(o.on_time, lang),
            number(o.late, lang),
            number(o.undated, lang),
            number(o.missing, lang),
            percent(o.rate, lang),
            percent(o.on_time_rate, lang),
        ]
        for o in report.owners
    ]
    return columns, rows


def missing_table(report: ReportingReport) -> tuple[list[Column], Rows]:
    """What each unit has not sent: one row per missing figure or milestone."""
    from kpi.compute.reporting import Arrival

    columns = [
        Column(_("Owner"), "owner"),
        Column(_("ID"), "id"),
        Column(_("Measure"), "measure", drop=1),
        Column(_("Title"), "title", wraps=True, max_lines=2),
    ]
    rows = [
        [o.owner, item.indicator, item.label or "–", item.title]
        for o in report.owners
        for item in o.items
        if item.arrival is Arrival.MISSING
    ]
    return columns, rows


def reporting_grid(grid: YearReporting, as_of: date, lang: str) -> tuple[list[Column], Rows]:
    """Units down, quarters across: `12/16 75%` in each cell, `–` where a quarter expects nothing
    (the cells of the html report's grid, `kpi.reports.reporting_grid`)."""
    from kpi.reports.reporting_grid import grid_headings, grid_rows

    columns = [Column(_("Owner"), "owner")] + [
        Column(heading, f"q{n}", numeric=True) for n, heading in enumerate(grid_headings(grid, lang), start=1)
    ]
    return columns, [[row.owner, *(cell.text for cell in row.cells)] for row in grid_rows(grid, as_of, lang)]


def reporting_lines(report: ReportingReport, lang: str) -> list[str]:
    """`Reporting for 2018-Q2: QLCN 12/16 (75.00%, 9 on time) · SHTT ...`, the units that owe something."""

    parts = [
        _("{owner} {recorded}/{expected} ({rate}, {on_time} on time)").format(
            owner=o.owner,
            recorded=number(o.recorded, lang),
            expected=number(o.expected, lang),
            rate=percent(o.rate, lang),
            on_time=number(o.on_time, lang),
        )
        for o in report.owners
    ]
    if not parts:
        return []
    return [
        _("Reporting for {quarter}:").format(quarter=quarter_words(report.quarter, lang)),
        *("  " + p for p in parts),
    ]


def due_soon_table(report: DueSoonReport, lang: str) -> tuple[list[Column], Rows]:

    columns = [
        Column(_("Owner"), "owner", drop=2),
        Column(_("ID"), "id"),
        Column(_("Title"), "title", wraps=True, max_lines=3),
        Column(_("Due"), "due", drop=1),
        Column(_("Days left"), "days_left", numeric=True),
    ]
    rows = [
        [item.owner, item.id, item.title, quarter_words(item.due, lang), number(item.days_left, lang)]
        for item in report.items
    ]
    return columns, rows

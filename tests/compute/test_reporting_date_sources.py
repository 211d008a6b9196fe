"""Where the reporting date comes from, in order, and which figures it leaves out, at the boundary.

docs/guide.md, "The reporting date": `--as-of`, else `reporting_date` in settings, else the end of the
latest recorded quarter (today, while it is under way), else the end of the last year the plan
states actuals for, else today. A figure is left out when its quarter begins after the date, or
when it is a milestone done after it. Called in this process (tests/compute/test_reporting_date.py runs
the same rules through the command line, which mutation testing cannot see).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.compute.asof import AsOfSource, ReportingDate, counted_by, counted_figures, reporting_date, source_text
from kpi.ledger.load import load_ledger
from kpi.model.figures import Figure
from kpi.model.quarters import Quarter
from tests.support.ledger import Ledger, indicator, measure

TODAY = date(2019, 5, 6)


def when(ledger: Ledger, option: date | None = None, today: date = TODAY) -> ReportingDate:
    return reporting_date(load_ledger(ledger.folder), today, option)


def test_before_any_quarter_the_date_is_the_end_of_the_plans_last_year_of_actuals(make) -> None:  # type: ignore[no-untyped-def]
    both = make(
        indicator("B.1", "cumulative", measure(target=100, actual_2016=1)),
        indicator("B.2", "cumulative", measure(target=100, actual_2017=1)),
    )
    assert when(both) == ReportingDate(
        day=date(2017, 12, 31), source=AsOfSource.CATALOGUE, latest_quarter=None, records_after=0
    )


def test_a_plan_stating_only_2016_reports_to_the_end_of_2016(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.1", "cumulative", measure(target=100, actual_2016=1)))
    assert (when(ledger).day, when(ledger).source) == (date(2016, 12, 31), AsOfSource.CATALOGUE)


def test_with_nothing_recorded_and_no_actuals_in_the_plan_the_date_is_today(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.1", "cumulative", measure(target=100)), indicator("A.4", "milestone"))
    assert when(ledger) == ReportingDate(day=TODAY, source=AsOfSource.TODAY, latest_quarter=None, records_after=0)


def test_a_recorded_quarter_beats_the_plans_actuals_and_a_pinned_date_beats_both(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.1", "cumulative", measure(target=100, actual_2016=1, actual_2017=1)))
    ledger.record("2018-Q1", "B.1", "5")
    ledger.record("2018-Q2", "B.1", "6")
    assert when(ledger) == ReportingDate(
        day=date(2018, 6, 30), source=AsOfSource.LATEST_QUARTER, latest_quarter="2018-Q2", records_after=0
    )
    (ledger.folder / "settings.yaml").write_text("reporting_date: 2017-12-31\n", encoding="utf-8")
    # Both quarters begin after 31 December 2017: 2 figures left out, each counted once.
    assert when(ledger) == ReportingDate(
        day=date(2017, 12, 31), source=AsOfSource.SETTINGS, latest_quarter="2018-Q2", records_after=2
    )
    assert when(ledger, option=date(2018, 3, 31)) == ReportingDate(
        day=date(2018, 3, 31), source=AsOfSource.OPTION, latest_quarter="2018-Q2", records_after=1
    )


@pytest.mark.parametrize(
    ("as_of", "left_out"),
    [
        ("2018-03-31", 2),  # 2018-Q2 begins the next day; the milestone too is done later
        ("2018-04-01", 1),  # 2018-Q2 begins that day: its value counts; the milestone is done on the 5th
        ("2018-04-04", 1),
        ("2018-04-05", 0),  # done that day: it counts
    ],
)
def test_a_figure_counts_from_the_first_day_of_its_quarter_and_a_milestone_from_its_done_day(  # type: ignore[no-untyped-def]
    make, as_of: str, left_out: int
) -> None:
    ledger = make(
        indicator("B.1", "cumulative", measure(target=100)),
        indicator("A.4", "milestone", deadline="2018-Q2"),
    )
    ledger.record("2018-Q2", "B.1", "6")
    ledger.record("2018-Q2", "A.4", done="2018-04-05")
    assert when(ledger, option=date.fromisoformat(as_of)).records_after == left_out


def test_the_latest_quarter_in_words_in_vietnamese(vietnamese: None) -> None:
    latest = ReportingDate(
        day=date(2018, 3, 31), source=AsOfSource.LATEST_QUARTER, latest_quarter="2018-Q1", records_after=0
    )
    assert source_text(latest) == "quý có số liệu gần nhất: Quý I/2018"


@given(
    st.lists(
        st.tuples(
            st.integers(2015, 2021),
            st.integers(1, 4),
            st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2021, 12, 31))),
        ),
        max_size=30,
    ),
    st.dates(date(2015, 1, 1), date(2021, 12, 31)),
)
def test_the_figures_counted_at_a_day_are_those_each_counted_by_it(
    rows: list[tuple[int, int, date | None]], day: date
) -> None:
    figures = [
        Figure("B.1", None if done else "n", Quarter(year, number), None if done else Decimal(1), done)
        for year, number, done in rows
    ]
    assert counted_figures(figures, day) == [f for f in figures if counted_by(f, day)]

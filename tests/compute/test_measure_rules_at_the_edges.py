"""Each kind's arithmetic where figures are missing, few, or many, worked out by hand.

The companions of tests/compute/test_worked_examples.py: there every kind is judged with enough figures;
here a growth with one full year, a threshold with no value, an annual measure with only a 2018
plan, a share counted in percent, a milestone's own deliverable count... Every field asserted is
in `kpi status -f json` or printed by `kpi show`. Period 2016-2020 (20 quarters), plan year 2018.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kpi.compute.status import compute_status
from kpi.compute.status_rows import MeasureStatus
from kpi.ledger.load import load_ledger
from kpi.model.vocabulary import Status
from tests.support.ledger import Ledger, indicator, measure


def judged(ledger: Ledger, indicator_id: str, as_of: str) -> MeasureStatus:
    return ledger.row(indicator_id, as_of).measures[0]


def seen(m: MeasureStatus) -> tuple[object, ...]:
    return (m.to_date, m.year_progress, m.status, m.reason)


# ------------------------------------------------------------------ growth


def test_growth_needs_two_full_years_with_a_last_year_to_grow_from(make) -> None:  # type: ignore[no-untyped-def]
    # (A growth measure without a target factor is refused by the catalogue check.)
    ledger = make(
        indicator("D.1", "growth", measure(target=2)),  # nothing at all
        indicator("D.2", "growth", measure(target=2, actual_2016=100)),  # one full year
        indicator("D.4", "growth", measure(target=2, actual_2016=0, actual_2017=180)),  # nothing to grow from
    )
    needs = "needs two full years of actuals"
    assert seen(judged(ledger, "D.1", "2017-12-31")) == (None, None, Status.NO_DATA, "nothing reported for 2017")
    # 2017, the latest full year, has no figure: that is what is missing, not a second year.
    assert seen(judged(ledger, "D.2", "2017-12-31")) == (None, None, Status.NO_DATA, "nothing reported for 2017")
    assert seen(judged(ledger, "D.4", "2017-12-31")) == (180, None, Status.NO_DATA, needs)


def test_growth_is_judged_on_its_yearly_rate_since_the_first_full_year(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("D.1", "growth", measure(target=2, actual_2016=100, actual_2017=150)))
    for quarter, value in (("2018-Q1", "120"), ("2018-Q2", "50"), ("2018-Q3", "50"), ("2018-Q4", "50")):
        ledger.record(quarter, "D.1", value)
    m = judged(ledger, "D.1", "2018-12-31")
    # 2018 = 120 + 50 + 50 + 50 = 270 (quarters add up). From 100 (2016) to 270 (2018), two years:
    # (270 / 100) ^ (1/2) - 1 = 1.6432 - 1 = 0.6432 a year, against ×2 = 1 a year: R = 0.6432, at risk.
    assert seen(m) == (270, None, Status.AT_RISK, "grew ×1.64 a year from 2016 to 2018 against ×2")
    assert m.trend is not None and abs(m.trend - Decimal("0.6431676725154983")) < Decimal("1e-15")
    assert (m.trend_required, m.trend_ratio) == (1, m.trend)
    # Before 2018 ends, 2016 to 2017 judges: 150 / 100 - 1 = 0.5 a year: R = 0.5, behind; to date is 2017's,
    # the year judged, not 2018's part year.
    m = judged(ledger, "D.1", "2018-09-30")
    assert seen(m) == (150, None, Status.BEHIND, "grew ×1.50 a year from 2016 to 2017 against ×2")
    assert m.trend_ratio == Decimal("0.5")


# ------------------------------------------------------------------ threshold, share, activity, a milestone's count


def test_a_threshold_with_no_value_yet_has_no_data(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.1", "threshold", measure(unit="%", target=60)))
    assert seen(judged(ledger, "A.1", "2018-06-30")) == (None, None, Status.NO_DATA, "no value recorded yet")


def test_a_threshold_reason_writes_its_numbers_in_the_run_language(make, vietnamese: None) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.1", "threshold", measure(unit="điểm", target="60.5")))
    ledger.record("2018-Q1", "A.1", "1234.5")
    assert judged(ledger, "A.1", "2018-03-31").reason == "đạt: 1.234,5 so với ≥ 60,5"


def test_a_percentage_unit_is_a_level_even_with_a_space_before_the_sign(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("C.2", "annual", measure(unit=" % DN", target=80)))
    ledger.record("2018-Q1", "C.2", "50")
    ledger.record("2018-Q2", "C.2", "70")
    # A level: the latest quarter (70) stands for 2018, not 50 + 70 = 120.
    assert judged(ledger, "C.2", "2018-06-30").actuals == {2018: Decimal(70)}


def test_a_share_counted_in_percent_has_no_total_to_date(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("B.5", "share", measure(unit="%", target=30, actual_2016=12, actual_2017=15)),
        indicator("B.6", "share", measure(unit="DN", target=30)),
        indicator("B.7", "share", measure(unit="DN", target=30, actual_2016=449, actual_2017=220)),
    )
    # Percentages of an uncounted population do not add up: no total. Counts do: 449 + 220 = 669.
    assert judged(ledger, "B.5", "2017-12-31").to_date is None
    assert judged(ledger, "B.6", "2017-12-31").to_date is None  # nothing reported is not 0
    assert judged(ledger, "B.7", "2017-12-31").to_date == 669


def test_an_activity_with_nothing_reported_has_no_figure(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.6", "activity", measure(unit="lượt")))
    assert seen(judged(ledger, "B.6", "2018-06-30")) == (
        None,
        None,
        Status.NOT_COMPUTABLE,
        "no quantified target in the source",
    )


def test_a_milestones_deliverable_count_adds_up_and_the_milestone_judges(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("A.4", "milestone", measure(unit="văn bản", target=3), deadline="2018-Q4"),
        indicator("A.5", "milestone", measure(unit="văn bản", target=3), deadline="2018-Q4"),
    )
    ledger.record("2018-Q1", "A.4", "1")
    ledger.record("2018-Q2", "A.4", "1")
    why = "judged as a milestone: done or not"
    # 1 + 1 = 2 documents so far; nothing recorded for A.5: no count, not 0.
    assert seen(judged(ledger, "A.4", "2018-06-30")) == (2, None, Status.NOT_COMPUTABLE, why)
    assert seen(judged(ledger, "A.5", "2018-06-30")) == (None, None, Status.NOT_COMPUTABLE, why)
    assert ledger.row("A.4", "2018-06-30").status is Status.PENDING  # due at the end of 2018-Q4


# ------------------------------------------------------------------ a measure with only a 2018 plan


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2018-03-31", Status.ON_TRACK),  # 100 / 400 = 0.25 after 1/4 of the year: 1.0
        # Quý II not reported yet: still judged on Quý I, the last quarter reported (not 0.25 / 0.5: behind)
        ("2018-06-30", Status.ON_TRACK),
    ],
)
def test_an_annual_measure_with_only_a_2018_plan_is_judged_on_that_plan(make, as_of: str, status: Status) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("C.3", "annual", measure(plan_2018=400)))
    ledger.record("2018-Q1", "C.3", "100")
    m = judged(ledger, "C.3", as_of)
    assert (m.plan_progress, m.status, m.reason) == (
        Decimal("0.25"),
        status,
        "no period target; judged on the 2018 plan, on the figures to 2018-03-31",
    )


def test_a_plan_with_nothing_reported_is_not_reported_never_behind(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.9", "cumulative", measure(plan_2018=400)), indicator("C.4", "annual", measure()))
    m = judged(ledger, "B.9", "2018-06-30")
    # Nothing reported: no progress to show (null), and no verdict: "chưa báo cáo", never 0 of 400 nor behind.
    assert (m.plan_actual, m.plan_progress, m.status, m.reason) == (
        None,
        None,
        Status.NO_DATA,
        "nothing reported for 2018",
    )
    assert (judged(ledger, "C.4", "2018-06-30").status, judged(ledger, "C.4", "2018-06-30").reason) == (
        Status.NO_DATA,
        "no period target and no 2018 plan",
    )


# ------------------------------------------------------------------ what counts at the reporting date


def test_a_milestone_done_later_does_not_hide_other_figures_of_its_quarter(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("A.4", "milestone", deadline="2018-Q2"),
        indicator("B.3", "cumulative", measure(target=300, actual_2016=35, actual_2017=119)),
    )
    ledger.record("2018-Q2", "A.4", done="2018-04-20")  # recorded first in the file, done after 10 April
    ledger.record("2018-Q2", "B.3", "16")
    report = compute_status(load_ledger(ledger.folder), date(2018, 4, 10))
    a4, b3 = report.rows
    assert (a4.status, a4.done_on) == (Status.PENDING, None)
    assert b3.measures[0].to_date == 35 + 119 + 16  # 2018-Q2 has begun on 10 April: its figure counts

"""The rules of "How status is judged" (docs/guide.md), each pinned by an example worked out by hand.

Every expected value below is computed in the comment beside it from the rule as docs/guide.md
states it, never taken from kpi's own output, and each boundary is tried on it and on both
sides. The catalogues are tiny and synthetic, so a boundary is easy to hit exactly.

The period is 2016-2020: 20 quarters. At 2017-12-31, 8 have ended: 8/20 = 0.4 of the period.
Thresholds are the shipped ones: on track from pace 0.9, at risk from 0.6, behind below.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kpi.compute.overdue import compute_overdue
from kpi.ledger.load import load_ledger
from kpi.model.vocabulary import Status
from tests.support import kpi_process
from tests.support.ledger import indicator, measure

# ------------------------------------------------------------------ cumulative: to date ÷ target, pace


@pytest.mark.parametrize(
    ("actual_2017", "status"),
    [
        (340, Status.ON_TRACK),  # (20 + 340) / 1000 = 0.36; 0.36 / 0.4 = 0.9 exactly: on track
        (339, Status.AT_RISK),  # 0.359 / 0.4 = 0.8975
        (220, Status.AT_RISK),  # (20 + 220) / 1000 = 0.24; 0.24 / 0.4 = 0.6 exactly: at risk
        (219, Status.BEHIND),  # 0.239 / 0.4 = 0.5975
        (980, Status.DONE),  # 1000 / 1000: the period target reached
        (979, Status.ON_TRACK),  # 0.999: not done
    ],
)
def test_cumulative_pace_boundaries(make, actual_2017: int, status: Status) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.1", "cumulative", measure(target=1000, actual_2016=20, actual_2017=actual_2017)))
    row = ledger.row("B.1", "2017-12-31")
    assert row.status is status
    m = row.measures[0]
    assert m.to_date == 20 + actual_2017
    assert m.percent_of_period == Decimal(20 + actual_2017) / 1000
    assert m.period_elapsed == Decimal("0.4")


def test_cumulative_adds_every_recorded_quarter_and_says_what_each_remaining_quarter_needs(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.3", "cumulative", measure(target=300, actual_2016=35, actual_2017=119, plan_2018=100)))
    ledger.record("2018-Q1", "B.3", "10")
    ledger.record("2018-Q2", "B.3", "16")
    m = ledger.row("B.3", "2018-06-30").measures[0]
    # 35 + 119 + 10 + 16 = 180; 180 / 300 = 0.6; 10 of 20 quarters: 0.5; pace 1.2
    assert (m.to_date, m.percent_of_period, m.period_elapsed, m.pace) == (
        180,
        Decimal("0.6"),
        Decimal("0.5"),
        Decimal("1.2"),
    )
    assert m.plan_actual == 26 and m.plan_progress == Decimal("0.26")  # 10 + 16 of the 2018 plan of 100
    assert m.needed_per_quarter == Decimal(120) / 10  # (300 - 180) over the 10 quarters left: 12 each
    # A quarter that has not begun at the reporting date is not counted.
    assert ledger.row("B.3", "2018-03-31").measures[0].to_date == 164  # 35 + 119 + 10


def test_adding_a_record_never_lowers_a_cumulative_to_date(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("B.3", "cumulative", measure(target=300, actual_2016=35, actual_2017=119)))
    before = ledger.row("B.3", "2018-12-31").measures[0].to_date
    ledger.record("2018-Q3", "B.3", "0")
    assert ledger.row("B.3", "2018-12-31").measures[0].to_date == before == 154


# ------------------------------------------------------------------ annual: the latest full year ÷ yearly target


@pytest.mark.parametrize(
    ("actual_2017", "status"),
    [
        (19800, Status.ON_TRACK),  # 19 800 / 22 000 = 0.9 exactly
        (19799, Status.AT_RISK),
        (13200, Status.AT_RISK),  # 13 200 / 22 000 = 0.6 exactly
        (13199, Status.BEHIND),
    ],
)
def test_annual_is_judged_on_the_latest_full_year(make, actual_2017: int, status: Status) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("C.9", "annual", measure(unit="đơn", target=22000, actual_2016=30000, actual_2017=actual_2017))
    )
    ledger.record("2018-Q1", "C.9", "30000")  # 2018 is not a full year at mid-2018: 2017 still judges
    row = ledger.row("C.9", "2018-06-30")
    assert row.status is status
    assert row.measures[0].year_progress == Decimal(actual_2017) / 22000


# ------------------------------------------------------------------ threshold: the latest value against the bar


@pytest.mark.parametrize(
    ("direction", "value", "status"),
    [
        ("at_least", "60", Status.ACHIEVED),
        ("at_least", "59.9", Status.NOT_COMPUTABLE),  # short of it, with no full year to show a trend
        ("at_most", "10", Status.ACHIEVED),
        ("at_most", "10.1", Status.NOT_COMPUTABLE),
    ],
)
def test_threshold_met_or_not_at_the_bar(make, direction: str, value: str, status: Status) -> None:  # type: ignore[no-untyped-def]
    bar = "60" if direction == "at_least" else "10"
    ledger = make(indicator("A.1", "threshold", measure(unit="%", target=bar, direction=direction)))
    ledger.record("2018-Q1", "A.1", "1")  # an earlier quarter's level does not count once a later one exists
    ledger.record("2018-Q2", "A.1", value)
    row = ledger.row("A.1", "2018-06-30")
    assert row.status is status
    assert row.measures[0].to_date == Decimal(value)


# Short of its bar, a level is judged by its trend: the yearly rate it moves at since its first
# year against the rate that reaches the bar by the end of the period (2020).
@pytest.mark.parametrize(
    ("direction", "bar", "first", "latest", "status", "ratio"),
    [
        # 40 (2016) to 45 (2017): 45 / 40 - 1 = 0.125 a year; 60 by 2020 asks (60 / 40) ^ (1/4) - 1 = 0.10668:
        # R = 0.125 / 0.10668 = 1.1717: not there yet, on course.
        ("at_least", "60", "40", "45", Status.ON_TRACK, "1.1717"),
        # 40 to 42: 0.05 / 0.10668 = 0.4687: behind.
        ("at_least", "60", "40", "42", Status.BEHIND, "0.4687"),
        # 40 to 39: moving away, R = -0.025 / 0.10668 = -0.2343: not merely behind.
        ("at_least", "60", "40", "39", Status.MOVING_AWAY, "-0.2343"),
        # Lower is better: 10 (2016) to 8 (2017) = -0.2 a year; at most 5 by 2020 asks (5 / 10) ^ (1/4) - 1 =
        # -0.15910: R = -1 × -0.2 / 0.15910 = 1.2570: on course.
        ("at_most", "5", "10", "8", Status.ON_TRACK, "1.2570"),
        # 10 to 9: -0.1 a year: R = 0.1 / 0.15910 = 0.6285: at risk.
        ("at_most", "5", "10", "9", Status.AT_RISK, "0.6285"),
    ],
)
def test_a_level_short_of_its_bar_is_judged_by_its_trend(  # type: ignore[no-untyped-def]
    make, direction: str, bar: str, first: str, latest: str, status: Status, ratio: str
) -> None:
    ledger = make(
        indicator(
            "A.1",
            "threshold",
            measure(unit="%", target=bar, direction=direction, actual_2016=first, actual_2017=latest),
        )
    )
    m = ledger.row("A.1", "2017-12-31").measures[0]
    assert m.status is status
    assert m.trend_ratio is not None and m.trend_ratio.quantize(Decimal("0.0001")) == Decimal(ratio)
    assert m.reason == f"not met: {latest} against {'≥' if direction == 'at_least' else '≤'} {bar}"


@pytest.mark.parametrize(
    ("value", "status"),
    [("3", Status.BEHIND), ("4", Status.ACHIEVED), ("6", Status.ACHIEVED), ("6.1", Status.BEHIND)],
)
def test_a_band_is_met_between_its_ends(make, value: str, status: Status) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.3", "threshold", measure(unit="%", target=4, upper=6, direction="within")))
    ledger.record("2018-Q1", "A.3", value)
    m = ledger.row("A.3", "2018-03-31").measures[0]
    assert m.status is status
    assert m.reason == ("met: {0} against 4–6" if status is Status.ACHIEVED else "not met: {0} against 4–6").format(
        value
    )


def test_a_percentage_measure_takes_the_latest_quarter_not_the_first_or_the_sum(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.2", "annual", measure(unit="%", target=80)))
    ledger.record("2018-Q1", "A.2", "50")
    ledger.record("2018-Q2", "A.2", "70")
    assert ledger.row("A.2", "2018-06-30").measures[0].actuals == {2018: Decimal(70)}


# ------------------------------------------------------------------ growth: this year ÷ last year against the factor


# A factor ×2 each year asks for a yearly rate of 2 - 1 = 1 (100 %). One year from 900: the
# observed rate is x / 900 - 1, and R = that / 1. R >= 0.95 on track, >= 0.6 at risk (settings: trend).
@pytest.mark.parametrize(
    ("actual_2017", "status"),
    [
        (1800, Status.ON_TRACK),  # 1 800 / 900 - 1 = 1.0
        (1755, Status.ON_TRACK),  # 1 755 / 900 - 1 = 0.95 exactly
        (1754, Status.AT_RISK),  # 0.9489
        (1440, Status.AT_RISK),  # 0.6 exactly
        (1439, Status.BEHIND),  # 0.5989
        (800, Status.MOVING_AWAY),  # fell: -0.1111, moving away from the target
    ],
)
def test_growth_rate_against_the_rate_the_factor_asks_for(make, actual_2017: int, status: Status) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("D.II.1", "growth", measure(unit="tin/bài", target=2, actual_2016=900, actual_2017=actual_2017))
    )
    row = ledger.row("D.II.1", "2017-12-31")
    assert row.status is status
    m = row.measures[0]
    assert (m.trend, m.trend_required) == (Decimal(actual_2017) / 900 - 1, 1)
    assert m.trend_ratio == m.trend and m.year_progress is None


def test_growth_over_several_years_is_the_compound_rate(make) -> None:  # type: ignore[no-untyped-def]
    # 100 (2016) to 400 (2018): (400 / 100) ^ (1/2) - 1 = 2 - 1 = 1 a year: exactly ×2 each year, on track,
    # although 2018 alone (400 / 300 = ×1.33) fell short: the trend since the start is judged, not one year.
    ledger = make(indicator("D.1", "growth", measure(target=2, actual_2016=100, actual_2017=300)))
    for quarter in ("2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"):  # a year of counts is full with its four quarters
        ledger.record(quarter, "D.1", "100")
    m = ledger.row("D.1", "2018-12-31").measures[0]
    assert (m.trend, m.trend_ratio, m.status) == (1, 1, Status.ON_TRACK)
    assert m.reason == "grew ×2.00 a year from 2016 to 2018 against ×2"


# ------------------------------------------------------------------ a plan-only measure: the plan year's share elapsed


@pytest.mark.parametrize(
    ("as_of", "recorded", "status"),
    [
        ("2018-03-30", ["0"], Status.PENDING),  # the year's first quarter has not ended
        ("2018-03-31", ["90"], Status.ON_TRACK),  # 90 / 400 = 0.225 of the plan in 1/4 of the year: 0.9
        ("2018-03-31", ["89"], Status.AT_RISK),  # 0.2225 / 0.25 = 0.89
        ("2018-06-30", ["90", "90"], Status.ON_TRACK),  # 2/4 of the year: 180 / 400 = 0.45; 0.45 / 0.5 = 0.9
        ("2018-06-30", ["90", "89"], Status.AT_RISK),
        ("2018-06-30", ["400"], Status.DONE),  # the 2018 plan reached
        # Quý II not reported yet: judged on Quý I alone, 90 / 400 in a quarter: on track, not 0.225 / 0.5.
        ("2018-06-30", ["90"], Status.ON_TRACK),
        ("2018-06-30", [], Status.NO_DATA),  # nothing reported is not 0 of 400
    ],
)
def test_plan_only_progress_against_the_quarters_of_the_plan_year(
    make,
    as_of: str,
    recorded: list[str],  # type: ignore[no-untyped-def]
    status: Status,
) -> None:
    ledger = make(indicator("B.9", "cumulative", measure(plan_2018=400)))
    for number, value in enumerate(recorded, start=1):
        ledger.record(f"2018-Q{number}", "B.9", value)
    assert ledger.row("B.9", as_of).status is status


# ------------------------------------------------------------------ a row: the worst measure speaks


def test_the_worst_measure_speaks_for_the_row_and_done_needs_every_measure(make) -> None:  # type: ignore[no-untyped-def]
    two = measure("experts", target=100, actual_2016=50, actual_2017=50) + measure(
        "managers", target=100, actual_2016=10, actual_2017=10
    )
    ledger = make(indicator("A.9", "cumulative", two))
    row = ledger.row("A.9", "2017-12-31")
    # experts 100 / 100: done; managers 20 / 100 = 0.2, pace 0.5: behind. The row: behind.
    assert [m.status for m in row.measures] == [Status.DONE, Status.BEHIND]
    assert row.status is Status.BEHIND


# ------------------------------------------------------------------ overdue


def test_a_milestone_is_late_from_the_day_after_its_deadline_quarter(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.4", "milestone", deadline="2018-Q1"))
    on_the_day = ledger.row("A.4", "2018-03-31")
    assert (on_the_day.status, on_the_day.overdue) == (Status.PENDING, False)
    next_day = ledger.row("A.4", "2018-04-01")
    assert (next_day.status, next_day.overdue, next_day.days_late) == (Status.OVERDUE, True, 1)


def test_a_done_date_after_the_reporting_date_does_not_count_and_the_earliest_done_date_stands(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.4", "milestone", deadline="2018-Q1"))
    ledger.record("2018-Q2", "A.4", done="2018-04-05")
    late = ledger.row("A.4", "2018-04-04")  # done the next day: still late on the 4th, by 4 days
    assert (late.status, late.days_late) == (Status.OVERDUE, 4)
    assert ledger.row("A.4", "2018-04-05").status is Status.DONE
    ledger.record("2018-Q1", "A.4", done="2018-03-20")
    assert ledger.row("A.4", "2018-06-30").done_on == date(2018, 3, 20)


def test_a_milestone_without_a_deadline_is_due_at_the_end_of_the_plan_year(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.5", "milestone"))
    assert ledger.row("A.5", "2018-12-31").status is Status.PENDING
    row = ledger.row("A.5", "2019-01-01")
    assert (row.status, row.due, row.days_late) == (Status.OVERDUE, "2018-Q4", 1)


@pytest.mark.parametrize(("second_quarter", "overdue"), [("40", False), ("39", True)])
def test_a_plan_met_exactly_by_its_deadline_is_not_overdue(make, second_quarter: str, overdue: bool) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator(
            "B.2",
            "cumulative",
            measure(target=1000, actual_2016=100, actual_2017=300, plan_2018=100),
            deadline="2018-Q2",
        )
    )
    ledger.record("2018-Q1", "B.2", "60")
    ledger.record("2018-Q2", "B.2", second_quarter)  # 60 + 40 = 100 = the plan; 99 is one short
    row = ledger.row("B.2", "2018-07-01")
    assert row.overdue is overdue
    assert row.days_late == (1 if overdue else None)


def test_the_overdue_list_is_by_owner_then_most_late_first(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("A.4", "milestone", deadline="2018-Q2"),
        indicator("A.6", "milestone", deadline="2018-Q1"),
        indicator("B.8", "milestone", deadline="2018-Q1", owner="SHTT"),
    )
    items = compute_overdue(load_ledger(ledger.folder), date(2018, 7, 10)).items
    # QLCN before SHTT; within QLCN, A.6 (10 July - 31 March = 30 + 31 + 30 + 10 = 101 days) before
    # A.4 (10 July - 30 June = 10 days).
    assert [(i.owner, i.id, i.days_late) for i in items] == [
        ("QLCN", "A.6", 101),
        ("QLCN", "A.4", 10),
        ("SHTT", "B.8", 101),
    ]


def test_the_command_line_reports_the_same_worked_figures(make) -> None:  # type: ignore[no-untyped-def]
    import json

    ledger = make(indicator("B.3", "cumulative", measure(target=300, actual_2016=35, actual_2017=119)))
    result = kpi_process(ledger.folder, "status", "--as-of", "2017-12-31", "--format", "json", timeout=60, expect=0)
    m = json.loads(result.stdout)["rows"][0]["measures"][0]
    # 154 / 300 = 0.51333…; pace 0.51333… / 0.4 = 1.28333…
    assert (m["to_date"], round(m["percent_of_period"], 6), round(m["pace"], 6), m["status"]) == (
        154,
        0.513333,
        1.283333,
        "on track",
    )


# ------------------------------------------------------------------ every field of a measure, worked out by hand
# At 2018-06-30, 10 of the 20 quarters have ended: elapsed 0.5, 10 quarters remain. Each example
# gives every figure and the reason a user reads in `kpi show`; fields not listed are None.
# plan_actual is the plan year's figure whether or not the measure has a plan for that year.

ALL_KINDS = [
    indicator(
        "B.1", "cumulative", measure(label="Doanh nghiệp", target=1000, actual_2016=100, actual_2017=200, plan_2018=400)
    ),
    indicator("B.2", "cumulative", measure(target=1000, actual_2017=200)),
    indicator("B.3", "cumulative", measure(plan_2018=400)),
    indicator("B.4", "cumulative", measure(target=50)),
    indicator("C.1", "annual", measure(target=100, actual_2016=90, actual_2017=80)),
    indicator("C.2", "annual", measure(target=100)),
    indicator("A.1", "threshold", measure(unit="%", target=60)),
    indicator("A.2", "threshold", measure(unit="%", target=5, direction="at_most")),
    indicator("D.1", "growth", measure(target=2, actual_2016=100, actual_2017=180)),
    indicator("B.5", "share", measure(target=30, actual_2016=449, actual_2017=220)),
    indicator("B.6", "activity", measure(unit="lượt")),
    indicator("B.7", "cumulative", measure(target=10, actual_2016=4, actual_2017=6)),
    indicator("B.9", "cumulative", measure(plan_2018=40)),
    indicator("B.10", "cumulative", measure()),
]
ALL_RECORDS = [
    ("2017-Q4", "B.1", "999"),  # 2017 is stated by the plan (200): a recorded 2017 quarter does not replace it
    ("2018-Q1", "B.1", "60"),
    ("2018-Q2", "B.1", "40"),
    ("2016-Q4", "B.2", "30"),  # the plan states no 2016 figure for B.2: the recorded quarter stands for 2016
    ("2018-Q1", "B.3", "100"),
    ("2018-Q1", "C.1", "30"),
    ("2018-Q1", "A.1", "70"),
    ("2018-Q2", "A.1", "65"),  # a level: the latest quarter stands for the year
    ("2018-Q2", "A.2", "7"),
    ("2018-Q2", "B.6", "3"),
    ("2018-Q1", "B.9", "25"),
    ("2018-Q2", "B.9", "15"),
]
WORKED = {
    # 100 + 200 + (60 + 40) = 400 of 1000: 0.4; pace 0.4 / 0.5 = 0.8: at risk; (1000 - 400) / 10 = 60 a quarter;
    # 2018: 100 of the plan's 400 = 0.25.
    "B.1": dict(
        label="Doanh nghiệp",
        actuals={2016: 100, 2017: 200, 2018: 100},
        quarters={"2017-Q4": 999, "2018-Q1": 60, "2018-Q2": 40},
        to_date=400,
        percent_of_period=Decimal("0.4"),
        pace=Decimal("0.8"),
        plan=400,
        plan_actual=100,
        plan_progress=Decimal("0.25"),
        needed_per_quarter=60,
        judged_at=date(2018, 6, 30),
        status=Status.AT_RISK,
    ),
    # 30 (2016, one quarter recorded) + 200 = 230 of 1000: 0.23; (1000 - 230) / 10 = 77. But 2016 has
    # one quarter of four: a sum short of a year is no pace, so no verdict (not "behind" at 0.46).
    "B.2": dict(
        actuals={2016: 30, 2017: 200},
        quarters={"2016-Q4": 30},
        to_date=230,
        percent_of_period=Decimal("0.23"),
        needed_per_quarter=77,
        status=Status.NO_DATA,
        reason="2016 reported for 1 of 4 quarters",
    ),
    # No period target: 100 of the 2018 plan's 400 = 0.25 in Quý I, the last quarter reported (Quý II
    # is not in yet): 0.25 / 0.25 = 1: on track.
    "B.3": dict(
        actuals={2018: 100},
        quarters={"2018-Q1": 100},
        to_date=100,
        plan=400,
        plan_actual=100,
        plan_progress=Decimal("0.25"),
        status=Status.ON_TRACK,
        reason="no period target; judged on the 2018 plan, on the figures to 2018-03-31",
    ),
    "B.4": dict(status=Status.NO_DATA, reason="no actuals recorded yet"),
    # Judged on 2017, the latest full year: 80 / 100 = 0.8: at risk; to date is that year's figure, not 2018's 30.
    "C.1": dict(
        actuals={2016: 90, 2017: 80, 2018: 30},
        quarters={"2018-Q1": 30},
        to_date=80,
        plan_actual=30,
        year_progress=Decimal("0.8"),
        status=Status.AT_RISK,
        reason="annual target: judged on 2017",
    ),
    "C.2": dict(status=Status.NO_DATA, reason="nothing reported for 2017"),
    "A.1": dict(
        unit="%",
        actuals={2018: 65},
        quarters={"2018-Q1": 70, "2018-Q2": 65},
        to_date=65,
        plan_actual=65,
        status=Status.ACHIEVED,
        reason="met: 65 against ≥ 60",
    ),
    "A.2": dict(
        unit="%",
        target=5,
        actuals={2018: 7},
        quarters={"2018-Q2": 7},
        to_date=7,
        plan_actual=7,
        status=Status.NOT_COMPUTABLE,  # short of its bar, with no full year to show which way it moves
        reason="not met: 7 against ≤ 5; a trend needs two full years",
    ),
    # 180 / 100 = ×1.8 against ×2: 0.9 of the factor: on track (exactly at the bar).
    # 100 (2016) to 180 (2017): 180 / 100 - 1 = 0.8 a year against the 1 a year ×2 asks for: R = 0.8, at risk.
    "D.1": dict(
        target=2,
        actuals={2016: 100, 2017: 180},
        to_date=180,
        trend=Decimal("0.8"),
        trend_required=1,
        trend_ratio=Decimal("0.8"),
        status=Status.AT_RISK,
        reason="grew ×1.80 a year from 2016 to 2017 against ×2",
    ),
    "B.5": dict(
        target=30,
        actuals={2016: 449, 2017: 220},
        to_date=669,
        status=Status.NOT_COMPUTABLE,
        reason="denominator unknown: the source never counts the population",
    ),
    "B.6": dict(
        unit="lượt",
        actuals={2018: 3},
        quarters={"2018-Q2": 3},
        to_date=3,
        plan_actual=3,
        status=Status.NOT_COMPUTABLE,
        reason="no quantified target in the source",
    ),
    # 4 + 6 = 10 of 10: done, nothing more needed.
    "B.7": dict(
        target=10,
        actuals={2016: 4, 2017: 6},
        to_date=10,
        percent_of_period=1,
        status=Status.DONE,
        reason="period target reached",
    ),
    # 25 + 15 = 40 of the 2018 plan's 40: done.
    "B.9": dict(
        actuals={2018: 40},
        quarters={"2018-Q1": 25, "2018-Q2": 15},
        to_date=40,
        plan=40,
        plan_actual=40,
        plan_progress=1,
        status=Status.DONE,
        reason="2018 plan reached",
    ),
    "B.10": dict(status=Status.NO_DATA, reason="no period target and no 2018 plan"),
}


@pytest.mark.parametrize("indicator_id", list(WORKED))
def test_every_figure_of_a_measure_at_mid_2018(make, indicator_id: str) -> None:  # type: ignore[no-untyped-def]
    ledger = make(*ALL_KINDS)
    for quarter, who, value in ALL_RECORDS:
        ledger.record(quarter, who, value)
    m = ledger.row(indicator_id, "2018-06-30").measures[0]
    expected = dict(
        key="n",
        label="n",
        unit="dự án",
        target=1000 if indicator_id in ("B.1", "B.2", "B.4") else None,
        actuals={},
        quarters={},
        to_date=None,
        percent_of_period=None,
        period_elapsed=Decimal("0.5"),
        pace=None,
        year_progress=None,
        trend=None,
        trend_required=None,
        trend_ratio=None,
        plan=None,
        plan_actual=None,
        plan_progress=None,
        needed_per_quarter=None,
        plan_met=None,
        judged_at=None,
        reason=None,
    )
    expected.update(target={"B.4": 50, "C.1": 100, "C.2": 100, "A.1": 60}.get(indicator_id, expected["target"]))
    expected.update(WORKED[indicator_id])
    got = m.model_dump(exclude={"kind", "actual_basis"})
    assert got == expected


def test_the_first_quarter_of_the_period_and_the_plan_year_not_yet_ended(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        indicator("B.4", "cumulative", measure(target=50)), indicator("B.3", "cumulative", measure(plan_2018=400))
    )
    ledger.record("2016-Q1", "B.4", "5")
    ledger.record("2018-Q1", "B.3", "100")
    early = ledger.row("B.4", "2016-03-30").measures[0]
    # No quarter of the period has ended: no pace can be worked out; (50 - 5) / 20 quarters = 2.25 each.
    assert (
        early.to_date,
        early.percent_of_period,
        early.pace,
        early.needed_per_quarter,
        early.status,
        early.reason,
    ) == (5, Decimal("0.1"), None, Decimal("2.25"), Status.NO_DATA, "no part of the period has elapsed")
    # Before the plan year's first quarter ends, a plan-only measure is pending (even with a figure recorded).
    pending = ledger.row("B.3", "2018-03-30").measures[0]
    assert (pending.status, pending.reason) == (
        Status.PENDING,
        "no period target; judged on the 2018 plan once its first quarter ends",
    )
    # At the end of that quarter: 100 of 400 = 0.25 after a quarter of the year: pace 1.0: on track.
    assert ledger.row("B.3", "2018-03-31").measures[0].status is Status.ON_TRACK


def test_of_two_unfinished_measures_the_worse_speaks(make) -> None:  # type: ignore[no-untyped-def]
    two = measure("experts", target=100, actual_2016=20, actual_2017=20) + measure(
        "managers", target=100, actual_2016=10, actual_2017=10
    )
    ledger = make(indicator("A.9", "cumulative", two))
    row = ledger.row("A.9", "2017-12-31")
    # experts 40 / 100 = 0.4, pace 0.4 / 0.4 = 1: on track; managers 20 / 100, pace 0.5: behind.
    assert [m.status for m in row.measures] == [Status.ON_TRACK, Status.BEHIND]
    assert row.status is Status.BEHIND

"""The small rules under yearly plans and trends, worked by hand and called in this process:
which plan speaks for a day, which target is in force, a year's actual from its quarters, and
the compound growth rates that judge a trend."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpi.compute import cagr
from kpi.ledger.plans import plan_for_year, plan_in_force, revision_in_force, target_in_force
from kpi.ledger.year_actuals import from_quarters, is_level
from kpi.model.models import Catalogue, Measure, PlanInfo, TargetRevision
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind, Status
from tests.support.ledger import indicator, measure


def plans(*years: int) -> list[Catalogue]:
    info = dict(
        number="1/KH", title="Kế hoạch", issuer="Sở", signed=date(2018, 1, 8), period_start=2016, period_end=2020
    )
    return [
        Catalogue(plan=PlanInfo(**info, year=year, source_file=None), owners=[], programs=[], indicators=[])  # type: ignore[arg-type]
        for year in years
    ]


def test_a_day_is_read_against_the_plan_of_its_year_else_the_latest_before_else_the_first() -> None:
    p2018, p2019 = plans(2018, 2019)
    both = [p2018, p2019]
    assert plan_for_year(both, 2018) is p2018
    assert plan_for_year(both, 2019) is p2019
    assert plan_for_year(both, 2020) is p2019  # no 2020 plan: the last one's targets still stand
    assert plan_for_year(both, 2016) is p2018  # before the first plan: the first
    assert plan_in_force(both, date(2018, 12, 31)) is p2018
    assert plan_in_force(both, date(2019, 1, 1)) is p2019


def revised(*revisions: tuple[str, str, str]) -> Measure:
    return Measure(
        key="n",
        unit="DN",
        target=Decimal(10000),
        revisions=[
            TargetRevision(
                previous=Decimal(previous),
                target=Decimal(target),
                effective=date.fromisoformat(effective),
                decision="123/QĐ-UBND",
                decided=date(2019, 1, 1),
            )
            for previous, target, effective in revisions
        ],
    )


def test_the_target_in_force_changes_on_the_day_a_revision_takes_effect() -> None:
    measure = revised(("10000", "12000", "2019-03-01"), ("12000", "11000", "2020-01-01"))
    assert target_in_force(measure, date(2019, 2, 28)) == 10000  # the published target until then
    assert target_in_force(measure, date(2019, 3, 1)) == 12000  # from the day it takes effect
    assert target_in_force(measure, date(2019, 12, 31)) == 12000
    assert target_in_force(measure, date(2020, 1, 1)) == 11000  # the latest revision in effect
    assert revision_in_force(measure, date(2019, 2, 28)) is None
    # Listed in any order, the latest in effect wins.
    backwards = revised(("12000", "11000", "2020-01-01"), ("10000", "12000", "2019-03-01"))
    assert target_in_force(backwards, date(2020, 6, 30)) == 11000
    assert target_in_force(backwards, date(2019, 6, 30)) == 12000


def test_a_years_actual_adds_counts_and_takes_the_latest_level() -> None:
    count = Measure(key="n", unit="DN")
    level = Measure(key="n", unit="%")
    spaced = Measure(key="n", unit=" % DN")
    quarters = [(Quarter(2018, 3), Decimal(30)), (Quarter(2018, 1), Decimal(10)), (Quarter(2018, 2), Decimal(20))]
    assert from_quarters(Kind.CUMULATIVE, count, quarters) == 60  # 10 + 20 + 30
    assert from_quarters(Kind.CUMULATIVE, level, quarters) == 30  # the latest quarter, whatever the order given
    assert from_quarters(Kind.CUMULATIVE, spaced, quarters) == 30
    assert from_quarters(Kind.THRESHOLD, count, quarters) == 30  # a threshold is a level whatever its unit
    assert from_quarters(Kind.ANNUAL, count, []) is None  # nothing recorded is not 0
    assert is_level(Kind.THRESHOLD, count) and is_level(Kind.ANNUAL, level) and not is_level(Kind.ANNUAL, count)


def test_the_observed_rate_needs_two_years_apart_and_something_to_grow_from() -> None:
    assert cagr.observed((2016, Decimal(100)), (2017, Decimal(180))) == Decimal("0.8")  # 180 / 100 - 1
    assert cagr.observed((2016, Decimal(100)), (2018, Decimal(400))) == 1  # (400 / 100) ^ (1/2) - 1
    assert cagr.observed((2016, Decimal(100)), (2016, Decimal(180))) is None  # the same year
    assert cagr.observed((2017, Decimal(100)), (2016, Decimal(180))) is None  # backwards
    assert cagr.observed((2016, Decimal(0)), (2017, Decimal(180))) is None  # from nothing: no rate
    assert cagr.observed((2016, Decimal(100)), (2017, Decimal(0))) == -1  # fell to nothing: -100 %


def test_the_required_rate_reaches_the_target_by_the_end_year() -> None:
    assert cagr.required_to_reach((2016, Decimal(25)), Decimal(100), 2018) == 1  # (100 / 25) ^ (1/2) - 1
    assert cagr.required_to_reach((2016, Decimal(100)), Decimal(50), 2017) == Decimal("-0.5")  # at most: falling
    assert cagr.required_to_reach((2020, Decimal(25)), Decimal(100), 2020) is None  # no year left
    assert cagr.required_to_reach((2016, Decimal(0)), Decimal(100), 2020) is None


def test_r_is_signed_by_direction_and_undefined_when_nothing_is_required() -> None:
    assert cagr.ratio(Decimal("0.5"), Decimal("1")) == Decimal("0.5")
    assert cagr.ratio(Decimal("-0.5"), Decimal("1")) == Decimal("-0.5")  # moving away
    # Lower is better: falling 20 % a year where 10 % a year is needed is twice the pace.
    assert cagr.ratio(Decimal("-0.2"), Decimal("-0.1"), lower_is_better=True) == 2
    assert cagr.ratio(Decimal("0.2"), Decimal("-0.1"), lower_is_better=True) == -2  # rising: moving away
    assert cagr.ratio(Decimal("0.2"), Decimal(0)) is None


# ------------------------------------------------------------------ the same rules, as status uses them


def test_status_uses_the_target_in_force_on_the_reporting_date(make) -> None:  # type: ignore[no-untyped-def]
    revision = "\n".join(
        [
            "  revisions:",
            "    - previous: 1000",
            "      target: 2000",
            "      effective: 2018-04-01",
            "      decision: 123/QĐ-UBND",
            "      decided: 2018-03-15",
        ]
    )
    ledger = make(indicator("B.1", "cumulative", measure(target=1000, actual_2016=100, actual_2017=300) + revision))
    # 100 + 300 = 400: of 1 000 until 2018-03-31 (0.4), of 2 000 from 2018-04-01 (0.2).
    before = ledger.row("B.1", "2018-03-31").measures[0]
    after = ledger.row("B.1", "2018-06-30").measures[0]
    assert (before.target, before.percent_of_period) == (1000, Decimal("0.4"))
    assert (after.target, after.percent_of_period) == (2000, Decimal("0.2"))


def test_a_threshold_counted_in_units_takes_its_latest_quarter_not_their_sum(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("A.1", "threshold", measure(unit="điểm", target=25)))
    ledger.record("2018-Q1", "A.1", "10")
    ledger.record("2018-Q2", "A.1", "20")
    m = ledger.row("A.1", "2018-06-30").measures[0]
    # The level is 20 (the latest quarter), short of 25; 10 + 20 = 30 would wrongly meet it. With no
    # full year there is no trend to judge it by: said so, not called behind.
    assert (m.to_date, m.status, m.reason) == (
        20,
        Status.NOT_COMPUTABLE,
        "not met: 20 against ≥ 25; a trend needs two full years",
    )


def test_a_growth_target_of_one_asks_for_no_growth_and_is_not_judged(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(indicator("D.1", "growth", measure(target=1, actual_2016=100, actual_2017=120)))
    assert ledger.row("D.1", "2017-12-31").measures[0].status is Status.NOT_COMPUTABLE


def test_show_judges_a_level_short_of_its_bar_by_its_trend(make) -> None:  # type: ignore[no-untyped-def]
    from kpi.compute.detail import describe
    from kpi.ledger.load import load_ledger

    ledger = make(indicator("A.1", "threshold", measure(unit="%", target=60, actual_2016=40, actual_2017=45)))
    detail = describe(load_ledger(ledger.folder), "A.1", date(2017, 12, 31))
    # (45 / 40) - 1 = 12.5 % a year against (60 / 40) ^ (1/4) - 1 = 10.67 % needed by 2020: R = 1.17.
    assert detail.arithmetic["n"]["trend"] == "12.5% / |10.67%| = 1.17"
    assert detail.status.status is Status.ON_TRACK

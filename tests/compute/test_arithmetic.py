"""The arithmetic kpi shows its readers, and the source's stated figures checked against it:
each expected text worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpi.i18n import speaking
from kpi.ledger.arithmetic import as_percent, places, rounded, show, spelled_sum, stated_versus_computed, total
from kpi.model.models import Measure


@pytest.mark.parametrize(("text", "expected"), [("39.89", 2), ("23", 0), ("11.670", 3), ("5E+1", 0), ("0.5", 1)])
def test_places_are_the_decimals_a_figure_was_written_with(text: str, expected: int) -> None:
    assert places(Decimal(text)) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [("0.125", 2, "0.13"), ("0.135", 2, "0.14"), ("2.5", 0, "3"), ("3.5", 0, "4"), ("3.674", 2, "3.67")],
)
def test_rounding_is_half_up_as_people_round_not_to_even(value: str, digits: int, expected: str) -> None:
    # Python's default (half to even) would give 0.12, 2 and 4; a clerk's calculator gives these.
    result = rounded(Decimal(value), digits)
    assert result == Decimal(expected) and str(result) == expected


def test_total_of_what_exists_and_none_when_nothing_does() -> None:
    assert total([Decimal(5), None, Decimal(6)]) == 11
    assert total([None, None]) is None
    assert total([]) is None


def test_figures_in_a_sentence_follow_the_language_asked_for() -> None:
    assert show(Decimal("3.6667"), 2, "vi") == "3,67" and show(Decimal("3.6667"), 2, "en") == "3.67"
    assert show(Decimal("1.80"), 2, "vi") == "1,8"  # trailing zeros dropped
    assert as_percent(Decimal("39.891"), 2, "vi") == "39,89%" and as_percent(Decimal("39.891"), 2, "en") == "39.89%"
    assert spelled_sum([Decimal(1069), Decimal(2920)], "vi") == "1.069 + 2.920"
    assert spelled_sum([Decimal(1069), Decimal(2920)], "en") == "1,069 + 2,920"


def test_without_a_language_figures_follow_the_run() -> None:
    with speaking("vi"):
        assert as_percent(Decimal("11.67")) == "11,67%"
        assert spelled_sum([Decimal(1069), Decimal(2920)]) == "1.069 + 2.920"
    with speaking("en"):
        assert as_percent(Decimal("11.67")) == "11.67%"


def measure(**figures: str) -> Measure:
    """`actual_2016="1069"` goes under `actuals` by year; the other figures by name."""
    fields: dict[str, object] = {"actuals": {}}
    for name, value in figures.items():
        prefix, _, year = name.partition("_")
        if prefix == "actual" and year.isdigit():
            fields["actuals"][int(year)] = Decimal(value)  # type: ignore[index]
        else:
            fields[name] = Decimal(value)
    return Measure(key="n", unit="DN", **fields)  # type: ignore[arg-type]


def test_a_stated_total_that_disagrees_with_the_actuals_is_named_with_the_sum() -> None:
    with speaking("en"):
        assert stated_versus_computed(measure(actual_2016="1069", actual_2017="2920", stated_to_date="3990")) == [
            ("stated_to_date", "the source states 3,990 but 1,069 + 2,920 = 3,989")
        ]
        assert stated_versus_computed(measure(actual_2016="1069", actual_2017="2920", stated_to_date="3989")) == []
        assert stated_versus_computed(measure(stated_to_date="3989")) == []  # no actuals: nothing to compare


def test_a_stated_percentage_is_compared_at_the_places_it_was_written_with() -> None:
    with speaking("en"):
        # A.6: (5 + 6) / 300 = 3.666… %, stated 11.67 %.
        assert stated_versus_computed(
            measure(target="300", actual_2016="5", actual_2017="6", stated_percent="11.67")
        ) == [("stated_percent", "the source states 11.67% but (5 + 6) / 300 = 3.67%")]
        # 3.67 at two places and 3.7 at one are both right; 3.6 at one is not (3.666… rounds to 3.7).
        for stated, findings in (("3.67", 0), ("3.7", 0), ("3.6", 1)):
            got = stated_versus_computed(measure(target="300", actual_2016="5", actual_2017="6", stated_percent=stated))
            assert len(got) == findings, stated
        # One year of actuals: no parentheses.
        assert stated_versus_computed(measure(target="300", actual_2016="12", stated_percent="5")) == [
            ("stated_percent", "the source states 5% but 12 / 300 = 4%")
        ]


def test_a_stated_growth_factor_is_checked_against_the_two_years() -> None:
    with speaking("en"):
        # D.II.1: 2 365 / 900 = ×2.6278; stated ×2.63 is right, ×2.5 is not.
        assert stated_versus_computed(measure(actual_2016="900", actual_2017="2365", stated_factor="2.63")) == []
        assert stated_versus_computed(measure(actual_2016="900", actual_2017="2365", stated_factor="2.5")) == [
            ("stated_factor", "the source states ×2.5 but 2,365 / 900 = ×2.63")
        ]
        # No 2016 figure (or zero): no factor to compare.
        assert stated_versus_computed(measure(actual_2016="0", actual_2017="2365", stated_factor="2.5")) == []

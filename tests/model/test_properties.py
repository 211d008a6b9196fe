"""Property tests for the parsers: quarters and Vietnamese numbers survive a round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.model.numbers import find_vn_numbers, format_vn_number, parse_vn_number
from kpi.model.quarters import Quarter

quarters = st.builds(Quarter, st.integers(1000, 9999), st.integers(1, 4))
amounts = st.decimals(min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False)


@given(quarters)
def test_quarter_round_trips_through_every_written_form(quarter: Quarter) -> None:
    forms = [
        str(quarter),
        f"{quarter.year}Q{quarter.number}",
        f"Q{quarter.number}/{quarter.year}",
        quarter.vietnamese(),
        quarter.vietnamese().lower(),
    ]
    for text in forms:
        assert Quarter.parse(text) == quarter


@given(st.builds(Quarter, st.integers(1, 9998), st.integers(1, 4)))
def test_quarter_days_tile_the_year(quarter: Quarter) -> None:
    assert Quarter.containing(quarter.first_day) == quarter
    assert Quarter.containing(quarter.last_day) == quarter
    assert (quarter.next().first_day - quarter.last_day).days == 1


@pytest.mark.parametrize("text", ["2018-Q5", "Q0/2018", "Quý V/2018", "2018", "", "2018-Q1x"])
def test_not_a_quarter(text: str) -> None:
    with pytest.raises(ValueError, match="is not a quarter"):
        Quarter.parse(text)


def test_the_calendar_ends_after_9999_q4() -> None:
    assert Quarter(9999, 3).next() == Quarter(9999, 4)
    with pytest.raises(ValueError, match="year 10000 is outside 1-9999"):
        Quarter(9999, 4).next()
    with pytest.raises(ValueError, match="year 0 is outside"):
        Quarter(0, 1)


def test_year_means_its_last_quarter() -> None:
    assert Quarter.parse("Năm 2018") == Quarter(2018, 4)


@given(amounts)
def test_vietnamese_number_round_trip(value: Decimal) -> None:
    assert parse_vn_number(format_vn_number(value)) == value


@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=5))
def test_numbers_are_found_in_running_text(values: list[int]) -> None:
    text = " đơn, ".join(format_vn_number(v) for v in values) + " DN"
    assert find_vn_numbers(text) == [Decimal(v) for v in values]


@pytest.mark.parametrize(
    ("text", "value"),
    [("10.000", "10000"), ("39,89", "39.89"), ("05", "5"), ("1.069", "1069"), ("22,6", "22.6"), ("2.365", "2365")],
)
def test_source_notation(text: str, value: str) -> None:
    assert parse_vn_number(text) == Decimal(value)

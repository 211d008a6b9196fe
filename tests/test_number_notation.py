"""`format_number` writes what CLDR's `#,##0.00…` pattern writes through Babel, for any Decimal."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from kpi.model.numbers import format_number


def babel_writes(value: Decimal, lang: str, places: int | None) -> str:
    number = round(value, places) if places is not None else value
    exponent = number.as_tuple().exponent
    digits = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_decimal(number, format="#,##0" + ("." + "0" * digits if digits else ""), locale=lang)


# What kpi holds and computes: up to 15 whole digits (kpi.model.models.MAX_WHOLE_DIGITS) and up to
# 12 decimal places, within Decimal's 28 significant digits.
KPI_DECIMALS = st.builds(
    lambda whole, digits, fraction: Decimal(whole) + Decimal(fraction % 10**digits).scaleb(-digits),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=10**12),
)


@given(KPI_DECIMALS, st.sampled_from(["vi", "en"]), st.sampled_from([None, 0, 1, 2]))
def test_every_decimal_is_written_as_babel_writes_it(value: Decimal, lang: str, places: int | None) -> None:
    assert format_number(value, lang, places) == babel_writes(value, lang, places)


def test_the_notation_of_each_language() -> None:
    assert [format_number(Decimal(v), "vi") for v in ("1069", "39.89", "39.80", "1E+3", "-1234567.5")] == [
        "1.069",
        "39,89",
        "39,80",
        "1.000",
        "-1.234.567,5",
    ]
    assert [format_number(Decimal(v), "en") for v in ("1069", "39.89", "0.2333")] == ["1,069", "39.89", "0.2333"]

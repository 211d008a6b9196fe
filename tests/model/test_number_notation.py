"""`format_number` and `format_percent` write what CLDR's patterns write through Babel, for any Decimal;
`date_words` writes a day as Babel does."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from kpi.model.numbers import format_number, format_percent


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


def babel_percent(fraction: Decimal, lang: str) -> str:
    """CLDR's percent pattern of the language, to two places, applied by Babel."""
    locale = Locale.parse(lang)
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (2, 2)
    return str(pattern.apply(fraction, locale))


# Fractions as kpi computes them (a quotient of two figures: up to 28 significant digits), and the
# edges: zero, minus zero, halves at the second place, and values far above 100 %.
FRACTIONS = st.one_of(
    st.builds(lambda a, b: a / b, KPI_DECIMALS, KPI_DECIMALS.filter(bool)),
    st.sampled_from([Decimal(t) for t in ("0", "-0", "0.00005", "0.00015", "0.00025", "-0.00005", "123456.789", "1")]),
)


@given(FRACTIONS, st.sampled_from(["vi", "en"]))
def test_every_percentage_is_written_as_babel_writes_it(fraction: Decimal, lang: str) -> None:
    assert format_percent(fraction, lang) == babel_percent(fraction, lang)


def test_the_percentages_of_each_language() -> None:
    assert [format_percent(Decimal(v), "vi") for v in ("0.3989", "0.00005", "12.3456", "-0.5")] == [
        "39,89%",
        "0,00%",
        "1.234,56%",
        "-50,00%",
    ]
    assert format_percent(Decimal("12.3456"), "en") == "1,234.56%"


def test_the_notation_written_out_for_kpis_languages_is_babels() -> None:
    """kpi's own languages print numbers without loading Babel: what it would load must be what is written out."""
    from kpi.i18n import LANGUAGES
    from kpi.model.numbers import CLDR_NOTATION, _percent_pattern, cldr_symbols

    assert set(CLDR_NOTATION) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert CLDR_NOTATION[lang] == (cldr_symbols(lang), _percent_pattern(lang)[2]), lang
        pattern = Locale.parse(lang).percent_formats[None]
        assert CLDR_NOTATION[lang][1][1] == (tuple(pattern.prefix), tuple(pattern.suffix)), lang


@given(st.dates(), st.sampled_from(["vi", "en"]))
def test_every_day_is_written_as_babel_writes_it(day: date, lang: str) -> None:
    from babel.dates import format_date

    from kpi.model.words import DATE_PATTERNS, date_words

    assert date_words(day, lang) == format_date(day, DATE_PATTERNS[lang], locale=lang)

"""Exact arithmetic on indicator figures, and the sentences that show it.

Everything is Decimal; rounding happens only when a figure is written out.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kpi.models import Measure
from kpi.numbers import format_en_number, format_vn_number

HUNDRED = Decimal(100)


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the figures that exist; None when none does."""
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def places(value: Decimal) -> int:
    """Decimal places a figure was written with: 39.89 -> 2, 23 -> 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounded(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def show(value: Decimal, digits: int = 2, lang: str = "vi") -> str:
    """A figure for a sentence, rounded for reading, trailing zeros dropped: 3,67 / 1,8 / 25 (en: 3.67)."""
    formatter = format_vn_number if lang == "vi" else format_en_number
    return formatter(rounded(value, digits).normalize())


def spelled_sum(values: list[Decimal]) -> str:
    return " + ".join(format_vn_number(v) for v in values)


def stated_versus_computed(measure: Measure) -> list[tuple[str, str]]:
    """Where the source's own stated figures disagree with its numbers: (field, sentence)."""
    problems: list[tuple[str, str]] = []
    actuals = [v for v in (measure.actual_2016, measure.actual_2017) if v is not None]
    to_date = total(actuals)
    if measure.stated_to_date is not None and to_date is not None and to_date != measure.stated_to_date:
        problems.append(("stated_to_date", f"the source states {format_vn_number(measure.stated_to_date)} but "
                                           f"{spelled_sum(actuals)} = {format_vn_number(to_date)}"))
    if measure.stated_percent is not None and to_date is not None and measure.target:
        computed = to_date / measure.target * HUNDRED
        if rounded(computed, places(measure.stated_percent)) != measure.stated_percent:
            numerator = f"({spelled_sum(actuals)})" if len(actuals) > 1 else spelled_sum(actuals)
            problems.append(("stated_percent", f"the source states {show(measure.stated_percent)} % but "
                                               f"{numerator} / {format_vn_number(measure.target)} = {show(computed)} %"))
    if measure.stated_factor is not None and measure.actual_2016 and measure.actual_2017 is not None:
        factor = measure.actual_2017 / measure.actual_2016
        if rounded(factor, places(measure.stated_factor)) != measure.stated_factor:
            problems.append(("stated_factor", f"the source states ×{show(measure.stated_factor)} but "
                                              f"{format_vn_number(measure.actual_2017)} / "
                                              f"{format_vn_number(measure.actual_2016)} = ×{show(factor)}"))
    return problems

"""Exact arithmetic on indicator figures, and the sentences that show it.

Everything is Decimal; rounding happens only when a figure is written out.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kpi.i18n import _, language
from kpi.model.models import Measure
from kpi.model.numbers import format_number

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


def show(value: Decimal, digits: int = 2, lang: str | None = None) -> str:
    """A figure for a sentence, rounded for reading, trailing zeros dropped: 3,67 / 1,8 / 25 (en: 3.67);
    in the run's language unless `lang` says otherwise."""
    return format_number(rounded(value, digits).normalize(), lang or language())


def written(value: Decimal, lang: str | None = None) -> str:
    """A figure as it stands, in the run's language unless `lang` says otherwise: 3.989 (en: 3,989)."""
    return format_number(value, lang or language())


def as_percent(value: Decimal, digits: int = 2, lang: str | None = None) -> str:
    """A percentage figure (39.89 for 39.89 %) in the language's percent notation: `39,89%`."""
    from kpi.model.words import with_percent_sign

    chosen = lang or language()
    return with_percent_sign(show(value, digits, chosen), chosen)


def spelled_sum(values: list[Decimal], lang: str | None = None) -> str:
    return " + ".join(written(v, lang) for v in values)


def stated_versus_computed(measure: Measure) -> list[tuple[str, str]]:
    """Where the source's own stated figures disagree with its numbers: (field, sentence), in the
    run's language."""
    problems: list[tuple[str, str]] = []
    # The source's statements are about the figures it states: a year closed from the quarters
    # (`actual_basis: quarters`, written by `kpi year close`) is not one of them.
    stated = {year: value for year, value in measure.actuals.items() if measure.actual_basis.get(year) != "quarters"}
    actuals = [stated[year] for year in sorted(stated)]
    to_date = total(actuals)
    if measure.stated_to_date is not None and to_date is not None and to_date != measure.stated_to_date:
        problems.append(
            (
                "stated_to_date",
                _("the source states {stated} but {sum} = {computed}").format(
                    stated=written(measure.stated_to_date), sum=spelled_sum(actuals), computed=written(to_date)
                ),
            )
        )
    if measure.stated_percent is not None and to_date is not None and measure.target:
        computed = to_date / measure.target * HUNDRED
        if rounded(computed, places(measure.stated_percent)) != measure.stated_percent:
            numerator = f"({spelled_sum(actuals)})" if len(actuals) > 1 else spelled_sum(actuals)
            problems.append(
                (
                    "stated_percent",
                    _("the source states {stated} but {numerator} / {target} = {computed}").format(
                        stated=as_percent(measure.stated_percent),
                        numerator=numerator,
                        target=written(measure.target),
                        computed=as_percent(computed),
                    ),
                )
            )
    years = sorted(stated)
    later = stated[years[-1]] if years else None
    earlier = stated.get(years[-1] - 1) if years else None
    # The stated factor compares the latest year the plan states with the year before it.
    if measure.stated_factor is not None and earlier and later is not None:
        factor = later / earlier
        if rounded(factor, places(measure.stated_factor)) != measure.stated_factor:
            problems.append(
                (
                    "stated_factor",
                    _("the source states ×{stated} but {later} / {earlier} = ×{computed}").format(
                        stated=show(measure.stated_factor),
                        later=written(later),
                        earlier=written(earlier),
                        computed=show(factor),
                    ),
                )
            )
    return problems

"""Compound annual growth, for measures judged by their trend: growth factors, and levels still
short of their bar (Statistics Canada's method, as Open SDG uses it; see docs/progress.md).

    observed CAGR = (y_latest / y_first) ^ (1 / (t_latest - t_first)) - 1
    required CAGR = (target / y_first) ^ (1 / (t_end - t_first)) - 1     (a level to reach by t_end)
                  = factor - 1                                            (a factor each year)
    R = d × observed / |required|, d = +1 when higher is better, -1 when lower is better

A root of a ratio is rarely a finite decimal: these are the only figures of kpi rounded by the
arithmetic itself, to Decimal's 28 significant digits, far below anything a report shows.
"""

from __future__ import annotations

from decimal import Decimal

ONE = Decimal(1)


def observed(first: tuple[int, Decimal], latest: tuple[int, Decimal]) -> Decimal | None:
    """The yearly growth rate from the first year's figure to the latest; None without two years
    apart or from nothing (a start of 0 grows by no rate)."""
    (t0, y0), (t1, y1) = first, latest
    if t1 <= t0 or y0 == 0:
        return None
    return (y1 / y0) ** (ONE / (t1 - t0)) - ONE


def required_to_reach(first: tuple[int, Decimal], target: Decimal, end_year: int) -> Decimal | None:
    """The yearly rate that takes the first year's figure to `target` by the end of `end_year`."""
    t0, y0 = first
    if end_year <= t0 or y0 == 0:
        return None
    return (target / y0) ** (ONE / (end_year - t0)) - ONE


def ratio(observed_rate: Decimal, required_rate: Decimal, lower_is_better: bool = False) -> Decimal | None:
    """R: the observed rate as a share of the required one, signed so that moving the wrong way is
    negative; None when nothing is required (a target already at the start)."""
    if required_rate == 0:
        return None
    direction = -ONE if lower_is_better else ONE
    return direction * observed_rate / abs(required_rate)

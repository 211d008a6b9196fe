"""Dates as people type them: ISO `2018-03-20` or Vietnamese day-first `20/3/2018`."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_entered_date(text: str) -> date:
    cleaned = text.strip()
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"'{text}' is not a date; write it as 2018-03-20 (or 20/03/2018)")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a date: {exc}") from None

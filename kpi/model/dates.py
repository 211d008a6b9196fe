"""Dates as people type them: ISO `2018-03-20` or Vietnamese day-first `20/3/2018`."""

from __future__ import annotations

import re
from datetime import date

from kpi.i18n import _, language

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_entered_date(text: str) -> date:
    cleaned = text.strip()
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(_("'{text}' is not a date; write it as 2018-03-20 (or 20/03/2018)").format(text=text))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("'{text}' is not a date: {reason}").format(text=text, reason=_day_problem(year, month, day))
        ) from None


def _day_problem(year: int, month: int, day: int) -> str:
    """Why the calendar has no such day, in the words of Python's `date` (which has no translations)."""
    if not 1 <= year <= 9999:
        return _("year {year} is out of range").format(year=year)
    if not 1 <= month <= 12:
        return _("month must be in 1..12")
    return _("day is out of range for month")


def written_date(day: date) -> str:
    """A date in a sentence of the run's language, as its official documents write it: 20/03/2018
    in Vietnamese, ISO 2018-03-20 in English. Both are read back by `parse_entered_date`."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if language() == "vi" else day.isoformat()

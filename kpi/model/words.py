"""The vocabulary in words a person reads, in the run's language or one asked for: kinds, status
words, quarters and dates as the plan writes them, percentages in CLDR's notation. The reports,
the checks and the command line all say these things the same way."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Generic, TypeVar

from kpi.i18n import _, speaking
from kpi.model.vocabulary import Kind, Status

K = TypeVar("K")


class InLanguage(Generic[K]):
    """`WORDS[lang][key]`: the catalogue's words in one language, looked up when asked."""

    def __init__(self, words: Callable[[], dict[K, str]]):
        self._words = words
        self._looked_up: dict[str, dict[K, str]] = {}

    def __getitem__(self, lang: str) -> dict[K, str]:
        # Looked up once per language: a report asks for its words once a line (50 000 times at
        # 10 000 indicators), and the catalogue does not change while kpi runs. A copy, so that
        # no caller can change the words another one sees.
        words = self._looked_up.get(lang)
        if words is None:
            with speaking(lang):
                words = self._looked_up[lang] = self._words()
        return dict(words)


def _status_words() -> dict[Status, str]:
    return {
        Status.DONE: _("done"),
        Status.ACHIEVED: _("target achieved"),
        Status.ON_TRACK: _("on track"),
        Status.PENDING: _("pending"),
        Status.AT_RISK: _("at risk"),
        Status.BEHIND: _("behind"),
        Status.MOVING_AWAY: _("moving away"),
        Status.OVERDUE: _("overdue"),
        Status.NOT_COMPUTABLE: _("not computable"),
        Status.NO_DATA: _("not reported"),
    }


STATUS_WORDS = InLanguage(_status_words)


def status_word(status: Status, lang: str) -> str:
    return STATUS_WORDS[lang][status]


def _kind_words() -> dict[Kind, str]:
    return {
        Kind.CUMULATIVE: _("cumulative"),
        Kind.ANNUAL: _("annual"),
        Kind.THRESHOLD: _("threshold"),
        Kind.GROWTH: _("growth"),
        Kind.SHARE: _("share"),
        Kind.MILESTONE: _("milestone"),
        Kind.ACTIVITY: _("activity"),
    }


KIND_WORDS = InLanguage(_kind_words)


def kind_word(kind: Kind) -> str:
    """An indicator's kind as a person reads it, in the run's language."""
    return _kind_words().get(kind, kind.value)


def with_percent_sign(number: str, lang: str) -> str:
    """A number already written out, as a percentage in the language's CLDR notation: `39,89%`."""
    from kpi.model.numbers import CLDR_NOTATION

    if lang in CLDR_NOTATION:  # Babel's own affixes for kpi's languages, without loading its data
        _scale, ((prefix, _negative_prefix), (suffix, _negative_suffix)) = CLDR_NOTATION[lang][1]
        return f"{prefix}{number}{suffix}"
    from babel import Locale

    pattern = Locale.parse(lang).percent_formats[None]
    return f"{pattern.prefix[0]}{number}{pattern.suffix[0]}"


# A date as the language's official documents write it: 30/06/2018 in Vietnamese (CLDR's short
# form for vi would print 30/6/18); ISO 2018-06-30 in English, which no reader misreads.
DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


NUMERIC_DATES = {"dd/MM/yyyy": "{day:02d}/{month:02d}/{year:04d}", "yyyy-MM-dd": "{year:04d}-{month:02d}-{day:02d}"}
"""The patterns of DATE_PATTERNS, all digits, written as Babel writes them (tests/model/test_number_notation.py
compares the two): no need to import Babel to print a date."""


@functools.lru_cache(maxsize=4096)
def date_words(day: date, lang: str) -> str:
    # Memoised: a report writes the same few days thousands of times, and Babel parses the locale
    # name again on each call.
    numeric = NUMERIC_DATES.get(DATE_PATTERNS[lang])
    if numeric is not None:
        return numeric.format(day=day.day, month=day.month, year=day.year)
    from babel.dates import format_date

    return format_date(day, DATE_PATTERNS[lang], locale=lang)


def governing_lines(governing_body: str | None) -> tuple[str, ...]:
    """The governing body on two lines, its kind over its place, as the plan prints it:
    ỦY BAN NHÂN DÂN / THÀNH PHỐ HỒ CHÍ MINH (Phụ lục I, Phần I, Mục I, khoản 2: tên cơ quan chủ quản).
    The report's letterhead and the reminder letter's both lay it so."""
    if not governing_body:
        return ()
    for marker in ("THÀNH PHỐ ", "TỈNH ", "CITY", "PROVINCE"):
        kind, found, place = governing_body.partition(marker)
        if found and kind.strip():
            return (kind.strip(), (found + place).strip())
    return (governing_body,)

"""The report's words (column headings, status words, the header) in the language asked for,
from the message catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Generic, TypeVar

from kpi.i18n import _, speaking
from kpi.quarters import Quarter
from kpi.reports.columns import column_role
from kpi.reports.layout import ReportHeader
from kpi.vocabulary import Kind, Status

K = TypeVar("K")


def _headings() -> dict[str, str]:
    return {
        "tt": _("No."),
        "content": _("Content"),
        "target": _("Target to {end}"),
        "actual": _("Actual {year}"),
        "plan_actual": _("Actual {year} (to {as_of})"),
        "percent_of_period": _("Share of period target"),
        "plan": _("Plan {year}"),
        "plan_progress": _("Share of {year} plan"),
        "deadline": _("Deadline"),
        "status": _("Status"),
        "notes": _("Notes"),
    }


def _status_words() -> dict[Status, str]:
    return {
        Status.DONE: _("done"),
        Status.ON_TRACK: _("on track"),
        Status.PENDING: _("pending"),
        Status.AT_RISK: _("at risk"),
        Status.BEHIND: _("behind"),
        Status.OVERDUE: _("overdue"),
        Status.NOT_COMPUTABLE: _("not computable"),
        Status.NO_DATA: _("no data"),
    }


def _text() -> dict[str, str]:
    return {
        "nation": _("SOCIALIST REPUBLIC OF VIETNAM"),
        "motto": _("Independence – Freedom – Happiness"),
        "title": _("REPORT ON THE IMPLEMENTATION OF PLAN No. {number}"),
        "subtitle": "{plan_title}",
        "as_of": _("Figures as of {as_of}"),
        "elapsed": _("Share of the {start}–{end} period elapsed: {elapsed}"),
        "appendix": _("Appendix I: progress of the indicators"),
        "summary": _("Summary"),
        "by_program": _("Indicators by status and programme"),
        "by_owner": _("Indicators by status and lead unit"),
        "program": _("Programme"),
        "owner": _("Unit"),
        "total": _("Total"),
        "overdue": _("Overdue"),
        "no_overdue": _("Nothing is overdue."),
        "id": _("ID"),
        "due": _("Due"),
        "days_late": _("Days late"),
        "what": _("What is late"),
        "days_late_short": _("{days} days late"),
        "not_done": _("not recorded done"),
        "plan_unmet": _("{year} plan unmet"),
        "chart": _("Status by programme"),
        "generated": _("Made with kpi {version} from the data as of {as_of}"),
        "number_line": _("No. {number}"),
        "item": _("Item"),
        "legend": _("Legend"),
        "bar_legend": _(
            "Progress bars: the filled part is the share of the period target achieved; "
            "the vertical line is the share of the period elapsed ({elapsed})."
        ),
        "bar_period": _("{achieved} of the period target achieved; {elapsed} of the period elapsed"),
        "bar_plan": _("{achieved} of the {year} plan achieved"),
        "achieved": _("{to_date} of {target}"),
    }


class _InLanguage(Generic[K]):
    """`WORDS[lang][key]`: the catalogue's words in one language, looked up when asked."""

    def __init__(self, words: Callable[[], dict[K, str]]):
        self._words = words

    def __getitem__(self, lang: str) -> dict[K, str]:
        with speaking(lang):
            return self._words()


HEADINGS = _InLanguage(_headings)
STATUS_WORDS = _InLanguage(_status_words)
TEXT = _InLanguage(_text)


def heading(column: str, lang: str, header: ReportHeader, as_of: str) -> str:
    """A column's heading: `Thực hiện 2016`, `Kế hoạch 2018`, with the years of the plan in force."""
    role, year = column_role(column, header.plan_year)
    return HEADINGS[lang][role].format(end=header.period_end, year=year, as_of=as_of)


def status_word(status: Status, lang: str) -> str:
    return STATUS_WORDS[lang][status]


def kind_word(kind: Kind) -> str:
    """An indicator's kind as a person reads it."""
    words = {
        Kind.CUMULATIVE: _("cumulative"),
        Kind.ANNUAL: _("annual"),
        Kind.THRESHOLD: _("threshold"),
        Kind.GROWTH: _("growth"),
        Kind.SHARE: _("share"),
        Kind.MILESTONE: _("milestone"),
        Kind.ACTIVITY: _("activity"),
    }
    return words.get(kind, kind.value)


def quarter_text(quarter: str, lang: str) -> str:
    """A quarter where a person reads it in a sentence: `Quý I/2018` (vi), `2018-Q1` (en)."""
    parsed = Quarter.parse(quarter)
    return parsed.vietnamese() if lang == "vi" else str(parsed)


def with_percent_sign(number: str, lang: str) -> str:
    """A number already written out, as a percentage in the language's CLDR notation: `39,89%`."""
    from babel import Locale

    pattern = Locale.parse(lang).percent_formats[None]
    return f"{pattern.prefix[0]}{number}{pattern.suffix[0]}"


def quarter_words(quarter: str | None, lang: str) -> str:
    """`2018-Q1` as the plan writes it (`Quý I/2018`), or `Q1 2018` in English."""
    if quarter is None:
        return ""
    parsed = Quarter.parse(quarter)
    return parsed.vietnamese() if lang == "vi" else f"Q{parsed.number} {parsed.year}"


# A date as the language's official documents write it: 30/06/2018 in Vietnamese (CLDR's short
# form for vi would print 30/6/18); ISO 2018-06-30 in English, which no reader misreads.
DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


def date_words(day: date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, DATE_PATTERNS[lang], locale=lang)

"""The reporting date: the day a report runs to, where that day came from, and what it leaves out.

Without `--as-of` the date follows the data: `reporting_date` in settings if someone pinned one,
else (a report given its own date, `kpi report --date`) the end of the last quarter ended before
that date, else the end of the latest quarter with a recorded figure, else the end of the latest
year whose actuals the plan itself states, else today. No printing; the messages go through `_()`.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from kpi.i18n import _, language, ngettext
from kpi.ledger.load import Ledger
from kpi.model.figures import Figure
from kpi.model.models import Catalogue
from kpi.model.quarters import Quarter, quarter_words


class AsOfSource(StrEnum):
    """Where a reporting date came from, most to least deliberate."""

    OPTION = "option"
    """`--as-of` on the command line."""
    SETTINGS = "settings"
    """`reporting_date` in settings.yaml."""
    SIGNED = "signed"
    """A report's own date (`--date`): the end of the last quarter ended before it."""
    LATEST_QUARTER = "latest_quarter"
    """The end of the latest quarter with a recorded figure (today, while that quarter is under way)."""
    CATALOGUE = "catalogue"
    """No quarter recorded: the end of the latest year the plan states actuals for."""
    TODAY = "today"
    """Nothing recorded and no actuals in the plan."""


class ReportingDate(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    source: AsOfSource
    latest_quarter: str | None = Field(description="The latest quarter with a recorded figure, if any")
    records_after: int = Field(
        description="Recorded figures left out because they fall after `day`: a quarter "
        "that begins after it, or a milestone done after it"
    )


def reporting_date(
    ledger: Ledger, today: date, option: date | None = None, signed: date | None = None
) -> ReportingDate:
    """The day to report to: `option` (`--as-of`) > settings > the end of the last quarter ended
    before `signed` (a report's own date) > latest recorded quarter > the plan's actuals > today,
    with how many recorded figures that day leaves out."""
    latest = latest_recorded_quarter(ledger.figures)
    last_year = max((year for plan in ledger.plans if (year := latest_catalogue_year(plan))), default=None)
    if option is not None:
        day, source = option, AsOfSource.OPTION
    elif ledger.settings.reporting_date is not None:
        day, source = ledger.settings.reporting_date, AsOfSource.SETTINGS
    elif signed is not None:  # a report dated 05/07/2018 speaks of the quarters ended by then: to 30/06/2018
        day, source = last_quarter_end_before(signed), AsOfSource.SIGNED
    elif latest is not None:  # a quarter still under way is reported to today, not to its end
        day, source = min(latest.last_day, today), AsOfSource.LATEST_QUARTER
    elif last_year is not None:
        day, source = date(last_year, 12, 31), AsOfSource.CATALOGUE
    else:
        day, source = today, AsOfSource.TODAY
    after = len(ledger.figures) - len(counted_figures(ledger.figures, day))
    return ReportingDate(
        day=day,
        source=source,
        latest_quarter=str(latest) if latest else None,
        records_after=after,
    )


def last_quarter_end_before(day: date) -> date:
    """The last day of the last quarter that ended before `day`: 30/06/2018 for 05/07/2018 (and for
    01/07/2018), 31/03/2018 for 30/06/2018, whose quarter ends only that evening."""
    return Quarter.containing(day).first_day - timedelta(days=1)


def counted_figures(figures: list[Figure], day: date) -> list[Figure]:
    """The figures that count at `day` (as `counted_by` says), found with one comparison of quarters
    each: hundreds of thousands of figures at 10 000 indicators."""
    current = Quarter.containing(day)  # a quarter begins after `day` exactly when it comes after this one
    return [f for f in figures if f.quarter <= current and (f.done is None or f.done <= day)]


def counted_by(figure: Figure, day: date) -> bool:
    """A figure counts at `day` unless its quarter begins after `day`, or it is a milestone
    done after `day` (a quarter under way at `day` counts with what is recorded for it)."""
    if figure.quarter.first_day > day:
        return False
    return figure.done is None or figure.done <= day


def latest_recorded_quarter(figures: list[Figure]) -> Quarter | None:
    return max((figure.quarter for figure in figures), default=None)


def latest_catalogue_year(catalogue: Catalogue) -> int | None:
    """The latest year for which the plan states any actual."""
    return max(
        (year for indicator in catalogue.indicators for measure in indicator.measures for year in measure.actuals),
        default=None,
    )


def source_text(when: ReportingDate) -> str:
    """Where the date came from, as a heading says it: `latest recorded quarter: 2018-Q1`
    (`quý có số liệu gần nhất: Quý I/2018`), in the run's language."""

    if when.source is AsOfSource.OPTION:
        return _("--as-of")
    if when.source is AsOfSource.SETTINGS:
        return _("settings: reporting_date")
    if when.source is AsOfSource.SIGNED:
        return _("the last quarter ended before the report's date")
    if when.source is AsOfSource.LATEST_QUARTER and when.latest_quarter is not None:
        return _("latest recorded quarter: {quarter}").format(quarter=quarter_words(when.latest_quarter, language()))
    if when.source is AsOfSource.CATALOGUE:
        return _("plan figures to {year}; no quarter recorded yet").format(year=when.day.year)
    return _("today; nothing recorded")


def day_text(day: date) -> str:
    """A date in the run's language: `31/03/2018` (vi), `2018-03-31` (en)."""
    from kpi.model.words import date_words

    return date_words(day, language())


def not_counted_warning(when: ReportingDate) -> str | None:
    """What to tell a person whose recorded figures the reporting date leaves out, if any."""
    if not when.records_after:
        return None
    text = ngettext(
        "{count} figure recorded after {day} is not counted",
        "{count} figures recorded after {day} are not counted",
        when.records_after,
    ).format(count=when.records_after, day=day_text(when.day))
    latest_end = day_text(Quarter.parse(when.latest_quarter).last_day) if when.latest_quarter else None
    if when.source is AsOfSource.SETTINGS:
        advice = _(
            "reporting_date in settings.yaml fixes the date: remove it to follow the data, or pass --as-of {day}"
        ).format(day=latest_end)
    else:
        advice = _("pass --as-of {day} to count them").format(day=latest_end)
    return f"{text}; {advice}"

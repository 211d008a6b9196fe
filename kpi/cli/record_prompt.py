"""Asking for what `kpi record` was not given, field by field, as hledger's `add` does.

Each answer is checked as it is typed, defaults are offered in brackets (the previous
quarter's figure for a value), and nothing is written before the final confirmation.
Prompts go to stderr so that stdout carries only the result.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

import typer

from kpi.i18n import N_, _, language
from kpi.model.dates import parse_entered_date, written_date
from kpi.model.models import Catalogue, Indicator, Measure, measure_label
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.vocabulary import Kind
from kpi.ops.record_model import Entry, entered_figure
from kpi.ops.recording import default_done_date, latest_before

T = TypeVar("T")

# What kind of indicator it is, said to the clerk before the questions.
_KIND_WORDS = {
    Kind.CUMULATIVE: N_("cumulative indicator"),
    Kind.ANNUAL: N_("annual indicator"),
    Kind.THRESHOLD: N_("threshold indicator"),
    Kind.MILESTONE: N_("milestone indicator"),
    Kind.GROWTH: N_("growth indicator"),
    Kind.SHARE: N_("share indicator"),
    Kind.ACTIVITY: N_("activity indicator"),
}
# Answers to a yes/no question, in either language and without diacritics: `c`/`có` is Vietnamese for yes.
_YES = ("y", "yes", "c", "có", "co")
_NO = ("n", "no", "k", "không", "khong")


def ask(data_dir: Path, entry: Entry, *, known_quarter: bool, wants_done: bool, today: date) -> Entry:
    from kpi.ledger.load import load_catalogue

    catalogue = load_catalogue(data_dir)
    indicator = catalogue.indicator(entry.indicator) if entry.indicator else None
    if indicator is None:
        indicator = _ask_valid(_("Indicator ID"), None, lambda text: _find(catalogue, text))
    typer.echo(f"  {indicator.id}: {indicator.title} ({indicator.owner}, {_(_KIND_WORDS[indicator.kind])})", err=True)
    # The default as it is typed (2018-Q2), so that it reads back the same.
    quarter = (
        entry.quarter
        if known_quarter and entry.quarter is not None
        else _ask_valid(_("Quarter"), quarter_words(_suggested_quarter(catalogue, today)), Quarter.parse)
    )
    entry = replace(entry, indicator=indicator.id, quarter=quarter)
    if entry.value is None and entry.done is None:
        is_done = wants_done or (
            indicator.kind is Kind.MILESTONE
            and (not indicator.measures or _confirm(_("Record it as done?"), default=True))
        )
        entry = _ask_done(entry, today) if is_done else _ask_value(data_dir, catalogue, indicator, entry)
    elif entry.done is None and wants_done:
        entry = _ask_done(entry, today)
    if entry.note is None:
        entry = replace(entry, note=_optional(_("Note")))
    if entry.source is None:
        entry = replace(entry, source=_optional(_("Source (e.g. report number)")))
    label = catalogue.measure_label(entry.indicator, entry.measure)
    name = f"{entry.indicator} ({label})" if label else entry.indicator
    assert entry.quarter is not None and (entry.done is not None or entry.value is not None)
    shown = (
        _("done on {day}").format(day=written_date(entry.done))
        if entry.done
        else format_number(entry.value or 0, language())
    )
    if not _confirm(
        _("Record {name} {quarter} = {figure}?").format(name=name, quarter=quarter_words(entry.quarter), figure=shown),
        default=True,
    ):
        typer.echo(_("nothing recorded"), err=True)
        raise typer.Exit(1)
    return entry


def _ask_done(entry: Entry, today: date) -> Entry:
    assert entry.quarter is not None
    default = entry.done or default_done_date(entry.quarter, today)
    day = _ask_valid(_("Done on (YYYY-MM-DD)"), written_date(default) if default else None, parse_entered_date)
    evidence = entry.evidence if entry.evidence is not None else _optional(_("Evidence (e.g. decision number)"))
    return replace(entry, done=day, evidence=evidence, measure=None)


def _ask_value(data_dir: Path, catalogue: Catalogue, indicator: Indicator, entry: Entry) -> Entry:
    measures = indicator.measures
    if not measures:
        raise typer.BadParameter(_("{id} has nothing to count").format(id=indicator.id))
    key = entry.measure
    if key is None and len(measures) > 1:
        for number, measure in enumerate(measures, 1):
            about = (
                measure.unit
                if measure.target is None
                else _("{unit}, target {target}").format(
                    unit=measure.unit, target=format_number(measure.target, language())
                )
            )
            typer.echo(f"  {number}) {measure_label(measure)} ({about})", err=True)
        first = str(measures.index(_first_recordable(indicator)) + 1)  # a measure a quarter counts
        key = _ask_valid(_("Measure"), first, lambda text: _pick(indicator, text))
    key = key or measures[0].key
    assert entry.quarter is not None
    previous = latest_before(data_dir, catalogue, indicator.id, key, entry.quarter)
    if previous is None or previous[1].value is None:
        value, percent = _ask_valid(
            _("Value for {quarter}").format(quarter=quarter_words(entry.quarter)), None, entered_figure
        )
        return replace(entry, measure=key, value=value, percent=percent)
    from kpi.ledger.rules import is_percent, resolve_measure

    # The previous figure is offered in the reader's notation (1.069 in Vietnamese), which the
    # parser would refuse as ambiguous if typed: taking the offer takes the figure itself.
    earlier, offered = previous[1].value, format_number(previous[1].value, language())
    as_percent = is_percent(resolve_measure(indicator, key))
    label = _("Value for {quarter} ({previous_quarter}: {previous})").format(
        quarter=quarter_words(entry.quarter), previous_quarter=quarter_words(previous[0]), previous=offered
    )
    value, percent = _ask_valid(
        label, offered, lambda text: (earlier, as_percent) if text == offered else entered_figure(text)
    )
    return replace(entry, measure=key, value=value, percent=percent)


def _first_recordable(indicator: Indicator) -> Measure:
    """The measure offered first: the first one a quarter counts (not a share of an uncounted
    population, nor an activity without a figure), else the first."""
    from kpi.compute.reporting import COUNTED_EACH_QUARTER
    from kpi.ledger.rules import effective_kind

    counted = [m for m in indicator.measures if effective_kind(indicator, m) in COUNTED_EACH_QUARTER]
    return (counted or indicator.measures)[0]


def _find(catalogue: Catalogue, text: str) -> Indicator:
    from kpi.ledger.rules import unknown_indicator

    indicator = catalogue.indicator(text.strip())
    if indicator is None:
        raise ValueError(unknown_indicator(catalogue, text.strip()) + "; " + _("`kpi find WORDS` searches the titles"))
    return indicator


def _pick(indicator: Indicator, text: str) -> str:
    """The measure chosen by its number in the list, its name (either language) or its key."""
    from kpi.ledger.rules import measure_choices, resolve_measure

    measures = indicator.measures
    cleaned = text.strip()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(measures):
        return str(measures[int(cleaned) - 1].key)
    try:
        return resolve_measure(indicator, cleaned, by_label=True).key
    except ValueError:
        raise ValueError(
            _("choose 1-{last} or one of: {choices}").format(last=len(measures), choices=measure_choices(indicator))
        ) from None


def _suggested_quarter(catalogue: Catalogue, today: date) -> Quarter:
    """The quarter just ended (units report after it closes), kept inside the plan period."""
    this = Quarter.containing(today)
    last_ended = Quarter(this.year - 1, 4) if this.number == 1 else Quarter(this.year, this.number - 1)
    plan = catalogue.plan
    return min(max(last_ended, Quarter(plan.period_start, 1)), Quarter(plan.period_end, 4))


def _read(question: str) -> str:
    # Not click's prompt: asked to prompt on stderr, it still writes a space to stdout, and
    # stdout must carry nothing but the result.
    sys.stderr.write(question)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:  # end of input: the clerk gave up
        raise typer.Abort()
    return line.rstrip("\r\n")


def _ask(label: str, default: str | None) -> str:
    while True:
        text = _read(f"{label} [{default}]: " if default is not None else f"{label}: ").strip()
        if text:
            return text
        if default is not None:
            return default


def _ask_valid(label: str, default: str | None, parse: Callable[[str], T]) -> T:
    while True:
        try:
            return parse(_ask(label, default))
        except ValueError as exc:
            typer.echo(f"  {exc}", err=True)


def _confirm(question: str, default: bool) -> bool:
    while True:
        choices = _("[Y/n]") if default else _("[y/N]")
        answer = unicodedata.normalize("NFC", _read(f"{question} {choices}: ").strip().casefold())
        if not answer:
            return default
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        typer.echo("  " + _("answer y (yes) or n (no)"), err=True)


def _optional(label: str) -> str | None:
    return _read(_("{label} (optional): ").format(label=label)).strip() or None

"""Asking for what `kpi record` was not given, field by field, as hledger's `add` does.

Each answer is checked as it is typed, defaults are offered in brackets (the previous
quarter's figure for a value), and nothing is written before the final confirmation.
Prompts go to stderr so that stdout carries only the result.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import typer

from kpi.i18n import _
from kpi.models import Catalogue, Indicator
from kpi.quarters import Quarter
from kpi.recording import Entry, default_done_date, entered_figure, figure, latest_before
from kpi.vocabulary import Kind

T = TypeVar("T")


def ask(data_dir: Path, entry: Entry, *, known_quarter: bool, wants_done: bool, today: date) -> Entry:
    from kpi.ledger import load_catalogue

    catalogue = load_catalogue(data_dir)
    indicator = catalogue.indicator(entry.indicator) if entry.indicator else None
    if indicator is None:
        indicator = _ask_valid("Indicator ID", None, lambda text: _find(catalogue, text))
    typer.echo(f"  {indicator.id}: {indicator.title} ({indicator.owner}, {indicator.kind.value})", err=True)
    quarter = entry.quarter if known_quarter and entry.quarter is not None else _ask_valid(
        "Quarter", str(_suggested_quarter(catalogue, today)), Quarter.parse)
    entry = replace(entry, indicator=indicator.id, quarter=quarter)
    if entry.value is None and entry.done is None:
        is_done = wants_done or (indicator.kind is Kind.MILESTONE and (
            not indicator.measures or _confirm("Record it as done?", default=True)))
        entry = _ask_done(entry, today) if is_done else _ask_value(data_dir, catalogue, indicator, entry)
    elif entry.done is None and wants_done:
        entry = _ask_done(entry, today)
    if entry.note is None:
        entry = replace(entry, note=_optional("Note"))
    if entry.source is None:
        entry = replace(entry, source=_optional("Source (e.g. report number)"))
    name = f"{entry.indicator} {entry.measure}" if entry.measure else entry.indicator
    shown = f"done {entry.done.isoformat()}" if entry.done else format(entry.value, "f")
    if not _confirm(f"Record {name} {entry.quarter} = {shown}?", default=True):
        raise typer.Exit(1)
    return entry


def _ask_done(entry: Entry, today: date) -> Entry:
    from kpi.dates import parse_entered_date

    assert entry.quarter is not None
    default = entry.done or default_done_date(entry.quarter, today)
    day = _ask_valid("Done on (YYYY-MM-DD)", default.isoformat() if default else None, parse_entered_date)
    evidence = entry.evidence if entry.evidence is not None else _optional("Evidence (e.g. decision number)")
    return replace(entry, done=day, evidence=evidence, measure=None)


def _ask_value(data_dir: Path, catalogue: Catalogue, indicator: Indicator, entry: Entry) -> Entry:
    measures = indicator.measures
    if not measures:
        raise typer.BadParameter(f"{indicator.id} has nothing to count")
    key = entry.measure
    if key is None and len(measures) > 1:
        for number, measure in enumerate(measures, 1):
            target = f", target {format(measure.target, 'f')}" if measure.target is not None else ""
            typer.echo(f"  {number}) {measure.key}: {measure.label or measure.unit} ({measure.unit}{target})", err=True)
        key = _ask_valid("Measure", measures[0].key, lambda text: _pick(measures, text))
    key = key or measures[0].key
    assert entry.quarter is not None
    previous = latest_before(data_dir, catalogue, indicator.id, key, entry.quarter)
    default = figure(previous[1]) if previous else None
    label = f"Value for {entry.quarter}" + (f" ({previous[0]}: {default})" if previous else "")
    value, percent = _ask_valid(label, default, entered_figure)
    return replace(entry, measure=key, value=value, percent=percent)


def _find(catalogue: Catalogue, text: str) -> Indicator:
    from kpi.rules import unknown_indicator

    indicator = catalogue.indicator(text.strip())
    if indicator is None:
        raise ValueError(unknown_indicator(catalogue, text.strip()) + "; " + _("`kpi find WORDS` searches the titles"))
    return indicator


def _pick(measures: list[Any], text: str) -> str:
    cleaned = text.strip()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(measures):
        return str(measures[int(cleaned) - 1].key)
    for measure in measures:
        if measure.key == cleaned:
            return str(measure.key)
    raise ValueError(f"choose 1-{len(measures)} or a key: {', '.join(m.key for m in measures)}")


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
        answer = _read(f"{question} {'[Y/n]' if default else '[y/N]'}: ").strip().casefold()
        if not answer:
            return default
        if answer in ("y", "yes", "c", "có"):
            return True
        if answer in ("n", "no", "k", "không"):
            return False
        typer.echo("  answer y or n", err=True)


def _optional(label: str) -> str | None:
    return _read(f"{label} (optional): ").strip() or None

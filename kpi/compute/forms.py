"""What a unit's quarterly form carries: the rows it asks for, and the fingerprints that tie it to the catalogue.

A form asks one owner unit for what `kpi reporting` expects of it in a quarter (a figure for each
measure counted every quarter, the milestones due that quarter), read against the plan in force
for the quarter, and then for each of its milestones already late at the quarter's end (those
`kpi overdue` lists), so that a unit without kpi can still say when one was done. Each row shows what the unit needs to fill it in (unit, target, the year's plan,
the figures already recorded) and carries a fingerprint of the catalogue's words for it, so that
an import can tell whether a later catalogue changed that row or only others.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from kpi.compute.overdue import compute_overdue
from kpi.compute.reporting import reporting
from kpi.files.datadir import plan_files
from kpi.files.inputs import InputKind
from kpi.files.textfiles import normalised
from kpi.files.yamlsource import read_bytes
from kpi.i18n import LANGUAGES
from kpi.ledger.load import Ledger
from kpi.ledger.plans import target_in_force
from kpi.ledger.rules import due_quarter, effective_kind, is_percent
from kpi.model.figures import Figure
from kpi.model.models import Catalogue, Indicator, Measure, measure_label
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind

COUNT_KINDS = frozenset((Kind.CUMULATIVE, Kind.ANNUAL, Kind.GROWTH, Kind.SHARE))
"""Measures of these kinds count things: a whole number, unless the unit is a percentage."""


@dataclass(frozen=True)
class FormRow:
    indicator: str
    measure: str | None
    """The measure's key; None for a milestone (done or not, and the day)."""
    labels: dict[str, str]
    """The measure's name as the form shows it, by language (`measure_label`); empty for a milestone."""
    title: str
    unit: str | None
    percent: bool
    whole: bool
    """A count: only whole numbers."""
    target: Decimal | None
    plan: Decimal | None
    deadline: Quarter | None
    previous: Decimal | date | None
    """The figure recorded for the quarter before (a value, or the day a milestone was done)."""
    recorded: Decimal | date | None
    """The figure already recorded for this quarter, if any."""
    fingerprint: str
    late_since: date | None = None
    """A milestone due in an earlier quarter and not done by this one's end: the first day it was late."""
    done_from: date | None = None
    """A late milestone: the first day its day done may be (see `late_from`); None when the quarter's own."""


@dataclass(frozen=True)
class FormContent:
    owner: str
    owner_name: str
    quarter: Quarter
    due: date
    plan_number: str | None
    plan_year: int
    period_end: int
    catalogue: str
    """SHA-256 of the plan files the form was made from."""
    rows: list[FormRow]
    owner_name_en: str | None = None
    """The unit's name in English, for a form in English (`owner_name` is the Vietnamese)."""

    def unit_name(self, lang: str) -> str:
        return (self.owner_name_en if lang == "en" else None) or self.owner_name


def previous_quarter(quarter: Quarter) -> Quarter:
    return Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(quarter.year, quarter.number - 1)


def form_content(ledger: Ledger, data_dir: Path, owner: str, quarter: Quarter) -> FormContent:
    """The form of `owner` for `quarter`; an unknown owner is a usage error naming the known ones."""
    report = reporting(ledger, quarter, [owner])
    ledger_of_all, ledger = ledger, ledger.in_force(quarter.last_day)
    catalogue = ledger.catalogue
    code = next(o.code for o in catalogue.owners if o.code.casefold() == owner.casefold())
    items = report.owners[0].items if report.owners else []
    figures = _figures_of(ledger.figures, quarter)
    rows = []
    for item in items:
        indicator = catalogue.indicator(item.indicator)
        assert indicator is not None  # reporting found it there
        measure = next((m for m in indicator.measures if m.key == item.measure), None) if item.measure else None
        rows.append(_row(catalogue, indicator, measure, quarter, figures))
    rows += _late_rows(ledger_of_all, catalogue, code, quarter, figures)
    unit = next(o for o in catalogue.owners if o.code == code)
    return FormContent(
        owner=code,
        owner_name=unit.name_vi,
        owner_name_en=unit.name_en,
        quarter=quarter,
        due=report.due,
        plan_number=catalogue.plan.number,
        plan_year=catalogue.plan.year,
        period_end=catalogue.plan.period_end,
        catalogue=catalogue_digest(data_dir),
        rows=rows,
    )


def _late_rows(
    ledger: Ledger,
    catalogue: Catalogue,
    owner: str,
    quarter: Quarter,
    figures: dict[tuple[str, str | None, Quarter], Figure],
) -> list[FormRow]:
    """The owner's milestones overdue at the quarter's end (as `kpi overdue` finds them), most late
    first; one already recorded done, whenever, is not asked for again."""
    done = {figure.indicator for figure in ledger.figures if figure.done is not None}
    rows = []
    for item in compute_overdue(ledger, quarter.last_day).items:
        indicator = catalogue.indicator(item.id)
        if item.owner != owner or indicator is None or item.id in done:
            continue
        start = late_from(catalogue, indicator, quarter)
        if start is None:  # not a milestone (a year's plan unmet), or due this quarter: not a late row
            continue
        row = _row(catalogue, indicator, None, quarter, figures)
        late_since = Quarter.parse(item.due).last_day + timedelta(days=1)
        rows.append(replace(row, late_since=late_since, done_from=start))
    return rows


def late_from(catalogue: Catalogue, indicator: Indicator | None, quarter: Quarter) -> date | None:
    """For a milestone due before `quarter`, the first day its day done may be on that quarter's
    form: the first day of the quarter it was due in, else (no deadline) of the plan year. None for
    any other row: a figure, or a milestone due in `quarter`, whose day lies within it."""
    if indicator is None or indicator.kind is not Kind.MILESTONE:
        return None
    if due_quarter(indicator, catalogue.plan.year) >= quarter:
        return None
    return indicator.deadline.first_day if indicator.deadline else date(catalogue.plan.year, 1, 1)


def _figures_of(figures: list[Figure], quarter: Quarter) -> dict[tuple[str, str | None, Quarter], Figure]:
    wanted = {quarter, previous_quarter(quarter)}
    return {figure.identity: figure for figure in figures if figure.quarter in wanted}


def _row(
    catalogue: Catalogue,
    indicator: Indicator,
    measure: Measure | None,
    quarter: Quarter,
    figures: dict[tuple[str, str | None, Quarter], Figure],
) -> FormRow:
    key = measure.key if measure is not None else None

    def shown(at: Quarter) -> Decimal | date | None:
        figure = figures.get((indicator.id, key, at))
        if figure is None:
            return None
        return figure.done if figure.done is not None else figure.value

    title = catalogue.reading(indicator.id, indicator.title)  # as the reports print it, errata read
    return FormRow(
        indicator=indicator.id,
        measure=key,
        labels={lang: measure_label(measure, lang) for lang in LANGUAGES} if measure is not None else {},
        title=title,
        unit=measure.unit if measure is not None else None,
        percent=measure is not None and is_percent(measure),
        whole=measure is not None and effective_kind(indicator, measure) in COUNT_KINDS and not is_percent(measure),
        target=target_in_force(measure, quarter.last_day) if measure is not None else None,
        plan=measure.plans.get(quarter.year) if measure is not None else None,
        deadline=due_quarter(indicator, catalogue.plan.year) if measure is None else indicator.deadline,
        previous=shown(previous_quarter(quarter)),
        recorded=shown(quarter),
        fingerprint=row_fingerprint(catalogue, indicator, measure, quarter),
    )


def row_fingerprint(
    catalogue: Catalogue, indicator: Indicator | None, measure: Measure | None, quarter: Quarter
) -> str:
    """SHA-256 of the catalogue's words for one row of a form: what it asks for and what it shows.

    Whatever changes the meaning of the figure (the indicator, its owner, kind, unit, measure, a
    retirement) or what the unit read beside it (title, target in force, the year's plan, the
    deadline) changes the fingerprint; anything else in the catalogue does not. Stable across
    languages and versions of Python: canonical JSON of plain strings.
    """
    if indicator is None:
        return ""
    words: dict[str, object] = {
        "indicator": indicator.id,
        "title": indicator.title,
        "owner": indicator.owner,
        "kind": indicator.kind.value,
        "deadline": str(indicator.deadline) if indicator.deadline else None,
        "retired": indicator.retired,
        "plan_year": catalogue.plan.year,
    }
    if measure is not None:
        target = target_in_force(measure, quarter.last_day)
        plan = measure.plans.get(quarter.year)
        words["measure"] = {
            "key": measure.key,
            "label": measure.label.model_dump() if measure.label is not None else None,
            "unit": measure.unit,
            "kind": effective_kind(indicator, measure).value,
            "direction": measure.direction,
            "upper": _text(measure.upper),
            "target": _text(target),
            "plan": _text(plan),
        }
    canonical = json.dumps(words, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def measure_of(indicator: Indicator | None, key: str | None) -> Measure | None:
    if indicator is None or key is None:
        return None
    return next((m for m in indicator.measures if m.key == key), None)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else format(number.normalize(), "f")


def catalogue_digest(data_dir: Path) -> str:
    """SHA-256 over every plan file's name and bytes: the catalogue version a form was made from.
    The bytes normalised (no BOM, LF: `kpi.files.textfiles`), so a form made in an LF clone is from
    the same catalogue in a CRLF one."""
    digest = hashlib.sha256()
    for path in plan_files(data_dir):
        raw = normalised(read_bytes(path, InputKind.CATALOGUE))
        digest.update(path.name.encode("utf-8") + b"\0" + str(len(raw)).encode("ascii") + b"\0" + raw)
    return digest.hexdigest()

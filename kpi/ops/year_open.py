"""Preparing a new year's plan from the one before it: what carries over, and what the office fills in.

Every indicator still open carries over (a milestone recorded done, or one retired, does not),
with the year figures entered by hand, the stated figures of the old text dropped (they were that
text's statements), and the new year's plan figures left blank with a comment saying so, for
`kpi check` to refuse once the year has begun. Last year is not frozen into the new plan: offices
prepare it in Q4, before Q4 is in, so last year's actual stays worked out from its quarters
(provisional) until `kpi year close` writes it. A plan whose own figures are still blank is no
base for the next one: opening the year after it is refused. The plan's number, date
and source stay empty until the plan is issued. The result is YAML text; the CLI writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from kpi.errors import UsageError
from kpi.files.datadir import plan_file_name
from kpi.i18n import _, ngettext
from kpi.ledger.load import Ledger
from kpi.ledger.plans import plan_for_year
from kpi.ledger.year_actuals import Basis, stated_basis
from kpi.model.models import Catalogue, Indicator, Measure
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind

_STATED = ("stated_to_date", "stated_percent", "stated_factor")


@dataclass
class PreparedPlan:
    year: int
    previous: int
    text: str
    carried: list[str] = field(default_factory=list)
    """IDs carried over, in the plan's order."""
    done: list[str] = field(default_factory=list)
    """Milestones recorded done by the end of the previous year: closed, not carried."""
    retired: list[str] = field(default_factory=list)
    blanks: int = 0
    """Plan figures left for the office to fill in."""
    unclosed: list[int] = field(default_factory=list)
    """Earlier years with recorded quarters that are not closed yet: their actuals are provisional."""


def write_plan(data_dir: Path, prepared: PreparedPlan) -> Path:
    """Write the prepared plan as `data/plan<year>.yaml`, never over one already there.

    Under the actuals lock and through the journal, as a recording: a crash leaves the plan whole
    or absent, and the next command finishes or undoes it (no temporary file left behind)."""
    from kpi.files import journal
    from kpi.files.datadir import plan_file_name
    from kpi.files.locking import actuals_lock

    path = data_dir / plan_file_name(prepared.year)
    with actuals_lock(data_dir, 60.0):
        journal.settle(data_dir)
        if path.exists():  # a plan being filled in is never overwritten: remove it first to start again
            raise UsageError(_("{path} already exists; kpi never overwrites a plan").format(path=path))
        journal.carry_out(data_dir, journal.begin(data_dir, {path: prepared.text.encode("utf-8")}, None), None)
    return path


def prepare_plan(ledger: Ledger, year: int) -> PreparedPlan:
    """The plan for `year`, prepared from the latest plan before it and the quarters recorded."""
    if any(plan.plan.year == year for plan in ledger.plans):
        raise UsageError(_("there is already a plan for {year}").format(year=year))
    earlier = [plan for plan in ledger.plans if plan.plan.year < year]
    if not earlier:
        raise UsageError(_("no plan before {year} to prepare it from").format(year=year))
    previous = plan_for_year(earlier, year - 1)
    last_year = year - 1
    if not previous.plan.period_start <= year <= previous.plan.period_end:
        raise UsageError(
            _("{year} lies outside the plan period {start}–{end}").format(
                year=year, start=previous.plan.period_start, end=previous.plan.period_end
            )
        )
    if previous.plan.year == last_year:
        blanks = sum(
            1
            for indicator in previous.indicators
            if indicator.retired is None
            for measure in indicator.measures
            for value in measure.plans.values()
            if value is None
        )
        if blanks:
            # A plan half filled in is not a plan to prepare the next from (its figures would carry
            # nothing); `kpi check` lists each blank with its line.
            raise UsageError(
                ngettext(
                    "the {previous} plan ({file}) still has {count} blank plan figure: fill it in, or remove its "
                    "line if there is no plan for it, before opening {year} (kpi check lists it)",
                    "the {previous} plan ({file}) still has {count} blank plan figures: fill them in, or remove "
                    "the lines of those with no plan, before opening {year} (kpi check lists them)",
                    blanks,
                ).format(previous=last_year, file=plan_file_name(last_year), count=blanks, year=year)
            )
    done_by = {
        figure.indicator
        for figure in ledger.figures
        if figure.done is not None and figure.done <= date(last_year, 12, 31)
    }
    prepared = PreparedPlan(year=year, previous=previous.plan.year, text="")
    kept: list[Indicator] = []
    for indicator in previous.indicators:
        if indicator.retired is not None:
            prepared.retired.append(indicator.id)
        elif indicator.kind is Kind.MILESTONE and indicator.id in done_by:
            prepared.done.append(indicator.id)
        else:
            kept.append(indicator)
    kept_ids = {indicator.id for indicator in kept}
    indicators = [_carried(indicator, previous, year, kept_ids) for indicator in kept]
    prepared.carried = [indicator.id for indicator in kept]
    prepared.blanks = sum(len(m.get("plans", {})) for i in indicators for m in i.get("measures", []))
    tasks = []
    for task in previous.tasks:
        measured_by = [indicator_id for indicator_id in task.measured_by if indicator_id in kept_ids]
        if measured_by:
            tasks.append({**_plain(task), "measured_by": measured_by})
    header = _plain(previous.plan)
    header.update(
        number=None,
        title=re.sub(rf"\b{previous.plan.year}\b", str(year), previous.plan.title),
        signed=None,
        year=year,
        source_file=None,
    )
    document = {
        "plan": header,
        "owners": [_plain(owner) for owner in previous.owners],
        "programs": [_plain(program) for program in previous.programs],
        "indicators": indicators,
        "tasks": tasks,
    }
    prepared.text = _yaml(document, prepared, previous)
    prepared.unclosed = unclosed_years(ledger, range(previous.plan.period_start, last_year))
    return prepared


def unclosed_years(ledger: Ledger, years: Iterable[int]) -> list[int]:
    """Those of `years` with figures recorded for their quarters and no year figure in any plan:
    not closed (`kpi year close`), so their actuals are still provisional."""
    recorded = {figure.quarter.year for figure in ledger.figures if figure.value is not None}
    stated = {year for figures in ledger.official_years.values() for year in figures}
    return [year for year in years if year in recorded and year not in stated]


def _carried(indicator: Indicator, previous: Catalogue, year: int, kept: set[str]) -> dict[str, Any]:
    entry = _plain(indicator)
    if indicator.parent is not None and indicator.parent not in kept:
        entry.pop("parent", None)  # its parent closed: it stands on its own now
    if indicator.deadline is not None and indicator.deadline.year < year and indicator.kind is not Kind.MILESTONE:
        entry.pop("deadline", None)  # last year's plan date; a late milestone stays late
    source = entry["source"]
    if source.get("document") is None and previous.plan.source_file is not None:
        source["document"] = previous.plan.source_file
    entry["measures"] = [_measure(measure, year) for measure in indicator.measures]
    if not entry["measures"]:
        entry.pop("measures")
    return entry


def _measure(measure: Measure, year: int) -> dict[str, Any]:
    entry = _plain(measure)
    for name in _STATED:
        entry.pop(name, None)
    # Only the figures entered by hand carry over. Last year stays worked out from its quarters,
    # provisional, until `kpi year close` writes it into its own plan; a closed year stays there.
    official = {y: v for y, v in measure.actuals.items() if stated_basis(measure, y) is Basis.OFFICIAL}
    entry.pop("actual_basis", None)
    entry.pop("actuals", None)
    if official:
        entry["actuals"] = {y: _number(v) for y, v in sorted(official.items())}
    entry["plans"] = {year: None}
    return entry


def _plain(model: BaseModel) -> dict[str, Any]:
    """A model as plain YAML data, defaults left out, in the model's field order."""
    return _convert(model.model_dump(mode="python", exclude_defaults=True))  # type: ignore[no-any-return]


def _convert(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _convert(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item) for item in value]
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Quarter):
        return str(value)
    return value


def _number(value: Decimal) -> int | _Exact:
    return int(value) if value == value.to_integral_value() else _Exact(value)


class _Exact(Decimal):
    """A decimal written as it is (88.2), never through a float."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Exact, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def _yaml(document: dict[str, Any], prepared: PreparedPlan, previous: Catalogue) -> str:
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, indent=2)
    blank = f"{prepared.year}: null"
    marker = _("fill in the {year} plan, or remove this line if there is none").format(year=prepared.year)
    lines = [line + f"  # {marker}" if line.strip() == blank else line for line in body.splitlines()]
    head = [
        "# yaml-language-server: $schema=../schemas/plan.schema.json",
        "# "
        + _("The {year} plan, prepared by `kpi year open {year}` from the {previous} plan.").format(
            year=prepared.year, previous=previous.plan.year
        ),
        "# "
        + _(
            "To do: the plan's number, date and source under `plan:`, and every {year} plan figure marked below."
        ).format(year=prepared.year),
    ]
    return "\n".join(head + lines) + "\n"

"""The figures the office's text names, and what is wrong with a name (docs/narrative.md).

In the text a figure is written in braces: `{B.1.value}` is what indicator B.1 has achieved to the
report's date, `{A.1.rate}` its share of the period target, `{B.1.target}` the target, and
`{A.4.status}` the indicator's status word. An indicator of several measures names the measure
after a colon: `{A.2:budget_share.rate}`. `{{` and `}}` write a brace itself.

Every name is checked by `kpi check` against the plan in force for the text's period: an unknown
indicator, measure or field is an error at the file's line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.errors import Finding, Location, Severity
from kpi.i18n import _

if TYPE_CHECKING:
    from kpi.compute.status_rows import IndicatorStatus, MeasureStatus, StatusReport
    from kpi.model.models import Catalogue

FIELDS = ("value", "rate", "target", "status")
NAME = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
_PERIOD = re.compile(r"(?P<year>[0-9]{4})-Q(?P<quarter>[1-4])")


@dataclass(frozen=True)
class FieldName:
    """One `{…}` in the text: where it stands and what it names."""

    start: int  # offset in the text
    end: int
    line: int
    column: int
    indicator: str
    measure: str | None
    field: str
    problem: str | None = None  # syntax: why the name cannot be read at all


def field_names(text: str) -> list[FieldName]:
    names = []
    for match in NAME.finditer(text):
        inner = match.group(1)
        if inner is None:  # {{ or }}: a brace itself
            continue
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        body, dot, field = inner.strip().rpartition(".")
        indicator, colon, measure = body.partition(":")
        problem = None
        if not dot or not indicator:
            problem = _("write a figure as {{ID.field}}, such as {{B.1.value}}, with a field of {fields}").format(
                fields=", ".join(FIELDS)
            )
        names.append(
            FieldName(match.start(), match.end(), line, column, indicator, measure if colon else None, field, problem)
        )
    return names


def period_of(path: Path) -> str | None:
    """`2018-Q2` for `narrative/2018-Q2.md`; None for a name that is no quarter."""
    match = _PERIOD.fullmatch(path.stem)
    return match.group(0) if match else None


def narrative_findings(path: Path, text: str, catalogue: Catalogue) -> list[Finding]:
    """Every name in the text that the plan does not know, each at its line and column."""
    findings = []
    if period_of(path) is None:
        findings.append(
            Finding(
                Severity.ERROR,
                Location(path),
                "narrative",
                _("name the file after the quarter its report's figures end in, such as 2018-Q2.md"),
            )
        )
    indicators = {indicator.id: indicator for indicator in catalogue.indicators}
    for name in field_names(text):
        reason = name.problem
        if reason is None:
            indicator = indicators.get(name.indicator)
            keys = [m.key for m in indicator.measures] if indicator else []
            if indicator is None:
                reason = _("no indicator {id} in the plan of {year}").format(
                    id=name.indicator, year=catalogue.plan.year
                )
            elif name.field not in FIELDS:
                reason = _("no field {field}; a figure is one of {fields}").format(
                    field=name.field, fields=", ".join(FIELDS)
                )
            elif name.measure is not None and name.measure not in keys:
                reason = _("{id} has no measure {measure}; its measures: {keys}").format(
                    id=name.indicator, measure=name.measure, keys=", ".join(keys) or "-"
                )
            elif name.measure is None and name.field != "status" and len(keys) != 1:
                reason = _("{id} has {count} measures; name one, such as {{{id}:{key}.{field}}}").format(
                    id=name.indicator, count=len(keys), key=keys[0] if keys else "…", field=name.field
                )
        if reason is not None:
            findings.append(Finding(Severity.ERROR, Location(path, name.line, name.column), "narrative", reason))
    return findings


@dataclass(frozen=True)
class Named:
    """What a name stands for in a report: the indicator's row and, for a figure, its measure."""

    row: IndicatorStatus
    measure: MeasureStatus | None
    field: str


def named(name: FieldName, status: StatusReport) -> Named | None:
    """The row (and measure) `name` stands for at the report's date; None when the report does not
    hold it (an indicator filtered out with --program): the text then shows a blank to fill."""
    if name.problem is not None:
        return None
    row = next((r for r in status.rows if r.id == name.indicator), None)
    if row is None:
        return None
    if name.field == "status":
        return Named(row, None, name.field)
    measures = [m for m in row.measures if name.measure in (None, m.key)]
    if len(measures) != 1:
        return None
    return Named(row, measures[0], name.field)

"""Helpers every subject of `kpi check` shares: a figure in a message, an unknown or a repeated name, the figures a measure states."""

from __future__ import annotations

from decimal import Decimal

from kpi.errors import Finding, Severity
from kpi.files.catalogue import (
    CatalogueRead,
)
from kpi.files.yamlsource import YamlDocument
from kpi.i18n import _, language
from kpi.model.models import Indicator, Measure, measure_label
from kpi.model.numbers import format_number

WARNING = Severity.WARNING


def stated_figures(measure: Measure, traced: bool) -> list[tuple[tuple[str, ...], Decimal | None]]:
    """The figures a plan states for a measure, each with its path under the measure: the yearly
    ones by year (`actuals`, `2016`). `traced`: every figure that must appear in the source;
    else the ones a parent's children add up to."""
    figures: list[tuple[tuple[str, ...], Decimal | None]] = [(("target",), measure.target)] if traced else []
    figures += [(("actuals", str(year)), value) for year, value in sorted(measure.actuals.items())]
    figures.append((("stated_to_date",), measure.stated_to_date))
    if traced:
        figures += [(("stated_percent",), measure.stated_percent), (("stated_factor",), measure.stated_factor)]
    figures += [(("plans", str(year)), value) for year, value in sorted(measure.plans.items())]
    return figures


def stated_figure(measure: Measure, path: tuple[str, ...]) -> Decimal | None:
    """The figure at `path` under a measure (as `stated_figures` names them), if it states one."""
    if path[0] == "actuals":
        return measure.actuals.get(int(path[1]))
    if path[0] == "plans":
        return measure.plans.get(int(path[1]))
    value = getattr(measure, path[0])
    return value if isinstance(value, Decimal) else None


def duplicate_names(
    document: YamlDocument,
    where: str | tuple[str | int, ...],
    values: list[str],
    what: str,
    field: str | None = None,
    positions: list[int] | None = None,
) -> list[Finding]:
    """Second and later uses of a name; `positions` maps each value to its place in the file's list."""
    base = (where,) if isinstance(where, str) else where
    places = positions if positions is not None else list(range(len(values)))
    findings = []
    seen: dict[str, int] = {}
    for index, value in zip(places, values):
        if value in seen:
            path = (*base, index, field) if field else (*base, index)
            first = document.locate((*base, seen[value]))
            findings.append(
                document.finding(
                    path,
                    _("duplicate {what} '{value}' (first used on line {line})").format(
                        what=what, value=value, line=first.line
                    ),
                )
            )
        else:
            seen[value] = index
    return findings


def unknown_name(what: str, value: str, known: object) -> str:
    import difflib

    names = sorted(str(k) for k in known)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(value, names, n=1)
    if close:
        return _("unknown {what} '{value}'; did you mean '{close}'?").format(what=what, value=value, close=close[0])
    return _("unknown {what} '{value}'").format(what=what, value=value)


def figure_text(value: Decimal) -> str:
    """A figure inside a message, in the run's notation."""
    return format_number(value, language())


def measure_path(read: CatalogueRead, indicator: Indicator, position: int, *rest: str) -> tuple[str | int, ...]:
    return ("indicators", read.indicator_index.get(indicator.id, 0), "measures", position, *rest)


def measure_words(measure: Measure) -> str:
    return measure_label(measure) if measure.label is not None else measure.unit


def indicator_path(read: CatalogueRead, indicator: Indicator, *rest: str | int) -> tuple[str | int, ...]:
    """Where an indicator (or a field under it) sits in its plan file: ("indicators", 3, ...)."""
    return ("indicators", read.indicator_index.get(indicator.id, 0), *rest)

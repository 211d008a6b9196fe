"""An appendix row's cells: the columns a row prints, their words, and a quotation of one in a message."""

from __future__ import annotations

from decimal import Decimal

from kpi.i18n import _
from kpi.model.models import AppendixCells, Catalogue, Indicator, Measure


def column_word(column: str) -> str:
    """An appendix column as `kpi show` names it: `Actual 2016`, `2018 plan`, `rate achieved`."""
    prefix, _sep, year = column.partition("_")
    if prefix == "actual" and year.isdigit():
        return _("Actual {year}").format(year=year)
    if prefix == "plan" and year.isdigit():
        return _("{year} plan").format(year=year)
    words = {
        "tt": _("No."),
        "content": _("content"),
        "target": _("target"),
        "rate": _("rate achieved"),
        "deadline": _("deadline"),
        "notes": _("notes"),
    }
    return words.get(column, column)


def column_of(figure: tuple[str, ...]) -> str:
    """The appendix column a measure's figure is read from: ("actuals", "<year>") -> actual_<year>."""
    if figure[0] in ("actuals", "plans"):
        return f"{figure[0].removesuffix('s')}_{figure[1]}"
    return "target" if figure[0] == "target" else "rate"  # stated_to_date, stated_percent, stated_factor


def cell_path(column: str) -> tuple[str, ...]:
    """Where a column's verbatim cell sits under `source.cells`: actual_<year> -> actuals, <year>."""
    prefix, _sep, year = column.partition("_")
    if prefix in ("actual", "plan") and year.isdigit():
        return (prefix + "s", year)
    return (column,)


def cell_text(indicator: Indicator, column: str) -> str | None:
    cells = indicator.source.cells
    if cells is None:
        return None
    prefix, _sep, year = column.partition("_")
    if prefix in ("actual", "plan") and year.isdigit():
        return (cells.actuals if prefix == "actual" else cells.plans).get(int(year))
    value = getattr(cells, column, None)
    return value if isinstance(value, str) else None


def actual_columns(indicator: Indicator) -> list[str]:
    """The row's actual columns, oldest first: actual_<year>, ..."""
    cells = indicator.source.cells
    return [f"actual_{year}" for year in sorted(cells.actuals)] if cells is not None else []


def plan_columns(indicator: Indicator) -> list[str]:
    cells = indicator.source.cells
    return [f"plan_{year}" for year in sorted(cells.plans)] if cells is not None else []


def all_columns(indicator: Indicator) -> list[str]:
    """Every column of an appendix row, in the table's order."""
    return [
        "tt",
        "content",
        "target",
        *actual_columns(indicator),
        "rate",
        *plan_columns(indicator),
        "deadline",
        "notes",
    ]


def at_cell(path: tuple[str | int, ...], column: str) -> tuple[str | int, ...]:
    return (*path, "source", "cells", *cell_path(column))


def quote_cell(indicator: Indicator, column: str) -> str:
    """`; source line 340, rate achieved: “11,67%”`, or nothing when the row has no such cell."""
    cell = cell_text(indicator, column)
    if cell is None:
        return ""
    return "; " + _("source line {line}, {column}: “{cell}”").format(
        line=indicator.source.line, column=column_word(column), cell=cell
    )


def with_quote(message: str, indicator: Indicator, column: str) -> str:
    return message + quote_cell(indicator, column)


def actual_figures(measure: Measure) -> list[Decimal]:
    return [measure.actuals[year] for year in sorted(measure.actuals)]


def has_plan(measure: Measure) -> bool:
    return any(value is not None for value in measure.plans.values())


def cell_texts(cells: AppendixCells) -> list[str]:
    """Every non-empty verbatim cell of an appendix row, the yearly columns included."""
    texts: list[str] = []
    for _name, value in cells:
        if isinstance(value, dict):
            texts += [text for text in value.values() if text]
        elif value:
            texts.append(value)
    return texts


def has_column(cells: AppendixCells, where: tuple[str, ...]) -> bool:
    """Whether the row's document has the yearly column a figure sits in (`actuals`, `2018`)."""
    columns = cells.actuals if where[0] == "actuals" else cells.plans
    return int(where[1]) in columns


def printed_by_the_plan(catalogue: Catalogue, indicator: Indicator) -> bool:
    """Whether an indicator's source line is a line of the plan's own text (not an earlier plan's)."""
    return indicator.source.document is None or indicator.source.document == catalogue.plan.source_file


def appendix_rows(catalogue: Catalogue) -> list[Indicator]:
    """The rows the plan's own appendix prints, in the order it prints them."""
    rows = [i for i in catalogue.indicators if i.source.cells is not None and printed_by_the_plan(catalogue, i)]
    return sorted(rows, key=lambda indicator: indicator.source.line)

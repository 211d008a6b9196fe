"""The year's reporting at a glance: units down, quarters across, `12/16 75%` in each cell.

The same cells for the terminal (`kpi reporting --year`) and the html report, from the rows
`kpi.compute.reporting.reporting_year` computes (the rows `--format json` dumps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from kpi.compute.reporting import YearReporting
from kpi.i18n import _, speaking
from kpi.model.quarters import Quarter, quarter_words
from kpi.reports.cells import number, percent

CellState = Literal["nothing", "not begun", "complete", "partial", "none"]


@dataclass(frozen=True)
class GridCell:
    text: str
    state: CellState
    """nothing: the quarter expects nothing of the unit; not begun: it starts after the reporting
    date; complete / partial / none: all, some or none of what it expects is recorded."""


@dataclass(frozen=True)
class GridRow:
    owner: str
    name: str
    cells: list[GridCell]


def grid_headings(grid: YearReporting, lang: str) -> list[str]:
    return [quarter_words(str(Quarter(grid.year, n)), lang) for n in (1, 2, 3, 4)]


def grid_rows(grid: YearReporting, as_of: date, lang: str) -> list[GridRow]:
    """A row per unit that any quarter of the year expects something of, in the plan's order."""
    with speaking(lang):
        rows = []
        names = {o.owner: o.name_en if lang == "en" else o.name for report in grid.quarters for o in report.owners}
        for code in names:
            cells = []
            for report in grid.quarters:
                row = next((o for o in report.owners if o.owner == code), None)
                if row is None:
                    cells.append(GridCell("–", "nothing"))
                elif Quarter.parse(report.quarter).first_day > as_of:
                    cells.append(GridCell(_("not begun"), "not begun"))
                else:
                    text = f"{number(Decimal(row.recorded), lang)}/{number(Decimal(row.expected), lang)} {percent(row.rate, lang)}"
                    state: CellState = (
                        "complete" if row.recorded == row.expected else "none" if row.recorded == 0 else "partial"
                    )
                    cells.append(GridCell(text, state))
            rows.append(GridRow(code, names[code], cells))
        return rows

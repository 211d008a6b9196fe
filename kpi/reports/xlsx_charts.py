"""Excel's own charts in the report workbook (openpyxl charts, which Excel and LibreOffice draw and
redraw from the sheet's cells): status by program on the summary sheet, and beside a program
sheet's lines the figures of each indicator by year, read from the very cells the line shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties

from kpi.model.vocabulary import Status

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# One colour per status, as the site draws them (each distinct in the legend, which names the status).
STATUS_CHART_COLOURS = {
    Status.DONE: "1A7F37",
    Status.ACHIEVED: "4AC26B",
    Status.ON_TRACK: "0969DA",
    Status.PENDING: "1B7C83",
    Status.AT_RISK: "D4A72C",
    Status.BEHIND: "BC4C00",
    Status.MOVING_AWAY: "A40E26",
    Status.OVERDUE: "CF222E",
    Status.NOT_COMPUTABLE: "8250DF",
    Status.NO_DATA: "8C959F",
}
CHART_ROWS = 12
"""How many rows a chart beside the lines takes before the next one may start."""


def status_by_program(
    sheet: Worksheet,
    header_row: int,
    last_row: int,
    statuses: list[Status],
    title: str,
    anchor: str,
) -> None:
    """A stacked bar per program, a segment per status, from the counts table at `header_row`
    (names in column A, one column per status from B)."""
    if last_row <= header_row:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.height = max(6.0, 1.1 * (last_row - header_row) + 3)  # cm
    chart.width = 18  # cm
    data = Reference(sheet, min_col=2, max_col=len(statuses) + 1, min_row=header_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row))
    for series, status in zip(chart.series, statuses):
        series.graphicalProperties = GraphicalProperties(solidFill=STATUS_CHART_COLOURS[status])
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # the first program on top, as in the table
    chart.legend.position = "b"
    sheet.add_chart(chart, anchor)


def figures_by_year(
    sheet: Worksheet, row: int, header_row: int, first_col: int, last_col: int, title: str, anchor: str
) -> None:
    """A small line chart of one line's yearly figures (columns `first_col`..`last_col` of `row`),
    the years named by the headings at `header_row`."""
    chart = LineChart()
    chart.title = title
    chart.height, chart.width = 5.5, 9.0  # type: ignore[assignment]  # cm; the stubs say int
    chart.add_data(Reference(sheet, min_col=first_col, max_col=last_col, min_row=row, max_row=row), from_rows=True)
    chart.set_categories(Reference(sheet, min_col=first_col, max_col=last_col, min_row=header_row, max_row=header_row))
    chart.legend = None
    for series in chart.series:
        series.marker.symbol = "circle"
        series.smooth = False
    sheet.add_chart(chart, anchor)

"""Parts of a Word document that more than one document needs (the report and the reminder letter)."""

from __future__ import annotations

from typing import Any

from docx.shared import Mm


def letterhead_grid(
    container: Any, head_left_mm: float, number_left_mm: float, line_mm: float
) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """The frame of an administrative document (Decree 30): two borderless rows on one grid of three
    columns. The first row is split at `head_left_mm` (issuing body | national name), the second at
    `number_left_mm` (number | place and date), both across `line_mm`. Returns the four cells, each
    emptied of its paragraph so the caller writes its own."""
    table = container.add_table(rows=2, cols=3)
    table.autofit = False
    widths = [number_left_mm, head_left_mm - number_left_mm, line_mm - head_left_mm]
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Mm(width)
    first = (table.cell(0, 0).merge(table.cell(0, 1)), table.cell(0, 2))
    second = (table.cell(1, 0), table.cell(1, 1).merge(table.cell(1, 2)))
    for cell in (*first, *second):
        for paragraph in list(cell.paragraphs):
            paragraph._p.getparent().remove(paragraph._p)
    return first, second

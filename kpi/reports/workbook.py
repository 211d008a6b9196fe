"""What every workbook kpi writes shares: text stays text, whatever it starts with.

openpyxl stores any string that begins with `=` as a formula, so a catalogue title such as
`=HYPERLINK("http://evil","y")` would become a live link in the office's spreadsheet. kpi writes
no formulas at all, so every such cell is turned back into a string just before saving.
"""

from __future__ import annotations

import io

from openpyxl import Workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook, every text cell a string cell."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

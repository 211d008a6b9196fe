"""A quarter with two units: the plan the office keeps and the cells of the form a unit fills in."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.support.ledger import indicator, measure

CATALOGUE = [
    indicator("B.1", "cumulative", measure(target=100, label=("Dự án", "Projects"))),
    indicator("B.2", "annual", measure(target=10, label=("Dự án", "Projects"))),
    indicator("B.4", "milestone", deadline="2018-Q2"),
    indicator("B.7", "cumulative", measure(target=100, label=("Dự án", "Projects")), owner="SHTT"),
    indicator("B.9", "cumulative", measure(target=50, label=("Dự án", "Projects")), owner="SHTT"),
]


SETTINGS = """\
record:
  commit: true
reminders:
  sender: khth@skhcn.example
  addresses:
    QLCN: qlcn@skhcn.example
    SHTT: shtt@skhcn.example
"""


# The data sheet as a unit sees it: headers on row 4, a row per figure from row 5; the ID in
# column A, the measure in B, the figure in I, "done?" in J, the day done in K, evidence in L.
FIRST_ROW = 5


VALUE, DONE, DONE_ON, EVIDENCE = "I", "J", "K", "L"


def fill(form: Path, answers: dict[tuple[str, str | None], dict[str, object]]) -> None:
    """Type into the input cells of the rows named (indicator, measure), as a unit would."""
    book = load_workbook(form)
    sheet = book["Figures"]
    rows = {}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code, key = sheet[f"A{row}"].value, sheet[f"B{row}"].value
        if code:
            rows[(code, key or None)] = row
    for (code, key), cells in answers.items():
        for column, value in cells.items():
            sheet[f"{column}{rows[(code, key)]}"] = value
    book.save(form)

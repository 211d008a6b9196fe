"""The form a unit fills in: a catalogue with every kind of row, the form made and filled in as a unit would (openpyxl typing into the input cells), and what it recorded read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.data import TWO_MEASURES
from tests.support.runner import kpi

THRESHOLD = """\
  - id: B.4
    program: B
    section: I
    tt: '4'
    title: Tỷ lệ doanh nghiệp hài lòng
    owner: QLCN
    kind: threshold
    measures:
      - key: rate
        label:
          vi: Tỷ lệ doanh nghiệp hài lòng
          en: Share of satisfied firms
        unit: '%'
        target: 80
        plans:
          2018: 70
    source:
      line: 370
      cells:
        target: ≥ 80%
"""


# B.1 counts firms (cumulative) and sessions (annual), B.8 is a milestone due in 2018-Q2, B.4 a percentage.
FORM_CATALOGUE = TWO_MEASURES.replace(
    "    deadline: 2018-Q4\n    source:\n      line: 378", "    deadline: 2018-Q2\n    source:\n      line: 378"
).replace("tasks:\n", THRESHOLD + "tasks:\n")


ROWS = [("B.1", "firms"), ("B.1", "sessions"), ("B.8", None), ("B.4", "rate")]


# What the measure column of a form shows for each key: the measure's label, in the form's language.
LABELS = {
    "firms": ("Enterprises trained", "Doanh nghiệp được đào tạo"),
    "sessions": ("Training courses", "Khóa đào tạo"),
    "rate": ("Share of satisfied firms", "Tỷ lệ doanh nghiệp hài lòng"),
}


FIGURES = "Figures"


def form_data(minimal_data: Path) -> Path:
    """The minimal data folder holding FORM_CATALOGUE."""
    (minimal_data / "plan2018.yaml").write_text(FORM_CATALOGUE, encoding="utf-8")
    return minimal_data


def make_form(data: Path, *args: str, owner: str = "QLCN", quarter: str = "2018-Q2", lang: str = "en") -> Path:
    path = data.parent / f"{owner}-{quarter}.xlsx"
    result = kpi(data, "form", "-u", owner, "-q", quarter, "-o", str(path), *args, lang=lang)
    assert result.returncode == 0, result.stderr
    return path


def row_of(sheet: Worksheet, indicator: str, measure: str | None) -> int:
    for row in range(5, sheet.max_row + 1):
        shown = LABELS[measure] if measure is not None else (None,)
        if sheet.cell(row, 1).value == indicator and sheet.cell(row, 2).value in shown:
            return row
    raise AssertionError(f"no row for {indicator} {measure}")


COLUMN = {"value": "I", "done": "J", "done_on": "K", "evidence": "L", "note": "M"}


def fill(form: Path, entries: dict[tuple[str, str | None], dict[str, Any]], target: Path | None = None) -> Path:
    """Type into the input cells, as a unit does, and save."""
    book = load_workbook(form)
    sheet = book[book.sheetnames[1]]
    for (indicator, measure), cells in entries.items():
        row = row_of(sheet, indicator, measure)
        for name, value in cells.items():
            sheet[f"{COLUMN[name]}{row}"] = value
    target = target or form.with_name("filled.xlsx")
    book.save(target)
    return target


def actuals(data: Path, quarter: str = "2018-Q2") -> list[dict[str, Any]]:
    path = data / "actuals" / quarter / "QLCN.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["records"] if path.exists() else []


def snapshot(data: Path) -> dict[str, bytes]:
    """The plan and every actuals file, byte for byte."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}

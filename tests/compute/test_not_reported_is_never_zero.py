"""The shipped plan at 2018-03-31, nothing recorded for 2018: what every output says of the figures
no unit has reported yet (issue 26's done-when). No row is "behind" or "at risk" for lack of a
figure, and no command shows 0 where nothing was reported: not status, not show, not the report in
csv, md, html, xlsx or docx, not the export.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.support import kpi_process
from tests.support.documents import Page

AS_OF = "2018-03-31"
NOT_REPORTED = "chưa báo cáo"

PLAIN = {"KPI_NO_CACHE": "1", "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "200"}
"""The environment of a plain shell: no terminal, no colour, wide lines."""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.support import SHIPPED_DATA

    target = tmp_path_factory.mktemp("shipped") / "data"
    shutil.copytree(SHIPPED_DATA, target)
    return target


def test_no_row_is_behind_or_at_risk_for_lack_of_a_figure(data: Path) -> None:
    report = json.loads(
        kpi_process(data, "status", "--as-of", AS_OF, "-f", "json", lang="vi", environment=PLAIN, expect=0).stdout
    )
    warned = [row for row in report["rows"] if row["status"] in ("behind", "at risk")]
    assert warned, "the shipped plan has rows that are really behind (A.6: 11 of 300 firms in 40 % of the period)"
    for row in warned:
        # The verdict comes from a measure with that verdict whose every year up to 2017 is reported.
        judged = [m for m in row["measures"] if m["status"] == row["status"]]
        assert judged and all({"2016", "2017"} <= set(m["actuals"]) for m in judged), row["id"]
    # Nothing recorded for 2018: no measure has a 2018 figure, none is 0.
    assert all(m["plan_actual"] is None for row in report["rows"] for m in row["measures"])
    # And what was "chậm" for want of a report is now said to be not reported.
    c4 = next(row for row in report["rows"] if row["id"] == "C.4")
    assert c4["status"] == "no data"


def test_status_and_show_say_not_reported(data: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(
                kpi_process(
                    data, "status", "--as-of", AS_OF, "-f", "csv", lang="vi", environment=PLAIN, expect=0
                ).stdout
            )
        )
    )
    parts = {part for row in rows for part in row["actual_2018"].split(" · ")}  # a measure each
    assert NOT_REPORTED in parts and parts <= {NOT_REPORTED, "–", ""}
    show = kpi_process(data, "show", "C.4", "--as-of", AS_OF, lang="vi", environment=PLAIN, expect=0).stdout
    assert "kế hoạch 2018: chưa báo cáo / 100" in show
    assert "0 / 100" not in show


def _column(rows: list[list[str]], starts: str) -> list[str]:
    header = next(row for row in rows if any(cell.startswith(starts) for cell in row))
    at = next(i for i, cell in enumerate(header) if cell.startswith(starts))
    return [row[at] for row in rows[rows.index(header) + 1 :] if len(row) > at]


def test_the_report_in_every_text_format(data: Path, tmp_path: Path) -> None:
    rows = list(
        csv.reader(
            io.StringIO(
                kpi_process(
                    data, "report", "--as-of", AS_OF, "-f", "csv", lang="vi", environment=PLAIN, expect=0
                ).stdout
            )
        )
    )
    cells = _column(rows, "Thực hiện 2018")
    assert NOT_REPORTED in cells and "0" not in cells
    markdown = kpi_process(data, "report", "--as-of", AS_OF, "-f", "md", lang="vi", environment=PLAIN, expect=0).stdout
    table = [
        [cell.strip() for cell in line.strip("|").split("|")] for line in markdown.splitlines() if line.startswith("|")
    ]
    cells = _column(table, "Thực hiện 2018")
    assert NOT_REPORTED in cells and "0" not in cells
    kpi_process(
        data, "report", "--as-of", AS_OF, "-o", str(tmp_path / "r.html"), lang="vi", environment=PLAIN, expect=0
    )
    page = Page((tmp_path / "r.html").read_text(encoding="utf-8"))
    cells = [row["actual_2018"] for row in page.cells["appendix"].values() if "actual_2018" in row]
    assert NOT_REPORTED in cells and "0" not in cells


def test_the_report_as_a_workbook_and_a_document(data: Path, tmp_path: Path) -> None:
    kpi_process(
        data, "report", "--as-of", AS_OF, "-o", str(tmp_path / "r.xlsx"), lang="vi", environment=PLAIN, expect=0
    )
    book = load_workbook(tmp_path / "r.xlsx")
    for sheet in book.worksheets[1:]:
        values = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        if any(cell.startswith("Thực hiện 2018") for row in values for cell in row):
            cells = _column(values, "Thực hiện 2018")
            assert "0" not in cells, sheet.title
    kpi_process(
        data,
        "report",
        "--as-of",
        AS_OF,
        "-o",
        str(tmp_path / "r.docx"),
        "--number",
        "15",
        "--date",
        "05/04/2018",
        lang="vi",
        environment=PLAIN,
        expect=0,
    )
    seen = 0
    for table in Document(str(tmp_path / "r.docx")).tables:
        values = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if any(cell.startswith("Thực hiện 2018") for row in values for cell in row):
            cells = _column(values, "Thực hiện 2018")
            assert "0" not in cells
            seen += cells.count(NOT_REPORTED)
    assert seen


def test_the_export_keeps_not_reported_empty(data: Path, tmp_path: Path) -> None:
    kpi_process(
        data, "export", "--as-of", AS_OF, "-o", str(tmp_path / "export"), lang="vi", environment=PLAIN, expect=0
    )
    with (tmp_path / "export" / "status_measures.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and all(row["plan_actual"] == "" for row in rows)
    with sqlite3.connect(tmp_path / "export" / "kpi.sqlite") as db:
        assert db.execute("SELECT count(*) FROM status_measures WHERE plan_actual IS NOT NULL").fetchone() == (0,)

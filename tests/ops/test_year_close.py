"""A half-recorded year is never frozen: `kpi year open` leaves last year provisional, worked out
from its quarters, until `kpi year close` makes its figures official.

The office opens 2019 in Q4 2018 with only Q1 and Q2 of 2018 in. Q3 and Q4 come later; the 2018
actual everywhere (status, show, the report in every format) is then the sum of the four quarters,
marked provisional. Closing 2018 is refused while a quarter is missing and not named; once closed,
the figure is official and a figure recorded into 2018 afterwards is told so.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from tests.support import kpi_process as kpi

B1_ROW = "Đào tạo về công cụ quản trị năng suất, chất lượng và đổi mới sáng tạo"
MID_2019 = ("--as-of", "2019-06-30")


def record(data: Path, quarter: str, value: str, *extra: str):  # type: ignore[no-untyped-def]
    result = kpi(data, "record", "B.1", "-q", quarter, "--value", value, "--by", "t", *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def fill_in_2019(data: Path) -> None:
    path = data / "plan2019.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "      2019: null  # fill in the 2019 plan, or remove this line if there is none", "      2019: 10"
        ),
        encoding="utf-8",
    )


def b1_2018(data: Path) -> tuple[float, str]:
    status = json.loads(kpi(data, "status", "-f", "json", *MID_2019).stdout)
    [row] = [row for row in status["rows"] if row["id"] == "B.1"]
    [firms] = row["measures"]
    return firms["actuals"]["2018"], firms["actual_basis"]["2018"]


@pytest.fixture
def half_year_opened(shipped_copy: Path) -> Path:
    """2019 opened with 2018-Q1 and Q2 recorded (400 + 500), then Q3 (500) recorded."""
    record(shipped_copy, "2018-Q1", "400")
    record(shipped_copy, "2018-Q2", "500")
    opened = kpi(shipped_copy, "year", "open", "2019")
    assert opened.returncode == 0, opened.stderr
    plan = yaml.safe_load((shipped_copy / "plan2019.yaml").read_text(encoding="utf-8"))
    [b1] = [i for i in plan["indicators"] if i["id"] == "B.1"]
    assert 2018 not in b1["measures"][0]["actuals"]  # the half year is not frozen into the new plan
    record(shipped_copy, "2018-Q3", "500")
    fill_in_2019(shipped_copy)
    return shipped_copy


def test_the_2018_actual_is_the_four_quarters_everywhere_and_provisional(
    half_year_opened: Path, tmp_path: Path
) -> None:
    data = half_year_opened
    record(data, "2018-Q4", "1000")
    assert b1_2018(data) == (2400, "provisional")  # 400 + 500 + 500 + 1 000, not the 900 of the half year

    show = kpi(data, "show", "B.1", *MID_2019).stdout
    assert (
        "actuals: 2016 1,069 (official, stated by the plan), 2017 2,920 (official, stated by the plan), "
        "2018 2,400 (provisional)"
    ) in show
    status = kpi(data, "status", "--wide", *MID_2019).stdout
    assert "6,389*" in status  # 1 069 + 2 920 + 2 400, counting the provisional 2018
    assert "* provisional: counts the actuals of 2018 worked out from the quarters" in status

    md = kpi(data, "report", "-f", "md", *MID_2019).stdout
    [line] = [line for line in md.splitlines() if B1_ROW in line and line.startswith("| 1 ")]
    assert [cell.strip() for cell in line.split("|")][4:7] == ["1,069", "2,920", "2,400 (provisional)"]

    rows = list(csv.DictReader(io.StringIO(kpi(data, "report", "-f", "csv", *MID_2019).stdout)))
    [b1] = [row for row in rows if row["Content"] == B1_ROW]
    assert b1["Actual 2018"] == "2,400 (provisional)" and b1["Actual 2017"] == "2,920"

    html = kpi(data, "report", "-f", "html", *MID_2019).stdout
    assert "2,400 (provisional)" in html

    xlsx = tmp_path / "r.xlsx"
    assert kpi(data, "report", "-o", str(xlsx), *MID_2019).returncode == 0
    cells = [
        (cell.value, cell.number_format)
        for sheet in load_workbook(xlsx)
        for row in sheet.iter_rows()
        if any(c.value == B1_ROW for c in row)
        for cell in row
    ]
    assert (2400, '#,##0" (provisional)"') in cells and (2920, "#,##0") in cells

    docx = tmp_path / "r.docx"
    assert kpi(data, "report", "-o", str(docx), *MID_2019).returncode == 0
    texts = [
        [cell.text for cell in row.cells]
        for table in Document(str(docx)).tables
        for row in table.rows
        if any(cell.text == B1_ROW for cell in row.cells)
    ]
    assert texts and "2,400 (provisional)" in texts[0] and "2,920" in texts[0]


def test_a_year_closes_once_its_quarters_are_in_or_named(half_year_opened: Path) -> None:
    data = half_year_opened
    refused = kpi(data, "year", "close", "2018")
    assert refused.returncode == 2 and refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert lines[0].startswith("kpi: 2018 is not closed: ") and "quarterly figures are missing" in lines[0]
    assert "kpi:   QLCN: B.1 (Enterprises trained), 2018-Q4" in lines  # unit, indicator, measure, quarter
    assert "kpi:   QLKH: A.1 (Rate of application of research results), 2018-Q1" in lines
    assert not any("B.1 (Enterprises trained), 2018-Q1" in line for line in lines)  # recorded
    assert "--accept-missing" in lines[-1]
    plan_before = (data / "plan2018.yaml").read_bytes()

    # Named, one by one: what is named is no longer listed; what is left still refuses.
    named = kpi(data, "year", "close", "2018", "--missing", "B.1:firms@2018-Q4", "--missing", "A.1")
    assert named.returncode == 2
    assert (
        "B.1 (Enterprises trained), 2018-Q4" not in named.stderr
        and "A.1 (Rate of application of research results)" not in named.stderr
    )
    typo = kpi(data, "year", "close", "2018", "--missing", "B.1@2019-Q4")
    assert typo.returncode == 2 and "--missing B.1@2019-Q4: no missing figure of the year matches" in typo.stderr
    assert (data / "plan2018.yaml").read_bytes() == plan_before

    # Every quarter approved as it is: nothing is missing any more, and the year closes.
    for quarter in ("2018-Q1", "2018-Q2", "2018-Q3"):
        assert kpi(data, "approve", quarter, "--by", "t", "--no-commit", "--with-missing").returncode == 0
    left = kpi(data, "year", "close", "2018")
    assert (
        left.returncode == 2
        and "QLCN: B.1 (Enterprises trained), 2018-Q4" in left.stderr
        and "2018-Q1" not in left.stderr
    )

    closed = kpi(data, "year", "close", "2018", "--accept-missing")
    assert closed.returncode == 0, closed.stderr
    assert "closed without: QLCN: B.1 (Enterprises trained), 2018-Q4" in closed.stdout
    assert "closed 2018: 1 figure from the quarters written into data/plan2018.yaml" in closed.stdout.replace(
        str(data.parent) + "/", ""
    )
    plan = yaml.safe_load((data / "plan2018.yaml").read_text(encoding="utf-8"))
    [b1] = [i for i in plan["indicators"] if i["id"] == "B.1"]
    assert b1["measures"][0]["actuals"] == {2016: 1069, 2017: 2920, 2018: 1400}  # 400 + 500 + 500
    assert b1["measures"][0]["actual_basis"] == {2018: "quarters"}
    assert b1_2018(data) == (1400, "quarters")
    shown = kpi(data, "show", "B.1", *MID_2019).stdout
    assert "(provisional)" not in shown
    assert "2018 1,400 (official, closed from its quarters)" in shown  # how the official figure came about
    assert kpi(data, "check").returncode == 0

    # A figure recorded into the closed year is accepted, and told it does not change the official one.
    late = record(data, "2018-Q4", "1000")
    assert (
        "kpi: warning: 2018 is closed: plan2018.yaml states its official figure of B.1 (Enterprises trained), 1,400"
        in late.stderr
    )
    assert b1_2018(data) == (1400, "quarters")
    again = kpi(data, "year", "close", "2018", "--accept-missing")  # Q4 of the other units is still missing
    assert again.returncode == 0, again.stderr
    assert "changed: B.1 (Enterprises trained) 2018 = 2,400, was 1,400" in again.stdout
    assert b1_2018(data) == (2400, "quarters")


def test_a_year_not_over_or_without_a_plan_is_not_closed(shipped_copy: Path) -> None:
    assert "there is no plan for 2017" in kpi(shipped_copy, "year", "close", "2017").stderr
    assert kpi(shipped_copy, "year", "close", "2099").returncode == 2


def test_the_next_year_waits_for_this_years_plan_figures(half_year_opened: Path) -> None:
    data = half_year_opened
    path = data / "plan2019.yaml"
    filled = path.read_text(encoding="utf-8")
    path.write_text(filled.replace("      2019: 10", "      2019:", 3), encoding="utf-8")
    refused = kpi(data, "year", "open", "2020")
    assert refused.returncode == 2
    assert "the 2019 plan (plan2019.yaml) still has 3 blank plan figures" in refused.stderr
    assert not (data / "plan2020.yaml").exists()
    path.write_text(filled, encoding="utf-8")
    opened = kpi(data, "year", "open", "2020")
    assert opened.returncode == 0, opened.stderr
    assert "warning: 2018 is not closed: its actuals are still worked out from its quarters" in opened.stderr

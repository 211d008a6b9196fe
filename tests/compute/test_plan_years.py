"""Plans that follow one another: a 2019 plan beside the 2018 one, each in force for its year.

The 2019 plan here is written as the office would: B.1's period target revised by a decision
from 1 March 2019, its 2018 actual stated as the official year-end figure, a 2019 plan; one new
indicator (B.99, a milestone due in the first quarter); one retired (C.8). As of 2019-06-30
every command reads the 2019 plan; as of 2018-12-31 they give what they gave before the 2019
plan existed, byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import kpi_process

REVISION = {
    "previous": 10000,
    "target": 12000,
    "effective": "2019-03-01",
    "decision": "123/QĐ-UBND",
    "decided": "2019-02-20",
}
NEW_INDICATOR = {
    "id": "B.99",
    "program": "B",
    "section": "I",
    "title": "Ban hành quy chế hỗ trợ doanh nghiệp năm 2019",
    "owner": "QLCN",
    "kind": "milestone",
    "deadline": "2019-Q1",
    "source": {"document": "Kế hoạch năm 2019", "line": 1, "text": "Ban hành quy chế hỗ trợ doanh nghiệp năm 2019"},
}


def record(data: Path, indicator: str, quarter: str, *value: str) -> None:
    result = kpi_process(data, "record", indicator, "-q", quarter, *value, "--by", "test")
    assert result.returncode == 0, result.stdout + result.stderr


def write_2019_plan(data: Path) -> None:
    plan = yaml.safe_load((data / "plan2018.yaml").read_text(encoding="utf-8"))
    plan["plan"].update(number="15/KH-SKHCN", signed="2019-01-10", year=2019, title="Kế hoạch năm 2019")
    for indicator in plan["indicators"]:
        # Carried over: the definition still comes from the 2018 plan's text; what that text stated
        # about the years before 2018 is no statement of the 2019 plan.
        indicator["source"]["document"] = plan["plan"]["source_file"]
        for measure in indicator.get("measures", []):
            for stated in ("stated_to_date", "stated_percent", "stated_factor"):
                measure.pop(stated, None)
        if indicator["id"] == "B.1":
            [firms] = indicator["measures"]
            firms["actuals"][2018] = 2000  # the official year-end figure; the quarters say 1 900
            firms["plans"] = {2019: 3500}
            firms["revisions"] = [REVISION]
            indicator["deadline"] = "2019-Q4"  # "Năm 2019"
        if indicator["id"] == "C.8":
            indicator["retired"] = "Không còn theo dõi từ năm 2019 (Quyết định 123/QĐ-UBND)"
    plan["indicators"].append(NEW_INDICATOR)
    text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=10_000)
    (data / "plan2019.yaml").write_text(text, encoding="utf-8")


def b1(payload: dict[str, Any]) -> dict[str, Any]:
    [row] = [row for row in payload["rows"] if row["id"] == "B.1"]
    [measure] = row["measures"]
    return measure  # type: ignore[no-any-return]


@pytest.fixture
def two_years(shipped_copy: Path) -> tuple[Path, dict[str, str]]:
    """The shipped data with 2018 recorded quarter by quarter, what kpi says at the end of 2018
    before any 2019 plan, then the 2019 plan and two quarters of 2019."""
    for quarter, value in (("2018-Q1", "400"), ("2018-Q2", "500"), ("2018-Q3", "500"), ("2018-Q4", "500")):
        record(shipped_copy, "B.1", quarter, "--value", value)
    before = {
        " ".join(args): kpi_process(
            shipped_copy, *args, "--as-of", "2018-12-31", env={"COLUMNS": "200"}, expect=(0, 1)
        ).stdout
        for args in (("status",), ("status", "-f", "json"), ("overdue",), ("show", "B.1"), ("show", "C.8"))
    }
    before["report"] = kpi_process(
        shipped_copy, "report", "-f", "md", "--as-of", "2018-12-31", env={"COLUMNS": "200"}, expect=(0, 1)
    ).stdout
    write_2019_plan(shipped_copy)
    record(shipped_copy, "B.1", "2019-Q1", "--value", "600")
    record(shipped_copy, "B.1", "2019-Q2", "--value", "800")
    return shipped_copy, before


def test_as_of_mid_2019_status_uses_the_2019_plan_and_the_revised_target(
    two_years: tuple[Path, dict[str, str]],
) -> None:
    data, _before = two_years
    payload = json.loads(
        kpi_process(data, "status", "-f", "json", "--as-of", "2019-06-30", env={"COLUMNS": "200"}, expect=(0, 1)).stdout
    )
    assert payload["plan_year"] == 2019
    firms = b1(payload)
    assert firms["target"] == 12000  # revised from 10 000 on 2019-03-01
    assert firms["actuals"] == {"2016": 1069, "2017": 2920, "2018": 2000, "2019": 1400}  # 2018: the official figure
    # 1 069 + 2 920 + 2 000 + (600 + 800) = 7 389 of 12 000
    assert firms["to_date"] == 7389 and firms["percent_of_period"] == pytest.approx(7389 / 12000)
    assert (firms["plan"], firms["plan_actual"]) == (3500, 1400)  # 2019: 600 + 800 of the plan's 3 500
    ids = {row["id"] for row in payload["rows"]}
    assert "B.99" in ids and "C.8" not in ids  # the new one is tracked, the retired one no longer
    before_revision = b1(
        json.loads(
            kpi_process(
                data, "status", "-f", "json", "--as-of", "2019-02-28", env={"COLUMNS": "200"}, expect=(0, 1)
            ).stdout
        )
    )
    assert before_revision["target"] == 10000


def test_as_of_mid_2019_overdue_show_and_report_read_the_2019_plan(two_years: tuple[Path, dict[str, str]]) -> None:
    data, _before = two_years
    overdue = kpi_process(data, "overdue", "--as-of", "2019-06-30", env={"COLUMNS": "200"}, expect=(0, 1)).stdout
    assert "B.99" in overdue  # due by the end of 2019-Q1, not recorded done
    assert "C.8" not in overdue
    show = kpi_process(data, "show", "B.1", "--as-of", "2019-06-30", env={"COLUMNS": "200"}, expect=(0, 1)).stdout
    assert (
        "target revised: Enterprises trained: 10,000 → 12,000 from 2019-03-01 (decision 123/QĐ-UBND of 2019-02-20)"
        in show
    )
    assert "2019 plan: 1,400 / 3,500 = 40%" in show
    report = kpi_process(
        data, "report", "-f", "md", "--as-of", "2019-06-30", env={"COLUMNS": "200"}, expect=(0, 1)
    ).stdout
    heading = next(line for line in report.splitlines() if line.startswith("| No.") and "Content" in line)
    assert "Actual 2018" in heading and "Plan 2019" in heading and "Share of 2019 plan" in heading
    assert "Plan 2018" not in heading
    assert "15/KH-SKHCN" in report and "B.99" not in heading
    assert "Ban hành quy chế hỗ trợ doanh nghiệp năm 2019" in report
    assert "Xây dựng quy chế trao đổi chuyên gia" not in report  # C.8, retired
    assert (
        kpi_process(data, "status", "--year", "2019", env={"COLUMNS": "200"}, expect=(0, 1)).stdout
        == kpi_process(data, "status", "--as-of", "2019-12-31", env={"COLUMNS": "200"}, expect=(0, 1)).stdout
    )


def test_as_of_the_end_of_2018_nothing_changes(two_years: tuple[Path, dict[str, str]]) -> None:
    data, before = two_years
    for args, output in before.items():
        if args == "report":
            assert (
                kpi_process(
                    data, "report", "-f", "md", "--as-of", "2018-12-31", env={"COLUMNS": "200"}, expect=(0, 1)
                ).stdout
                == output
            )
        elif args == "status -f json":  # the same rows; only the note on the date knows of the 2019 records
            now = json.loads(
                kpi_process(
                    data, "status", "-f", "json", "--as-of", "2018-12-31", env={"COLUMNS": "200"}, expect=(0, 1)
                ).stdout
            )
            then = json.loads(output)
            assert now.pop("reporting_date")["latest_quarter"] == "2019-Q2"
            assert then.pop("reporting_date")["latest_quarter"] == "2018-Q4"
            assert now == then
        else:
            assert (
                kpi_process(data, *args.split(), "--as-of", "2018-12-31", env={"COLUMNS": "200"}, expect=(0, 1)).stdout
                == output
            ), args


def test_check_warns_when_the_official_figure_differs_from_the_quarters(two_years: tuple[Path, dict[str, str]]) -> None:
    data, _before = two_years
    result = kpi_process(data, "check")
    assert result.returncode == 0, result.stdout
    [line] = [line for line in result.stdout.splitlines() if "recorded quarters" in line]
    assert line.startswith("data/plan2019.yaml:")
    assert "indicators[B.1].measures[firms].actuals.2018: the plan states 2,000 for 2018 but the recorded" in line
    assert line.endswith("quarters give 1,900; the stated figure counts")


def test_a_blank_plan_figure_is_refused_once_its_year_has_begun(two_years: tuple[Path, dict[str, str]]) -> None:
    data, _before = two_years
    path = data / "plan2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2019: 3500", "2019: null"), encoding="utf-8")
    result = kpi_process(data, "check")
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if ": error: " in line]
    number = path.read_text(encoding="utf-8").split("\n").index("      2019: null") + 1
    assert line.startswith(f"data/plan2019.yaml:{number}:")
    assert line.endswith("the 2019 plan of B.1 (Enterprises trained) is still blank and the year has begun: fill it in")


def test_a_revision_must_start_from_the_target_in_force(two_years: tuple[Path, dict[str, str]]) -> None:
    data, _before = two_years
    path = data / "plan2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("previous: 10000", "previous: 9000"), encoding="utf-8")
    result = kpi_process(data, "check")
    assert result.returncode == 1
    assert "revisions[0].previous: the target in force before this revision is 10,000, not 9,000" in result.stdout


def test_a_figure_is_checked_against_the_plan_of_its_year(two_years: tuple[Path, dict[str, str]]) -> None:
    data, _before = two_years
    # C.8 is retired in 2019 but still tracked in 2018; B.99 exists only from 2019.
    late_2018 = kpi_process(data, "record", "C.8", "-q", "2018-Q4", "--done", "--date", "2018-12-01")
    assert late_2018.returncode == 0, late_2018.stderr
    retired = kpi_process(
        data,
        "record",
        "C.8",
        "-q",
        "2019-Q1",
        "--done",
        "--date",
        "2019-02-01",
    )
    assert retired.returncode == 2
    assert "C.8 is retired in the 2019 plan (Không còn theo dõi từ năm 2019" in retired.stderr
    too_early = kpi_process(
        data,
        "record",
        "B.99",
        "-q",
        "2018-Q4",
        "--done",
        "--date",
        "2018-12-01",
    )
    assert too_early.returncode == 2 and "no indicator 'B.99'" in too_early.stderr
    in_time = kpi_process(data, "record", "B.99", "-q", "2019-Q1", "--done", "--date", "2019-03-01")
    assert in_time.returncode == 0, in_time.stderr


def test_the_html_and_xlsx_reports_name_the_2019_columns(
    two_years: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    import openpyxl

    data, _before = two_years
    html = kpi_process(
        data, "report", "-f", "html", "--as-of", "2019-06-30", env={"COLUMNS": "200"}, expect=(0, 1)
    ).stdout
    assert 'data-col="actual_2018"' in html and 'data-col="plan_2019_progress"' in html
    assert "40.00% of the 2019 plan achieved" in html  # B.1: 1,400 of 3,500, with its bar
    target = tmp_path / "report.xlsx"
    result = kpi_process(data, "report", "--as-of", "2019-06-30", "-o", str(target))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(target).worksheets[1]
    headings = [cell.value for row in sheet.iter_rows(max_row=12) for cell in row if isinstance(cell.value, str)]
    assert {"Actual 2018", "Plan 2019", "Share of 2019 plan"} <= set(headings)


def test_a_carried_over_row_is_not_asked_to_show_figures_its_document_has_no_column_for(
    two_years: tuple[Path, dict[str, str]],
) -> None:
    data, _before = two_years
    result = kpi_process(data, "check")
    # B.1's 2018 actual (2,000) and 2019 plan (3,500) are the 2019 plan's figures; the 2018 text has no column for them.
    untraced = [line for line in result.stdout.splitlines() if "does not appear in the source row" in line]
    assert not [line for line in untraced if "indicators[B.1]" in line], untraced

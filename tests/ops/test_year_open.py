"""`kpi year open 2019`: the 2019 plan prepared from the 2018 one, for the office to fill in."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.support import kpi_process as kpi


def recorded_2018(data: Path) -> None:
    for quarter, value in (("2018-Q1", "400"), ("2018-Q2", "500"), ("2018-Q3", "500"), ("2018-Q4", "500")):
        assert kpi(data, "record", "B.1", "-q", quarter, "--value", value, "--by", "t").returncode == 0
    done = kpi(data, "record", "A.4", "-q", "2018-Q1", "--done", "--date", "2018-03-20", "--by", "t")
    assert done.returncode == 0, done.stdout + done.stderr


def test_open_carries_every_open_indicator_with_last_years_actual(shipped_copy: Path) -> None:
    recorded_2018(shipped_copy)
    result = kpi(shipped_copy, "year", "open", "2019")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {shipped_copy / 'plan2019.yaml'}: 95 indicators carried over from the 2018")
    assert "1 done and 0 retired left out" in result.stdout
    plan = yaml.safe_load((shipped_copy / "plan2019.yaml").read_text(encoding="utf-8"))
    assert (plan["plan"]["year"], plan["plan"]["number"], plan["plan"]["signed"]) == (2019, None, None)
    indicators = {indicator["id"]: indicator for indicator in plan["indicators"]}
    assert "A.4" not in indicators  # done on 2018-03-20: closed
    [firms] = indicators["B.1"]["measures"]
    # 2018 is not frozen into the new plan: it stays worked out from its quarters until it is closed.
    assert firms["actuals"] == {2016: 1069, 2017: 2920} and "actual_basis" not in firms
    assert firms["plans"] == {2019: None} and "stated_percent" not in firms
    assert indicators["B.1"]["source"]["document"] == "docs/source/plan-62-KH-SKHCN-2018.txt"
    assert all("A.4" not in task["measured_by"] for task in plan["tasks"])


def test_a_prepared_plan_is_refused_by_check_until_its_figures_are_filled_in(shipped_copy: Path) -> None:
    recorded_2018(shipped_copy)
    assert kpi(shipped_copy, "year", "open", "2019").returncode == 0
    path = shipped_copy / "plan2019.yaml"
    text = path.read_text(encoding="utf-8")
    blank = "      2019: null  # fill in the 2019 plan, or remove this line if there is none"
    lines = text.split("\n")
    check = kpi(shipped_copy, "check")
    assert check.returncode == 1
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert len(errors) == text.count(blank) > 80
    assert errors[0].startswith(f"data/plan2019.yaml:{lines.index(blank) + 1}:")
    assert errors[0].endswith("is still blank and the year has begun: fill it in")
    path.write_text(text.replace(blank, "      2019: 10"), encoding="utf-8")
    assert kpi(shipped_copy, "check").returncode == 0
    status = json.loads(kpi(shipped_copy, "status", "-f", "json", "--as-of", "2019-06-30").stdout)
    assert status["plan_year"] == 2019
    [b1] = [row for row in status["rows"] if row["id"] == "B.1"]
    assert b1["measures"][0]["plan"] == 10 and b1["measures"][0]["actuals"]["2018"] == 1900
    assert b1["measures"][0]["actual_basis"]["2018"] == "provisional"


def test_open_never_overwrites_and_a_dry_run_writes_nothing(shipped_copy: Path) -> None:
    dry = kpi(shipped_copy, "year", "open", "2019", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("# yaml-language-server")
    assert not (shipped_copy / "plan2019.yaml").exists()
    assert kpi(shipped_copy, "year", "open", "2019").returncode == 0
    before = (shipped_copy / "plan2019.yaml").read_bytes()
    again = kpi(shipped_copy, "year", "open", "2019")
    assert again.returncode == 2 and "there is already a plan for 2019" in again.stderr
    assert (shipped_copy / "plan2019.yaml").read_bytes() == before
    assert kpi(shipped_copy, "year", "open", "2017").returncode == 2  # nothing before 2018 to prepare it from
    assert "no plan before 2017" in kpi(shipped_copy, "year", "open", "2017").stderr


def test_the_prepared_file_speaks_the_offices_language(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "year", "open", "2019", lang="vi")
    assert result.returncode == 0
    text = (shipped_copy / "plan2019.yaml").read_text(encoding="utf-8")
    assert "# Kế hoạch năm 2019, lập bằng `kpi year open 2019` từ kế hoạch năm 2018." in text
    assert "2019: null  # điền kế hoạch 2019, hoặc xóa dòng này nếu không có kế hoạch" in text

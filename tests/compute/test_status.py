"""Where we stand: the figures of issue 3 computed from the shipped catalogue."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kpi.compute.asof import reporting_date
from kpi.compute.status import Status, compute_status
from kpi.ledger.load import load_ledger
from tests.support import kpi
from tests.support.status import measure, status_json


@pytest.mark.slow
@pytest.mark.parametrize(
    ("indicator_id", "fraction"),
    [
        ("B.1", "0.3989"),
        ("B.3", "0.5133333333333333"),
        ("B.4", "0.25"),
        ("B.8.2", "0.483"),
        ("C.3", "0.08"),
    ],
)
def test_percent_of_period(shipped_copy: Path, indicator_id: str, fraction: str) -> None:
    payload = status_json(shipped_copy, "--as-of", "2017-12-31")
    assert Decimal(str(measure(payload, indicator_id)["percent_of_period"])) == Decimal(fraction)


def test_period_elapsed_and_pace_at_end_of_2017(shipped_copy: Path) -> None:
    payload = status_json(shipped_copy, "--as-of", "2017-12-31", "--program", "b")
    assert payload["period_elapsed"] == 0.4
    b1 = measure(payload, "B.1")
    assert Decimal(str(b1["pace"])) == Decimal("0.99725")
    assert b1["to_date"] == 3989 and b1["actuals"] == {"2016": 1069.0, "2017": 2920.0}
    assert {row["program"] for row in payload["rows"]} == {"B"}


def test_e1_counts_forty_of_one_hundred_twenty(shipped_copy: Path) -> None:
    e1 = measure(status_json(shipped_copy, "--as-of", "2017-12-31"), "E.1")
    assert (e1["to_date"], e1["target"]) == (40, 120)


def test_c9_is_an_annual_rate(shipped_copy: Path) -> None:
    payload = status_json(shipped_copy, "--as-of", "2017-12-31")
    applications, patents = measure(payload, "C.9", "ip_applications"), measure(payload, "C.9", "patent_applications")
    assert (applications["to_date"], applications["target"]) == (14789, 22000)
    assert applications["year_progress"] == pytest.approx(14789 / 22000)
    assert (patents["to_date"], patents["target"]) == (327, 400)
    assert applications["percent_of_period"] is None


def test_share_of_unknown_population_is_not_computable(shipped_copy: Path) -> None:
    row = next(r for r in status_json(shipped_copy, "--as-of", "2017-12-31")["rows"] if r["id"] == "B.1.1")
    share, firms = row["measures"]
    assert (share["unit"], share["target"], share["status"]) == ("%", 30, "not computable")
    assert share["percent_of_period"] is None
    assert share["reason"].startswith("denominator unknown")
    # The firms trained are a count of their own, judged on the 2018 plan (pending before it starts).
    assert (firms["unit"], firms["to_date"], firms["plan"]) == ("DN", 669, 900)
    assert row["status"] == firms["status"] == "pending"


def test_json_rows_carry_the_documented_fields(shipped_copy: Path) -> None:
    row = status_json(shipped_copy)["rows"][0]
    for field in ("id", "program", "title", "owner", "kind", "deadline", "status", "overdue", "measures"):
        assert field in row
    for field in ("target", "actuals", "plan", "to_date", "percent_of_period"):
        assert field in row["measures"][0]


def test_json_equals_the_core_result(shipped_copy: Path) -> None:
    ledger = load_ledger(shipped_copy)
    core = compute_status(ledger, reporting_date(ledger, date.today(), option=date(2018, 6, 30)))
    assert status_json(shipped_copy, "--as-of", "2018-06-30") == json.loads(core.model_dump_json())


def overdue_ids(data: Path, as_of: str) -> list[str]:
    result = kpi(data, "overdue", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return sorted(item["id"] for item in json.loads(result.stdout)["items"])


def test_overdue_after_the_first_quarter(shipped_copy: Path) -> None:
    assert overdue_ids(shipped_copy, "2018-03-31") == []
    late = overdue_ids(shipped_copy, "2018-06-30")
    assert late == ["A.10.5", "A.12.1", "A.4", "S6.7"]
    assert "B.11.2" not in late  # WHISE is due in Quý III/2018


def test_quarter_two_items_are_late_the_day_after(shipped_copy: Path) -> None:
    assert overdue_ids(shipped_copy, "2018-07-01") == ["A.10.5", "A.12.1", "A.4", "B.10", "C.1", "S6.4", "S6.7"]


def test_milestone_recorded_done_drops_off_overdue(shipped_copy: Path) -> None:
    folder = shipped_copy / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    (folder / "QLKH.yaml").write_text(
        "quarter: 2018-Q1\nowner: QLKH\nrecords:\n  - indicator: A.4\n    done: 2018-03-20\n"
        "    evidence: Quyết định số 123/QĐ-SKHCN\n",
        encoding="utf-8",
    )
    assert "A.4" not in overdue_ids(shipped_copy, "2018-06-30")
    row = next(r for r in compute_status(load_ledger(shipped_copy), date(2018, 6, 30)).rows if r.id == "A.4")
    assert row.status is Status.DONE and row.done_on == date(2018, 3, 20)


def test_recorded_quarters_move_percent_of_period(shipped_copy: Path) -> None:
    folder = shipped_copy / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    (folder / "QLCN.yaml").write_text(
        "quarter: 2018-Q1\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 850\n", encoding="utf-8"
    )
    b1 = measure(status_json(shipped_copy, "--as-of", "2018-03-31"), "B.1")
    assert b1["to_date"] == 4839
    assert b1["plan_actual"] == 850
    assert b1["plan_progress"] == pytest.approx(850 / 3000)


def test_fail_if_any_exits_1_when_something_is_late(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "overdue", "--as-of", "2018-06-30", "--fail-if-any")
    assert result.exit_code == 1
    assert "A.4" in result.stdout


def test_show_spells_out_the_arithmetic(shipped_copy: Path, vietnamese: None) -> None:
    result = kpi(shipped_copy, "show", "b.1", "--as-of", "2017-12-31")
    assert result.exit_code == 0, result.output
    assert "tỷ lệ so với cả giai đoạn: 3.989 / 10.000 = 39,89%" in result.stdout
    assert "tiến độ: 39,89% / 40% = 0,997" in result.stdout
    assert "tỷ lệ đạt: 3.989 (đạt 39,89% nhiệm kỳ)" in result.stdout


def test_show_reports_the_stated_versus_computed_warning(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "show", "A.6", "--as-of", "2017-12-31")
    assert "warning: stated_percent: the source states 11.67% but (5 + 6) / 300 = 3.67%" in result.stdout


def test_show_unknown_id_is_a_usage_error(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "show", "Z.9")
    assert result.exit_code == 2
    assert "no indicator 'Z.9'" in result.output


def test_find_ignores_diacritics(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "find", "dao tao cong cu", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ID,Title,Owner,Kind",
        'B.1,"Đào tạo về công cụ quản trị năng suất, chất lượng và đổi mới sáng tạo",QLCN,indicator',
        "T2.1,(1) Đào tạo về công cụ quản trị năng suất chất lượng và ĐMST cho 3.000 doanh nghiệp;,QLCN,task",
        "T2.8,(8) Đào tạo cộng đồng về ĐMST và khởi nghiệp:,QLCN,task",
    ]
    assert kpi(shipped_copy, "find", "khong co gi nhu the").exit_code == 1
    assert kpi(shipped_copy, "find", "Tuần lễ").exit_code == 0


def test_csv_and_vietnamese_numbers(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "status", "-p", "B", "--as-of", "2017-12-31", "--format", "csv", "--lang", "vi")
    line = next(line for line in result.stdout.splitlines() if line.startswith("B.1,"))
    assert line.endswith(',QLCN,10.000,3.989,"39,89%",chưa báo cáo,3.000,đúng tiến độ')


def test_unknown_program_is_a_usage_error(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "status", "--program", "Q")
    assert result.exit_code == 2
    assert "unknown program 'Q'" in result.output


def test_bad_as_of_is_a_usage_error(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "status", "--as-of", "06/30/2018")
    assert result.exit_code == 2
    assert "'06/30/2018' is not a date: month must be in 1..12" in result.output


def test_as_of_may_be_written_day_first(shipped_copy: Path) -> None:
    day_first = kpi(shipped_copy, "status", "--as-of", "30/06/2018", "-f", "json")
    iso = kpi(shipped_copy, "status", "--as-of", "2018-06-30", "-f", "json")
    assert day_first.exit_code == 0
    assert day_first.stdout == iso.stdout


def test_show_in_english_uses_english_notation(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "show", "B.1", "--as-of", "2017-12-31", "--lang", "en")
    assert "percent of period: 3,989 / 10,000 = 39.89%" in result.stdout
    assert "period elapsed: 40%" in result.stdout and "pace: 39.89% / 40% = 0.997" in result.stdout


def test_lookups_ignore_case_through_the_catalogue_index(shipped_copy: Path) -> None:
    catalogue = load_ledger(shipped_copy).catalogue
    assert catalogue.indicator("d.ii.1") is catalogue.indicator("D.II.1") is not None
    assert catalogue.indicator("Z.9") is None


def test_overdue_in_vietnamese_writes_quarters_as_the_plan_does_and_csv_keeps_english_keys(
    shipped_copy: Path, vietnamese: None
) -> None:
    table = kpi(shipped_copy, "overdue", "--as-of", "2018-07-01", "--wide")
    assert table.stdout.splitlines()[0] == "Quá hạn đến ngày 01/07/2018 (theo --as-of)"
    s67 = next(line for line in table.stdout.splitlines() if " S6.7 " in f" {line} ")
    assert "Quý I/2018" in s67 and s67.endswith("chưa ghi nhận hoàn thành")
    as_csv = kpi(shipped_copy, "overdue", "--as-of", "2018-07-01", "-f", "csv")
    assert as_csv.stdout.splitlines()[0] == "owner,id,title,due,days_late,what"

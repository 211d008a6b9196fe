"""`kpi report`: the appendix layout, markdown and CSV, and how the file gets written.

The spreadsheet and the web page have their own files (test_report_xlsx, test_report_html).
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kpi.compute.status import compute_status, filter_rows
from kpi.ledger.load import load_ledger
from kpi.reports.layout import build_report
from tests.support import kpi, kpi_process, run_on_a_terminal

pytestmark = pytest.mark.usefixtures("vietnamese")  # the reports as shipped: in Vietnamese


def status_rows(folder: Path, as_of: str) -> dict[str, dict[str, object]]:
    result = kpi(folder, "status", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["rows"]}


def appendix(folder: Path, as_of: date, programs: list[str] | None = None):  # type: ignore[no-untyped-def]
    ledger = load_ledger(folder, cache=None)
    return build_report(ledger, filter_rows(compute_status(ledger, as_of), ledger, programs))


# ---------------------------------------------------------------- the layout


def test_lines_follow_the_appendix_program_section_indicator_measure(shipped_copy: Path) -> None:
    report = appendix(shipped_copy, date(2018, 6, 30), ["A"])
    kinds = [(line.kind, line.tt) for line in report.lines[:6]]
    assert kinds == [
        ("program", "A"),
        ("section", "I"),
        ("indicator", "1"),
        ("indicator", "2"),
        ("measure", ""),
        ("measure", ""),
    ]
    a2_measures = [line.measure for line in report.lines if line.indicator == "A.2" and line.kind == "measure"]
    assert a2_measures == ["key_program_funding", "approval_batches"]
    # Children sit one level deeper than their parent.
    levels = {line.indicator: line.level for line in report.lines if line.kind == "indicator"}
    assert levels["A.10"] == 0 and levels["A.10.1"] == 1


def test_every_indicator_of_the_plan_appears_once_in_plan_order(shipped_copy: Path) -> None:
    report = appendix(shipped_copy, date(2018, 6, 30))
    ledger = load_ledger(shipped_copy, cache=None)
    shown = [line.indicator for line in report.lines if line.kind == "indicator"]
    assert shown == [i.id for i in ledger.catalogue.indicators]
    assert report.programs == ["A", "B", "C", "D", "E", "S5", "S6"]


def test_figures_on_a_line_are_the_status_figures(shipped_copy: Path) -> None:
    rows = status_rows(shipped_copy, "2018-06-30")
    report = appendix(shipped_copy, date(2018, 6, 30))
    b1 = next(line for line in report.lines if line.indicator == "B.1")
    measure = rows["B.1"]["measures"][0]  # type: ignore[index]
    assert b1.target == Decimal(10000) == Decimal(str(measure["target"]))
    assert b1.actuals == {2016: Decimal(1069), 2017: Decimal(2920)}
    assert b1.percent_of_period == Decimal("0.3989")
    assert float(b1.percent_of_period) == measure["percent_of_period"]
    # Nothing reported for 2018 yet: judged at 31/12/2017, the last day its figures cover (39,89 % in
    # 40 % of the period: on track), not "at risk" for the quarters the unit has not reported.
    assert b1.status is not None and b1.status.value == rows["B.1"]["status"] == "on track"


def test_counts_by_program_and_owner_add_up_to_the_indicators(shipped_copy: Path) -> None:
    report = appendix(shipped_copy, date(2018, 6, 30))
    indicators = sum(1 for line in report.lines if line.kind == "indicator")
    assert sum(c.total for c in report.by_program) == indicators
    assert sum(c.total for c in report.by_owner) == indicators
    summary = json.loads(kpi(shipped_copy, "status", "--as-of", "2018-06-30", "-f", "json").stdout)["summary"]
    for counts, expected in zip(report.by_program, summary):
        assert {s.value: n for s, n in counts.counts.items()} == expected["counts"]


def test_overdue_list_is_the_overdue_command(shipped_copy: Path) -> None:
    report = appendix(shipped_copy, date(2018, 7, 1))
    listed = json.loads(kpi(shipped_copy, "overdue", "--as-of", "2018-07-01", "-f", "json").stdout)["items"]
    assert [item.id for item in report.overdue] == [item["id"] for item in listed]
    assert "A.4" in [item.id for item in report.overdue]


# ---------------------------------------------------------------- markdown and csv


def test_csv_has_the_appendix_columns_and_vietnamese_numbers(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-p", "B", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "TT",
        "Nội dung",
        "Chỉ tiêu đến 2020",
        "Thực hiện 2016",
        "Thực hiện 2017",
        "Thực hiện 2018 (đến 30/06/2018; theo --as-of)",
        "Tỷ lệ so với cả giai đoạn",
        "Kế hoạch 2018",
        "Tỷ lệ so với kế hoạch 2018",
        "Thời gian thực hiện",
        "Tình trạng",
        "Ghi chú",
    ]
    b1 = next(row for row in rows if row[1].startswith("Đào tạo về công cụ"))
    assert b1[:10] == [
        "1",
        b1[1],
        "10.000 DN",
        "1.069",
        "2.920",
        "chưa báo cáo",
        "39,89%",
        "3.000",
        "",
        "Quý IV/2018",
    ]  # nothing reported for 2018: said so, and no share, not 0 %
    assert b1[10] == "đúng tiến độ"  # judged at 31/12/2017, its figures' last day
    assert rows[1][:2] == ["B", rows[1][1]] and rows[1][1].startswith("CHƯƠNG TRÌNH HỖ TRỢ")


def test_csv_in_english_writes_english_numbers_and_words(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-p", "B", "-f", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][2] == "Target to 2020"
    b1 = next(row for row in rows if row[1].startswith("Đào tạo về công cụ"))
    assert b1[2:5] == ["10,000 DN", "1,069", "2,920"] and b1[6] == "39.89%" and b1[9] == "2018-Q4"
    assert b1[10] == "on track"
    assert rows[1][1].startswith("SME innovation")


def test_recorded_2018_actuals_fill_the_year_and_plan_columns(shipped_copy: Path) -> None:
    for quarter, value in (("2018-Q1", "700"), ("2018-Q2", "800")):
        recorded = kpi(shipped_copy, "record", "B.1", "-q", quarter, "--value", value, "--by", "test", "--no-commit")
        assert recorded.exit_code == 0, recorded.output
    result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-p", "B", "-f", "csv")
    b1 = next(row for row in csv.reader(io.StringIO(result.stdout)) if row[1].startswith("Đào tạo về công cụ"))
    # 1.069 + 2.920 + 1.500 = 5.489 of 10.000; 1.500 of the 3.000 planned for 2018.
    assert b1[5:9] == ["1.500 (tạm tính)", "54,89%", "3.000", "50,00%"]  # 2018-Q1 and Q2 are not approved yet
    measure = status_rows(shipped_copy, "2018-06-30")["B.1"]["measures"][0]  # type: ignore[index]
    assert measure["plan_actual"] == 1500 and measure["percent_of_period"] == pytest.approx(0.5489)


def test_markdown_has_header_table_and_overdue_list(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "report", "--as-of", "2018-07-01", "-f", "md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("| ỦY BAN NHÂN DÂN<br>THÀNH PHỐ HỒ CHÍ MINH<br>**SỞ KHOA HỌC VÀ CÔNG NGHỆ**")
    assert "\n# BÁO CÁO\n\n**Kết quả thực hiện Kế hoạch số 62/KH-SKHCN đến ngày 01/07/2018**\n" in text
    assert "Số liệu tính đến ngày 01/07/2018" in text
    assert "| **B** " in text and "| **I** " in text
    assert any(
        line.startswith("| 1 ") and "Đào tạo về công cụ" in line and "39,89%" in line for line in text.splitlines()
    )
    overdue = text.split("## Các nội dung quá hạn", 1)[1]
    assert "A.4" in overdue and "chưa ghi nhận hoàn thành" in overdue
    # Every table row has the same number of cells: a stray pipe would shift the columns.
    table = [line for line in text.splitlines() if line.startswith("|")]
    # appendix, overdue and reporting tables, and the two-column letterhead and signature block
    assert len({line.replace("\\|", "").count("|") for line in table}) <= 4


def test_a_pipe_in_a_title_does_not_break_the_markdown_table(minimal_data: Path) -> None:
    catalogue = minimal_data / "plan2018.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("title: Đào tạo doanh nghiệp", "title: Đào tạo | doanh nghiệp"),
        encoding="utf-8",
    )
    result = kpi(minimal_data, "report", "--as-of", "2018-06-30", "-f", "md")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Đào tạo \\| doanh nghiệp" in line)
    assert row.replace("\\|", "").count("|") == 13


# ---------------------------------------------------------------- the command


def test_format_follows_the_file_extension(shipped_copy: Path, tmp_path: Path) -> None:
    for name, starts in (("r.csv", b"TT,"), ("r.md", b"| "), ("r.xlsx", b"PK"), ("r.docx", b"PK")):
        result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(starts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "r.txt"], "không đoán được định dạng từ 'r.txt'"),
        (["-f", "md", "-o", "r.csv"], "--format md không khớp"),
        (["-p", "Z", "-f", "csv"], "không có chương trình 'Z'"),
        ([], "hãy chọn định dạng"),
    ],
)
def test_bad_requests_exit_2_with_one_line(
    shipped_copy: Path, tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.glob("r.*")) == []


def test_an_existing_report_is_replaced_only_with_force(shipped_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("annotated by hand\n", encoding="utf-8")
    refused = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-o", str(target))
    assert refused.exit_code == 2 and "đã có; dùng --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "annotated by hand\n"
    replaced = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-o", str(target), "--force")
    assert replaced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("TT,Nội dung")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []  # no temporary left


@pytest.mark.posix
def test_force_never_replaces_a_pipe_or_device_with_a_file(shipped_copy: Path, tmp_path: Path) -> None:
    import stat

    pipe = tmp_path / "report.csv"
    os.mkfifo(pipe)
    result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-o", str(pipe), "--force")
    assert result.exit_code == 2 and "không phải tệp thông thường" in result.stderr  # "not a regular file"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # still the pipe, not a report in its place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "report.csv"]  # no temporary left


def test_bad_data_writes_no_report(minimal_data: Path, tmp_path: Path) -> None:
    catalogue = minimal_data / "plan2018.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("target: 10000", "target: '10.000'"), encoding="utf-8"
    )
    result = kpi(minimal_data, "report", "--as-of", "2018-06-30", "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 2
    assert "plan2018.yaml:" in result.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_piped_run_prints_no_progress_bar(shipped_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    process = kpi_process(shipped_copy, "report", "--as-of", "2018-06-30", "-o", str(target))
    assert process.returncode == 0, process.stderr
    assert process.stdout == ""
    assert process.stderr == (
        "kpi: cảnh báo: chưa có số liệu nào được ghi nhận cho Quý I/2018, Quý II/2018; báo cáo nêu rõ điều này "
        f"và ghi các số liệu đó là chưa báo cáo\nkpi: đã ghi {target} (xlsx, 175 dòng, số liệu đến ngày 30/06/2018)\n"
    )


def test_xlsx_without_a_file_goes_to_a_pipe(shipped_copy: Path, tmp_path: Path) -> None:
    process = kpi_process(shipped_copy, "report", "--as-of", "2018-06-30", "-f", "xlsx", text=False)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith(b"PK")


def test_a_terminal_sees_a_progress_bar_on_stderr(shipped_copy: Path, tmp_path: Path) -> None:
    """stderr on a real pseudo-terminal, stdout piped: the bar goes to the terminal only."""
    code, stdout, shown = run_on_a_terminal(
        "--data", str(shipped_copy), "report", "--as-of", "2018-06-30", "-o", str(tmp_path / "r.xlsx")
    )
    assert code == 0, shown
    assert stdout == b""
    assert "━" in shown  # rich's bar
    assert f"kpi: đã ghi {tmp_path / 'r.xlsx'}" in shown

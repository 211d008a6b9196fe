"""`kpi record` and `kpi log` in the office's language: every word a clerk reads is Vietnamese,
numbers and dates in Vietnamese notation, and what is typed back is read the same way.

The word list is the one of tests/project/test_one_language.py: words an English sentence cannot do
without. Field names of a CSV file are the file's own column headings and stay as they are.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from kpi.files.catalogue import read_actuals
from kpi.ops.csv_entries import COLUMNS
from tests.support import TWO_MEASURES, kpi_process, run_on_a_terminal
from tests.support.english import english_words as english_of

# The plan's own words: measure keys (`firms`, `sessions`) and titles are data, not kpi's sentences.
DATA_WORDS = {"firms", "sessions"}


def english_words(text: str) -> list[str]:
    return english_of(text, DATA_WORDS)


LAN = {
    "GIT_AUTHOR_NAME": "Lan",
    "GIT_COMMITTER_NAME": "Lan",
    "GIT_AUTHOR_EMAIL": "lan@skhcn.example",
    "GIT_COMMITTER_EMAIL": "lan@skhcn.example",
    "GIT_CONFIG_NOSYSTEM": "1",
    "COLUMNS": "120",
}
"""Lan, recording at a terminal 120 columns wide."""


def values(folder: Path, quarter: str) -> list[tuple[str, str | None, Decimal | None]]:
    read = read_actuals(folder / "actuals" / quarter / "QLCN.yaml")
    assert read.actuals is not None, read.findings
    return [(r.indicator, r.measure, r.value) for r in read.actuals.records]


@pytest.fixture
def two_measures(minimal_data: Path) -> Path:
    """B.1 counts firms and sessions; 1.069 firms were recorded for the first quarter."""
    (minimal_data / "plan2018.yaml").write_text(TWO_MEASURES, encoding="utf-8")
    first = kpi_process(
        None,
        "record",
        "B.1",
        "-q",
        "2018-Q1",
        "-m",
        "firms",
        "--value",
        "1069",
        "--by",
        "Lan",
        env={**LAN, "KPI_LANG": "en", "KPI_DATA": str(minimal_data)},
    )
    assert first.returncode == 0, first.stderr
    return minimal_data


# A whole session: a wrong ID and a wrong quarter asked again, the measure by number, Enter for
# the offered previous figure, a note, no source, an answer that is neither yes nor no, then `c`.
TYPED = "X.1\nB.1\n2018-Q9\n2018-Q2\n1\n\nlớp buổi tối\n\nx\nc\n"


def test_a_whole_prompted_session_is_vietnamese(two_measures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", "vi")
    code, stdout, shown = run_on_a_terminal("--data", str(two_measures), "record", "--by", "Lan", typed=TYPED.encode())
    assert code == 0, shown
    assert "Mã chỉ tiêu:" in shown
    assert "danh mục không có chỉ tiêu 'X.1'" in shown
    assert "B.1: Đào tạo doanh nghiệp (QLCN, chỉ tiêu lũy kế)" in shown
    assert "'2018-Q9' không phải là quý" in shown
    assert "1) Doanh nghiệp được đào tạo (DN, chỉ tiêu 10.000)" in shown
    assert "2) Khóa đào tạo (lớp)" in shown
    assert "Số liệu Quý II/2018 (Quý I/2018: 1.069) [1.069]:" in shown  # offered as a Vietnamese reads it
    assert "Ghi chú (không bắt buộc):" in shown
    assert "Ghi nhận B.1 (Doanh nghiệp được đào tạo) Quý II/2018 = 1.069? [C/k]:" in shown
    assert "trả lời c (có) hoặc k (không)" in shown
    path = two_measures / "actuals" / "2018-Q2" / "QLCN.yaml"
    assert stdout.decode() == f"đã ghi nhận: B.1 (Doanh nghiệp được đào tạo) Quý II/2018 = 1.069 vào tệp {path}\n"
    assert values(two_measures, "2018-Q2") == [("B.1", "firms", Decimal(1069))]  # Enter took 1069, not 1.069
    assert english_words(shown + stdout.decode()) == [], shown


def test_the_same_session_in_english_is_english(two_measures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The word list can tell the languages apart; and English numbers are written the English way."""
    monkeypatch.setenv("KPI_LANG", "en")
    code, stdout, shown = run_on_a_terminal(
        "--data", str(two_measures), "record", "--by", "Lan", typed=TYPED.replace("\nc\n", "\ny\n").encode()
    )
    assert code == 0, shown
    assert "Value for 2018-Q2 (2018-Q1: 1,069) [1,069]:" in shown
    assert "Record B.1 (Enterprises trained) 2018-Q2 = 1,069? [Y/n]:" in shown
    assert stdout.decode().startswith("recorded: B.1 (Enterprises trained) 2018-Q2 = 1,069 in ")
    assert values(two_measures, "2018-Q2") == [("B.1", "firms", Decimal(1069))]
    assert english_words(shown + stdout.decode())


@pytest.mark.parametrize("answer", ["có", "C", "co"])
def test_yes_in_vietnamese_is_yes(minimal_data: Path, monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    monkeypatch.setenv("KPI_LANG", "vi")
    code, _, shown = run_on_a_terminal(
        "--data", str(minimal_data), "record", "B.1", "-q", "2018-Q2", typed=f"850\n\n\n{answer}\n".encode()
    )
    assert code == 0, shown
    assert values(minimal_data, "2018-Q2") == [("B.1", "firms", Decimal(850))]


@pytest.mark.parametrize("answer", ["k", "không", "n"])
def test_no_in_vietnamese_writes_nothing_and_says_so(
    minimal_data: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    monkeypatch.setenv("KPI_LANG", "vi")
    code, stdout, shown = run_on_a_terminal(
        "--data", str(minimal_data), "record", "B.1", "-q", "2018-Q2", typed=f"850\n\n\n{answer}\n".encode()
    )
    assert (code, stdout) == (1, b"")
    assert "chưa ghi nhận gì" in shown
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_a_milestone_offers_its_date_the_vietnamese_way(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", "vi")
    code, stdout, shown = run_on_a_terminal(
        "--data",
        str(minimal_data),
        "record",
        "B.8",
        "-q",
        "2018-Q1",
        typed="20/03/2018\nQĐ 123/QĐ-UBND\n\n\nc\n".encode(),
    )
    assert code == 0, shown
    assert "Ngày hoàn thành (ngày/tháng/năm):" in shown
    assert "Căn cứ (ví dụ số quyết định) (không bắt buộc):" in shown
    assert "Ghi nhận B.8 Quý I/2018 = hoàn thành ngày 20/03/2018? [C/k]:" in shown
    assert stdout.decode().startswith("đã ghi nhận: B.8 Quý I/2018 = hoàn thành ngày 20/03/2018 vào tệp ")
    assert english_words(shown + stdout.decode()) == [], shown


def test_a_refusal_is_vietnamese(minimal_data: Path) -> None:
    assert (
        kpi_process(
            None,
            "record",
            "B.1",
            "-q",
            "2018-Q2",
            "--value",
            "1069",
            "--by",
            "Lan",
            env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)},
        ).returncode
        == 0
    )
    before = (minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml").read_bytes()
    refused = kpi_process(
        None,
        "record",
        "B.1",
        "-q",
        "2018-Q2",
        "--value",
        "1100",
        env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)},
    )
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert re.fullmatch(
        r"kpi: lỗi: ID: B\.1 \(Doanh nghiệp được đào tạo\) đã được ghi nhận cho Quý II/2018: 1\.069 \(Lan ghi nhận ngày \d\d/\d\d/\d{4}\) "
        r"trong tệp QLCN\.yaml; chạy lại với --replace để ghi đè \(số liệu cũ được lưu trong lịch sử\)\n",
        refused.stderr,
    )
    assert (minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml").read_bytes() == before
    replaced = kpi_process(
        None,
        "record",
        "B.1",
        "-q",
        "2018-Q2",
        "--value",
        "1100",
        "--replace",
        env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)},
    )
    assert replaced.stdout.startswith(
        "đã thay: B.1 (Doanh nghiệp được đào tạo) Quý II/2018 = 1.100 (trước đây 1.069, lưu trong lịch sử) "
    )
    for args in (
        ["B.1", "-q", "2018-Q2", "--value", "10.000"],
        ["B.1", "-q", "2021-Q1", "--value", "5"],
        ["B.8", "-q", "2018-Q1", "--done", "--date", "2018-04-02"],
        ["B.1", "-q", "2018-Q2"],
        ["B.1", "-q", "2018-Q2", "--value", "5", "--owner", "VP"],
        ["Z.9", "-q", "2018-Q2", "--value", "1"],
    ):
        result = kpi_process(None, "record", *args, env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)})
        assert result.returncode == 2
        assert result.stderr.startswith("kpi: lỗi: ")
        assert english_words(result.stderr) == [], result.stderr


BAD_CSV = """\
indicator,value,quarter,colour
B.1,abc,2018-Q2,
Z.9,5,2018-Q2,
B.1,1.069,,
,12,2018-Q2,
B.1,7,2018-Q2,x,y
"""


def test_a_csv_import_lists_every_error_in_vietnamese(minimal_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "shtt.csv"
    source.write_text(BAD_CSV, encoding="utf-8")
    result = kpi_process(
        None, "record", "--from", str(source), env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)}
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    where = re.compile(
        r"kpi: (?P<file>.+):(?P<line>\d+): lỗi: (?P<field>[^():]+) \(cột (?P<column>[A-Z]+)\): (?P<message>.+)"
    )
    matches = [where.fullmatch(line) for line in lines]
    assert all(matches), lines
    assert [(m["line"], m["field"], m["column"]) for m in matches if m] == [
        ("1", "dòng tiêu đề", "D"),
        ("2", "số liệu", "B"),
        ("3", "chỉ tiêu", "A"),
        ("4", "quý", "C"),
        ("4", "số liệu", "B"),
        ("5", "chỉ tiêu", "A"),
        ("6", "dòng", "E"),
    ]
    messages = [m["message"] for m in matches if m]
    assert messages[0].startswith("không có cột 'colour'; các cột hợp lệ: indicator, ")
    assert messages[1] == "'abc' không phải là số; hãy viết như 850, 39,89 hoặc 10000"
    assert messages[4] == (
        "'1.069' có thể hiểu hai cách: 1069 nếu '.' phân cách hàng nghìn, 1,0690 nếu là dấu thập phân; "
        "hãy viết 1069 hoặc 1,0690"
    )
    # The known columns are named as a CSV file's header writes them.
    assert english_words("\n".join(messages).replace(", ".join(COLUMNS), "")) == [], messages
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_log_speaks_vietnamese_and_its_csv_keeps_english_keys(
    tmp_path: Path, minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    subprocess.run(["git", "init", "-q", str(minimal_data)], check=True)
    empty = kpi_process(None, "log", env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)})
    assert (empty.returncode, empty.stdout) == (0, "Lịch sử git chưa có số liệu nào được ghi nhận.\n")
    assert kpi_process(
        None, "log", "B.1", "-q", "Q2/2018", env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)}
    ).stdout == ("Lịch sử git chưa có số liệu nào được ghi nhận cho B.1, Quý II/2018.\n")
    for value in ("1069", "1100"):
        recorded = kpi_process(
            None,
            "record",
            "B.1",
            "-q",
            "2018-Q2",
            "--value",
            value,
            "--by",
            "Lan",
            "--commit",
            "--replace",
            env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)},
        )
        assert recorded.returncode == 0, recorded.stderr
        assert recorded.stdout.splitlines()[-1].startswith("đã commit ")
    table = kpi_process(None, "log", env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)}).stdout
    assert table.splitlines()[0].split() == [
        "Thời",
        "gian",
        "Người",
        "ghi",
        "nhận",
        "Chỉ",
        "tiêu",
        "Quý",
        "Thay",
        "đổi",
        "Commit",
    ]
    assert re.search(
        r"\d\d/\d\d/\d{4} \d\d:\d\d +Lan +B\.1 \(Doanh nghiệp được đào tạo\) +Quý II/2018 +1\.069 → 1\.100 ", table
    ), table
    assert english_words(table) == [], table
    rows = kpi_process(
        None, "log", "-f", "csv", env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)}
    ).stdout.splitlines()
    assert rows[0] == "When,Who,Indicator,Quarter,Change,Commit"
    assert rows[1].split(",")[1:5] == ["Lan", "B.1 firms", "2018-Q2", "1069 → 1100"]
    message = subprocess.run(
        ["git", "-C", str(minimal_data), "log", "-1", "--format=%B"], check=True, capture_output=True, text=True
    ).stdout
    # The subject in the run's language; the trailers below it are the machine format kpi reads.
    assert message.startswith(
        "Thay số liệu B.1 (Doanh nghiệp được đào tạo) Quý II/2018: 1.069 → 1.100\n\nIndicator: B.1\nMeasure: firms\n"
    )


@pytest.mark.parametrize("args", [["record", "--help"], ["log", "--help"]], ids=" ".join)
def test_help_is_vietnamese(minimal_data: Path, args: list[str]) -> None:
    result = kpi_process(None, *args, env={**LAN, "KPI_LANG": "vi", "KPI_DATA": str(minimal_data)})
    assert result.returncode == 0
    assert english_words(result.stdout) == [], result.stdout
    assert english_words(kpi_process(None, *args, env={**LAN, "KPI_LANG": "en", "KPI_DATA": str(minimal_data)}).stdout)

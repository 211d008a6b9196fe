"""`kpi show` and `kpi find` as a newcomer meets them: tasks reachable, near misses named, every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support import kpi_process


def test_show_a_task_gives_its_text_owner_and_the_status_of_each_indicator_measuring_it(shipped_copy: Path) -> None:
    result = kpi_process(None, "show", "t2.8", "--as-of", "2018-06-30", cwd=shipped_copy.parent)
    assert result.returncode == 0, result.stderr
    heading, *lines = result.stdout.splitlines()
    assert heading == "As of 2018-06-30 (--as-of)"  # the reporting date and where it came from, first
    assert lines[0].startswith("T2.8  ") and "section 2" in lines[0]
    assert "owner QLCN" in lines[1] and "program B" in lines[1]
    assert "    (8) Đào tạo cộng đồng về ĐMST và khởi nghiệp:" in lines
    assert "    - Xây dựng 30 giáo trình online về đào tạo ĐMST và khởi nghiệp." in lines
    measured = lines[lines.index("  measured by:") + 1 :]
    assert len(measured) == 1 and measured[0].startswith("    B.9  Đào tạo cộng đồng về ĐMST và khởi nghiệp: ")


def test_a_task_with_a_deadline_and_one_with_several_indicators(shipped_copy: Path) -> None:
    due = kpi_process(None, "show", "T2.9", "--as-of", "2018-07-01", cwd=shipped_copy.parent)
    assert due.returncode == 0, due.stderr
    assert "  deadline 2018-Q2" in due.stdout.splitlines()
    assert "    B.10  " in due.stdout and ": overdue, 1 day late" in due.stdout
    result = kpi_process(None, "show", "T2.7", "--format", "json", cwd=shipped_copy.parent)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["task"]["id"], shown["task"]["deadline"], shown["owners"]) == ("T2.7", None, ["QLCN"])
    assert [row["id"] for row in shown["measured_by"]] == ["B.8", "B.8.2", "B.8.3", "B.7"]
    assert all(row["status"] for row in shown["measured_by"])


def test_every_task_of_the_plan_can_be_shown(shipped_copy: Path) -> None:
    result = kpi_process(None, "find", "", "--format", "json", cwd=shipped_copy.parent)
    tasks = [hit["id"] for hit in json.loads(result.stdout) if hit["kind"] == "task"]
    assert len(tasks) == 70
    from datetime import date

    from kpi.compute.detail import lookup
    from kpi.ledger.load import load_ledger

    ledger = load_ledger(shipped_copy)
    for task_id in tasks:
        assert lookup(ledger, task_id, date(2018, 6, 30)).fields()[0] == ("id", task_id)


def test_find_lists_tasks_and_says_which_rows_are_tasks(shipped_copy: Path) -> None:
    result = kpi_process(None, "find", "giao trinh online", "--format", "csv", cwd=shipped_copy.parent)
    assert result.returncode == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["ID", "Title", "Owner", "Kind"]
    assert ["T2.8", "(8) Đào tạo cộng đồng về ĐMST và khởi nghiệp:", "QLCN", "task"] in rows


def test_an_unknown_id_names_the_nearest_ones_and_exits_2(shipped_copy: Path) -> None:
    result = kpi_process(None, "show", "b.11.9", cwd=shipped_copy.parent)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "kpi: error: no indicator 'b.11.9'; did you mean B.11.1, B.11.2, B.11.3?\n"
    task = kpi_process(None, "show", "T2.17", cwd=shipped_copy.parent)
    assert task.returncode == 2
    assert task.stderr.startswith("kpi: error: no task 'T2.17'; did you mean T2.1")
    nothing = kpi_process(None, "show", "zzzz", cwd=shipped_copy.parent)
    assert nothing.returncode == 2
    assert nothing.stderr == "kpi: error: no indicator 'zzzz'; `kpi find WORDS` searches the titles\n"


def test_find_with_no_match_says_so_and_exits_1(shipped_copy: Path) -> None:
    result = kpi_process(None, "find", "khong co gi nhu the", cwd=shipped_copy.parent)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "kpi: nothing matches 'khong co gi nhu the'\n"
    as_json = kpi_process(None, "find", "khong co gi nhu the", "--format", "json", cwd=shipped_copy.parent)
    assert (as_json.returncode, json.loads(as_json.stdout)) == (1, [])


def test_show_honours_every_format(shipped_copy: Path) -> None:
    def show(fmt: str) -> str:  # in Vietnamese: field names stay fixed keys, values follow the language
        result = kpi_process(
            None, "show", "B.1", "--as-of", "2017-12-31", "--format", fmt, "--lang", "vi", cwd=shipped_copy.parent
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    rows = dict(csv.reader(io.StringIO(show("csv"))))
    assert rows["field"] == "value"
    assert (rows["id"], rows["owner"], rows["kind"], rows["status"]) == ("B.1", "QLCN", "cumulative", "on track")
    assert rows["firms.percent_of_period"] == "3.989 / 10.000 = 39,89%"
    assert dict(csv.reader(io.StringIO(show("tsv")), delimiter="\t")) == rows
    markdown = show("markdown").splitlines()
    assert markdown[0].split("|")[1].strip() == "Trường" and markdown[1].startswith("|--")
    assert any(line.split("|")[1].strip() == "firms.percent_of_period" for line in markdown)
    assert "firms.percent_of_period" in show("plain")
    assert json.loads(show("json"))["indicator"]["id"] == "B.1"
    assert show("table").splitlines()[1].startswith("B.1  Đào tạo về công cụ")

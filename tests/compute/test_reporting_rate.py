"""`kpi reporting`: per unit, what a quarter expects, what came in on time or late, what is missing.

The catalogue and the files are small and written here; every count is worked out by hand. The
quarter is 2018-Q2, due 10 days after it ends: 2018-07-10.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kpi.compute.history_days import days_from_history
from kpi.compute.reporting import Arrival, reporting
from kpi.errors import UsageError
from kpi.ledger.load import load_ledger
from kpi.model.quarters import Quarter
from tests.support import kpi_process
from tests.support.ledger import indicator, make_ledger, measure
from tests.support.reporting import CATALOGUE, SHTT_Q2, two_quarters


@pytest.fixture
def data(make) -> Path:  # type: ignore[no-untyped-def]
    """A small catalogue, 2018-Q1 and Q2 recorded."""
    return two_quarters(make)


def test_each_unit_is_counted_on_what_the_quarter_expects_of_it(data: Path) -> None:
    report = reporting(load_ledger(data), Quarter(2018, 2))
    assert (report.quarter, str(report.due)) == ("2018-Q2", "2018-07-10")
    qlcn, shtt = report.owners
    # QLCN: B.1, B.2 and B.4 expected; B.1 (07-05) and B.4 (07-10, the due day itself) on time, B.2 (07-11) late.
    assert (qlcn.owner, qlcn.expected, qlcn.recorded, qlcn.on_time, qlcn.late, qlcn.missing) == ("QLCN", 3, 3, 2, 1, 0)
    assert (qlcn.rate, qlcn.on_time_rate) == (1, Decimal(2) / 3)
    assert [(i.indicator, i.arrival) for i in qlcn.items] == [
        ("B.1", Arrival.ON_TIME),
        ("B.2", Arrival.LATE),
        ("B.4", Arrival.ON_TIME),
    ]
    # SHTT: B.7 missing, B.9 written by hand without recorded_at: recorded, but when is not known.
    assert (shtt.expected, shtt.recorded, shtt.on_time, shtt.undated, shtt.missing) == (2, 1, 0, 1, 1)
    assert (shtt.rate, shtt.on_time_rate) == (Decimal("0.5"), 0)


def test_the_due_day_comes_from_settings(data: Path) -> None:
    (data / "settings.yaml").write_text("reporting:\n  due_days: 0\n", encoding="utf-8")
    qlcn = reporting(load_ledger(data), Quarter(2018, 2)).owners[0]
    # Due on 2018-06-30 itself: all three were recorded after it.
    assert (qlcn.on_time, qlcn.late) == (0, 3)


def test_one_unit_and_an_unknown_unit(data: Path) -> None:
    report = reporting(load_ledger(data), Quarter(2018, 2), ["shtt"])
    assert [o.owner for o in report.owners] == ["SHTT"]
    with pytest.raises(UsageError, match="unknown owner 'XYZ'; known: "):
        reporting(load_ledger(data), Quarter(2018, 2), ["XYZ"])


def test_the_command_lists_rates_and_what_is_missing(data: Path) -> None:
    result = kpi_process(data, "reporting", "-q", "2018-Q2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Reporting for 2018-Q2 (due 2018-07-10)"
    assert any(line.split()[:2] == ["QLCN", "Quản"] or line.startswith("QLCN") for line in lines)
    assert "66.67%" in result.stdout and "50.00%" in result.stdout
    missing = lines[lines.index("Missing") :]
    assert any(line.startswith("SHTT") and "B.7" in line for line in missing)
    payload = json.loads(kpi_process(data, "reporting", "-q", "2018-Q2", "-f", "json").stdout)
    assert [(o["owner"], o["rate"], o["missing"]) for o in payload["owners"]] == [("QLCN", 1.0, 0), ("SHTT", 0.5, 1)]


def test_in_vietnamese_the_quarter_and_the_day_are_written_as_the_plan_writes_them(data: Path) -> None:
    result = kpi_process(None, "--lang", "vi", "--data", str(data), "reporting", "-q", "2018-Q2", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Tình hình báo cáo Quý II/2018 (hạn 10/07/2018)"
    assert "66,67%" in result.stdout


def test_the_year_grid_shows_each_unit_quarter_by_quarter(data: Path) -> None:
    result = kpi_process(data, "reporting", "--year", "2018")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[3:]}
    # QLCN: Q1 expects B.1, B.2 and B.5 (due Q1), none recorded for Q1 (B.8's done record is not expected);
    # Q2 3 of 3. The reporting date follows the data (2018-06-30): Q3 and Q4 have not begun, and say so
    # rather than 0 of what they will expect.
    assert rows["QLCN"] == ["0/3", "0.00%", "3/3", "100.00%", "not", "begun", "not", "begun"]
    assert rows["SHTT"] == ["0/2", "0.00%", "1/2", "50.00%", "not", "begun", "not", "begun"]
    # Pinned to the year's end, every quarter counts: Q3 expects B.1 and B.2; Q4 B.1, B.2 and B.6 (no
    # deadline: due at the end of the plan year).
    (data / "settings.yaml").write_text("reporting_date: 2018-12-31\n", encoding="utf-8")
    result = kpi_process(data, "reporting", "--year", "2018")
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[3:]}
    assert rows["QLCN"] == ["0/3", "0.00%", "3/3", "100.00%", "0/2", "0.00%", "0/3", "0.00%"]
    both = kpi_process(data, "reporting", "--year", "2018", "-q", "2018-Q2")
    assert both.returncode == 2 and "--quarter or --year" in both.stderr


def test_status_ends_with_a_line_per_unit_on_the_quarters_reporting(data: Path) -> None:
    result = kpi_process(data, "status", "--as-of", "2018-06-30")
    assert result.returncode == 0, result.stderr
    tail = result.stdout.splitlines()[-3:]
    assert tail == ["Reporting for 2018-Q2:", "  QLCN 3/3 (100.00%, 2 on time)", "  SHTT 1/2 (50.00%, 0 on time)"]
    narrowed = kpi_process(data, "status", "--as-of", "2018-06-30", "-p", "B")
    assert "Reporting for" not in narrowed.stdout  # a view of some programs says nothing of whole units


def _commit(folder: Path, message: str, day: str) -> None:
    stamp = f"{day}T16:00:00+07:00"
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Văn thư",
        "GIT_AUTHOR_EMAIL": "vt@skhcn.example",
        "GIT_COMMITTER_NAME": "Văn thư",
        "GIT_COMMITTER_EMAIL": "vt@skhcn.example",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    for args in (["add", "--all"], ["commit", "--quiet", "--message", message]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, env=environment, capture_output=True)


def test_a_figure_written_by_hand_is_dated_by_the_commit_that_brought_it(data: Path) -> None:
    subprocess.run(["git", "init", "--quiet", str(data)], check=True)
    _commit(data, "Catalogue and the first figures", "2018-07-09")  # B.9 came in a day before the due day
    shtt = data / "actuals" / "2018-Q2" / "SHTT.yaml"
    # B.7 added by hand after the due day; then B.9 corrected: it still came in on 2018-07-09.
    shtt.write_text(
        SHTT_Q2.replace("value: 4", "value: 5") + "  - indicator: B.7\n    measure: n\n    value: 1\n", encoding="utf-8"
    )
    _commit(data, "SHTT: B.7, and B.9 corrected", "2018-07-20")
    history = days_from_history(data, load_ledger(data), Quarter(2018, 2))
    assert history == {("B.9", "n"): date(2018, 7, 9), ("B.7", "n"): date(2018, 7, 20)}
    shtt_row = reporting(load_ledger(data), Quarter(2018, 2), ["SHTT"], history).owners[0]
    assert [(i.indicator, i.arrival, str(i.recorded_on), i.dated_by) for i in shtt_row.items] == [
        ("B.7", Arrival.LATE, "2018-07-20", "git"),
        ("B.9", Arrival.ON_TIME, "2018-07-09", "git"),
    ]
    assert (shtt_row.on_time, shtt_row.late, shtt_row.undated, shtt_row.missing) == (1, 1, 0, 0)
    # A record kpi stamped keeps its own day; a change not yet committed stays undated.
    payload = json.loads(kpi_process(data, "reporting", "-q", "2018-Q2", "-f", "json").stdout)
    assert [(i["indicator"], i["dated_by"]) for i in payload["owners"][0]["items"]] == [
        ("B.1", "record"),
        ("B.2", "record"),
        ("B.4", "record"),
    ]
    assert payload["owners"][1]["on_time"] == 1 and payload["owners"][1]["late"] == 1
    shtt.write_text(
        shtt.read_text(encoding="utf-8").replace("  - indicator: B.7", "  - indicator: B.7 "), encoding="utf-8"
    )
    assert days_from_history(data, load_ledger(data), Quarter(2018, 2)) == {("B.9", "n"): date(2018, 7, 9)}


def test_a_figure_sent_before_it_was_recorded_is_judged_on_the_day_it_was_sent(data: Path) -> None:
    # B.7 came by e-mail on 2018-07-08 and is typed in today: on time, and the record says both days.
    sent = kpi_process(data, "record", "B.7", "-q", "2018-Q2", "--value", "3", "--received", "08/07/2018", "-u", "SHTT")
    assert sent.returncode == 0, sent.stderr
    text = (data / "actuals" / "2018-Q2" / "SHTT.yaml").read_text(encoding="utf-8")
    assert "    received_on: 2018-07-08\n" in text and "    recorded_at: " in text
    shtt = reporting(load_ledger(data), Quarter(2018, 2), ["SHTT"]).owners[0]
    first = shtt.items[0]
    assert (first.indicator, first.arrival, str(first.recorded_on)) == (
        "B.7",
        Arrival.ON_TIME,
        "2018-07-08",
    )
    # A correction typed in later leaves the day it came in; B.1 was recorded on 07-05, corrected today.
    corrected = kpi_process(data, "record", "B.1", "-q", "2018-Q2", "--value", "21", "--replace")
    assert corrected.returncode == 0, corrected.stderr
    qlcn = reporting(load_ledger(data), Quarter(2018, 2), ["QLCN"]).owners[0]
    first = qlcn.items[0]
    assert (first.indicator, first.arrival, str(first.recorded_on)) == (
        "B.1",
        Arrival.ON_TIME,
        "2018-07-05",
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            ("B.7", "-q", "2018-Q2", "--value", "3", "--received", "2999-01-01"),
            "--received: 2999-01-01 is in the future",
        ),
        (
            ("B.7", "-q", "2018-Q2", "--value", "3", "--received", "2018-03-31"),
            "--received: 2018-03-31 is before 2018-Q2 began (2018-04-01)",
        ),
        (
            ("B.4", "-q", "2018-Q2", "--done", "--date", "2018-06-15", "--received", "2018-06-01", "--replace"),
            "--received: 2018-06-01 is before the milestone was done (2018-06-15)",
        ),
        (("B.7", "-q", "2018-Q2", "--value", "3", "--received", "sometime"), "--received: "),
    ],
)
def test_a_day_sent_that_cannot_be_is_refused(data: Path, args: tuple[str, ...], reason: str) -> None:
    before = sorted(p.read_bytes() for p in (data / "actuals").rglob("*.yaml"))
    result = kpi_process(data, "record", *args)
    assert result.returncode == 2
    assert reason in result.stderr, result.stderr
    assert sorted(p.read_bytes() for p in (data / "actuals").rglob("*.yaml")) == before


def test_the_html_report_shows_the_years_reporting_grid(data: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = kpi_process(None, "--lang", "vi", "--data", str(data), "report", "-o", str(page), cwd=data.parent)
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "Tình hình báo cáo của các đơn vị năm 2018: số đã ghi nhận trên số phải báo cáo" in html
    cells = {
        owner: re.findall(r'<td class="num rep-([a-z-]+)" data-label="[^"]*">([^<]*)</td>', row)
        for owner, row in re.findall(r'<tr data-owner="(\w+)">(.*?)</tr>', html, flags=re.DOTALL)
    }
    # The same cells as `kpi reporting --year 2018` (worked out above), in Vietnamese notation.
    assert cells == {
        "QLCN": [
            ("none", "0/3 0,00%"),
            ("complete", "3/3 100,00%"),
            ("not-begun", "chưa bắt đầu"),
            ("not-begun", "chưa bắt đầu"),
        ],
        "SHTT": [
            ("none", "0/2 0,00%"),
            ("partial", "1/2 50,00%"),
            ("not-begun", "chưa bắt đầu"),
            ("not-begun", "chưa bắt đầu"),
        ],
    }


def test_a_day_sent_given_for_a_figure_already_recorded_is_a_change_not_ignored(data: Path) -> None:
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    # B.2 (3) was recorded on 2018-07-11, a day late; the unit's e-mail of 2018-07-09 turns up.
    refused = kpi_process(data, "record", "B.2", "-q", "2018-Q2", "--value", "3", "--received", "2018-07-09")
    assert refused.returncode == 2 and "already recorded" in refused.stderr, refused.stderr
    assert "received_on" not in path.read_text(encoding="utf-8")
    fixed = kpi_process(data, "record", "B.2", "-q", "2018-Q2", "--value", "3", "--received", "2018-07-09", "--replace")
    assert fixed.returncode == 0, fixed.stderr
    assert "    received_on: 2018-07-09\n" in path.read_text(encoding="utf-8")
    qlcn = reporting(load_ledger(data), Quarter(2018, 2), ["QLCN"]).owners[0]
    assert (qlcn.on_time, qlcn.late) == (3, 0)
    # Giving the same day again changes nothing.
    again = kpi_process(data, "record", "B.2", "-q", "2018-Q2", "--value", "3", "--received", "2018-07-09")
    assert again.returncode == 0 and "unchanged" in again.stdout


def test_a_quarter_record_would_refuse_is_refused_by_form_reporting_and_remind_too(data: Path, tmp_path: Path) -> None:
    for args in (
        ("form", "-u", "QLCN", "-q", "2030-Q1", "-o", str(tmp_path / "f.xlsx")),
        ("reporting", "-q", "2030-Q1"),
        ("remind", "-q", "2030-Q1", "-o", str(tmp_path / "drafts")),
        ("reporting", "--year", "2030"),
    ):
        result = kpi_process(data, *args)
        assert result.returncode == 2, (args, result.stdout)
        assert "2030-Q1 lies outside the plan period 2016-2020" in result.stderr
    assert not (tmp_path / "f.xlsx").exists() and not (tmp_path / "drafts").exists()
    recorded = kpi_process(data, "record", "B.1", "-q", "2030-Q1", "--value", "1")
    assert recorded.returncode == 2 and "2030-Q1 lies outside the plan period 2016-2020" in recorded.stderr


def test_before_anything_is_recorded_the_quarter_asked_about_is_the_plan_years_first(tmp_path: Path) -> None:
    # Nothing recorded: the reporting date is the end of 2017, whose figures the plan itself states.
    # The office's first `kpi reporting` (or remind, or form) is about 2018-Q1, not 2017-Q4.
    ledger = make_ledger(tmp_path / "stated", indicator("B.1", "cumulative", measure(target=100, actual_2017=40)))
    result = kpi_process(ledger.folder, "reporting", cwd=ledger.folder.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Reporting for 2018-Q1 (due 2018-04-10)"
    # Without any stated actual the date is today, past the 2016-2020 period: its last quarter.
    ledger = make_ledger(tmp_path / "bare", *CATALOGUE)
    result = kpi_process(ledger.folder, "reporting", cwd=ledger.folder.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Reporting for 2020-Q4 (due 2021-01-10)"


def test_units_are_named_in_the_runs_language(data: Path) -> None:
    def table(lang: str) -> str:
        args = ("--lang", lang, "--data", str(data), "reporting", "-q", "2018-Q2", "-f", "csv")
        return kpi_process(None, *args, cwd=data.parent).stdout

    english, vietnamese = table("en"), table("vi")
    assert "Technology Office" in english and "Phòng Quản lý Công nghệ" not in english
    assert "Phòng Quản lý Công nghệ" in vietnamese and "Technology Office" not in vietnamese
    payload = json.loads(kpi_process(data, "reporting", "-q", "2018-Q2", "-f", "json").stdout)
    assert (payload["owners"][0]["name"], payload["owners"][0]["name_en"]) == (
        "Phòng Quản lý Công nghệ",
        "Technology Office",
    )


def test_the_reporting_cycle_starts_with_the_plan(tmp_path: Path) -> None:
    """A quarter before the first plan's year (2017-Q4, before the 2018 plan existed) expects nothing
    of the units: the plan itself states that year's actuals. Status does not ask for it either."""
    ledger = make_ledger(tmp_path / "stated", indicator("B.1", "cumulative", measure(target=100, actual_2017=40)))
    before = reporting(load_ledger(ledger.folder), Quarter(2017, 4))
    assert before.before_plan and before.owners == []
    assert not reporting(load_ledger(ledger.folder), Quarter(2018, 1)).before_plan

    said = (
        "Nothing is expected of the units in 2017: the reporting cycle starts with the first plan (2018), "
        "which states the actuals of the years before it.\n"
    )
    for args in (("reporting", "-q", "2017-Q4"), ("reporting", "--year", "2017")):
        result = kpi_process(ledger.folder, *args)
        assert (result.returncode, result.stdout) == (0, said), result.stderr
    status = kpi_process(ledger.folder, "status")  # as of 2017-12-31, the end of the plan's stated actuals
    assert status.returncode == 0, status.stderr
    assert "Status as of 2017-12-31" in status.stdout and "Reporting for" not in status.stdout
    as_json = json.loads(kpi_process(ledger.folder, "reporting", "-q", "2017-Q4", "-f", "json").stdout)
    assert (as_json["before_plan"], as_json["owners"]) == (True, [])

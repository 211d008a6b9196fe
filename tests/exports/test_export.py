"""`kpi export`: the ledger as a Frictionless Data Package and a SQLite database, for other tools.

The shipped data with one recorded quarter (a count, two exact decimals, a milestone done) and its
approval are exported once per module; the tests read the files as another tool would.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO, SHIPPED_DATA, kpi_process

AS_OF = "2018-06-30"
STATUS_NUMBERS = (
    "target",
    "to_date",
    "percent_of_period",
    "period_elapsed",
    "pace",
    "year_progress",
    "trend",
    "trend_required",
    "trend_ratio",
    "plan",
    "plan_actual",
    "plan_progress",
    "needed_per_quarter",
)


def guide_query() -> str:
    """The example query of the user guide itself (docs/guide.md), so the two cannot drift."""
    text = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    [query] = re.findall(r"```sql\n(.*?)```", text, flags=re.DOTALL)
    return query


def ok(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = kpi_process(data, *args, env={"KPI_LANG": "en"})
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data with 2018-Q1 recorded and approved."""
    data = tmp_path_factory.mktemp("export") / "data"
    shutil.copytree(SHIPPED_DATA, data)
    ok(data, "record", "B.1", "-q", "2018-Q1", "--value", "700", "--by", "Lan", "--note", "đợt 1", "--no-commit")
    ok(data, "record", "A.1", "-q", "2018-Q1", "--value", "0.1%", "--no-commit")  # a tenth of a percent
    ok(data, "record", "S5.9", "-q", "2018-Q1", "--value", "1234567.891", "--no-commit")
    ok(data, "record", "A.4", "-q", "2018-Q1", "--done", "--date", "2018-03-20", "--evidence", "QĐ 123/QĐ-UBND")
    ok(data, "approve", "2018-Q1", "--by", "Trưởng phòng", "--with-missing")
    return data


@pytest.fixture(scope="module")
def exported(ledger: Path) -> Path:
    folder = ledger.parent / "out"
    result = ok(ledger, "export", "--as-of", AS_OF, "-o", str(folder))
    assert result.stdout.splitlines()[-1] == f"wrote {folder / 'datapackage.json'}"
    return folder


@pytest.fixture
def database(exported: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{exported / 'kpi.sqlite'}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def status_json(data: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(ok(data, "status", "--as-of", AS_OF, "--format", "json").stdout)
    return result


def csv_rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_data_package_passes_frictionless_validate(exported: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "--json", "datapackage.json"],
        cwd=exported,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], json.dumps(report["tasks"], indent=1)[:3000]
    names = [task["name"] for task in report["tasks"]]
    assert names[:2] == ["reporting_date", "plan_documents"] and {"records", "status", "approvals"} <= set(names)
    assert all(task["stats"]["rows"] > 0 for task in report["tasks"]), "every table holds rows of the shipped data"


def test_the_package_declares_keys_and_exact_numbers(exported: Path) -> None:
    from frictionless import Package

    package = Package(exported / "datapackage.json")
    records = package.get_resource("records")
    assert records.schema.primary_key == ["file", "position"]
    assert records.schema.foreign_keys == [
        {
            "fields": ["plan_year", "indicator"],
            "reference": {"resource": "catalogue", "fields": ["plan_year", "indicator"]},
        }
    ]
    values = {row["indicator"]: row["value"] for row in records.read_rows()}
    assert values == {"B.1": Decimal("700"), "A.1": Decimal("0.1"), "S5.9": Decimal("1234567.891"), "A.4": None}
    assert package.get_resource("status_measures").schema.primary_key == ["as_of", "indicator", "measure"]


def test_the_status_table_gives_the_percentages_of_kpi_status_json_for_every_row(
    ledger: Path, exported: Path, database: sqlite3.Connection
) -> None:
    expected = status_json(ledger)
    cursor = database.execute("SELECT * FROM measure_progress")
    in_view = {column[0] for column in cursor.description}
    view = {(r["indicator"], r["measure"]): r for r in cursor}
    indicators = {r["indicator"]: r for r in database.execute("SELECT * FROM status")}
    in_csv = {(r["indicator"], r["measure"]): r for r in csv_rows(exported, "status_measures")}
    assert len(indicators) == len(expected["rows"]) == 96
    compared = 0
    for row in expected["rows"]:
        stored = indicators[row["id"]]
        assert (stored["status"], bool(stored["overdue"]), stored["days_late"], stored["due"]) == (
            row["status"],
            row["overdue"],
            row["days_late"],
            row["due"],
        )
        for measure in row["measures"]:
            key = (row["id"], measure["key"])
            assert view[key]["status"] == measure["status"] and view[key]["indicator_status"] == row["status"]
            for name in STATUS_NUMBERS:
                if name in in_view:
                    assert same_number(view[key][name], measure[name]), (key, name, view[key][name], measure[name])
                assert same_number(in_csv[key][name] or None, measure[name]), (key, name)
                compared += 1
    assert len(view) == sum(len(row["measures"]) for row in expected["rows"]) == 88
    assert compared == 88 * len(STATUS_NUMBERS)
    b1 = view[("B.1", "firms")]
    assert (b1["percent_of_period"], b1["plan_actual"], b1["plan_progress"]) == (
        "0.4689",
        "700",
        "0.2333333333333333333333333333",
    )


def same_number(stored: str | int | None, shown: float | int | None) -> bool:
    """The exact decimal kept in the export, and the number `kpi status --format json` printed for it."""
    if stored is None or shown is None:
        return stored is None and shown is None
    assert isinstance(stored, str), "figures are decimal text"
    return float(Decimal(stored)) == shown


def test_figures_are_stored_as_their_exact_text_never_as_floats(database: sqlite3.Connection) -> None:
    rows = database.execute(
        "SELECT indicator, value, typeof(value) AS type FROM records WHERE value IS NOT NULL ORDER BY indicator"
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("A.1", "0.1", "text"),
        ("B.1", "700", "text"),
        ("S5.9", "1234567.891", "text"),
    ]
    for table, column in (("status_measures", "percent_of_period"), ("measures", "target"), ("plans", "planned")):
        kinds = {kind for (kind,) in database.execute(f"SELECT DISTINCT typeof({column}) FROM {table}")}
        assert kinds <= {"text", "null"}, (table, column, kinds)


def test_a_figure_not_reported_is_null_not_zero(exported: Path, database: sqlite3.Connection) -> None:
    # B.3 has a 2018 plan of 120 projects and nothing recorded for 2018.
    rows = database.execute("SELECT plan, plan_actual FROM status_measures WHERE indicator = 'B.3'").fetchall()
    assert [tuple(row) for row in rows] == [("120", None)]
    done = database.execute("SELECT measure, value, done, evidence FROM records WHERE indicator = 'A.4'").fetchone()
    assert tuple(done) == (None, None, "2018-03-20", "QĐ 123/QĐ-UBND")
    b3 = next(row for row in csv_rows(exported, "status_measures") if row["indicator"] == "B.3")
    assert (b3["plan"], b3["plan_actual"]) == ("120", "")


def test_records_approvals_and_plans_come_with_what_the_files_say(database: sqlite3.Connection) -> None:
    b1 = database.execute("SELECT * FROM records WHERE indicator = 'B.1'").fetchone()
    assert (b1["file"], b1["quarter"], b1["owner"], b1["measure"], b1["recorded_by"], b1["note"]) == (
        "2018-Q1/QLCN.yaml",
        "2018-Q1",
        "QLCN",
        "firms",
        "Lan",
        "đợt 1",
    )
    assert b1["recorded_at"][:4].isdigit() and b1["replaced"] == 0
    event = database.execute("SELECT * FROM approvals").fetchone()
    assert (event["event"], event["action"], event["quarter"], event["owner"], event["person"]) == (
        1,
        "approve",
        "2018-Q1",
        None,
        "Trưởng phòng",
    )
    files = [row["file"] for row in database.execute("SELECT file FROM approval_files WHERE event = 1")]
    assert files == ["2018-Q1/QLCN.yaml", "2018-Q1/QLKH.yaml", "2018-Q1/VP.yaml"]
    b1_plans = database.execute("SELECT year, planned FROM plans WHERE indicator = 'B.1'").fetchall()
    assert [tuple(row) for row in b1_plans] == [(2018, "3000")]
    b1_target = database.execute("SELECT revision, target FROM targets WHERE indicator = 'B.1'").fetchall()
    assert [tuple(row) for row in b1_target] == [(0, "10000")]
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_database_holds_the_same_tables_as_the_package(exported: Path, database: sqlite3.Connection) -> None:
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        columns = [row["name"] for row in database.execute(f"PRAGMA table_info({resource['name']})")]
        assert columns == [field["name"] for field in resource["schema"]["fields"]]
        (count,) = database.execute(f"SELECT COUNT(*) FROM {resource['name']}").fetchone()
        assert count == len(csv_rows(exported, resource["name"]))
    assert descriptor["kpi"]["as_of"] == AS_OF


def test_the_guide_query_runs(ledger: Path, database: sqlite3.Connection) -> None:
    rows = [tuple(row) for row in database.execute(guide_query())]
    assert len(rows) == 5
    assert rows[0][:3] == ("A", "A.9", "managers") and rows[0][4] == 175.0  # 105 managers trained of 60
    shown = [row[4] for row in rows]
    assert shown == sorted(shown, reverse=True)


def test_an_earlier_export_is_replaced_only_with_force(ledger: Path, exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "again"
    shutil.copytree(exported, folder)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    refused = kpi_process(ledger, "export", "--as-of", "2018-03-31", "-o", str(folder), env={"KPI_LANG": "en"})
    assert refused.returncode == 2
    assert f"{folder / 'kpi.sqlite'} exists; pass --force to replace it" in refused.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    replaced = ok(ledger, "export", "--as-of", "2018-03-31", "-o", str(folder), "--force")
    assert replaced.stdout.count("wrote ") == len(before)
    assert json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["kpi"]["as_of"] == "2018-03-31"
    assert sorted(path.name for path in folder.iterdir()) == sorted(before)  # no temporary file left


def test_a_failed_write_leaves_the_earlier_export_whole(ledger: Path, exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "again"
    shutil.copytree(exported, folder)
    (folder / "status.csv").unlink()
    (folder / "status.csv").mkdir()  # cannot be written over
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    failed = kpi_process(
        ledger, "export", "--as-of", "2018-03-31", "-o", str(folder), "--force", env={"KPI_LANG": "en"}
    )
    assert failed.returncode == 2, failed.stderr
    assert "status.csv" in failed.stderr and "nothing was exported" in failed.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()} == before


def test_one_format_writes_only_its_files(ledger: Path, tmp_path: Path) -> None:
    ok(ledger, "export", "-f", "sqlite", "-o", str(tmp_path / "db"))
    assert [path.name for path in (tmp_path / "db").iterdir()] == ["kpi.sqlite"]
    ok(ledger, "export", "--format", "datapackage", "-o", str(tmp_path / "package"))
    names = {path.name for path in (tmp_path / "package").iterdir()}
    assert "datapackage.json" in names and "records.csv" in names and "kpi.sqlite" not in names


def test_messages_follow_the_language_and_columns_stay_english(ledger: Path, tmp_path: Path) -> None:
    result = kpi_process(ledger, "export", "-f", "sqlite", "-o", str(tmp_path), cwd=tmp_path, env={"KPI_LANG": "vi"})
    assert result.returncode == 0 and result.stdout == f"đã ghi {tmp_path / 'kpi.sqlite'}\n"
    connection = sqlite3.connect(tmp_path / "kpi.sqlite")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(status_measures)")]
    reasons = {
        reason for (reason,) in connection.execute("SELECT reason FROM status_measures WHERE indicator = 'B.1.1'")
    }
    connection.close()
    assert columns[:4] == ["as_of", "plan_year", "indicator", "measure"]
    assert "không rõ mẫu số: nguồn không nêu tổng số đối tượng" in reasons  # as `kpi status` says it in Vietnamese


def test_the_day_a_figure_came_in_reaches_the_export(minimal_data: Path, tmp_path: Path) -> None:
    recorded = kpi_process(
        minimal_data,
        "record",
        "B.1",
        "-q",
        "2018-Q2",
        "--value",
        "8",
        "--received",
        "2018-07-05",
        env={"KPI_LANG": "en"},
    )
    assert recorded.returncode == 0, recorded.stderr
    out = tmp_path / "export"
    assert kpi_process(minimal_data, "export", "-o", str(out), env={"KPI_LANG": "en"}).returncode == 0
    [row] = csv_rows(out, "records")
    assert (row["received_on"], row["arrived_on"]) == ("2018-07-05", "2018-07-05")
    database = sqlite3.connect(out / "kpi.sqlite")
    assert database.execute("SELECT received_on, arrived_on FROM records").fetchall() == [("2018-07-05", "2018-07-05")]

"""`kpi record`: what a clerk sees when a figure is recorded, and every way it is refused.

A refusal exits 2 with a one-line reason and leaves every file as it was.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from kpi.errors import DataError
from kpi.files.catalogue import read_actuals
from kpi.model.quarters import Quarter
from kpi.ops.record_model import Action, Entry, RecordRefused
from kpi.ops.recording import record_entries
from tests.support import kpi


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the actuals folder, byte for byte (the lock file aside)."""
    root = folder / "actuals"
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".kpi.lock"
    }


def records_in(path: Path) -> list[dict[str, object]]:
    read = read_actuals(path)
    assert read.actuals is not None, read.findings
    return [r.model_dump(exclude_none=True, exclude={"recorded_at", "history"}) for r in read.actuals.records]


# ---------------------------------------------------------------- recording


def test_a_figure_lands_in_the_owners_file_for_the_quarter(minimal_data: Path) -> None:
    result = kpi(
        minimal_data,
        "record",
        "B.1",
        "--quarter",
        "2018-Q2",
        "--value",
        "850",
        "--by",
        "Nguyễn Văn A",
        "--note",
        "tạm tính",
        "--source",
        "BC 12/QLCN",
    )
    assert result.exit_code == 0, result.output
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    assert result.stdout == f"recorded: B.1 (Enterprises trained) 2018-Q2 = 850 in {path}\n"
    assert records_in(path) == [
        {
            "indicator": "B.1",
            "measure": "firms",
            "value": Decimal(850),
            "note": "tạm tính",
            "source": "BC 12/QLCN",
            "recorded_by": "Nguyễn Văn A",
        }
    ]
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/actuals.schema.json\nquarter: 2018-Q2\nowner: QLCN\n"
    )
    assert kpi(minimal_data, "check").exit_code == 0


@pytest.mark.parametrize("written", ["2018-Q2", "2018Q2", "Q2/2018", "q2/2018", "Quý II/2018"])
def test_every_quarter_notation_means_the_same_folder(minimal_data: Path, written: str) -> None:
    result = kpi(minimal_data, "record", "B.1", "--quarter", written, "--value", "5", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"{Path('actuals') / '2018-Q2' / 'QLCN.yaml'}" in result.stdout


def test_id_is_matched_ignoring_case_and_written_as_the_catalogue_spells_it(minimal_data: Path) -> None:
    assert kpi(minimal_data, "record", "b.1", "-q", "2018-Q1", "--value", "1.069.000").exit_code == 0
    assert records_in(minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml")[0]["indicator"] == "B.1"
    assert records_in(minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml")[0]["value"] == Decimal(1069000)


def test_a_milestone_is_recorded_done_with_its_evidence(minimal_data: Path) -> None:
    result = kpi(
        minimal_data,
        "record",
        "B.8",
        "--quarter",
        "2018-Q1",
        "--done",
        "--date",
        "20/03/2018",
        "--evidence",
        "Quyết định 123/QĐ-UBND",
    )
    assert result.exit_code == 0, result.output
    assert "B.8 2018-Q1 = done on 2018-03-20" in result.stdout
    assert records_in(minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml") == [
        {
            "indicator": "B.8",
            "done": date(2018, 3, 20),
            "evidence": "Quyết định 123/QĐ-UBND",
            "recorded_by": records_in(minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml")[0]["recorded_by"],
        }
    ]


def test_a_co_owner_records_into_its_own_file(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "40", "--owner", "shtt")
    assert result.exit_code == 0, result.output
    assert (minimal_data / "actuals" / "2018-Q2" / "SHTT.yaml").is_file()
    assert kpi(minimal_data, "check").exit_code == 0


def test_recording_the_same_figure_again_changes_nothing(minimal_data: Path) -> None:
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850").exit_code == 0
    before = snapshot(minimal_data)
    again = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850")
    assert again.exit_code == 0
    assert again.stdout.startswith("unchanged: B.1 (Enterprises trained) 2018-Q2 = 850 is already recorded")
    assert snapshot(minimal_data) == before


def test_replace_reports_the_old_figure_and_keeps_it_in_history(minimal_data: Path) -> None:
    assert (
        kpi(
            minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "800", "--by", "A", "--note", "tạm tính"
        ).exit_code
        == 0
    )
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "B", "--replace")
    assert result.exit_code == 0, result.output
    assert "replaced: B.1 (Enterprises trained) 2018-Q2 = 850 (was 800, kept in history)" in result.stdout
    read = read_actuals(minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml")
    assert read.actuals is not None
    (record,) = read.actuals.records
    assert (record.value, record.recorded_by, record.note) == (Decimal(850), "B", "tạm tính")
    assert [(h.value, h.recorded_by) for h in record.history] == [(Decimal(800), "A")]
    assert record.history[0].replaced_at == record.recorded_at


def test_dry_run_checks_everything_and_writes_nothing(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "nothing written (--dry-run)"
    assert snapshot(minimal_data) == {}


# ---------------------------------------------------------------- the "done means", on the shipped data


def percent_of_period(folder: Path, indicator: str) -> float:
    result = kpi(folder, "status", "--as-of", "2018-06-30", "-f", "json")
    row = next(r for r in json.loads(result.stdout)["rows"] if r["id"] == indicator)
    return float(row["measures"][0]["percent_of_period"])


@pytest.mark.slow
def test_recorded_quarters_move_status_and_overdue(shipped_copy: Path) -> None:
    assert percent_of_period(shipped_copy, "B.1") == 0.3989
    assert kpi(shipped_copy, "record", "B.1", "-q", "2018-Q1", "--value", "800").exit_code == 0
    assert percent_of_period(shipped_copy, "B.1") == 0.4789
    assert kpi(shipped_copy, "record", "B.1", "-q", "2018-Q2", "--value", "850").exit_code == 0
    assert percent_of_period(shipped_copy, "B.1") == 0.5639

    def overdue_ids() -> list[str]:
        report = json.loads(kpi(shipped_copy, "overdue", "--as-of", "2018-06-30", "-f", "json").stdout)
        return [item["id"] for item in report["items"]]

    assert "A.4" in overdue_ids()
    assert kpi(shipped_copy, "record", "A.4", "-q", "2018-Q1", "--done", "--date", "2018-03-20").exit_code == 0
    assert "A.4" not in overdue_ids()
    assert kpi(shipped_copy, "check").exit_code == 0


# ---------------------------------------------------------------- refusals: exit 2, one line, nothing touched


REFUSALS = [
    (["Z.9", "-q", "2018-Q2", "--value", "1"], "error: ID: no indicator 'Z.9' in the catalogue"),
    (
        ["B.1", "-q", "2018-Q2", "--value", "1", "--measure", "projects"],
        "error: --measure: B.1 has no measure 'projects'; its measures: “Enterprises trained”",
    ),
    (["B.1", "-q", "2021-Q1", "--value", "1"], "error: --quarter: 2021-Q1 lies outside the plan period 2016-2020"),
    (["B.1", "-q", "2018-Q5", "--value", "1"], "error: --quarter: '2018-Q5' is not a quarter"),
    (["B.1", "-q", "2018-Q2", "--value", "-5"], "error: --value: '-5' is negative"),
    (
        ["B.1", "-q", "2018-Q2", "--value", "10.000"],
        "error: --value: '10.000' is ambiguous: 10000 if '.' separates thousands, 10 if it marks decimals",
    ),
    (["B.1", "-q", "2018-Q2", "--value", "mười"], "error: --value: 'mười' is not a number"),
    (
        ["B.1", "-q", "2018-Q2", "--value", "2,5"],
        "error: --value: B.1 (Enterprises trained) counts DN; 2.5 is not a whole number",
    ),
    (
        ["B.8", "-q", "2018-Q2", "--value", "1"],
        "error: --value: B.8 is a milestone with nothing to count; record it done, with its date",
    ),
    (
        ["B.1", "-q", "2018-Q2", "--done", "--date", "2018-05-02"],
        "error: --date: B.1 is a cumulative indicator, not a milestone; record a value",
    ),
    (
        ["B.8", "-q", "2018-Q1", "--done", "--date", "2018-04-02"],
        "error: --date: 2018-04-02 is not in 2018-Q1 (2018-01-01 to 2018-03-31); record it under 2018-Q2",
    ),
    (["B.8", "-q", "2018-Q1", "--done"], "error: 2018-Q1 is over: give --date, the day it was done"),
    (["B.8", "-q", "2018-Q1", "--done", "--date", "31/02/2018"], "error: --date: '31/02/2018' is not a date"),
    (["B.1", "-q", "2018-Q2", "--value", "5", "--done"], "error: give --value for a figure or --done/--date"),
    (
        ["B.1", "-q", "2018-Q2", "--value", "5", "--owner", "VP"],
        "error: --owner: B.1 is reported by QLCN or SHTT, not VP",
    ),
    (["B.1", "--value", "5"], "error: --quarter is missing"),
    (["B.1", "-q", "2018-Q2"], "error: --value is missing (or --done for a milestone)"),
    (["-q", "2018-Q2", "--value", "5"], "error: which indicator?"),
]


# ASCII ids: pytest escapes a non-ASCII id in its list in place, so a second collection in one process
# (mutmut's fork server collects once, then runs) escapes it twice and cannot find the test by its id.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    REFUSALS,
    ids=[(m.split(":")[1].strip() + "|" + " ".join(a)).encode("ascii", "replace").decode() for a, m in REFUSALS],
)
def test_bad_input_is_refused_before_anything_is_written(minimal_data: Path, args: list[str], message: str) -> None:
    result = kpi(minimal_data, "record", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"kpi: {message}")
    assert snapshot(minimal_data) == {}


def test_a_second_recording_without_replace_is_refused_and_the_file_is_unchanged(minimal_data: Path) -> None:
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "Lan").exit_code == 0
    before = snapshot(minimal_data)
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "900")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "kpi: error: ID: B.1 (Enterprises trained) is already recorded for 2018-Q2: 850 (by Lan on "
    )
    assert "rerun with --replace" in result.stderr
    assert snapshot(minimal_data) == before


def test_an_unreadable_file_in_the_quarter_stops_recording(minimal_data: Path) -> None:
    target = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"quarter: 2018-Q2\rowner: QLCN\rrecords: []\r")  # old Mac line endings
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "5")
    assert result.exit_code == 2
    assert result.stderr == (
        f"kpi: {target}:1:1: error: file: has old Mac (CR) line endings; save it with LF (or Windows CRLF) "
        "line endings\n"
    )
    assert target.read_bytes() == b"quarter: 2018-Q2\rowner: QLCN\rrecords: []\r"


def test_an_invalid_catalogue_stops_recording(minimal_data: Path) -> None:
    plan = minimal_data / "plan2018.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("kind: milestone", "kind: milestoen"), encoding="utf-8")
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "5")
    assert result.exit_code == 2
    assert "indicators[B.8].kind" in result.stderr
    assert snapshot(minimal_data) == {}


# ---------------------------------------------------------------- the core, called as a library


NOW = datetime(2018, 7, 3, 9, 30, tzinfo=UTC)


def test_the_core_refuses_a_quarter_that_has_not_started(minimal_data: Path) -> None:
    entry = Entry(indicator="B.1", quarter=Quarter(2018, 3), value=Decimal(5))
    with pytest.raises(RecordRefused) as refused:
        record_entries(minimal_data, [entry], today=date(2018, 6, 30), now=NOW)
    assert refused.value.lines() == ["error: --quarter: 2018-Q3 has not started yet (today is 2018-06-30)"]
    assert snapshot(minimal_data) == {}


def test_the_core_lists_every_problem_of_a_batch(minimal_data: Path) -> None:
    entries = [
        Entry(indicator="B.1", quarter=Quarter(2018, 2), value=Decimal(5)),
        Entry(indicator="X", quarter=Quarter(2018, 2), value=Decimal(5)),
        Entry(indicator="B.1.1", quarter=Quarter(2018, 2), value=Decimal("0.5")),
    ]
    with pytest.raises(RecordRefused) as refused:
        record_entries(minimal_data, entries, today=date(2018, 7, 3), now=NOW)
    assert [p.field for p in refused.value.problems] == ["indicator", "value"]
    assert snapshot(minimal_data) == {}


def test_the_core_returns_what_it_did(minimal_data: Path) -> None:
    entry = Entry(indicator="B.1", quarter=Quarter(2018, 2), value=Decimal(5), recorded_by="Lan")
    result = record_entries(minimal_data, [entry], today=date(2018, 7, 3), now=NOW)
    (outcome,) = result.outcomes
    assert (outcome.action, outcome.indicator, outcome.measure, outcome.previous) == (
        Action.ADDED,
        "B.1",
        "firms",
        None,
    )
    assert outcome.record.recorded_at == NOW
    assert result.written == [minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"]
    assert result.commit is None


@pytest.mark.parametrize(
    "written",
    ["B.1", "b.1", "'B.1'", '"B\\x2E1"'],  # as the catalogue spells it, in another case, quoted, escaped
    ids=["plain", "lower-case", "quoted", "escaped"],
)
def test_a_figure_already_in_another_units_file_is_found(minimal_data: Path, written: str) -> None:
    """Recording reads in full only the files that could hold the figure (issue 16); one put by hand
    in another unit's file, however its ID is written, is still found, not recorded twice."""
    other = minimal_data / "actuals" / "2018-Q2" / "VP.yaml"
    other.parent.mkdir(parents=True)
    other.write_text(
        f"quarter: 2018-Q2\nowner: VP\nrecords:\n  - indicator: {written}\n    value: 7\n", encoding="utf-8"
    )
    before = snapshot(minimal_data)
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "9")
    assert result.exit_code == 2
    assert "B.1 (Enterprises trained) is already recorded for 2018-Q2: 7" in result.stderr
    assert "in VP.yaml" in result.stderr
    assert snapshot(minimal_data) == before


def test_a_broken_file_that_cannot_hold_the_figure_does_not_stop_recording(minimal_data: Path) -> None:
    """Another unit's file that names other indicators only (`B.10` is not `B.1`) is not read; a
    mistake in it is `kpi check`'s to report, and the figure goes to its own unit's file."""
    other = minimal_data / "actuals" / "2018-Q2" / "VP.yaml"
    other.parent.mkdir(parents=True)
    other.write_text("quarter: 2018-Q2\nowner: VP\nrecords:\n  - indicator: B.10\n    vaule: 7\n", encoding="utf-8")
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "9")
    assert result.exit_code == 0, result.output
    assert [r["value"] for r in records_in(minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml")] == [Decimal(9)]
    checked = kpi(minimal_data, "check")  # and check still finds the mistake
    assert checked.exit_code == 1
    assert "VP.yaml:5:5: error" in checked.output and "vaule" in checked.output


def test_the_core_never_reads_a_broken_quarter_as_empty(minimal_data: Path) -> None:
    target = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1\n    vaule: 5\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        record_entries(
            minimal_data,
            [Entry(indicator="B.1", quarter=Quarter(2018, 2), value=Decimal(5))],
            today=date(2018, 7, 3),
            now=NOW,
        )
    assert "records[0].vaule" in error.value.lines()[0]


# ---------------------------------------------------------------- files laid out in other ways


LAYOUTS = {
    "no final newline": (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1\n    value: 5",
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1\n    value: 5\n  - indicator: B.1",
    ),
    "empty list with a comment": (
        "quarter: 2018-Q2\nowner: QLCN\nrecords: []  # chưa có\n# hết\n",
        "quarter: 2018-Q2\nowner: QLCN\nrecords:  # chưa có\n  - indicator: B.1",
    ),
    "records first": (
        "records:\n- indicator: B.1.1\n  value: 5\nquarter: 2018-Q2\nowner: QLCN\n",
        "records:\n- indicator: B.1.1\n  value: 5\n- indicator: B.1\n",
    ),
    "no records key": (
        "quarter: 2018-Q2\nowner: QLCN\n",
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1",
    ),
    "flow style": (
        "quarter: 2018-Q2\nowner: QLCN\nrecords: [{indicator: B.1.1, value: 5}]\n",
        "quarter: 2018-Q2\nowner: QLCN\nrecords: [{indicator: B.1.1, value: 5}, {indicator: B.1,",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(("text", "begins"), LAYOUTS.values(), ids=list(LAYOUTS))
def test_a_record_is_added_to_files_laid_out_by_hand(minimal_data: Path, text: str, begins: str) -> None:
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "7", "--by", "An")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").startswith(begins)
    assert ("B.1", "firms", Decimal(7)) in [(r["indicator"], r.get("measure"), r["value"]) for r in records_in(path)]
    assert kpi(minimal_data, "check").exit_code == 0


def test_a_record_the_editor_cannot_rewrite_is_named_and_left_alone(minimal_data: Path) -> None:
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    path.parent.mkdir(parents=True)
    text = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 5\t# tab before a comment\n"
    path.write_text(text, encoding="utf-8")
    assert kpi(minimal_data, "check").exit_code == 0
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "6", "--replace")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kpi: {path}:4:5: error: records[0]: cannot be rewritten automatically (")
    assert result.stderr.endswith("); edit it by hand\n")
    assert path.read_text(encoding="utf-8") == text


def test_text_typed_decomposed_is_stored_composed(minimal_data: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "5", "--by", decomposed).exit_code == 0
    assert records_in(minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml")[0]["recorded_by"] == "Nguyễn Thị Hằng"


def test_a_three_decimal_fraction_is_written_so_it_cannot_be_read_as_thousands(shipped_copy: Path) -> None:
    # A.1 is a percentage. 88,125 reads two ways and is refused with the way out; 88,1250 is the same number.
    refused = kpi(shipped_copy, "record", "A.1", "-q", "2018-Q2", "--value", "88,125")
    assert refused.stderr.endswith("write 88125 or 88.1250\n")
    result = kpi(shipped_copy, "record", "A.1", "-q", "2018-Q2", "--value", "88,1250")
    assert result.exit_code == 0, result.output
    path = shipped_copy / "actuals" / "2018-Q2" / "QLKH.yaml"
    assert "    value: 88.1250\n" in path.read_text(encoding="utf-8")
    assert records_in(path)[0]["value"] == Decimal("88.125")

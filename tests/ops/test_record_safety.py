"""`kpi record` never loses or mangles what is already recorded.

The guarantees, each proved the way a user would meet it:

* writes are atomic (temporary file, fsync, rename): a process killed mid-write leaves the old
  file whole, and the next `kpi record` works (the kernel released the lock of the dead process);
* concurrent `kpi record` processes are serialised by a file lock: 20 recorders started at once
  into the same file leave 20 records;
* editing keeps the rest of the file byte for byte: comments, key order, quoting, indentation
  style and Vietnamese text written by hand survive (ruamel.yaml round trip);
* values and quarter strings survive a round trip (hypothesis).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kpi.files.actuals_edit import edit_actuals, new_actuals_text
from kpi.files.catalogue import actuals_from_document, read_actuals
from kpi.files.datadir import actuals_files
from kpi.files.locking import actuals_lock
from kpi.files.yamlsource import parse_yaml
from kpi.model.models import Record, ReplacedValue
from kpi.model.numbers import AmbiguousNumber, format_vn_number, parse_entered_number
from kpi.model.quarters import Quarter
from tests.support import MINIMAL_CATALOGUE, kpi, kpi_process, kpi_started

RECORDERS = 20
PROCESS_TIMEOUT = 120


# ---------------------------------------------------------------- helpers


def activity_catalogue(folder: Path, count: int) -> list[str]:
    """Write a data folder: the minimal catalogue plus `count` activity indicators owned by QLCN.

    Activity indicators have one measure (`events`) with no target, so any figure may be recorded
    and every one of them lands in the same file, `actuals/<quarter>/QLCN.yaml`.
    """
    ids = [f"B.{20 + n}" for n in range(count)]
    extra = "".join(
        f"""\
  - id: {indicator}
    program: B
    section: I
    tt: '{indicator[2:]}'
    title: Hoạt động hỗ trợ số {indicator[2:]}
    owner: QLCN
    kind: activity
    measures:
      - key: events
        label: {{vi: Lượt hỗ trợ, en: events}}
        unit: lượt
    source:
      line: {400 + n}
      cells:
        content: Hoạt động hỗ trợ số {indicator[2:]}
"""
        for n, indicator in enumerate(ids)
    )
    (folder / "actuals").mkdir(parents=True, exist_ok=True)
    (folder / "plan2018.yaml").write_text(MINIMAL_CATALOGUE.replace("tasks:\n", extra + "tasks:\n"), encoding="utf-8")
    return ids


def process_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "KPI_DATA"}


def hand_written(path: Path, text: str) -> bytes:
    """Save a file as a person would (NFC UTF-8, LF) and return its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = unicodedata.normalize("NFC", text).encode("utf-8")
    path.write_bytes(data)
    return data


def leftover_temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def appended_lines(dash: str, indent: str, fields: list[tuple[str, str]]) -> bytes:
    """The text of one appended record: first field after the dash, the others indented under it."""
    lines = [f"{dash if n == 0 else indent}{key}: {value}\n" for n, (key, value) in enumerate(fields)]
    return "".join(lines).encode("utf-8")


# A child Python process that SIGKILLs itself at one stage of `kpi.files.atomic.write_bytes_atomic`
# ("fsync": the new text is in the temporary file, not yet on disk; "replace": about to rename),
# the Nth time it gets there (argv[2]: a recording first writes its journal, then the files).
# Only `kpi.files.atomic` and `kpi.files.platform` (its rename and folder fsync) see the trap: they
# get their own copy of the os module.
KILL_AT_STAGE = """\
import os, signal, sys, types
import kpi.files.atomic, kpi.files.platform

calls, target = [], int(sys.argv[2])
real = getattr(os, sys.argv[1])

def killed(*args, **kwargs):
    calls.append(args)
    if len(calls) == target:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

trapped = types.ModuleType("os")
trapped.__dict__.update(os.__dict__)
setattr(trapped, sys.argv[1], killed)
kpi.files.atomic.os = kpi.files.platform.os = trapped  # the platform module renames and fsyncs folders
"""
KILLED_WRITE = (
    KILL_AT_STAGE
    + """\
from pathlib import Path
kpi.files.atomic.write_text_atomic(Path(sys.argv[3]), sys.stdin.read())
"""
)
KILLED_RECORD = (
    KILL_AT_STAGE
    + """\
from kpi.cli import main
sys.argv = ["kpi", *sys.argv[3:]]
main()
"""
)


def run_child(script: str, *args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        input=stdin,
        cwd=cwd,
        env=process_environment(),
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )


# ---------------------------------------------------------------- concurrency


def test_twenty_recorders_started_at_once_into_one_file_leave_twenty_records(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ids = activity_catalogue(data, RECORDERS)
    wanted = {indicator: Decimal(n + 1) for n, indicator in enumerate(ids)}
    processes = [
        kpi_started(
            data,
            "record",
            indicator,
            "--quarter",
            "2018-Q2",
            "--value",
            str(value),
            "--by",
            f"Người ghi {indicator}",
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for indicator, value in wanted.items()
    ]
    outputs = []
    try:
        for process in processes:
            outputs.append(process.communicate(timeout=PROCESS_TIMEOUT))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    failed = [
        (indicator, p.returncode, err)
        for indicator, p, (_, err) in zip(wanted, processes, outputs)
        if p.returncode != 0
    ]
    assert failed == []
    for (indicator, value), (out, _) in zip(wanted.items(), outputs):
        assert out.startswith(f"recorded: {indicator} (events) 2018-Q2 = {value} in "), out

    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    assert actuals_files(data) == [path]
    read = read_actuals(path)
    assert read.findings == []
    assert read.actuals is not None
    records = read.actuals.records
    assert len(records) == RECORDERS
    assert {r.indicator: r.value for r in records} == wanted  # 20 distinct indicators, each with its figure
    assert all(r.recorded_by == f"Người ghi {r.indicator}" for r in records)
    assert leftover_temporaries(path.parent) == []
    assert kpi(data, "check").exit_code == 0


# ---------------------------------------------------------------- killed mid-write


@pytest.mark.parametrize("stage", ["fsync", "replace"])
@pytest.mark.posix
def test_a_write_killed_midway_leaves_the_old_file_whole(tmp_path: Path, stage: str) -> None:
    data = tmp_path / "data"
    activity_catalogue(data, 2)
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    old = hand_written(path, "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.20\n    value: 5\n")
    new_text = old.decode() + "  - indicator: B.21\n    value: 6\n"

    child = run_child(KILLED_WRITE, stage, "1", str(path), stdin=new_text, cwd=tmp_path)

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert path.read_bytes() == old
    assert yaml_files(path.parent) == [path]
    temporaries = leftover_temporaries(path.parent)
    assert [t.name.startswith(".QLCN.yaml.") for t in temporaries] == [True]
    assert temporaries[0].read_text(encoding="utf-8") == new_text  # killed after the new text was written
    assert actuals_files(data) == [path]
    assert kpi(data, "check").exit_code == 0


# The journal's data is fsynced by the 1st os.fsync and renamed by the 1st os.replace (the 2nd
# fsync is its folder's); the actuals file's data by the 3rd fsync and the 2nd replace.
@pytest.mark.parametrize(
    ("stage", "call", "what"),
    [
        pytest.param("fsync", "1", "journal", id="journal-fsync"),
        pytest.param("replace", "1", "journal", id="journal-replace"),
        pytest.param("fsync", "3", "file", id="file-fsync"),
        pytest.param("replace", "2", "file", id="file-replace"),
    ],
)
@pytest.mark.posix
def test_a_kpi_record_killed_midway_leaves_the_file_whole_and_the_next_record_works(
    tmp_path: Path, stage: str, call: str, what: str
) -> None:
    data = tmp_path / "data"
    activity_catalogue(data, 2)
    first = kpi(data, "record", "B.20", "--quarter", "2018-Q2", "--value", "5", "--by", "An")
    assert first.exit_code == 0, first.output
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    old = path.read_bytes()
    command = ["--data", str(data), "record", "B.21", "--quarter", "2018-Q2", "--value", "900", "--by", "Bình"]

    child = run_child(KILLED_RECORD, stage, call, *command, cwd=tmp_path)

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert path.read_bytes() == old
    assert yaml_files(path.parent) == [path]
    journal = data / "actuals" / ".kpi-journal.json"
    if what == "file":  # the journal is there; the file's new text sits in a temporary beside it
        assert journal.is_file()
        temporaries = leftover_temporaries(path.parent)
        assert len(temporaries) == 1 and "value: 900" in temporaries[0].read_text(encoding="utf-8")
    else:  # killed while writing the journal: no journal, nothing else touched
        assert not journal.exists()
        assert leftover_temporaries(path.parent) == []
    assert actuals_files(data) == [path]
    checked = kpi(data, "check")
    # The files themselves are valid; check names a journal left pending (it never settles one).
    assert checked.exit_code == (1 if what == "file" else 0), checked.output
    assert ("a recording was interrupted" in checked.output) is (what == "file")
    with actuals_lock(data, timeout=0):  # one attempt: the dead process holds nothing
        pass

    again = kpi_process(None, *command, cwd=tmp_path)

    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("recorded: B.21 (events) 2018-Q2 = 900 in ")
    if what == "file":
        assert again.stderr.startswith("kpi: undid a recording interrupted at ")
        assert again.stderr.endswith(
            " before it was complete: data/actuals/2018-Q2/QLCN.yaml put back as they were; record it again\n"
        )
    else:
        assert again.stderr == ""
    read = read_actuals(path)
    assert read.actuals is not None
    assert [(r.indicator, r.value) for r in read.actuals.records] == [("B.20", 5), ("B.21", 900)]
    assert leftover_temporaries(path.parent) == leftover_temporaries(path.parent.parent) == []
    assert not journal.exists()


# ---------------------------------------------------------------- byte-for-byte edits

RICH_HAND_WRITTEN = """\
# yaml-language-server: $schema=../../../schemas/actuals.schema.json
# Báo cáo quý II/2018 của Phòng Quản lý Công nghệ (nhập tay, xin giữ các chú thích này)
quarter: 2018-Q2   # quý đang báo cáo
owner: 'QLCN'
records:
    # Đã đối chiếu với Báo cáo số 45/BC-QLCN
    -   value: 39.50  # giữ nguyên số 0 ở cuối
        measure: events
        indicator: "B.20"
        recorded_by: 'Nguyễn Thị Hằng'
        evidence: "QĐ 123/QĐ-UBND ngày 20/3/2018"
        note: >-
            Số liệu tổng hợp từ các huyện Củ Chi,
            Hóc Môn và Bình Chánh; chưa gồm Quận 9.
        recorded_at: 2018-07-05T09:15:00+07:00

    -   indicator: B.1   # Đào tạo doanh nghiệp
        value: 1069
        source: Báo cáo số 12/BC-SKHCN
# hết phần nhập tay
"""

DASH_AT_COLUMN_0 = """\
quarter: 2018-Q2
owner: QLCN
# Phòng QLCN nhập
records:
- indicator: B.1
  value: 850   # quý II
  recorded_by: Phạm Minh Đức
"""


@pytest.mark.parametrize(
    ("text", "dash", "indent"),
    [
        pytest.param(RICH_HAND_WRITTEN, "    -   ", "        ", id="comments-quotes-folded-four-space"),
        pytest.param(DASH_AT_COLUMN_0, "- ", "  ", id="dash-at-column-0"),
    ],
)
def test_recording_appends_and_leaves_every_hand_written_byte_alone(
    tmp_path: Path, text: str, dash: str, indent: str
) -> None:
    data = tmp_path / "data"
    activity_catalogue(data, 2)
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    old = hand_written(path, text)
    assert kpi(data, "check").exit_code == 0  # the hand-written file is valid to begin with

    result = kpi(
        data,
        "record",
        "B.21",
        "--quarter",
        "2018-Q2",
        "--value",
        "7,25",
        "--by",
        "Trần Văn Bình",
        "--evidence",
        "QĐ 45/QĐ-SKHCN",
        "--note",
        "Đã đối chiếu với sổ sách",
    )

    assert result.exit_code == 0, result.output
    new = path.read_bytes()
    assert new[: len(old)] == old
    read = read_actuals(path)
    assert read.actuals is not None and read.findings == []
    added = read.actuals.records[-1]
    assert added.recorded_at is not None
    assert new[len(old) :] == appended_lines(
        dash,
        indent,
        [
            ("indicator", "B.21"),
            ("measure", "events"),
            ("value", "7.25"),
            ("evidence", "QĐ 45/QĐ-SKHCN"),
            ("note", "Đã đối chiếu với sổ sách"),
            ("recorded_by", "Trần Văn Bình"),
            ("recorded_at", added.recorded_at.isoformat()),
        ],
    )


# Other things people write by hand in a YAML file, each valid for `kpi check`.
OTHER_HAND_WRITTEN = {
    "document-start-marker": "---\nquarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.20\n    value: 5\n",
    "trailing-spaces": "quarter: 2018-Q2  \nowner: QLCN\nrecords:\n  - indicator: B.20\n    value: 5 \n",
    "note-over-two-lines": (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.20\n    value: 5\n"
        "    note: Số liệu tổng hợp từ các huyện\n      và các quận.\n"
    ),
    "tab-before-comment": "quarter: 2018-Q2\t# quý II\nowner: QLCN\nrecords:\n  - indicator: B.20\n    value: 5\n",
}


@pytest.mark.parametrize("text", list(OTHER_HAND_WRITTEN.values()), ids=list(OTHER_HAND_WRITTEN))
def test_other_hand_written_forms_survive_an_append(tmp_path: Path, text: str) -> None:
    data = tmp_path / "data"
    activity_catalogue(data, 2)
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    old = hand_written(path, text)
    assert kpi(data, "check").exit_code == 0

    result = kpi(data, "record", "B.21", "--quarter", "2018-Q2", "--value", "3", "--by", "An")

    assert result.exit_code == 0, result.output
    new = path.read_bytes()
    assert new[: len(old)].decode("utf-8", "replace") == old.decode("utf-8")


REPLACE_HAND_WRITTEN = """\
# Báo cáo quý II/2018 — Phòng Quản lý Công nghệ
quarter: 2018-Q2
owner: QLCN
records:
  - indicator: B.1   # tổng số doanh nghiệp
    value: 1069
    recorded_by: 'Nguyễn Thị Hằng'
  # Hoạt động B.20: số liệu tạm, chờ báo cáo chính thức
  - indicator: "B.20"
    measure: events
    value: 39.50   # số tạm tính
    evidence: "QĐ 123/QĐ-UBND"
    note: >-
      Tổng hợp từ Củ Chi,
      Hóc Môn và Bình Chánh.
    recorded_by: 'Lê Thị Mai'
    recorded_at: 2018-07-05T09:15:00+07:00

  - indicator: B.21
    value: 4
# hết
"""


def test_replace_rewrites_only_that_record_and_keeps_the_old_figure_in_history(tmp_path: Path) -> None:
    data = tmp_path / "data"
    activity_catalogue(data, 2)
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    hand_written(path, REPLACE_HAND_WRITTEN)
    old_lines = unicodedata.normalize("NFC", REPLACE_HAND_WRITTEN).split("\n")
    start = old_lines.index('  - indicator: "B.20"')
    end = old_lines.index("  - indicator: B.21")
    record_lines = old_lines[start:end]

    result = kpi(data, "record", "B.20", "--quarter", "2018-Q2", "--value", "41", "--replace", "--by", "Trần Văn Bình")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("replaced: B.20 (events) 2018-Q2 = 41 (was 39.50, kept in history) in ")
    new_lines = path.read_text(encoding="utf-8").split("\n")
    assert new_lines[:start] == old_lines[:start]  # header, comments and B.1 untouched
    assert new_lines[-len(old_lines[end:]) :] == old_lines[end:]  # B.21 and the closing comment untouched
    rewritten = new_lines[start : len(new_lines) - len(old_lines[end:])]
    assert "    value: 41      # số tạm tính" in rewritten  # the comment stays with its key, in its column
    kept = [line for line in record_lines if not line.lstrip().startswith(("value:", "recorded_by:", "recorded_at:"))]
    assert [line for line in rewritten if line in kept] == kept  # quotes, folded note, key order: as written
    read = read_actuals(path)
    assert read.actuals is not None and read.findings == []
    replaced = read.actuals.records[1]
    assert (replaced.value, replaced.recorded_by) == (41, "Trần Văn Bình")
    assert replaced.note == "Tổng hợp từ Củ Chi, Hóc Môn và Bình Chánh."
    assert len(replaced.history) == 1
    old = replaced.history[0]
    assert (old.value, old.recorded_by, old.recorded_at and old.recorded_at.isoformat()) == (
        Decimal("39.50"),
        "Lê Thị Mai",
        "2018-07-05T09:15:00+07:00",
    )
    assert old.replaced_at == replaced.recorded_at


# ---------------------------------------------------------------- hypothesis round trips


def decimals_with(places: int) -> st.SearchStrategy[Decimal]:
    """Non-negative decimals written with exactly `places` decimals and up to 12 integer digits."""
    return st.integers(0, 10 ** (12 + places) - 1).map(lambda units: Decimal(units).scaleb(-places))


figures = st.integers(0, 4).flatmap(decimals_with)


@settings(max_examples=50, deadline=None)
@given(figures)
@example(Decimal("39.89"))
@example(Decimal("1.125"))
@example(Decimal("999999999999.9999"))
def test_any_figure_written_into_a_record_reads_back_exactly(value: Decimal) -> None:
    base = new_actuals_text(Quarter(2018, 2), "QLCN").replace(
        "records: []\n", "records:\n  - indicator: B.20\n    measure: events\n    value: 1\n"
    )
    earlier = Record(indicator="B.20", measure="events", value=Decimal(1))
    replaced = earlier.model_copy(update={"value": value, "history": [ReplacedValue(value=value)]})
    appended = Record(indicator="B.21", measure="events", value=value)

    text = edit_actuals(base, [appended], {0: replaced})

    read = actuals_from_document(parse_yaml(text, Path("QLCN.yaml")))
    assert read.findings == [], text
    assert read.actuals is not None
    assert [r.value for r in read.actuals.records] == [value, value]
    assert read.actuals.records[0].history[0].value == value


def reads_two_ways(text: str) -> bool:
    """One separator followed by exactly three digits, after one to three digits that do not start
    with 0: `10.000` is ten thousand in Vietnamese notation and ten in English."""
    separators = [c for c in text if c in ".,"]
    if len(separators) != 1:
        return False
    before, after = text.split(separators[0])
    return 1 <= len(before) <= 3 and before[0] != "0" and len(after) == 3


@settings(max_examples=50, deadline=None)
@given(figures)
@example(Decimal("10000"))
@example(Decimal("1.069"))
@example(Decimal("0.500"))
def test_a_typed_figure_reads_back_unless_it_reads_two_ways(value: Decimal) -> None:
    plain = format(value, "f")
    for text in (plain, plain.replace(".", ","), format_vn_number(value)):
        if reads_two_ways(text):
            with pytest.raises(AmbiguousNumber):
                parse_entered_number(text)
        else:
            assert parse_entered_number(text) == value, text


@pytest.fixture(scope="module")
def dry_run_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dry-run") / "data"
    (folder / "actuals").mkdir(parents=True)
    (folder / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    return folder


@settings(max_examples=50, deadline=None)
@given(st.builds(Quarter, st.integers(2016, 2020), st.integers(1, 4)))
def test_every_quarter_form_lands_in_the_canonical_folder(dry_run_data: Path, quarter: Quarter) -> None:
    expected = (dry_run_data / "actuals" / str(quarter) / "QLCN.yaml").resolve()
    for form in (str(quarter), f"{quarter.year}Q{quarter.number}", f"Q{quarter.number}/{quarter.year}"):
        result = kpi(dry_run_data, "record", "B.1", "--quarter", form, "--value", "5", "--by", "An", "--dry-run")
        assert result.exit_code == 0, result.output
        # 2016 and 2017 are closed (the plan states their official figures): a warning says so.
        first, last = [line for line in result.output.splitlines() if not line.startswith("kpi: warning: ")]
        head, _, shown = first.partition(" in ")
        assert head == f"would be recorded: B.1 (Enterprises trained) {quarter} = 5"
        assert Path(shown).resolve() == expected
        assert last == "nothing written (--dry-run)"
    assert actuals_files(dry_run_data) == []

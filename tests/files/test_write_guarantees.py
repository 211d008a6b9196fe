"""The write guarantees of "Recording actuals" (docs/guide.md), each pinned where a user would meet it.

Nothing is lost: a file keeps its permissions, its folder is fsynced after the rename so the
rename itself survives a power cut, the edited text is read back before it replaces anything,
the same figure with a new note is a change (not a no-op that drops the note), and a CSV row
that says two things at once is refused. These run in this process (the core, or typer's
CliRunner), so that mutation testing (bench/mutation/run) sees them.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kpi.files import atomic
from kpi.files.catalogue import read_actuals
from kpi.model.quarters import Quarter
from kpi.ops import recording
from kpi.ops.record_model import EditNotVerified, Entry, RecordRefused
from kpi.ops.recording import record_entries
from tests.support import kpi

Q2 = "2018-Q2"
EARLIER = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1  # nhập tay\n    value: 5\n"


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, hidden ones included, the lock file aside."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
        if p.name != ".kpi.lock"
    }


@pytest.fixture
def data(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    (minimal_data / "actuals" / Q2).mkdir()
    (minimal_data / "actuals" / Q2 / "QLCN.yaml").write_text(EARLIER, encoding="utf-8")
    return minimal_data


def entry(indicator: str, value: str, quarter: str = Q2, **given: Any) -> Entry:
    return Entry(indicator=indicator, quarter=Quarter.parse(quarter), value=Decimal(value), **given)


# ---------------------------------------------------------------- the file itself


@pytest.mark.posix
def test_a_file_keeps_its_permissions_and_a_new_one_is_readable_by_all(data: Path) -> None:
    existing = data / "actuals" / Q2 / "QLCN.yaml"
    existing.chmod(0o640)  # a unit that keeps its file from other users

    assert kpi(data, "record", "B.1", "-q", Q2, "--value", "850").exit_code == 0
    assert kpi(data, "record", "B.1", "-q", "2018-Q3", "--value", "40").exit_code == 0

    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert "value: 850" in existing.read_text(encoding="utf-8")
    # A file kpi creates is rw-r--r--, like one saved by an editor (not mkstemp's private rw-------).
    assert stat.S_IMODE((data / "actuals" / "2018-Q3" / "QLCN.yaml").stat().st_mode) == 0o644


def test_a_written_file_holds_exactly_the_bytes_and_an_empty_one_is_empty(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "2018" / "report.md"  # neither folder exists yet

    atomic.write_text_atomic(target, "Tình trạng: đạt\n")
    assert target.read_bytes() == "Tình trạng: đạt\n".encode()
    atomic.write_bytes_atomic(target, b"")
    assert target.read_bytes() == b""
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.md"]  # no temporary left


def test_the_folder_is_fsynced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename is durable only once its folder is fsynced: the folder, opened read-only, is fsynced
    after the new file is in place (and, for a deletion, after the file is gone)."""
    events: list[tuple[str, str]] = []
    temporaries: list[Path] = []
    opened: dict[int, str] = {}
    real_open, real_fsync, real_replace = os.open, os.fsync, os.replace

    def spy_open(path: Any, flags: int, *args: Any) -> int:
        descriptor = real_open(path, flags, *args)
        opened[descriptor] = str(path)
        if os.path.isdir(path):  # mkstemp opens the temporary file with os.open too
            events.append(("open", f"{path} {'rdonly' if flags == os.O_RDONLY else flags}"))
        return descriptor

    def spy_fsync(descriptor: int) -> None:
        folder = stat.S_ISDIR(os.fstat(descriptor).st_mode)
        events.append(("fsync", f"folder {opened[descriptor]}" if folder else "file"))
        real_fsync(descriptor)

    def spy_replace(source: Any, target: Any) -> None:
        temporaries.append(Path(source))
        events.append(("replace", str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    target = tmp_path / "figures.yaml"

    atomic.write_bytes_atomic(target, b"records: []\n")

    assert events == [
        ("fsync", "file"),
        ("replace", str(target)),
        ("open", f"{tmp_path} rdonly"),
        ("fsync", f"folder {tmp_path}"),
    ]
    # The temporary sits beside the file (a rename across file systems is not atomic), hidden, named
    # after it and ending .tmp, so the settling of a crash finds and removes it (`.figures.yaml.*.tmp`).
    (temporary,) = temporaries
    assert temporary.parent == tmp_path
    assert temporary.name.startswith(".figures.yaml.") and temporary.name.endswith(".tmp")
    events.clear()
    atomic.remove_durably(target)
    assert not target.exists()
    assert events == [("open", f"{tmp_path} rdonly"), ("fsync", f"folder {tmp_path}")]
    events.clear()
    atomic.remove_durably(target)  # already gone: fine, and still made durable
    assert events == [("open", f"{tmp_path} rdonly"), ("fsync", f"folder {tmp_path}")]


def test_a_failed_rename_leaves_no_temporary_and_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "QLCN.yaml"
    target.write_bytes(b"old\n")

    def refuse(source: Any, destination: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic.write_bytes_atomic(target, b"new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["QLCN.yaml"]
    assert target.read_bytes() == b"old\n"


def test_a_device_or_folder_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "report.html"
    folder.mkdir()
    with pytest.raises(atomic.NotARegularFile) as refused:
        atomic.write_bytes_atomic(folder, b"<html>")
    assert str(refused.value) == (
        f"[Errno 0] not a regular file (a device, pipe, socket or folder); kpi writes only "
        f"regular files, or standard output with -o -: '{folder}'"
    )
    assert folder.is_dir()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (30, "the file system is read-only"),
        (28, "no space left on the disk"),
        (122, "the disk quota is used up"),
        (13, "permission denied"),
        (1, "permission denied"),
        (2, "no such file or folder"),
        (20, "a part of the path is a file, not a folder"),
        (21, "it is a folder"),
        (17, "a file of that name is in the way"),
        (5, "Input/output error"),
    ],
)
def test_the_operating_systems_refusals_in_words(tmp_path: Path, code: int, words: str) -> None:
    error = OSError(code, os.strerror(code))
    refusal = atomic.CannotWrite(tmp_path / "a.yaml", error, "nothing was recorded")
    assert atomic.why(error) == words
    assert str(refusal) == f"cannot write {tmp_path / 'a.yaml'}: {words}; nothing was recorded"
    assert (refusal.path, refusal.error) == (tmp_path / "a.yaml", error)
    assert atomic.why(OSError("no errno at all")) == "no errno at all"


# ---------------------------------------------------------------- what is recorded


@pytest.mark.slow
def test_the_same_figure_with_a_new_note_is_a_change_not_a_no_op(data: Path) -> None:
    path = data / "actuals" / Q2 / "QLCN.yaml"
    assert kpi(data, "record", "B.1", "-q", Q2, "--value", "850", "--note", "tạm tính").exit_code == 0
    before = path.read_bytes()

    # The same figure, the same note, or no note at all: nothing to do.
    for extra in (["--note", "tạm tính"], []):
        same = kpi(data, "record", "B.1", "-q", Q2, "--value", "850", *extra)
        assert same.exit_code == 0
        assert same.stdout.startswith("unchanged: B.1 (Enterprises trained) 2018-Q2 = 850 is already recorded")
        assert path.read_bytes() == before
    # A new note (or evidence, or source) would be dropped silently if it counted as the same.
    for option in ("--note", "--source"):
        changed = kpi(data, "record", "B.1", "-q", Q2, "--value", "850", option, "số chính thức")
        assert changed.exit_code == 2
        assert changed.stderr.startswith(
            "kpi: error: ID: B.1 (Enterprises trained) is already recorded for 2018-Q2: 850 (by "
        )
        assert path.read_bytes() == before
    replaced = kpi(data, "record", "B.1", "-q", Q2, "--value", "850", "--note", "số chính thức", "--replace")
    assert replaced.exit_code == 0, replaced.output
    read = read_actuals(path)
    assert read.actuals is not None
    assert [(r.indicator, r.value, r.note) for r in read.actuals.records] == [
        ("B.1.1", Decimal(5), None),
        ("B.1", Decimal(850), "số chính thức"),
    ]


def test_the_same_done_date_with_new_evidence_is_a_change(data: Path) -> None:
    assert kpi(data, "record", "B.8", "-q", Q2, "--done", "--date", "2018-05-02", "--evidence", "QĐ 1").exit_code == 0
    again = kpi(data, "record", "B.8", "-q", Q2, "--done", "--date", "2018-05-02", "--evidence", "QĐ 2")
    assert again.exit_code == 2
    assert "B.8 is already recorded for 2018-Q2: done on 2018-05-02 (by " in again.stderr
    later = kpi(data, "record", "B.8", "-q", Q2, "--done", "--date", "2018-05-03", "--evidence", "QĐ 1")
    assert later.exit_code == 2


def test_an_edit_that_would_not_read_back_is_never_written(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edited text is parsed and compared record by record before anything is written; a
    splice that lost, added or garbled a record is a bug (exit 3), and no file changes."""
    before = tree(data)
    real_edit = recording.edit_actuals
    path = data / "actuals" / Q2 / "QLCN.yaml"

    def dropping_the_old_record(
        text: str, appended: Any, replaced: Any, composed: Any = None, lines: Any = None
    ) -> str:
        return real_edit(text, appended, replaced, composed, lines).replace(
            "  - indicator: B.1.1  # nhập tay\n    value: 5\n", ""
        )

    def garbling(text: str, appended: Any, replaced: Any, composed: Any = None, lines: Any = None) -> str:
        return real_edit(text, appended, replaced, composed, lines) + "records: [\n"

    def a_wrong_figure(text: str, appended: Any, replaced: Any, composed: Any = None, lines: Any = None) -> str:
        return real_edit(text, appended, replaced, composed, lines).replace("value: 850", "value: 851")

    def a_finding(text: str, appended: Any, replaced: Any, composed: Any = None, lines: Any = None) -> str:
        return real_edit(text, appended, replaced, composed, lines).replace("owner: QLCN", "owner: QLCN\nnotes: x")

    for broken, reason in [
        (dropping_the_old_record, "would not read back as intended"),
        (a_wrong_figure, "would not read back as intended"),
        (a_finding, "would not read back as intended"),
        (garbling, "would not parse"),
    ]:
        monkeypatch.setattr(recording, "edit_actuals", broken)
        with pytest.raises(EditNotVerified) as refused:
            record_entries(data, [entry("B.1", "850")], today=date(2018, 7, 1))
        assert str(refused.value).startswith(f"refusing to write {path}: the edited file {reason}")
        assert refused.value.exit_code == 3
        assert tree(data) == before

    monkeypatch.setattr(recording, "edit_actuals", real_edit)
    done = record_entries(data, [entry("B.1", "850")], today=date(2018, 7, 1))
    assert [o.action.value for o in done.outcomes] == ["added"]
    assert done.written == [path]


def test_the_verification_also_covers_a_new_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(data)
    real_edit = recording.edit_actuals
    monkeypatch.setattr(
        recording,
        "edit_actuals",
        lambda text, appended, replaced, composed=None, lines=None: real_edit(
            text, appended, replaced, composed, lines
        ).replace("40", "41"),
    )
    with pytest.raises(EditNotVerified):
        record_entries(data, [entry("B.1", "40", quarter="2018-Q3")], today=date(2018, 10, 1))
    assert tree(data) == before


# ---------------------------------------------------------------- a CSV row that says two things


def test_a_csv_row_with_more_cells_than_the_header_is_refused(data: Path, tmp_path: Path) -> None:
    before = tree(data)
    sheet = tmp_path / "qlcn.csv"
    sheet.write_text("indicator,value\nB.1,850,note?\nB.1.2,7\n", encoding="utf-8")

    result = kpi(data, "record", "--from", str(sheet), "-q", Q2)

    assert result.exit_code == 2
    assert result.stderr == f"kpi: {sheet}:2: error: row (column C): has 3 cells but the header names 2 columns\n"
    assert tree(data) == before


def test_a_csv_row_with_a_value_and_a_done_date_is_refused(data: Path, tmp_path: Path) -> None:
    before = tree(data)
    sheet = tmp_path / "qlcn.csv"
    sheet.write_text("indicator,value,done\nB.8,1,2018-05-02\nB.1.2,7,\n", encoding="utf-8")

    result = kpi(data, "record", "--from", str(sheet), "-q", Q2)

    assert result.exit_code == 2
    assert result.stderr == f"kpi: {sheet}:2: error: value (column B): a row gives a value or a done date, not both\n"
    assert tree(data) == before


def test_a_refused_batch_names_every_problem_in_file_order(data: Path) -> None:
    with pytest.raises(RecordRefused) as refused:
        record_entries(data, [entry("B.1.1", "6"), entry("B.1", "850"), entry("B.1", "851")], today=date(2018, 7, 1))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        (
            "indicator",
            "B.1.1 (Firms of the 4 key industries trained) is already recorded for 2018-Q2: 5 in QLCN.yaml; rerun with --replace to "
            "overwrite it (the old figure is kept in its history)",
        ),
        ("indicator", "B.1 (Enterprises trained) 2018-Q2 is given twice"),
    ]

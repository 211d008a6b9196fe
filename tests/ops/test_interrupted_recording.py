"""An interrupted recording is finished or undone, never left half done (docs/safety.md).

`kpi record` writes its journal first (each file's old and new bytes, the commit message), then
the files one by one, then the commit, and removes the journal last; the next command that reads
the actuals settles a journal left behind: all files new -> finished (and committed if that was
due), otherwise every file put back; a file changed since, or a journal that does not read back,
stops the settling with the file named.

tests/ops/test_crash_recovery.py kills real processes; these tests run the same steps in this process
(so that mutation testing sees both sides): at a crash point, `os._exit` is replaced by taking an
image of the repository as it is at that instant, which is what a `kill -9` would leave, and the
next command then settles that image.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.files import atomic, journal
from kpi.files.trail import GitError
from kpi.model.quarters import Quarter
from kpi.ops.record_model import Entry
from kpi.ops.recording import record_entries
from tests.support import MINIMAL_CATALOGUE, SHIPPED_DATA, git, use_git_as

ACTUALS = Path("data") / "actuals"
JOURNAL = ACTUALS / ".kpi-journal.json"
EARLIER = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1  # nhập tay\n    value: 5\n"
# The three files of the import below, in the order kpi writes them.
FILES = ["2018-Q2/QLCN.yaml", "2018-Q3/SHTT.yaml", "2018-Q3/QLCN.yaml"]
SHOWN = "data/actuals/2018-Q2/QLCN.yaml, data/actuals/2018-Q3/SHTT.yaml, data/actuals/2018-Q3/QLCN.yaml"
STARTED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # local time, to the second


class Killed(BaseException):
    """The process ended at a crash point (what `os._exit(137)` does; here the test goes on)."""


def tree(repo: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under data/actuals, the lock file aside."""
    folder = repo / ACTUALS
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
        if p.name != ".kpi.lock"
    }


def leftovers(repo: Path) -> list[str]:
    """Temporaries, a journal, or a folder left empty."""
    folder = repo / ACTUALS
    found = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name == JOURNAL.name]
    found += [p for p in folder.rglob("*") if p.is_dir() and not any(p.iterdir())]
    return sorted(p.relative_to(folder).as_posix() for p in found)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the minimal catalogue and one hand-written actuals file, committed;
    the working folder is the repository, so files are named as a user there sees them."""
    use_git_as(monkeypatch, tmp_path, "Nguyễn Văn An", "an@skhcn.example")
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    root = tmp_path / "repo"
    (root / ACTUALS / "2018-Q2").mkdir(parents=True)
    (root / "data" / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    shutil.copy(SHIPPED_DATA / "actuals" / ".gitignore", root / ACTUALS)
    (root / ACTUALS / FILES[0]).write_text(EARLIER, encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Plan 62 catalogue")
    monkeypatch.chdir(root)
    return root


def crash_at(monkeypatch: pytest.MonkeyPatch, step: str, repo: Path, image: Path) -> None:
    """At `step`, keep an image of `repo` as a kill would leave it and end the run with Killed."""
    monkeypatch.setenv("KPI_TEST_CRASH_AT", step)

    def killed(code: int) -> NoReturn:
        assert code == 137  # the status a shell reports for kill -9 (128 + 9), as the crash tests expect
        shutil.copytree(repo, image, symlinks=True)
        raise Killed(step)

    monkeypatch.setattr(os, "_exit", killed)


def after_the_crash(monkeypatch: pytest.MonkeyPatch, image: Path) -> None:
    """The next command runs on the image, with no crash asked for."""
    monkeypatch.delenv("KPI_TEST_CRASH_AT")
    monkeypatch.chdir(image)


def import_three_files(data: Path, commit: bool = True) -> None:
    """One figure into the existing QLCN 2018-Q2 file, two into new files of a new 2018-Q3 folder."""
    q2, q3 = Quarter(2018, 2), Quarter(2018, 3)
    record_entries(
        data,
        [
            Entry(indicator="B.1", quarter=q2, value=Decimal(850), recorded_by="Trần Thị Bình"),
            Entry(indicator="B.1", quarter=q3, value=Decimal(40), owner="SHTT", recorded_by="Trần Thị Bình"),
            Entry(indicator="B.1.1", quarter=q3, value=Decimal(7), recorded_by="Trần Thị Bình"),
        ],
        commit=commit,
        today=date(2018, 10, 5),
    )


def refusing_hook(repo: Path, says: str) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\necho '{says}' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)


def started_of(repo: Path) -> str:
    started = json.loads((repo / JOURNAL).read_text(encoding="utf-8"))["started"]
    assert STARTED.fullmatch(started), started
    return str(started)


# ---------------------------------------------------------------- killed at each step


# step -> how many of the three files hold their new text at that instant, and whether the commit is made
STEPS = {
    "journal-written": (0, False),
    "file-1-renamed": (1, False),
    "file-2-renamed": (2, False),
    "file-3-renamed": (3, False),
    "before-commit": (3, False),
    "staged": (3, False),  # `git add` ran, `git commit` did not
    "after-commit": (3, True),
    "journal-removing": (3, True),
    "journal-removed": (3, True),
}


@pytest.mark.slow
@pytest.mark.parametrize("step", list(STEPS))
def test_an_import_killed_at_each_step_leaves_that_step_on_disk_and_is_then_settled_all_or_nothing(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before, head = tree(repo), git(repo, "rev-parse", "HEAD").strip()
    image = tmp_path / "image"
    crash_at(monkeypatch, step, repo, image)

    with pytest.raises(Killed):
        import_three_files(repo / "data")

    written, committed = STEPS[step]
    at_crash = tree(image)
    assert [at_crash.get(name) != before.get(name) for name in FILES] == [True] * written + [False] * (3 - written)
    assert (git(image, "rev-list", "--count", "HEAD") == "2\n") is committed
    assert (image / JOURNAL).exists() is (step != "journal-removed")
    after_the_crash(monkeypatch, image)
    if step == "journal-removed":  # the recording was complete: nothing to settle
        assert journal.settle_pending(image / "data") is None
        return
    started = started_of(image)
    moment = datetime.strptime(started, "%Y-%m-%d %H:%M:%S")
    assert abs(datetime.now() - moment) < timedelta(minutes=5)  # when the recording began, in local time

    settled = journal.settle_pending(image / "data")

    assert settled is not None
    if written < 3:
        assert settled.notice() == (
            f"undid a recording interrupted at {started} before it was complete: {SHOWN} put back as they were; "
            "record it again"
        )
        assert tree(image) == before
        assert git(image, "rev-parse", "HEAD").strip() == head
    else:
        new_head = git(image, "rev-parse", "HEAD").strip()
        assert settled.notice() == (
            f"finished a recording interrupted at {started}: {SHOWN} written and committed as {new_head[:12]}"
        )
        assert {name: tree(image)[name] for name in FILES} == {name: at_crash[name] for name in FILES}
        assert git(image, "rev-list", "--count", "HEAD") == "2\n"
        assert git(image, "show", "--name-only", "--format=", "HEAD").split() == sorted(f"{ACTUALS}/{n}" for n in FILES)
    assert git(image, "status", "--porcelain") == ""
    assert leftovers(image) == []
    assert journal.settle_pending(image / "data") is None  # settled once and for all


def test_an_import_without_commit_killed_after_its_last_file_is_finished_without_a_commit(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = tmp_path / "image"
    crash_at(monkeypatch, "file-3-renamed", repo, image)
    with pytest.raises(Killed):
        import_three_files(repo / "data", commit=False)
    after_the_crash(monkeypatch, image)
    started = started_of(image)

    settled = journal.settle_pending(image / "data")

    assert settled is not None
    assert settled.notice() == f"finished a recording interrupted at {started}: {SHOWN} written"
    assert git(image, "rev-list", "--count", "HEAD") == "1\n"
    assert leftovers(image) == []


# ---------------------------------------------------------------- a commit refused


def test_a_commit_refused_by_a_hook_puts_every_file_back_and_unstages_them(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, head = tree(repo), git(repo, "rev-parse", "HEAD").strip()
    refusing_hook(repo, "kpi check failed")
    ended: list[int] = []
    monkeypatch.setattr(os, "_exit", ended.append)  # without KPI_TEST_CRASH_AT no step ends the process

    with pytest.raises(GitError, match="git commit failed, nothing recorded: kpi check failed"):
        import_three_files(repo / "data")

    assert tree(repo) == before
    assert git(repo, "status", "--porcelain") == ""  # nothing left staged either
    assert git(repo, "rev-parse", "HEAD").strip() == head
    assert ended == []


def test_a_crash_while_putting_files_back_is_undone_by_the_next_command(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, head = tree(repo), git(repo, "rev-parse", "HEAD").strip()
    refusing_hook(repo, "kpi check failed")
    image = tmp_path / "image"
    crash_at(monkeypatch, "undo-file-1", repo, image)

    with pytest.raises(Killed):
        import_three_files(repo / "data")

    at_crash = tree(image)  # the first file put back, the two others not yet, all three still staged
    assert [at_crash.get(name) == before.get(name) for name in FILES] == [True, False, False]
    assert git(image, "diff", "--cached", "--name-only").split() == sorted(f"{ACTUALS}/{n}" for n in FILES)
    after_the_crash(monkeypatch, image)
    started = started_of(image)

    settled = journal.settle_pending(image / "data")

    assert settled is not None
    assert settled.notice() == (
        f"undid a recording interrupted at {started} before it was complete: {SHOWN} put back as they were; "
        "record it again"
    )
    assert tree(image) == before
    assert git(image, "status", "--porcelain") == ""
    assert git(image, "rev-parse", "HEAD").strip() == head


def test_a_commit_that_fails_when_settling_undoes_the_recording_and_says_why(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(repo)
    image = tmp_path / "image"
    crash_at(monkeypatch, "before-commit", repo, image)
    with pytest.raises(Killed):
        import_three_files(repo / "data")
    after_the_crash(monkeypatch, image)
    refusing_hook(image, "kpi check failed on file X.")  # its full stop goes: the reason sits inside a sentence
    started = started_of(image)

    settled = journal.settle_pending(image / "data")

    assert settled is not None
    assert settled.notice() == (
        f"undid a recording interrupted at {started} because its commit failed (git commit failed, nothing "
        f"recorded: kpi check failed on file X): {SHOWN} put back as they were; record it again"
    )
    assert tree(image) == before
    assert git(image, "status", "--porcelain") == ""


def test_a_recording_due_a_commit_outside_a_git_work_tree_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository was moved away after the crash: the commit cannot be made, so nothing is kept."""
    data = data_folder(tmp_path, monkeypatch)
    path = data / "actuals" / FILES[0]
    journal.begin(data, {path: b"quarter: 2018-Q2\nowner: QLCN\nrecords: []\n"}, "Record B.1 firms for 2018-Q2: 850")
    atomic.write_bytes_atomic(path, b"quarter: 2018-Q2\nowner: QLCN\nrecords: []\n")  # every file new
    started = started_of(tmp_path)

    settled = journal.settle_pending(data)

    assert settled is not None
    assert settled.notice() == (
        f"undid a recording interrupted at {started} because its commit failed ({data / 'actuals'} is not inside "
        "a git work tree): data/actuals/2018-Q2/QLCN.yaml put back as they were; record it again"
    )
    assert path.read_text(encoding="utf-8") == EARLIER
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- when even putting back fails


def test_a_failed_write_whose_undo_fails_too_leaves_the_journal_for_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(tmp_path, monkeypatch)
    before = tree(tmp_path)
    real = journal.write_bytes_atomic
    calls: list[Path] = []

    def disk_trouble(path: Path, content: bytes) -> None:
        calls.append(path)
        if path.name == "SHTT.yaml":  # the second file: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        if calls.count(path) > 1:  # putting the first file back: the disk has gone read-only
            raise OSError(errno.EROFS, "Read-only file system")
        real(path, content)

    monkeypatch.setattr(journal, "write_bytes_atomic", disk_trouble)

    with pytest.raises(journal.RecoveryBlocked) as blocked:
        import_three_files(data, commit=False)

    assert str(blocked.value) == (
        "cannot write data/actuals/2018-Q3/SHTT.yaml: no space left on the disk; nothing was recorded; putting the "
        "files back failed too (the file system is read-only): data/actuals/.kpi-journal.json keeps their old "
        "content, and the next kpi command puts them back"
    )
    assert (tmp_path / JOURNAL).exists()
    monkeypatch.setattr(journal, "write_bytes_atomic", real)  # the disk is writable again

    settled = journal.settle_pending(data)

    assert settled is not None and settled.notice().startswith("undid a recording interrupted at ")
    assert tree(tmp_path) == before


# ---------------------------------------------------------------- what stops the settling


def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/data with the minimal catalogue and QLCN's 2018-Q2 file, not in git; tmp_path is the working folder."""
    data = tmp_path / "data"
    (data / "actuals" / "2018-Q2").mkdir(parents=True)
    (data / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    (data / "actuals" / FILES[0]).write_text(EARLIER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    return data


def test_a_file_that_cannot_be_read_stops_the_settling_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(tmp_path, monkeypatch)
    path = data / "actuals" / FILES[0]
    journal.begin(data, {path: b"records: []\n"}, None)
    path.unlink()
    path.mkdir()  # someone put a folder where the file was

    with pytest.raises(journal.RecoveryBlocked) as blocked:
        journal.settle_pending(data)

    assert str(blocked.value) == (
        "a recording was interrupted (data/actuals/.kpi-journal.json), and data/actuals/2018-Q2/QLCN.yaml cannot "
        "be read: it is not a regular file"
    )
    assert (tmp_path / JOURNAL).exists() and path.is_dir()


def edited_journal(data: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = journal.journal_path(data)
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def first_file(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["files"][0].update(changes)


UNREADABLE = {
    "another format": (lambda d: d.update(format=2), "format 2"),
    "a commit message that is not text": (lambda d: d.update(commit_message=5), "commit_message"),
    "no files": (lambda d: d.update(files=[]), "no files"),
    "a path outside a quarter folder": (first_file(path="QLCN.yaml"), "not an actuals file: 'QLCN.yaml'"),
    "a path one folder too deep": (
        first_file(path="data/2018-Q2/QLCN.yaml"),
        "not an actuals file: 'data/2018-Q2/QLCN.yaml'",
    ),
    "a hidden folder": (first_file(path=".git/QLCN.yaml"), "not an actuals file: '.git/QLCN.yaml'"),
    "a hidden file": (first_file(path="2018-Q2/.QLCN.yaml"), "not an actuals file: '2018-Q2/.QLCN.yaml'"),
    "not a YAML file": (first_file(path="2018-Q2/QLCN.txt"), "not an actuals file: '2018-Q2/QLCN.txt'"),
    "a backslash": (first_file(path="2018-Q2/QL\\CN.yaml"), "not an actuals file: '2018-Q2/QL\\\\CN.yaml'"),
    "a path that is not text": (first_file(path=5), "not an actuals file: 5"),
    "no new content": (first_file(new=None, new_sha256=None), "2018-Q2/QLCN.yaml: no new content"),
    "new content changed": (
        first_file(new="records: [] # sửa\n"),
        "2018-Q2/QLCN.yaml: the new content does not match its sha256",
    ),
    "old content changed": (
        first_file(old="records: []\n"),
        "2018-Q2/QLCN.yaml: the old content does not match its sha256",
    ),
}


@pytest.mark.parametrize(("edit", "reason"), UNREADABLE.values(), ids=list(UNREADABLE))
def test_a_journal_that_does_not_read_back_is_never_acted_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[dict[str, Any]], None], reason: str
) -> None:
    data = data_folder(tmp_path, monkeypatch)
    path = data / "actuals" / FILES[0]
    journal.begin(data, {path: b"records: []\n"}, None)
    edited_journal(data, edit)
    before = tree(tmp_path)

    with pytest.raises(journal.RecoveryBlocked) as blocked:
        journal.settle_pending(data)

    assert str(blocked.value) == (
        f"a recording was interrupted, but its journal data/actuals/.kpi-journal.json cannot be read ({reason}); "
        "inspect it, then delete it"
    )
    assert tree(tmp_path) == before


@pytest.mark.parametrize("says_so", [True, False], ids=["journal says kpi made the folder", "journal is silent"])
def test_a_quarter_folder_is_removed_on_undo_only_when_the_journal_says_kpi_made_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, says_so: bool
) -> None:
    data = data_folder(tmp_path, monkeypatch)
    new_file, old_file = data / "actuals" / FILES[1], data / "actuals" / FILES[0]
    journal.begin(data, {new_file: b"records: []\n", old_file: b"records: []\n"}, None)
    if not says_so:  # a journal written by hand, or by a kpi that did not say
        edited_journal(data, lambda d: d["files"][0].pop("folder_created"))
    atomic.write_bytes_atomic(new_file, b"records: []\n")  # killed after the first file

    settled = journal.settle_pending(data)

    assert settled is not None and not new_file.exists()
    assert new_file.parent.exists() is not says_so
    assert old_file.read_text(encoding="utf-8") == EARLIER


def test_the_notice_gives_the_time_the_journal_says_the_recording_began(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(tmp_path, monkeypatch)
    path = data / "actuals" / FILES[0]
    journal.begin(data, {path: b"records: []\n"}, None)
    edited_journal(data, lambda d: d.update(started="2018-07-05 09:15:00"))
    atomic.write_bytes_atomic(path, b"records: []\n")

    settled = journal.settle_pending(data)

    assert settled is not None
    assert settled.notice() == (
        "finished a recording interrupted at 2018-07-05 09:15:00: data/actuals/2018-Q2/QLCN.yaml written"
    )


# ---------------------------------------------------------------- the journal itself


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_journal_is_json_a_person_can_read_with_each_files_old_and_new_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(tmp_path, monkeypatch)
    new_q2 = EARLIER + "  - indicator: B.1\n    value: 850\n    recorded_by: Trần Thị Bình\n"
    new_q3 = "quarter: 2018-Q3\nowner: SHTT\nrecords: []\n"
    changes = {data / "actuals" / FILES[0]: new_q2.encode(), data / "actuals" / FILES[1]: new_q3.encode()}

    journal.begin(data, changes, "Record B.1 firms for 2018-Q2: 850")

    text = (tmp_path / JOURNAL).read_text(encoding="utf-8")
    document = json.loads(text)
    assert STARTED.fullmatch(document.pop("started"))
    assert document == {
        "format": 1,
        "about": "kpi record's intent record: the next kpi command that reads the actuals finishes or undoes this "
        "recording. See the Safety section of kpi's README before deleting it by hand.",
        "commit_message": "Record B.1 firms for 2018-Q2: 850",
        "files": [
            {
                "path": "2018-Q2/QLCN.yaml",
                "folder_created": False,
                "old": EARLIER,
                "old_sha256": sha256(EARLIER),
                "new": new_q2,
                "new_sha256": sha256(new_q2),
            },
            {
                "path": "2018-Q3/SHTT.yaml",
                "folder_created": True,
                "old": None,
                "new": new_q3,
                "new_sha256": sha256(new_q3),
            },
        ],
    }
    # Laid out for a person comparing it with the files: one key a line, indented, Vietnamese as written.
    assert text.startswith('{\n  "format": 1,\n  "about": "kpi record')
    assert "recorded_by: Trần Thị Bình" in text
    assert text.endswith("\n}\n")
    assert tree(tmp_path)["2018-Q2/QLCN.yaml"] == EARLIER.encode()  # nothing else written yet


def test_bytes_that_are_not_utf8_are_kept_in_base64(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = data_folder(tmp_path, monkeypatch)
    path = data / "actuals" / FILES[0]
    path.write_bytes("quarter: 2018-Q2 # Quý II\n".encode("utf-16"))  # saved by an editor in UTF-16

    journal.begin(data, {path: b"records: []\n"}, None)

    entry = json.loads((tmp_path / JOURNAL).read_text(encoding="utf-8"))["files"][0]
    old = "quarter: 2018-Q2 # Quý II\n".encode("utf-16")
    assert entry["old_base64"] == base64.b64encode(old).decode("ascii")
    assert entry["old_sha256"] == hashlib.sha256(old).hexdigest()
    assert "old" not in entry


contents = st.binary(max_size=64) | st.text(max_size=32).map(lambda t: t.encode("utf-8"))


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    old=st.tuples(st.none() | contents, st.none() | contents),
    new=st.tuples(contents, contents),
    written=st.integers(0, 2),
)
def test_any_bytes_are_put_back_or_finished_exactly(
    old: tuple[bytes | None, bytes | None], new: tuple[bytes, bytes], written: int
) -> None:
    """Whatever two files held and were to hold, killed after any number of them was written, the
    next command leaves both exactly as they were, or both exactly as meant."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        (data / "actuals").mkdir(parents=True)
        paths = [data / "actuals" / name for name in FILES[:2]]
        for path, content in zip(paths, old):
            if content is not None:
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(content)
        journal.begin(data, dict(zip(paths, new)), None)
        for path, content in list(zip(paths, new))[:written]:
            atomic.write_bytes_atomic(path, content)

        settled = journal.settle_pending(data)

        now = [path.read_bytes() if path.exists() else None for path in paths]
        assert settled is not None
        if written == 2 or all(o == n for o, n in zip(old[written:], new[written:])):
            assert now == list(new)
            assert settled.notice().startswith("finished")
        else:
            assert now == list(old)
            assert settled.notice().startswith("undid")
            assert paths[1].parent.exists() is (old[1] is not None)  # a folder made for the recording goes too
        assert not journal.pending(data)


def test_a_pending_recording_that_cannot_take_the_lock_is_named_with_why(tmp_path: Path) -> None:
    from filelock import FileLock

    data = tmp_path / "data"
    target = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    target.parent.mkdir(parents=True)
    journal.begin(data, {target: b"quarter: 2018-Q2\nowner: QLCN\nrecords: []\n"}, None)
    lock = data / "actuals" / ".kpi.lock"
    # Another kpi record holds the writers' lock.
    with FileLock(lock), pytest.raises(journal.RecoveryBlocked) as caught:
        journal.settle_pending(data, timeout=0.05)
    assert str(caught.value) == (
        f"a recording was interrupted ({journal.journal_path(data)}) and cannot be settled now: "
        f"another kpi record has held {lock} for 0.05 s; try again"
    )
    assert journal.pending(data)  # nothing was settled: the next command tries again

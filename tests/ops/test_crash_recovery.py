"""A recording killed at any step is finished or undone by the next kpi command, which says so.

Every step of `kpi record` is a place where `KPI_TEST_CRASH_AT=<step>` ends the process at once
(`os._exit(137)`, as `kill -9` would: no cleanup, no handler). After each, a second command
must find the ledger consistent: every file all old or all new, the commit there exactly when
the files are new, `kpi log` showing the recording once or not at all, no journal, no stray
temporaries, no empty folder, and one clear line on stderr saying what was settled.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import git
from tests.support.crashes import (
    EARLIER,
    JOURNAL,
    QLCN_Q2,
    SINGLE,
    committed_repository,
    in_repo,
    snapshot,
    stray,
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the minimal catalogue and one hand-written actuals file, committed."""
    return committed_repository(tmp_path, monkeypatch)


def recorded(log_csv: str) -> list[str]:
    """The rows of `kpi log --format csv` that kpi recorded (not the catalogue's commit by hand)."""
    return [line for line in log_csv.splitlines()[1:] if "(by hand)" not in line]


# ---------------------------------------------------------------- one figure, with --commit

# Each step, and whether the recording is complete enough to be finished after a crash there.
SINGLE_STEPS = {
    "journal-written": "undone",  # the journal is there, no file changed yet
    "file-1-renamed": "finished",  # the file holds its new text: commit it
    "before-commit": "finished",
    "staged": "finished",  # `git add` ran, `git commit` did not
    "after-commit": "finished",  # committed: nothing more to commit, only the journal to remove
    "journal-removing": "finished",
    "journal-removed": "clean",  # the recording was complete; nothing to settle
}


@pytest.mark.parametrize("step", list(SINGLE_STEPS))
def test_a_recording_with_commit_killed_at_each_step_is_settled_by_kpi_log(repo: Path, step: str) -> None:
    before, head = snapshot(repo), git(repo, "rev-parse", "HEAD").strip()

    killed = in_repo(repo, *SINGLE, crash_at=step)

    assert killed.returncode == 137, killed.stderr
    assert killed.stdout == ""
    assert (repo / JOURNAL).exists() == (step != "journal-removed")

    after = in_repo(repo, "log", "--format", "csv")

    assert after.returncode == 0, after.stderr
    outcome = SINGLE_STEPS[step]
    text = (repo / QLCN_Q2).read_text(encoding="utf-8")
    commits = git(repo, "rev-list", "HEAD").split()
    if outcome == "undone":
        assert after.stderr.startswith("kpi: undid a recording interrupted at ")
        assert after.stderr.endswith(
            " before it was complete: data/actuals/2018-Q2/QLCN.yaml put back as they were; record it again\n"
        )
        assert snapshot(repo) == before
        assert commits == [head]
        assert recorded(after.stdout) == []
    else:
        new_head = git(repo, "rev-parse", "HEAD").strip()
        if outcome == "finished":
            assert after.stderr.startswith("kpi: finished a recording interrupted at ")
            assert after.stderr.endswith(f": data/actuals/2018-Q2/QLCN.yaml written and committed as {new_head[:12]}\n")
        else:
            assert after.stderr == ""
        assert text.startswith(EARLIER) and "value: 850" in text
        assert len(commits) == 2 and commits[1] == head
        assert git(repo, "log", "-1", "--format=%s") == "Record B.1 firms for 2018-Q2: 850\n"
        assert git(repo, "show", "--name-only", "--format=", "HEAD") == "data/actuals/2018-Q2/QLCN.yaml\n"
        rows = recorded(after.stdout)
        assert len(rows) == 1 and ",Trần Thị Bình,B.1 firms,2018-Q2,850," in rows[0]
    assert git(repo, "status", "--porcelain") == ""
    assert stray(repo) == []
    assert in_repo(repo, "log").stderr == ""  # settled once and for all

    # And recording goes on as usual: no repair by hand.
    again = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--commit")
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    assert git(repo, "status", "--porcelain") == ""


# ---------------------------------------------------------------- several files from one CSV


def three_files(repo: Path) -> Path:
    """A CSV for three files: QLCN 2018-Q2 (exists), QLCN 2018-Q3 and SHTT 2018-Q3 (new, in a new folder)."""
    sheet = repo.parent / "import.csv"
    sheet.write_text(
        "indicator,quarter,value,owner\nB.1,2018-Q2,850,\nB.1,2018-Q3,40,SHTT\nB.1.1,2018-Q3,7,\n", encoding="utf-8"
    )
    return sheet


NEW_FILES = {"2018-Q2/QLCN.yaml", "2018-Q3/QLCN.yaml", "2018-Q3/SHTT.yaml"}


@pytest.mark.parametrize("commit", [True, False], ids=["commit", "no-commit"])
@pytest.mark.parametrize(
    ("step", "outcome"),
    [
        ("journal-written", "undone"),
        ("file-1-renamed", "undone"),
        ("file-2-renamed", "undone"),
        ("file-3-renamed", "finished"),
    ],
)
def test_an_import_killed_between_two_renames_is_all_or_nothing(
    repo: Path, step: str, outcome: str, commit: bool
) -> None:
    sheet = three_files(repo)
    before, head = snapshot(repo), git(repo, "rev-parse", "HEAD").strip()
    args = ["record", "--from", str(sheet), "--by", "Lê Mai", "--commit" if commit else "--no-commit"]

    killed = in_repo(repo, *args, crash_at=step)
    assert killed.returncode == 137, killed.stderr
    settling = in_repo(repo, "status", "--format", "csv")

    assert settling.returncode == 0, settling.stderr
    lines = settling.stderr.splitlines()
    assert len(lines) == 1
    files = "data/actuals/2018-Q2/QLCN.yaml, data/actuals/2018-Q3/SHTT.yaml, data/actuals/2018-Q3/QLCN.yaml"
    if outcome == "undone":
        assert lines[0].startswith("kpi: undid a recording interrupted at ")
        assert lines[0].endswith(f" before it was complete: {files} put back as they were; record it again")
        assert snapshot(repo) == before
        assert git(repo, "rev-parse", "HEAD").strip() == head
    else:
        assert lines[0].startswith("kpi: finished a recording interrupted at ")
        after = snapshot(repo)
        assert {name for name in after if name.endswith(".yaml")} == NEW_FILES
        assert after["2018-Q2/QLCN.yaml"] != before["2018-Q2/QLCN.yaml"]
        if commit:
            new_head = git(repo, "rev-parse", "HEAD").strip()
            assert lines[0].endswith(f": {files} written and committed as {new_head[:12]}")
            assert git(repo, "rev-list", "--count", "HEAD") == "2\n"
            assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == sorted(
                f"data/actuals/{name}" for name in NEW_FILES
            )
            assert len(recorded(in_repo(repo, "log", "--format", "csv").stdout)) == 3
        else:
            assert lines[0].endswith(f": {files} written")
    assert (git(repo, "status", "--porcelain") == "") == (commit or outcome == "undone")
    assert stray(repo) == []
    # the same import again: recorded afresh after an undo, a no-op after a finish
    again = in_repo(repo, *args)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    assert (outcome == "undone") == again.stdout.startswith("recorded: ")


def test_a_crash_while_undoing_is_undone_by_the_next_command(repo: Path) -> None:
    sheet = three_files(repo)
    before = snapshot(repo)
    assert in_repo(repo, "record", "--from", str(sheet), "--commit", crash_at="file-2-renamed").returncode == 137

    interrupted_undo = in_repo(repo, "status", crash_at="undo-file-1")

    assert interrupted_undo.returncode == 137
    assert (repo / JOURNAL).exists()
    settling = in_repo(repo, "show", "B.1")
    assert settling.returncode == 0, settling.stderr
    assert settling.stderr.startswith("kpi: undid a recording interrupted at ")
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain") == ""


def test_the_next_record_settles_first_and_says_so_before_its_own_lines(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="before-commit").returncode == 137

    result = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--commit")

    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("kpi: finished a recording interrupted at ")
    assert result.stdout.startswith("recorded: B.8 2018-Q2 = done on 2018-05-02 in ")
    subjects = git(repo, "log", "--format=%s").splitlines()
    assert subjects == [
        "Record B.8 for 2018-Q2: done 2018-05-02",
        "Record B.1 firms for 2018-Q2: 850",
        "Plan 62 catalogue",
    ]


def test_a_refused_recording_still_says_what_it_settled(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="file-1-renamed").returncode == 137

    result = in_repo(repo, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--commit")

    assert result.returncode == 2
    first, second = result.stderr.splitlines()
    assert first.startswith("kpi: finished a recording interrupted at ")
    assert second.startswith(
        "kpi: error: ID: B.1 (Enterprises trained) is already recorded for 2018-Q2: 850 (by Trần Thị Bình"
    )


# ---------------------------------------------------------------- when settling is not possible


def test_a_file_edited_by_hand_after_the_crash_stops_the_settling(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="before-commit").returncode == 137
    path = repo / QLCN_Q2
    path.write_text(path.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    edited = snapshot(repo)
    message = (
        "a recording was interrupted (data/actuals/.kpi-journal.json), and data/actuals/2018-Q2/QLCN.yaml has "
        "been changed since; compare it with the journal's old and new text, then delete the journal"
    )

    recording = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02")
    reading = in_repo(repo, "status", "--format", "csv")

    assert recording.returncode == 2
    assert recording.stderr == f"kpi: error: {message}\n"
    assert reading.returncode == 0
    assert reading.stderr == f"kpi: warning: {message}; the figures shown read the files as they are\n"
    assert snapshot(repo) == edited  # nothing touched, the journal kept for a person to read
    journal = json.loads((repo / JOURNAL).read_text(encoding="utf-8"))
    assert journal["files"][0]["path"] == "2018-Q2/QLCN.yaml"
    assert journal["files"][0]["old"] == EARLIER
    assert "value: 850" in journal["files"][0]["new"]
    assert journal["commit_message"].startswith("Record B.1 firms for 2018-Q2: 850\n")

    (repo / JOURNAL).unlink()  # the person decided: keep the file as edited
    assert in_repo(repo, "status").stderr == ""


def test_a_journal_that_does_not_read_back_is_never_acted_on(repo: Path) -> None:
    before = snapshot(repo)
    (repo / JOURNAL).write_text(
        json.dumps(
            {
                "format": 1,
                "started": "x",
                "commit_message": None,
                "files": [{"path": "../../notes.txt", "old": None, "new": "owned\n", "new_sha256": "0"}],
            }
        ),
        encoding="utf-8",
    )

    result = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02")

    assert result.returncode == 2
    assert result.stderr == (
        "kpi: error: a recording was interrupted, but its journal data/actuals/.kpi-journal.json "
        "cannot be read (not an actuals file: '../../notes.txt'); inspect it, then delete it\n"
    )
    assert not (repo / "notes.txt").exists()
    assert {k: v for k, v in snapshot(repo).items() if k != JOURNAL.name} == before


def test_a_commit_that_fails_when_settling_undoes_the_recording(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="before-commit").returncode == 137
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'kpi check failed' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)

    result = in_repo(repo, "log")

    assert result.returncode == 0
    assert result.stderr.startswith("kpi: undid a recording interrupted at ")
    assert result.stderr.endswith(
        " because its commit failed (git commit failed, nothing recorded: kpi check "
        "failed): data/actuals/2018-Q2/QLCN.yaml put back as they were; record it again\n"
    )
    assert (repo / QLCN_Q2).read_text(encoding="utf-8") == EARLIER
    assert git(repo, "status", "--porcelain") == ""
    assert stray(repo) == []


def test_a_dry_run_settles_nothing_and_says_why_it_stops(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="journal-written").returncode == 137
    before = snapshot(repo)

    result = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--dry-run")

    assert result.returncode == 2
    assert result.stderr == (
        "kpi: error: a recording was interrupted and is still pending "
        "(data/actuals/.kpi-journal.json); run kpi record without --dry-run, or kpi status, "
        "to settle it first (this dry run wrote nothing)\n"
    )
    assert snapshot(repo) == before


def test_kpi_check_neither_settles_nor_writes(repo: Path) -> None:
    """check runs in CI and in git hooks: it must never write or commit (a commit inside a
    pre-commit hook would fight git for its index lock)."""
    assert in_repo(repo, *SINGLE, crash_at="before-commit").returncode == 137
    before = snapshot(repo)

    result = in_repo(repo, "check")

    assert snapshot(repo) == before
    # ...but it says so, and fails, so CI does not pass over a recording half done.
    assert result.returncode == 1
    assert "data/actuals/.kpi-journal.json:1:1: error: journal: a recording was interrupted" in result.stdout


def test_the_journal_is_ignored_by_git(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="journal-written").returncode == 137
    assert git(repo, "status", "--porcelain") == ""


def test_in_vietnamese_the_settling_is_said_in_vietnamese(repo: Path) -> None:
    assert in_repo(repo, *SINGLE, crash_at="journal-written").returncode == 137

    result = in_repo(repo, "--lang", "vi", "status", "--format", "csv")

    assert result.returncode == 0
    assert result.stderr.startswith("kpi: đã hủy lần ghi nhận bị gián đoạn lúc ")

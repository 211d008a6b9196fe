"""Crashes around git (issue 27): a killed `git commit`, an approval killed before its commit, and no git at all.

Each test is one defect the probe found, played with real processes: `kill -9` of kpi and the git it
runs (a power cut), of kpi alone (its git runs on), or the crash-test hook `KPI_TEST_CRASH_AT`. After
each, the next command must never undo what git is about to hold (or holds), never say it undid what
it did not, and leave the work tree, the index and HEAD in agreement.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import git, kpi_started
from tests.support.crashes import EARLIER, QLCN_Q2, SINGLE, committed_repository, in_repo, snapshot, stray

APPROVALS = Path("data") / "approvals.yaml"
LOCK = Path(".git") / "index.lock"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the minimal catalogue and one actuals file, committed."""
    return committed_repository(tmp_path, monkeypatch)


def slow_hook(repo: Path, seconds: float) -> Path:
    """A pre-commit hook that keeps `git commit` running (and its index lock held) for a while."""
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nsleep {seconds}\n", encoding="utf-8")
    hook.chmod(0o755)
    return hook


def started(repo: Path, *args: str) -> subprocess.Popen[str]:
    """kpi in a process group of its own, so that a power cut can take its git with it."""
    return kpi_started(
        repo / "data",
        *args,
        cwd=repo,
        env={"KPI_TEST_CRASH_AT": None},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(condition, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def killed_in_its_commit(repo: Path, power_cut: bool, hook_seconds: float) -> None:
    """`kpi record --commit` killed while its `git commit` holds the index lock: with its git (a power cut),
    or alone (its git runs on, an orphan)."""
    slow_hook(repo, hook_seconds)
    process = started(repo, *SINGLE)
    wait_for(lambda: (repo / LOCK).exists())
    if power_cut:
        os.killpg(process.pid, signal.SIGKILL)
    else:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


def assert_in_agreement(repo: Path) -> None:
    """Work tree, index and HEAD agree, and nothing is left to settle."""
    assert git(repo, "status", "--porcelain") == ""
    assert stray(repo) == []
    assert not (repo / LOCK).exists()


# ---------------------------------------------------------------- defect 1: a power cut during the commit


def test_a_power_cut_during_the_commit_stops_the_next_command_at_the_lock_and_undoes_nothing(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    killed_in_its_commit(repo, power_cut=True, hook_seconds=60)
    (repo / ".git" / "hooks" / "pre-commit").unlink()
    assert (repo / LOCK).exists()  # git was killed holding it: it stays until a person removes it
    pending = snapshot(repo)
    assert "value: 850" in (repo / QLCN_Q2).read_text(encoding="utf-8")

    recording = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--commit")
    reading = in_repo(repo, "status", "--format", "csv")
    checking = in_repo(repo, "check")

    lock = repo / LOCK
    assert recording.returncode == 2
    assert recording.stderr == (
        "kpi: error: a recording was interrupted (data/actuals/.kpi-journal.json) and cannot be settled while git "
        f"says no: git's index is locked ({lock}): a git command is running, or one was killed; wait for it to end, "
        f"or, if no git is running, remove {lock} and run kpi again; nothing was finished or undone, and the "
        "journal is kept for the next command\n"
    )
    assert reading.returncode == 0
    assert reading.stderr.startswith("kpi: warning: a recording was interrupted ")
    assert f"git's index is locked ({lock})" in reading.stderr
    assert checking.returncode == 1  # check tells the truth: something is pending
    assert "a recording was interrupted and is not settled yet" in checking.stdout
    assert snapshot(repo) == pending  # nothing undone, the journal kept
    assert git(repo, "rev-parse", "HEAD").strip() == head

    # The person removes the lock, as the message says; the next command finishes the recording, with its trailers.
    lock.unlink()
    settling = in_repo(repo, "log", "--format", "csv")

    assert settling.returncode == 0, settling.stderr
    new_head = git(repo, "rev-parse", "HEAD").strip()
    assert settling.stderr.endswith(f": data/actuals/2018-Q2/QLCN.yaml written and committed as {new_head[:12]}\n")
    assert git(repo, "log", "-1", "--format=%s") == "Record B.1 firms for 2018-Q2: 850\n"
    assert git(repo, "rev-list", "--count", "HEAD") == "2\n"
    assert_in_agreement(repo)
    # An unrelated commit later carries nothing of the recording: it is in its own commit already.
    (repo / "notes.txt").write_text("ghi chú\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "--quiet", "--message", "Notes")
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "notes.txt\n"


def test_an_undo_whose_unstaging_fails_is_never_reported_as_done(repo: Path) -> None:
    """A recording to be undone (killed after its first of three files) while git's index is locked:
    nothing is touched, and nothing is said to be undone, until the lock is gone."""
    sheet = repo.parent / "import.csv"
    sheet.write_text("indicator,quarter,value,owner\nB.1,2018-Q2,850,\nB.1,2018-Q3,40,SHTT\n", encoding="utf-8")
    before = snapshot(repo)
    assert in_repo(repo, "record", "--from", str(sheet), "--commit", crash_at="file-1-renamed").returncode == 137
    (repo / LOCK).write_bytes(b"")
    half = snapshot(repo)

    blocked = in_repo(repo, "status")

    assert "git's index is locked" in blocked.stderr
    assert "undid" not in blocked.stderr
    assert snapshot(repo) == half
    (repo / LOCK).unlink()
    settling = in_repo(repo, "status")
    assert settling.stderr.startswith("kpi: undid a recording interrupted at ")
    assert snapshot(repo) == before
    assert_in_agreement(repo)


def test_a_recording_with_commit_is_refused_before_writing_while_git_holds_its_lock(repo: Path) -> None:
    (repo / LOCK).write_bytes(b"")
    before = snapshot(repo)

    result = in_repo(repo, *SINGLE)

    assert result.returncode == 2
    assert result.stderr == (
        f"kpi: error: git's index is locked ({repo / LOCK}): a git command is running, or one was killed; wait for "
        f"it to end, or, if no git is running, remove {repo / LOCK} and run kpi again\n"
    )
    assert snapshot(repo) == before


# ---------------------------------------------------------------- defect 2: kpi alone killed, its git runs on


def test_kpi_killed_while_its_git_commit_runs_is_settled_by_what_lands_in_head(repo: Path) -> None:
    killed_in_its_commit(repo, power_cut=False, hook_seconds=3)
    assert (repo / LOCK).exists()  # the orphaned git commit is still running
    pending = snapshot(repo)

    while_git_runs = in_repo(repo, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--commit")

    assert while_git_runs.returncode == 2
    assert "git's index is locked" in while_git_runs.stderr
    assert snapshot(repo) == pending  # not undone under the landing commit's feet
    wait_for(lambda: not (repo / LOCK).exists())  # the orphan's commit lands
    assert git(repo, "log", "-1", "--format=%s") == "Record B.1 firms for 2018-Q2: 850\n"
    landed = git(repo, "rev-parse", "HEAD").strip()

    settling = in_repo(repo, "status", "--format", "csv")

    assert settling.returncode == 0, settling.stderr
    assert settling.stderr.startswith("kpi: finished a recording interrupted at ")
    assert settling.stderr.endswith(f"written and committed as {landed[:12]}\n")
    assert git(repo, "rev-parse", "HEAD").strip() == landed  # committed once, by the orphan
    assert "value: 850" in (repo / QLCN_Q2).read_text(encoding="utf-8")
    assert_in_agreement(repo)


def test_a_commit_that_landed_though_its_maker_was_killed_is_kept_even_where_an_older_kpi_put_the_file_back(
    repo: Path,
) -> None:
    """The probe's end state: HEAD holds the figures, the work tree the old text, the journal still there."""
    assert in_repo(repo, *SINGLE, crash_at="after-commit").returncode == 137
    committed = (repo / QLCN_Q2).read_bytes()
    (repo / QLCN_Q2).write_text(EARLIER, encoding="utf-8")  # as an older kpi's "undo" left it

    settling = in_repo(repo, "status")

    assert settling.stderr.startswith("kpi: finished a recording interrupted at ")
    assert (repo / QLCN_Q2).read_bytes() == committed
    assert_in_agreement(repo)


# ---------------------------------------------------------------- defect 3: approve and reopen killed before their commit


def committed_figures(repo: Path) -> None:
    assert in_repo(repo, *SINGLE).returncode == 0


@pytest.mark.parametrize(
    ("step", "outcome"),
    [
        ("journal-written", "undone"),
        ("file-1-renamed", "finished"),
        ("staged", "finished"),
        ("after-commit", "finished"),
    ],
)
def test_an_approval_killed_before_its_commit_is_finished_or_undone_never_in_force_outside_git(
    repo: Path, step: str, outcome: str
) -> None:
    committed_figures(repo)
    head = git(repo, "rev-parse", "HEAD").strip()

    killed = in_repo(repo, "approve", "2018-Q2", "--with-missing", "--by", "Trưởng phòng", crash_at=step)

    assert killed.returncode == 137, killed.stderr
    checking = in_repo(repo, "check")
    assert checking.returncode == 1  # pending: check does not pass over it
    assert "a recording was interrupted and is not settled yet" in checking.stdout
    settling = in_repo(repo, "log", "--format", "csv")
    assert settling.returncode == 0, settling.stderr
    if outcome == "undone":
        assert settling.stderr.startswith("kpi: undid a recording interrupted at ")
        assert not (repo / APPROVALS).exists()
        assert git(repo, "rev-parse", "HEAD").strip() == head
        assert "approved (every unit)" not in settling.stdout
    else:
        new_head = git(repo, "rev-parse", "HEAD").strip()
        assert settling.stderr.endswith(f": data/approvals.yaml written and committed as {new_head[:12]}\n")
        assert git(repo, "log", "-1", "--format=%s") == "Approve 2018-Q2\n"
        assert git(repo, "show", "--name-only", "--format=", "HEAD") == "data/approvals.yaml\n"
        assert ",2018-Q2,approved (every unit)," in settling.stdout
        refused = in_repo(repo, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--replace", "--commit")
        assert refused.returncode == 2 and "is approved" in refused.stderr
    assert_in_agreement(repo)
    assert in_repo(repo, "check").returncode == 0


def test_a_reopening_killed_before_its_commit_is_finished_by_the_next_command(repo: Path) -> None:
    committed_figures(repo)
    assert in_repo(repo, "approve", "2018-Q2", "--with-missing").returncode == 0

    killed = in_repo(repo, "reopen", "2018-Q2", "--reason", "B.1 gõ nhầm", crash_at="staged")
    assert killed.returncode == 137
    settling = in_repo(repo, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--replace", "--commit")

    assert settling.returncode == 0, settling.stderr
    assert settling.stderr.startswith("kpi: finished a recording interrupted at ")
    subjects = git(repo, "log", "--format=%s").splitlines()
    assert subjects[:3] == [
        "Replace B.1 firms for 2018-Q2: 850 -> 900",
        "Reopen 2018-Q2: B.1 gõ nhầm",
        "Approve 2018-Q2",
    ]
    assert_in_agreement(repo)


def test_an_approval_whose_commit_fails_puts_the_file_back(repo: Path) -> None:
    committed_figures(repo)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)

    result = in_repo(repo, "approve", "2018-Q2", "--with-missing")

    assert result.returncode == 2
    assert "git commit failed" in result.stderr
    assert not (repo / APPROVALS).exists()
    assert_in_agreement(repo)


# ---------------------------------------------------------------- defect 4: no git on PATH


@pytest.fixture
def no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_git_approve_refuses_rather_than_skip_its_commit(repo: Path, no_git: None) -> None:
    refused = in_repo(repo, "approve", "2018-Q2", "--with-missing")

    assert refused.returncode == 2
    assert refused.stderr == (
        "kpi: error: git is not installed (or not on PATH), so this cannot be committed; install git, or run the "
        "command again with --no-commit\n"
    )
    assert not (repo / APPROVALS).exists()
    asked = in_repo(repo, "approve", "2018-Q2", "--with-missing", "--no-commit")
    assert asked.returncode == 0, asked.stderr
    assert (repo / APPROVALS).exists()


def test_without_git_record_commit_says_git_is_not_installed(repo: Path, no_git: None) -> None:
    result = in_repo(repo, *SINGLE)

    assert result.returncode == 2
    assert result.stderr == "kpi: error: git is not installed (or not on PATH)\n"
    assert (repo / QLCN_Q2).read_text(encoding="utf-8") == EARLIER


def test_without_git_a_recording_due_a_commit_waits_rather_than_be_undone(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert in_repo(repo, *SINGLE, crash_at="before-commit").returncode == 137
    pending = snapshot(repo)
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(repo.parent))

    blocked = in_repo(repo, "status")

    assert "git is not installed" in blocked.stderr
    assert snapshot(repo) == pending
    monkeypatch.setenv("PATH", path)
    assert in_repo(repo, "status").stderr.startswith("kpi: finished a recording interrupted at ")
    assert_in_agreement(repo)

"""Random `kill -9` loops (issue 27's done-when): record from a form with --commit, approve, reopen,
year open, year close.

Each loop starts the command in a process group of its own, kills it after a random delay (up to a
little more than the command takes uninterrupted), and then plays the user: `kpi check` first (it
must fail while a change is pending, never pass over it), then `kpi status`, which settles. A
killed `git` leaves `.git/index.lock`: then settling must stop, name the lock and change nothing;
the test waits for a git still running (kpi alone was killed, its git runs on), or removes a lock
left by a git that was killed too (a power cut), as the message tells a person to, and goes on.

After every kill the repository must be in one of two states, the one before the command or the
one after it uninterrupted (timestamps aside): the same files with the same text, the same commits
(none, or the command's one), nothing staged or left over, approvals.yaml as HEAD holds it, and
`kpi check` saying exactly what it says of that state.

Half of the kills take kpi's git with it (`killpg`), half kill kpi alone. The repository's
pre-commit hook sleeps 0.1 s, so that a fair share of kills land while `git commit` runs.

The default run makes a few kills per loop; `KPI_KILL_LOOPS=300 python -m pytest -m slow` makes a
few hundred (each loop prints its tally with `-s`).

Run with `KPI_KILL_LOOPS=300` on 2026-12-05 (seed 27; docs/safety.md has every count), each loop
passed, 300 kills each: record from a form 239 all old / 61 all new (144 with its git, 27 stopped
at git's lock first), approve 200 / 100 (162 with its git), reopen 202 / 98 (147), year open
292 / 8 (145), year close 267 / 33 (156).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import kpi_process, kpi_started, use_git_as
from tests.support.cycle import CATALOGUE, DONE, DONE_ON, EVIDENCE, VALUE, fill
from tests.support.ledger import make_ledger

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("KPI_KILL_LOOPS", "6"))
SEED = int(os.environ.get("KPI_KILL_SEED", "27"))
JOURNAL = Path("data") / "actuals" / ".kpi-journal.json"
LOCK = Path(".git") / "index.lock"
NO_CRASH = {"KPI_TEST_CRASH_AT": None}
TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?(\.\d+)?([+-]\d\d:?\d\d|Z)?")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


@dataclass(frozen=True)
class State:
    files: dict[str, str]
    """Every file of the work tree outside .git (ignored ones but the lock and cache included), timestamps masked."""
    commits: list[str]
    """The subjects of the commits after the loop's base."""
    status: str
    check: tuple[int, str]


def state(root: Path, base: str) -> State:
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == ".git" or path.is_dir() or path.name == ".kpi.lock" or ".kpi-cache" in relative.parts:
            continue
        files[relative.as_posix()] = TIME.sub("<time>", path.read_text(encoding="utf-8"))
    approvals = root / "data" / "approvals.yaml"
    if approvals.exists():  # git and the approvals agree
        assert git(root, "show", "HEAD:data/approvals.yaml") == approvals.read_text(encoding="utf-8")
    checked = kpi_process(root / "data", "check", cwd=root, env=NO_CRASH)
    return State(
        files,
        git(root, "log", "--format=%s", f"{base}..HEAD").splitlines(),
        git(root, "status", "--porcelain", "--untracked-files=all"),
        (checked.returncode, TIME.sub("<time>", checked.stdout)),
    )


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The quarter cycle's office: B.1, B.2 and the B.4 milestone for QLCN, in git, with a slow pre-commit hook."""
    use_git_as(monkeypatch, tmp_path, "Phòng Kế hoạch", "khth@skhcn.example")
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "office"
    make_ledger(root / "data", *CATALOGUE)
    (root / ".gitignore").write_text(".kpi.lock\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Plan 62/KH-SKHCN")
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nsleep 0.1\n", encoding="utf-8")
    hook.chmod(0o755)
    return root


def form(office: Path) -> Path:
    import datetime

    path = office.parent / "QLCN-2018-Q2.xlsx"
    made = kpi_process(
        office / "data", "form", "-u", "QLCN", "-q", "2018-Q2", "-o", str(path), cwd=office, env=NO_CRASH
    )
    assert made.returncode == 0, made.stderr
    fill(
        path,
        {
            ("B.1", "Projects"): {VALUE: 40},
            ("B.2", "Projects"): {VALUE: 3},
            ("B.4", None): {DONE: "Done", DONE_ON: datetime.date(2018, 6, 15), EVIDENCE: "QĐ 45/QĐ-SKHCN"},
        },
    )
    return path


def ran(office: Path, *args: str) -> None:
    result = kpi_process(office / "data", *args, cwd=office, env=NO_CRASH)
    assert result.returncode == 0, result.stderr


def wait_while_locked(office: Path, seconds: float) -> bool:
    """Whether git's index lock went away within `seconds` (a git still running ends)."""
    deadline = time.monotonic() + seconds
    while (office / LOCK).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def kill_loop(office: Path, command: list[str], prepare: Callable[[], None], name: str) -> Counter[str]:
    """Kill `command` KILLS times at random; after each, check the invariants; return the tally."""
    prepare()
    git(office, "add", "--all")
    if git(office, "status", "--porcelain"):
        git(office, "commit", "--quiet", "--no-verify", "--message", "base")
    base = git(office, "rev-parse", "HEAD").strip()
    old = state(office, base)
    began = time.monotonic()
    ran(office, *command)
    took = time.monotonic() - began
    new = state(office, base)
    assert new != old

    def reset() -> None:
        assert wait_while_locked(office, 30)
        git(office, "reset", "--quiet", "--hard", base)
        git(office, "clean", "--quiet", "-d", "--force")
        assert state(office, base) == old

    tally: Counter[str] = Counter()
    chance = random.Random(f"{SEED}-{name}")
    while tally["killed"] < KILLS:
        reset()
        power_cut = chance.random() < 0.5
        process = kpi_started(
            office / "data",
            *command,
            cwd=office,
            env=NO_CRASH,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(chance.uniform(0.0, took * 1.1))
        if power_cut:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if process.returncode != -signal.SIGKILL:
            tally["finished before the kill"] += 1
            continue
        tally["killed"] += 1
        tally["killed with its git" if power_cut else "killed alone"] += 1
        wait_while_locked(office, 0.3 if power_cut else 30)  # a git left running ends (or was killed)

        # check never settles, and never passes over a change left pending.
        if (office / JOURNAL).exists():
            tally["left a journal"] += 1
            checked = kpi_process(office / "data", "check", cwd=office, env=NO_CRASH)
            assert checked.returncode == 1, checked.stdout
            assert "a recording was interrupted and is not settled yet" in checked.stdout

        # The next command settles; a lock left by a killed git stops it, naming the lock, touching nothing.
        while True:
            before = {p: p.read_bytes() for p in office.rglob("*") if p.is_file() and ".git" not in p.parts}
            settling = kpi_process(office / "data", "status", "--format", "csv", cwd=office, env=NO_CRASH)
            assert settling.returncode == 0, settling.stderr
            if "git's index is locked" not in settling.stderr:
                break
            tally["stopped at git's lock"] += 1
            assert str(office / LOCK) in settling.stderr
            after = {p: p.read_bytes() for p in office.rglob("*") if p.is_file() and ".git" not in p.parts}
            assert {p: b for p, b in after.items() if p.name != ".kpi.lock"} == {
                p: b for p, b in before.items() if p.name != ".kpi.lock"
            }
            assert (office / JOURNAL).exists()
            if not wait_while_locked(office, 1):
                (office / LOCK).unlink()  # left by a killed git: as the message says
        if "undid" in settling.stderr:
            tally["undone"] += 1
        elif "finished" in settling.stderr:
            tally["finished"] += 1

        now = state(office, base)
        assert now in (old, new), (now, old, new)
        tally["all old" if now == old else "all new"] += 1
        assert not (office / JOURNAL).exists()
        if tally["killed"] % 25 == 0:
            print(f"\n{name}: {dict(tally)}", flush=True)
    print(f"\n{name}: {dict(tally)}")
    return tally


def test_record_from_a_form_with_commit_killed_at_random(office: Path) -> None:
    sheet = form(office)
    tally = kill_loop(office, ["record", "--from", str(sheet), "-u", "QLCN", "--commit"], lambda: None, "record")
    assert tally["killed"] == KILLS


def test_approve_killed_at_random(office: Path) -> None:
    sheet = form(office)
    tally = kill_loop(
        office,
        ["approve", "2018-Q2", "--with-missing", "--by", "Trưởng phòng"],
        lambda: ran(office, "record", "--from", str(sheet), "-u", "QLCN", "--commit"),
        "approve",
    )
    assert tally["killed"] == KILLS


def test_reopen_killed_at_random(office: Path) -> None:
    sheet = form(office)

    def approved() -> None:
        ran(office, "record", "--from", str(sheet), "-u", "QLCN", "--commit")
        ran(office, "approve", "2018-Q2", "--with-missing")

    tally = kill_loop(office, ["reopen", "2018-Q2", "--reason", "B.1 gõ nhầm"], approved, "reopen")
    assert tally["killed"] == KILLS


def test_year_open_killed_at_random(office: Path) -> None:
    sheet = form(office)
    tally = kill_loop(
        office,
        ["year", "open", "2019"],
        lambda: ran(office, "record", "--from", str(sheet), "-u", "QLCN", "--commit"),
        "year open",
    )
    assert tally["killed"] == KILLS


def test_year_close_killed_at_random(office: Path) -> None:
    sheet = form(office)
    tally = kill_loop(
        office,
        ["year", "close", "2018", "--accept-missing", "--by", "Trưởng phòng"],
        lambda: ran(office, "record", "--from", str(sheet), "-u", "QLCN", "--commit"),
        "year close",
    )
    assert tally["killed"] == KILLS

"""The leftovers of issues 26 and 27: what an approval with units missing records, a year closed in
git like an approval, the exports' basis of each year's actual, and the approved files read like
every other input.

- `kpi approve --with-missing` writes which units were missing, and how much, into approvals.yaml
  (its schema, `kpi check`), the commit's trailers, `kpi log`, `kpi reporting` and the export, so
  that the record says the quarter was approved without them.
- `kpi year close` in a git work tree commits the plan file alone, with trailers, journalled: a
  crash at any step leaves the plan as it was or closed and committed, never closed outside git.
- The export says how each year's actual was obtained: official, quarters or provisional.
- An approval's fingerprints read each file of the quarter as an actuals file is read: a regular
  file under the cap, or a refusal at its line; never a gigabyte in memory, never a FIFO's wait.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.support import git
from tests.support.crashes import QLCN_Q2, SINGLE, committed_repository, in_repo, stray
from tests.support.process import PEAK

MiB = 1024 * 1024
PLAN = Path("data") / "plan2018.yaml"
APPROVALS = Path("data") / "approvals.yaml"


LOCK = Path(".git") / "index.lock"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the minimal catalogue and one actuals file, committed."""
    return committed_repository(tmp_path, monkeypatch)


def approved_with_missing(repo: Path) -> None:
    """2018-Q2 approved with QLCN's B.1 not sent (its file holds B.1.1 alone)."""
    approved = in_repo(repo, "--lang", "en", "approve", "2018-Q2", "--with-missing", "--by", "Trưởng phòng")
    assert approved.returncode == 0, approved.stderr
    assert "approved without everything from: QLCN (1 of 1 missing)" in approved.stdout


# ---------------------------------------------------------------- an approval says who was missing


def test_an_approval_with_units_missing_records_them_everywhere(repo: Path, tmp_path: Path) -> None:
    approved_with_missing(repo)
    [event] = yaml.safe_load((repo / APPROVALS).read_text(encoding="utf-8"))["events"]
    assert event["missing"] == [{"owner": "QLCN", "missing": 1, "expected": 1}]
    assert in_repo(repo, "check").returncode == 0

    message = git(repo, "log", "-1", "--format=%B")
    assert message.endswith("Approved: 2018-Q2\nApproved-by: Trưởng phòng\nMissing: QLCN (1 of 1)\n\n"), message
    log = in_repo(repo, "--lang", "en", "log", "-q", "2018-Q2", "--format", "csv")
    assert ",2018-Q2,approved (every unit); missing: QLCN (1 of 1)," in log.stdout
    table = in_repo(repo, "--lang", "en", "log", "-q", "2018-Q2")
    assert "without everything from" in table.stdout

    reporting = in_repo(repo, "--lang", "en", "reporting", "-q", "2018-Q2", "--format", "plain")
    assert "2018-Q2 was approved by Trưởng phòng on " in reporting.stdout
    assert " without everything from: QLCN (1 of 1 missing)" in reporting.stdout

    out = tmp_path / "export"
    assert in_repo(repo, "export", "-o", str(out), "-f", "datapackage").returncode == 0
    with (out / "approval_missing.csv").open(encoding="utf-8") as stream:
        assert list(csv.DictReader(stream)) == [{"event": "1", "owner": "QLCN", "missing": "1", "expected": "1"}]


def test_an_approval_of_a_complete_quarter_records_no_missing_units(repo: Path) -> None:
    assert in_repo(repo, *SINGLE).returncode == 0
    approved = in_repo(repo, "--lang", "en", "approve", "2018-Q2")
    assert approved.returncode == 0, approved.stdout + approved.stderr
    [event] = yaml.safe_load((repo / APPROVALS).read_text(encoding="utf-8"))["events"]
    assert "missing" not in event
    assert "Missing:" not in git(repo, "log", "-1", "--format=%B")


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ("[{owner: QLCN, missing: 3, expected: 2}]", "3 missing of 2 expected: no more can be missing"),
        ("[{owner: QLNC, missing: 1, expected: 2}]", "unknown owner 'QLNC'"),
        (
            "[{owner: QLCN, missing: 0, expected: 2}]",
            "events[0].missing[0].missing: input should be greater than or equal to 1",
        ),
        ("[{owner: QLCN, missing: 1, expected: 2}, {owner: QLCN, missing: 1, expected: 2}]", "named twice"),
    ],
)
def test_check_refuses_missing_units_that_cannot_be(repo: Path, missing: str, expected: str) -> None:
    approved_with_missing(repo)
    path = repo / APPROVALS
    text = path.read_text(encoding="utf-8")
    start = text.index("  missing:\n")
    path.write_text(text[:start] + f"  missing: {missing}\n", encoding="utf-8")
    checked = in_repo(repo, "--lang", "en", "check")
    assert checked.returncode == 1, checked.stdout
    errors = [line for line in checked.stdout.splitlines() if "approvals.yaml:" in line and ": error: " in line]
    assert any(expected in line for line in errors), checked.stdout


# ---------------------------------------------------------------- a year closed like an approval


def closable(repo: Path) -> None:
    assert in_repo(repo, *SINGLE).returncode == 0


def test_closing_a_year_in_git_commits_the_plan_alone_with_trailers(repo: Path, tmp_path: Path) -> None:
    closable(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    closed = in_repo(repo, "--lang", "en", "year", "close", "2018", "--accept-missing", "--by", "Trần Thị B")
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout.splitlines()[-1].startswith("committed ")
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "HEAD~1").strip() == head
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "data/plan2018.yaml\n"
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("Close 2018: 2 figures from the quarters\n\nClosed without: ")
    assert "B.1:firms@2018-Q1" in message
    assert "\nClosed: 2018\nClosed-by: Trần Thị B\nFigures: 2\nMissing: " in message
    log = in_repo(repo, "--lang", "en", "log", "--format", "csv")
    assert ",Trần Thị B,,2018,closed 2018: 2 figures; missing: " in log.stdout
    assert "closed 2018: 2 figures from the quarters; 3 missing figures named" in " ".join(
        in_repo(repo, "--lang", "en", "log", "--format", "plain").stdout.split()
    )
    assert in_repo(repo, "check").returncode == 0

    out = tmp_path / "export"
    assert in_repo(repo, "export", "-o", str(out), "-f", "datapackage", "--as-of", "2018-12-31").returncode == 0
    with (out / "stated_actuals.csv").open(encoding="utf-8") as stream:
        stated = [row for row in csv.DictReader(stream) if row["indicator"] == "B.1"]
    assert [(row["year"], row["actual"], row["basis"]) for row in stated] == [
        ("2016", "1069", "official"),
        ("2017", "2920", "official"),
        ("2018", "850", "quarters"),
    ]


def test_the_export_marks_a_year_not_closed_as_provisional(repo: Path, tmp_path: Path) -> None:
    closable(repo)
    out = tmp_path / "export"
    assert in_repo(repo, "export", "-o", str(out), "-f", "datapackage", "--as-of", "2018-12-31").returncode == 0
    with (out / "status_actuals.csv").open(encoding="utf-8") as stream:
        rows = [row for row in csv.DictReader(stream) if row["indicator"] == "B.1"]
    assert [(row["year"], row["actual"], row["basis"]) for row in rows] == [
        ("2016", "1069", "official"),
        ("2017", "2920", "official"),
        ("2018", "850", "provisional"),
    ]


def test_closing_refuses_a_plan_with_changes_git_does_not_hold_and_writes_nothing(repo: Path) -> None:
    closable(repo)
    plan = repo / PLAN
    edited = plan.read_text(encoding="utf-8") + "# a note by hand\n"
    plan.write_text(edited, encoding="utf-8")
    refused = in_repo(repo, "--lang", "en", "year", "close", "2018", "--accept-missing")
    assert refused.returncode == 2
    assert "data/plan2018.yaml has changes that are not committed" in refused.stderr
    assert plan.read_text(encoding="utf-8") == edited
    assert stray(repo) == []


def test_closing_refuses_figures_git_does_not_hold(repo: Path) -> None:
    closable(repo)
    path = repo / QLCN_Q2
    path.write_text(path.read_text(encoding="utf-8").replace("value: 850", "value: 851"), encoding="utf-8")
    before = (repo / PLAN).read_bytes()
    refused = in_repo(repo, "--lang", "en", "year", "close", "2018", "--accept-missing")
    assert refused.returncode == 2
    assert "the 2018 actuals have changes that are not committed" in refused.stderr
    assert (repo / PLAN).read_bytes() == before
    assert in_repo(repo, "year", "close", "2018", "--accept-missing", "--no-commit").returncode == 0
    assert (repo / PLAN).read_bytes() != before


@pytest.mark.parametrize(
    ("step", "outcome"),
    [
        ("journal-written", "undone"),
        ("file-1-renamed", "finished"),
        ("staged", "finished"),
        ("after-commit", "finished"),
    ],
)
def test_a_closing_killed_at_each_step_is_all_or_nothing(repo: Path, step: str, outcome: str) -> None:
    closable(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    before = (repo / PLAN).read_bytes()
    killed = in_repo(repo, "year", "close", "2018", "--accept-missing", crash_at=step)
    assert killed.returncode == 137, killed.stderr
    checked = in_repo(repo, "--lang", "en", "check")
    assert checked.returncode == 1 and "a recording was interrupted and is not settled yet" in checked.stdout
    settled = in_repo(repo, "--lang", "en", "status", "--format", "csv")
    assert settled.returncode == 0, settled.stderr
    if outcome == "undone":
        assert (repo / PLAN).read_bytes() == before
        assert git(repo, "rev-parse", "HEAD").strip() == head
    else:
        assert (repo / PLAN).read_bytes() != before
        assert git(repo, "log", "-1", "--format=%s") == "Close 2018: 2 figures from the quarters\n"
        assert git(repo, "show", "--name-only", "--format=", "HEAD") == "data/plan2018.yaml\n"
    assert git(repo, "status", "--porcelain") == ""
    assert stray(repo) == [] and not (repo / LOCK).exists()
    assert in_repo(repo, "check").returncode == 0


# ---------------------------------------------------------------- approved files read like every input


def measured(repo: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int, float]:
    """kpi run as a process of its own: its result, its peak resident memory in MiB, and its seconds
    (figures to record, not to assert: the machine is shared). A kpi still running after two
    minutes (a FIFO it waits on) is killed, and the test fails."""
    environment = {k: v for k, v in os.environ.items() if k not in ("KPI_DATA", "KPI_TEST_CRASH_AT")}
    environment.update({"KPI_LANG": "en", "KPI_NO_CACHE": "1"})
    peak_file = repo.parent / "peak.txt"
    began = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-c", PEAK, str(peak_file), "--data", str(repo / "data"), *args],
            cwd=repo,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"kpi {' '.join(args)} still ran after two minutes")
    seconds = time.monotonic() - began
    return result, int(peak_file.read_text(encoding="utf-8")) // 1024, seconds


def test_approve_refuses_a_file_over_the_cap_without_reading_it(repo: Path) -> None:
    """The fingerprints read every file of the quarter: a 1 GiB file is refused at its size, not hashed."""
    big = repo / "data" / "actuals" / "2018-Q2" / "SHTT.yaml"
    with big.open("wb") as stream:
        stream.truncate(1024 * MiB)
    result, peak, _seconds = measured(repo, "approve", "2018-Q2", "--with-missing", "--no-commit")
    assert result.returncode == 2, result.stderr
    assert "SHTT.yaml:1:1: error: file: is 1,073,741,824 bytes, more than the 2,097,152 bytes" in result.stderr
    assert peak < 300, peak  # MiB: reading it would take more than a GiB
    assert not (repo / APPROVALS).exists()


@pytest.mark.parametrize("what", ["a FIFO", "a symlink to /dev/zero"])
def test_an_approved_file_replaced_by_a_special_file_is_named_not_waited_on(repo: Path, what: str) -> None:
    approved_with_missing(repo)
    path = repo / QLCN_Q2
    path.unlink()
    if what == "a FIFO":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for command in (["check"], ["report", "-f", "md"]):
        result, peak, _seconds = measured(repo, *command)
        assert result.returncode in (1, 2), result.stdout + result.stderr
        shown = result.stdout + result.stderr
        assert "QLCN.yaml:1:1: error: file: is a " in shown, shown
        assert peak < 300, peak

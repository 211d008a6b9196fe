"""Git as the audit trail: `kpi record --commit` and `kpi log`, on a temporary repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kpi.files.catalogue import read_actuals
from tests.support import git, kpi, use_git_as

ACTUALS = Path("data") / "actuals"


@pytest.fixture
def repo(tmp_path: Path, minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the minimal data folder, with a known identity and no outside config."""
    use_git_as(monkeypatch, tmp_path, "Nguyễn Văn An", "an@skhcn.example")
    root = tmp_path / "repo"
    shutil.copytree(minimal_data, root / "data")
    (root / "data" / "actuals" / ".gitignore").write_text(".kpi.lock\n", encoding="utf-8")
    (root / "notes.txt").write_text("draft\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Plan 62 catalogue")
    return root


def trailers(repo: Path, revision: str = "HEAD") -> list[str]:
    message = git(repo, "log", "-1", "--format=%B", revision)
    return subprocess.run(
        ["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_a_commit_holds_exactly_the_recorded_file_and_says_what_changed(repo: Path) -> None:
    # Someone's unrelated work in progress, staged and unstaged, must stay out of the commit.
    (repo / "notes.txt").write_text("staged edit\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    (repo / "notes.txt").write_text("staged edit\nand an unstaged one\n", encoding="utf-8")
    (repo / "todo.txt").write_text("untracked\n", encoding="utf-8")

    result = kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "Trần Thị Bình", "--commit")
    assert result.exit_code == 0, result.output
    head = git(repo, "rev-parse", "HEAD").strip()
    assert result.stdout.splitlines()[-1] == f"committed {head[:12]}"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["data/actuals/2018-Q2/QLCN.yaml"]
    assert git(repo, "log", "-1", "--format=%s").strip() == "Record B.1 firms for 2018-Q2: 850"
    assert trailers(repo) == [
        "Indicator: B.1",
        "Measure: firms",
        "Quarter: 2018-Q2",
        "Value: 850",
        "Previous: none",
        "Recorded-by: Trần Thị Bình",
    ]
    assert git(repo, "diff", "--cached", "--name-only").split() == ["notes.txt"]
    assert git(repo, "status", "--porcelain").splitlines() == ["MM notes.txt", "?? todo.txt"]


@pytest.mark.slow
def test_a_replacement_names_the_old_and_new_figures(repo: Path) -> None:
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "800", "--commit").exit_code == 0
    assert (
        kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--replace", "--commit").exit_code == 0
    )
    assert git(repo, "log", "-1", "--format=%s").strip() == "Replace B.1 firms for 2018-Q2: 800 -> 850"
    assert "Previous: 800" in trailers(repo)
    # git blame points the value's line at the commit that set it.
    path = repo / ACTUALS / "2018-Q2" / "QLCN.yaml"
    line = path.read_text(encoding="utf-8").split("\n").index("    value: 850") + 1
    blame = git(repo, "blame", "--porcelain", "-L", f"{line},{line}", "--", str(ACTUALS / "2018-Q2" / "QLCN.yaml"))
    assert blame.split()[0] == git(repo, "rev-parse", "HEAD").strip()


@pytest.mark.slow
def test_kpi_log_reads_the_trail_back(repo: Path) -> None:
    assert (
        kpi(repo / "data", "record", "B.1", "-q", "2018-Q1", "--value", "800", "--by", "An", "--commit").exit_code == 0
    )
    assert (
        kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "Bình", "--commit").exit_code
        == 0
    )
    assert (
        kpi(
            repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "900", "--by", "Chi", "--replace", "--commit"
        ).exit_code
        == 0
    )
    assert (
        kpi(
            repo / "data", "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--by", "An", "--commit"
        ).exit_code
        == 0
    )
    head = git(repo, "rev-parse", "HEAD").strip()

    result = kpi(repo / "data", "log", "b.1", "-f", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [(e["recorded_by"], e["quarter"], e["previous"], e["value"]) for e in entries] == [
        ("Chi", "2018-Q2", "850", "900"),
        ("Bình", "2018-Q2", "none", "850"),
        ("An", "2018-Q1", "none", "800"),
    ]
    assert all(e["author"] == "Nguyễn Văn An" for e in entries)

    quarter = json.loads(kpi(repo / "data", "log", "--quarter", "Q2/2018", "-f", "json").stdout)
    assert [(e["indicator"], e["value"], e["commit"] == head) for e in quarter] == [
        ("B.8", "done 2018-05-02", True),
        ("B.1", "900", False),
        ("B.1", "850", False),
    ]

    table = kpi(repo / "data", "log", "B.1", "-f", "csv", "--lang", "en").stdout.splitlines()
    assert table[0] == "When,Who,Indicator,Quarter,Change,Commit"
    assert table[1].split(",")[1:5] == ["Chi", "B.1 firms", "2018-Q2", "850 → 900"]


def test_kpi_log_lists_hand_edits_by_their_subject(repo: Path) -> None:
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--commit").exit_code == 0
    path = repo / ACTUALS / "2018-Q2" / "QLCN.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# checked by the director\n", encoding="utf-8")
    git(repo, "commit", "--quiet", "--all", "--message", "Note the director's check")
    rows = kpi(repo / "data", "log", "-f", "csv", "--lang", "en").stdout.splitlines()
    assert [row.split(",")[4] for row in rows[1:]] == ["(by hand) Note the director's check", "850"]
    assert (
        len(kpi(repo / "data", "log", "B.1", "-f", "csv").stdout.splitlines()) == 2
    )  # one indicator: kpi's trailers only


def test_kpi_log_on_a_fresh_clone_lists_no_code_commits(repo: Path) -> None:
    # The repository's own commits touch code, the catalogue and the actuals folder's .gitignore:
    # none of them changed a recorded figure.
    (repo / "kpi.py").write_text("print('hello')\n", encoding="utf-8")
    (repo / "data" / "actuals" / ".gitignore").write_text(".kpi.lock\n*.tmp\n", encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Code: a new feature")
    result = kpi(repo / "data", "log", "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, [])
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--commit").exit_code == 0
    (repo / "kpi.py").write_text("print('bye')\n", encoding="utf-8")
    git(repo, "commit", "--quiet", "--all", "--message", "Code: another feature")
    rows = kpi(repo / "data", "log", "-f", "csv", "-q", "2018-Q2").stdout.splitlines()[1:]
    assert [row.split(",")[2:5] for row in rows] == [["B.1 firms", "2018-Q2", "850"]]


def test_uncommitted_changes_to_the_file_stop_a_commit_before_anything_is_written(repo: Path) -> None:
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--commit").exit_code == 0
    path = repo / ACTUALS / "2018-Q2" / "QLCN.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# half-done hand edit\n", encoding="utf-8")
    before, head = path.read_bytes(), git(repo, "rev-parse", "HEAD")
    result = kpi(repo / "data", "record", "B.1.1", "-q", "2018-Q2", "--value", "5", "--commit")
    assert result.exit_code == 2
    assert result.stderr == (
        "kpi: error: data/actuals/2018-Q2/QLCN.yaml has changes that are not committed; "
        "commit or stash them first (kpi commits only its own change), "
        "or run it again with --no-commit\n"
    )
    assert path.read_bytes() == before
    assert git(repo, "rev-parse", "HEAD") == head


def test_a_failed_commit_leaves_the_files_as_they_were(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'kpi check failed' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--commit")
    assert result.exit_code == 2
    assert result.stderr == "kpi: error: git commit failed, nothing recorded: kpi check failed\n"
    assert not (repo / ACTUALS / "2018-Q2" / "QLCN.yaml").exists()
    assert git(repo, "status", "--porcelain") == ""


def test_the_setting_makes_committing_the_default(repo: Path) -> None:
    (repo / "data" / "settings.yaml").write_text("record:\n  commit: true\n", encoding="utf-8")
    git(repo, "add", "data/settings.yaml")
    git(repo, "commit", "--quiet", "--message", "Commit recordings by default")
    assert (
        kpi(repo / "data", "record", "B.1", "-q", "2018-Q1", "--value", "5")
        .stdout.splitlines()[-1]
        .startswith("committed ")
    )
    result = kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "6", "--no-commit")
    assert result.exit_code == 0
    assert "committed" not in result.stdout
    assert git(repo, "status", "--porcelain").split() == ["??", "data/actuals/2018-Q2/"]


def test_the_recorder_defaults_to_gits_user_name(repo: Path) -> None:
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "5").exit_code == 0
    read = read_actuals(repo / ACTUALS / "2018-Q2" / "QLCN.yaml")
    assert read.actuals is not None
    assert read.actuals.records[0].recorded_by == "Nguyễn Văn An"


def test_outside_a_git_work_tree(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "5", "--commit")
    assert result.exit_code == 2
    assert "is not inside a git work tree; record without --commit, or run git init" in result.stderr
    assert not (minimal_data / "actuals" / "2018-Q2").exists()
    logged = kpi(minimal_data, "log")
    assert logged.exit_code == 2
    assert "is not inside a git work tree" in logged.stderr


@pytest.mark.slow
def test_approvals_and_reopenings_are_commits_that_kpi_log_shows_beside_the_records(repo: Path) -> None:
    assert (
        kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "Bình", "--commit").exit_code
        == 0
    )
    approved = kpi(repo / "data", "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng")
    assert approved.exit_code == 0, approved.output
    head = git(repo, "rev-parse", "HEAD").strip()
    assert approved.stdout.splitlines()[-1] == f"committed {head[:12]}"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["data/approvals.yaml"]
    assert git(repo, "log", "-1", "--format=%s").strip() == "Approve 2018-Q2 for QLCN"
    assert trailers(repo) == ["Approved: 2018-Q2", "Owner: QLCN", "Approved-by: Trưởng phòng"]

    reason = "B.1 firms mistyped:  850,\nnot 805"
    reopened = kpi(repo / "data", "reopen", "2018-Q2", "--owner", "QLCN", "--reason", reason, "--by", "Trưởng phòng")
    assert reopened.exit_code == 0, reopened.output
    assert git(repo, "log", "-1", "--format=%s").strip() == "Reopen 2018-Q2 for QLCN: B.1 firms mistyped: 850, not 805"
    assert trailers(repo) == [
        "Reopened: 2018-Q2",
        "Owner: QLCN",
        "Reopened-by: Trưởng phòng",
        "Reason: B.1 firms mistyped: 850, not 805",
    ]
    assert git(repo, "status", "--porcelain") == ""

    rows = [row.split(",") for row in kpi(repo / "data", "log", "-f", "csv").stdout.splitlines()[1:]]
    assert [row[1:5] for row in rows] == [
        ["Trưởng phòng", "", "2018-Q2", '"reopened (QLCN): B.1 firms mistyped: 850'],
        ["Trưởng phòng", "", "2018-Q2", "approved (QLCN)"],
        ["Bình", "B.1 firms", "2018-Q2", "850"],
    ]
    entries = json.loads(kpi(repo / "data", "log", "-f", "json").stdout)
    assert [(e["event"], e["owner"], e["reason"]) for e in entries] == [
        ("reopen", "QLCN", "B.1 firms mistyped: 850, not 805"),
        ("approve", "QLCN", None),
        ("record", None, None),
    ]
    # One indicator's trail shows the approvals of its unit; another quarter's shows none of them.
    assert [e["event"] for e in json.loads(kpi(repo / "data", "log", "B.1", "-f", "json").stdout)] == [
        "reopen",
        "approve",
        "record",
    ]
    assert json.loads(kpi(repo / "data", "log", "-q", "2018-Q1", "-f", "json").stdout) == []
    table = kpi(repo / "data", "log", "--lang", "en").stdout
    assert "approved (QLCN)" in table and "reopened (QLCN): B.1" in table  # the table wraps long changes


@pytest.mark.slow
def test_an_approval_for_every_unit_is_shown_with_any_units_indicator(repo: Path) -> None:
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--commit").exit_code == 0
    assert kpi(repo / "data", "approve", "2018-Q2", "--by", "Giám đốc").exit_code == 0
    assert git(repo, "log", "-1", "--format=%s").strip() == "Approve 2018-Q2"
    assert trailers(repo) == ["Approved: 2018-Q2", "Approved-by: Giám đốc"]
    [decision] = json.loads(
        kpi(repo / "data", "log", "B.8", "-f", "json").stdout
    )  # B.8 has no figure, its unit an approval
    assert (decision["event"], decision["owner"], decision["recorded_by"]) == ("approve", None, "Giám đốc")
    assert "approved (every unit)" in kpi(repo / "data", "log", "--lang", "en").stdout


@pytest.mark.slow
def test_an_approval_that_git_cannot_commit_is_not_made(repo: Path) -> None:
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--commit").exit_code == 0
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'kpi check failed' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = kpi(repo / "data", "approve", "2018-Q2")
    assert result.exit_code == 2
    assert "git commit failed" in result.stderr
    assert not (repo / "data" / "approvals.yaml").exists()
    assert git(repo, "status", "--porcelain") == ""
    hook.unlink()
    assert kpi(repo / "data", "approve", "2018-Q2", "--no-commit").exit_code == 0
    assert git(repo, "status", "--porcelain").split() == ["??", "data/approvals.yaml"]
    # A second decision refuses to sweep the uncommitted one into its own commit.
    refused = kpi(repo / "data", "reopen", "2018-Q2", "--reason", "typo")
    assert refused.exit_code == 2
    assert "data/approvals.yaml has changes that are not committed" in refused.stderr


@pytest.mark.slow
def test_an_approval_refuses_figures_git_does_not_hold(repo: Path, tmp_path: Path) -> None:
    # Recorded without --commit: the file is not in git; an approval committed now would freeze a
    # content no clone has, and `kpi check` would fail in CI on a file nobody changed.
    assert kpi(repo / "data", "record", "B.1", "-q", "2018-Q2", "--value", "850", "--no-commit").exit_code == 0
    head = git(repo, "rev-parse", "HEAD")
    refused = kpi(repo / "data", "approve", "2018-Q2")
    assert refused.exit_code == 2
    assert (
        "data/actuals/2018-Q2/QLCN.yaml has changes that are not committed (recorded with --no-commit, or edited "
        "by hand); commit them first (git commit data/actuals/2018-Q2/QLCN.yaml), or approve with --no-commit"
    ) in refused.stderr
    assert not (repo / "data" / "approvals.yaml").exists() and git(repo, "rev-parse", "HEAD") == head
    git(repo, "add", "data/actuals")
    git(repo, "commit", "--quiet", "--message", "QLCN's figures")
    assert kpi(repo / "data", "approve", "2018-Q2").exit_code == 0
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "--quiet", str(repo), str(clone))
    assert kpi(clone / "data", "check").exit_code == 0

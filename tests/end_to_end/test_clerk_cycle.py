"""The quarter's cycle as a clerk runs it, who never types a git command (issue 29).

- The user guide's six commands, read from docs/guide.md (between its `clerk-cycle` markers) so that
  the two cannot drift, run as written in a fresh clone of this repository, on the shipped data;
  `git status` is clean after the approval.
- A folder of three forms (one good, one late, one with errors) is recorded in one command, with a
  summary; the bad one changes nothing (work tree, git, journal).
- `kpi undo` takes back the last recording by a commit of its own, and refuses what it must.
- Recording commits by default in a git work tree; `--no-commit` opts out; outside git, no commit.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support import REPO, git, kpi_process, use_git_as
from tests.support.ledger import indicator, make_ledger, measure

FIRST_ROW = 5  # the data sheet's first row of figures (headers on row 4)


def guide_cycle() -> list[str]:
    """The six commands of docs/guide.md's "The quarter's cycle in six commands", between its
    `clerk-cycle` markers, without their comments."""
    text = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    found = re.search(
        r"^<!-- clerk-cycle\b.*?-->\n```sh\n(.*?)```\n<!-- /clerk-cycle -->$", text, re.MULTILINE | re.DOTALL
    )
    assert found, "docs/guide.md has no ```sh block between <!-- clerk-cycle ... --> and <!-- /clerk-cycle -->"
    commands = []
    for line in found.group(1).rstrip("\n").splitlines():
        numbered = re.fullmatch(r"(.*\S)\s+# (\d)\. .*", line)
        assert numbered, f"docs/guide.md's cycle line has no numbered comment: {line!r}"
        commands.append(numbered.group(1))
    assert len(commands) == 6
    return commands


def fill_every_row(form: Path, done_word: str) -> int:
    """Type a figure (or done, with a day in 2018-Q2) into every row of the form, as the unit would."""
    book = load_workbook(form)
    sheet = book[book.sheetnames[1]]  # the instructions first, then the figures
    rows = 0
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if not sheet[f"A{row}"].value:
            continue
        rows += 1
        if sheet[f"B{row}"].value:
            sheet[f"I{row}"] = 1
        else:  # a milestone
            sheet[f"J{row}"] = done_word
            sheet[f"K{row}"] = datetime.date(2018, 6, 15)
    book.save(form)
    return rows


def test_the_guide_cycle_runs_as_written_in_a_fresh_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_git_as(monkeypatch, tmp_path, "Nguyễn Văn An", "an@skhcn.example")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)], check=True)
    git(clone, "checkout", "--quiet", "--detach", git(REPO, "rev-parse", "HEAD").strip())
    environment = {k: v for k, v in os.environ.items() if k not in ("KPI_DATA", "KPI_LANG")}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"  # this kpi

    def run(command: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=clone,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        return done

    form, recorded, reporting, remind, approve, reopen = guide_cycle()
    run(form)
    [sent] = (clone / "forms").glob("*.xlsx")
    assert shlex.split(recorded)[3] == f"forms/{sent.name}"  # the form that comes back is the one sent
    assert fill_every_row(sent, "Đã hoàn thành") == 37  # the unit fills it in and mails it back
    got = run(recorded)
    assert sum(1 for line in got.stdout.splitlines() if line.startswith("đã ghi nhận: ")) == 37
    assert got.stdout.splitlines()[-1].startswith("đã commit ")
    assert "QLCN" in run(reporting).stdout
    run(remind)
    assert list((clone / "reminders").iterdir())
    run(approve)
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""
    run(reopen)
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""
    trail = json.loads(run("kpi log -f json").stdout)
    assert [entry["event"] for entry in trail][:2] == ["reopen", "approve"]
    assert sum(1 for entry in trail if entry["event"] == "record") == 37
    # The history a person reads in git log is in the office's language; kpi reads only the trailers.
    assert git(clone, "log", "-3", "--format=%an|%s").splitlines()[1:] == [
        "Nguyễn Văn An|Phê duyệt Quý II/2018 của QLCN",
        "Nguyễn Văn An|Ghi nhận 37 số liệu Quý II/2018 từ QLCN-2018-Q2.xlsx",
    ]


# ---------------------------------------------------------------- a small office, in git

CATALOGUE = [
    indicator("B.1", "cumulative", measure(target=100, label=("Dự án", "Projects"))),
    indicator("B.2", "annual", measure(target=10, label=("Dự án", "Projects"))),
    indicator("B.7", "cumulative", measure(target=100, label=("Dự án", "Projects")), owner="SHTT"),
    indicator("B.9", "cumulative", measure(target=50, label=("Dự án", "Projects")), owner="SHTT"),
]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding a plan, no settings: recording commits by default."""
    use_git_as(monkeypatch, tmp_path, "Phòng Kế hoạch", "khth@skhcn.example")
    root = tmp_path / "office"
    make_ledger(root / "data", *CATALOGUE)
    (root / ".gitignore").write_text("forms/\nreceived/\n.kpi-cache/\n.kpi.lock\n.kpi-journal.json\n")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Plan 62/KH-SKHCN")
    return root


def make_form(root: Path, unit: str, quarter: str, folder: Path, values: dict[str, object]) -> Path:
    """The unit's form for the quarter, filled in: {indicator ID: what is typed in its figure cell}."""
    path = folder / f"{unit}-{quarter}.xlsx"
    made = kpi_process(root / "data", "form", "-u", unit, "-q", quarter, "-o", str(path), cwd=root)
    assert made.returncode == 0, made.stderr
    book = load_workbook(path)
    sheet = book["Figures"]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet[f"A{row}"].value in values:
            sheet[f"I{row}"] = values[sheet[f"A{row}"].value]
    book.save(path)
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    data = root / "data"
    # The lock and the cache are git-ignored helpers of every run, not data.
    return {
        str(p.relative_to(data)): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file() and p.name != ".kpi.lock" and ".kpi-cache" not in p.parts
    }


def test_a_folder_of_three_forms_in_one_command(office: Path) -> None:
    received = office / "received"
    received.mkdir()
    make_form(office, "QLCN", "2018-Q2", received, {"B.1": 40, "B.2": 3})  # good, sent before the due day
    make_form(office, "SHTT", "2018-Q1", received, {"B.7": 5, "B.9": 10})  # Q1's, due on 10/04: late
    bad = make_form(office, "SHTT", "2018-Q2", received, {"B.7": -5, "B.9": "about ten"})
    (received / "cover letter.pdf").write_bytes(b"%PDF-1.4\n")  # came with the mail: left alone

    # The bad form alone first: it changes nothing at all.
    before, head = snapshot(office), git(office, "rev-parse", "HEAD")
    alone = kpi_process(office / "data", "record", "--from", str(bad), "--received", "2018-07-08", cwd=office)
    assert alone.returncode == 2
    assert snapshot(office) == before and git(office, "rev-parse", "HEAD") == head
    assert not (office / "data" / "actuals" / ".kpi-journal.json").exists()

    done = kpi_process(office / "data", "record", "--from", "received", "--received", "2018-07-08", cwd=office)
    assert done.returncode == 2, done.stderr  # one file refused
    assert done.stdout.splitlines() == [
        "QLCN-2018-Q2.xlsx: QLCN, 2018-Q2: 2 figures recorded, on time: received 2018-07-08, due 2018-07-10",
        f"  committed {git(office, 'log', '-1', '--format=%H', '--', 'data/actuals/2018-Q2/QLCN.yaml')[:12]}",
        "SHTT-2018-Q1.xlsx: SHTT, 2018-Q1: 2 figures recorded, late: received 2018-07-08, due 2018-04-10",
        f"  committed {git(office, 'log', '-1', '--format=%H', '--', 'data/actuals/2018-Q1/SHTT.yaml')[:12]}",
        "SHTT-2018-Q2.xlsx: refused, nothing recorded (2 problems):",
        "  received/SHTT-2018-Q2.xlsx:Figures!I5: error: value: '-5' is negative; recorded figures are counts, "
        "rates or levels, never below 0",
        "  received/SHTT-2018-Q2.xlsx:Figures!I6: error: value: 'about ten' is not a number; write it like 850, "
        "39.89 or 10000",
        "cover letter.pdf: skipped, not a form (.xlsx) or a CSV file",
        "2 of 3 files recorded, 1 refused",
    ]
    # One commit per good file; nothing of the bad one, anywhere; no journal left; nothing uncommitted.
    assert git(office, "log", "--format=%s").splitlines() == [
        "Record 2 figures for 2018-Q1 from SHTT-2018-Q1.xlsx",
        "Record 2 figures for 2018-Q2 from QLCN-2018-Q2.xlsx",
        "Plan 62/KH-SKHCN",
    ]
    actuals = office / "data" / "actuals"
    assert sorted(str(p.relative_to(actuals)) for p in actuals.rglob("*.yaml")) == [
        "2018-Q1/SHTT.yaml",
        "2018-Q2/QLCN.yaml",
    ]
    assert git(office, "status", "--porcelain") == ""

    # The bad form fixed, the same command again: the others are unchanged, the fixed one comes in.
    bad.unlink()
    make_form(office, "SHTT", "2018-Q2", received, {"B.7": 5, "B.9": 10})
    again = kpi_process(office / "data", "record", "--from", "received", "--received", "2018-07-08", cwd=office)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[0] == (
        "QLCN-2018-Q2.xlsx: QLCN, 2018-Q2: 2 figures, already recorded as they are; nothing changed"
    )
    assert again.stdout.splitlines()[-1] == "3 of 3 files recorded, 0 refused"
    rates = json.loads(kpi_process(office / "data", "reporting", "-q", "2018-Q2", "-f", "json", cwd=office).stdout)
    assert {o["owner"]: (o["recorded"], o["on_time"]) for o in rates["owners"]} == {"QLCN": (2, 2), "SHTT": (2, 2)}


def test_a_folder_with_nothing_to_record_is_refused(office: Path) -> None:
    (office / "received").mkdir()
    (office / "received" / "scan.pdf").write_bytes(b"%PDF")
    refused = kpi_process(office / "data", "record", "--from", "received", cwd=office)
    assert refused.returncode == 2
    assert "holds no form (.xlsx) or CSV file to record" in refused.stderr


def test_recording_commits_by_default_in_git_and_not_outside(office: Path, tmp_path: Path) -> None:
    recorded = kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=office)
    assert recorded.returncode == 0, recorded.stderr
    assert git(office, "log", "-1", "--format=%s") == "Record B.1 n for 2018-Q2: 40\n"
    assert git(office, "status", "--porcelain") == ""
    opted_out = kpi_process(
        office / "data", "record", "B.2", "-q", "2018-Q2", "--value", "3", "--no-commit", cwd=office
    )
    assert opted_out.returncode == 0, opted_out.stderr
    assert git(office, "status", "--porcelain") == " M data/actuals/2018-Q2/QLCN.yaml\n"
    assert git(office, "log", "-1", "--format=%s") == "Record B.1 n for 2018-Q2: 40\n"
    # Outside a git work tree: recorded, no commit, no error.
    plain = tmp_path / "plain"
    make_ledger(plain / "data", *CATALOGUE)
    alone = kpi_process(plain / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=plain)
    assert alone.returncode == 0, alone.stderr
    assert "committed" not in alone.stdout and alone.stderr == ""
    assert (plain / "data" / "actuals" / "2018-Q2" / "QLCN.yaml").exists()


# ---------------------------------------------------------------- undo


def test_undo_takes_back_the_last_recording_by_a_commit(office: Path) -> None:
    assert kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=office).returncode == 0
    qlcn = office / "data" / "actuals" / "2018-Q2" / "QLCN.yaml"
    first = qlcn.read_bytes()
    assert (
        kpi_process(
            office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace", cwd=office
        ).returncode
        == 0
    )
    mistaken = git(office, "rev-parse", "HEAD").strip()
    undone = kpi_process(office / "data", "undo", "--by", "Trần Thị B", cwd=office)
    assert undone.returncode == 0, undone.stderr
    assert qlcn.read_bytes() == first  # as before the mistaken recording
    assert git(office, "status", "--porcelain") == ""
    message = git(office, "log", "-1", "--format=%B").rstrip("\n")
    assert message.splitlines() == [
        "Undo Replace B.1 n for 2018-Q2: 40 -> 45",
        "",
        f"Undone: {mistaken}",
        "Indicator: B.1",
        "Measure: n",
        "Quarter: 2018-Q2",
        "Value: 40",
        "Previous: 45",
        "Recorded-by: Trần Thị B",
    ]
    assert git(office, "rev-list", "--count", "HEAD") == "4\n"  # history kept: a commit added, none removed
    trail = json.loads(kpi_process(office / "data", "log", "-f", "json", cwd=office).stdout)
    assert [(e["event"], e["previous"], e["value"], e["undone"]) for e in trail] == [
        ("undo", "45", "40", mistaken),
        ("record", "40", "45", None),
        ("record", "none", "40", None),
    ]
    table = kpi_process(None, "--lang", "en", "log", cwd=office, env={"COLUMNS": "200"}).stdout
    assert "B.1 (Projects)  2018-Q2  undone: 45 taken back, 40 again" in table
    # An undo is not undone in turn: it says so, and touches nothing.
    again = kpi_process(office / "data", "undo", cwd=office)
    assert again.returncode == 2
    assert "the last change to the actuals is already an undo (commit " in again.stderr
    assert qlcn.read_bytes() == first


def test_undo_of_a_first_recording_leaves_the_file_without_records(office: Path) -> None:
    assert kpi_process(office / "data", "record", "B.7", "-q", "2018-Q2", "--value", "5", cwd=office).returncode == 0
    assert kpi_process(office / "data", "undo", cwd=office).returncode == 0
    shtt = office / "data" / "actuals" / "2018-Q2" / "SHTT.yaml"
    assert "records: []" in shtt.read_text(encoding="utf-8")
    assert kpi_process(office / "data", "check", cwd=office).returncode == 0
    rates = json.loads(kpi_process(office / "data", "reporting", "-q", "2018-Q2", "-f", "json", cwd=office).stdout)
    assert {o["owner"]: o["recorded"] for o in rates["owners"]}["SHTT"] == 0


def test_undo_is_refused_once_the_quarter_is_approved(office: Path) -> None:
    assert kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=office).returncode == 0
    assert (
        kpi_process(
            office / "data", "approve", "2018-Q2", "-u", "QLCN", "--with-missing", "--by", "Trưởng phòng", cwd=office
        ).returncode
        == 0
    )
    head = git(office, "rev-parse", "HEAD")
    refused = kpi_process(office / "data", "undo", cwd=office)
    assert refused.returncode == 2
    assert "2018-Q2 is approved for QLCN (Trưởng phòng, " in refused.stderr
    assert 'reopen it first: kpi reopen 2018-Q2 -u QLCN --reason "..."' in refused.stderr
    assert git(office, "rev-parse", "HEAD") == head and git(office, "status", "--porcelain") == ""


def test_undo_is_refused_when_the_last_change_was_made_by_hand(office: Path) -> None:
    assert kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=office).returncode == 0
    qlcn = office / "data" / "actuals" / "2018-Q2" / "QLCN.yaml"
    qlcn.write_text(qlcn.read_text(encoding="utf-8").replace("value: 40", "value: 41"), encoding="utf-8")
    git(office, "commit", "--quiet", "--all", "--message", "Fix B.1 by hand")
    by_hand = git(office, "rev-parse", "HEAD").strip()
    refused = kpi_process(office / "data", "undo", cwd=office)
    assert refused.returncode == 2
    assert f"the last change to the actuals was not made by kpi record (commit {by_hand[:12]} of " in refused.stderr
    assert "'Fix B.1 by hand'" in refused.stderr and f"git revert {by_hand[:12]}" in refused.stderr
    assert "value: 41" in qlcn.read_text(encoding="utf-8")


def test_undo_outside_git_says_why(tmp_path: Path) -> None:
    make_ledger(tmp_path / "data", *CATALOGUE)
    refused = kpi_process(tmp_path / "data", "undo", cwd=tmp_path)
    assert refused.returncode == 2
    assert "is not inside a git work tree: kpi undo takes back a recording git holds" in refused.stderr


def test_a_row_of_several_measures_names_each_beside_its_figures(shipped_copy: Path) -> None:
    """B.1.1 stacks a share (no figure) over firms (669 to date): each line says which it is."""
    shown = kpi_process(shipped_copy, "status", "-p", "B", cwd=shipped_copy, env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    heading = next(line for line in lines if line.startswith("ID "))
    at = heading.index("Measure")
    first = next(i for i, line in enumerate(lines) if line.startswith("  B.1.1 "))
    assert lines[first][at:].split("  ")[0] == "Share of enterprises…"  # the label, cut to the column
    assert lines[first + 1][at:].split()[:6] == ["Enterprises", "of", "the", "4…", "–", "669"]  # no target; to date
    single = next(line for line in lines if line.startswith("B.3 "))
    assert single[at : at + 10].strip() == ""  # one measure: the title says what it counts


def test_an_undo_killed_before_its_commit_is_finished_by_the_next_command(office: Path) -> None:
    """An undo goes through the recording's journal: killed after staging, the next command commits it."""
    assert kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=office).returncode == 0
    qlcn = office / "data" / "actuals" / "2018-Q2" / "QLCN.yaml"
    first = qlcn.read_bytes()
    assert (
        kpi_process(
            office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace", cwd=office
        ).returncode
        == 0
    )
    killed = kpi_process(office / "data", "undo", cwd=office, env={"KPI_TEST_CRASH_AT": "staged"})
    assert killed.returncode == 137
    assert (office / "data" / "actuals" / ".kpi-journal.json").exists()
    settling = kpi_process(office / "data", "status", cwd=office)
    assert settling.returncode == 0, settling.stderr
    assert settling.stderr.startswith("kpi: finished a recording interrupted at ")
    assert git(office, "log", "-1", "--format=%s") == "Undo Replace B.1 n for 2018-Q2: 40 -> 45\n"
    assert qlcn.read_bytes() == first
    assert git(office, "status", "--porcelain") == ""
    assert not (office / "data" / "actuals" / ".kpi-journal.json").exists()


def test_an_undo_whose_commit_fails_changes_nothing(office: Path) -> None:
    assert kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "40", cwd=office).returncode == 0
    qlcn = office / "data" / "actuals" / "2018-Q2" / "QLCN.yaml"
    recorded, head = qlcn.read_bytes(), git(office, "rev-parse", "HEAD")
    hook = office / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    refused = kpi_process(office / "data", "undo", cwd=office)
    assert refused.returncode == 2
    assert "no commits today" in refused.stderr
    assert qlcn.read_bytes() == recorded and git(office, "rev-parse", "HEAD") == head
    assert git(office, "status", "--porcelain") == ""

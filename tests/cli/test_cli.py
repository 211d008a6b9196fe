"""The command line as users meet it: through Typer's runner and as a real process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kpi import __version__
from kpi.files.datadir import find_data_dir
from tests.support import REPO, kpi, kpi_process, kpi_started
from tests.support.cli import COMMANDS


def test_version() -> None:
    result = kpi(None, "--version")
    assert result.exit_code == 0
    assert result.output == f"kpi {__version__}\n"


def test_version_answered_early_says_what_the_full_command_line_says(tmp_path: Path) -> None:
    fast = kpi_process(None, "--version", cwd=tmp_path)
    full = kpi_process(None, "--lang", "en", "--version", cwd=tmp_path)  # through the whole command line
    assert (fast.returncode, fast.stdout, fast.stderr) == (0, f"kpi {__version__}\n", "")
    assert (full.returncode, full.stdout) == (fast.returncode, fast.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = kpi(None, command, "--help")
    assert result.exit_code == 0
    assert f"Usage: kpi {command}" in result.output


def test_unknown_option_is_a_usage_error() -> None:
    result = kpi(None, "check", "--frobnicate")
    assert result.exit_code == 2
    assert "No such option: --frobnicate" in result.output


def line_number(path: Path, text: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line == text]
    return found[occurrence - 1]


def test_check_shipped_data_reports_the_known_defects_and_exits_0(shipped_copy: Path) -> None:
    result = kpi_process(None, "check", cwd=shipped_copy.parent)
    assert result.returncode == 0
    headlines = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    lines = [line for line in headlines if ": note: " not in line]  # the errata: test_errata
    assert len(headlines) - len(lines) == 6
    plan = shipped_copy / "plan2018.yaml"
    a6, a7 = line_number(plan, "        stated_percent: 11.67"), line_number(plan, "        stated_percent: 23")
    d_ii_1 = line_number(plan, "          2018: 1500")
    # The defects known from the start, among the source's inconsistencies (all in test_source_inconsistencies).
    for line in (
        f"data/plan2018.yaml:{a6}:25: warning: indicators[A.6].measures[science_firms].stated_percent: "
        "the source states 11.67% but (5 + 6) / 300 = 3.67%; source line 340, rate achieved: “11,67%”",
        f"data/plan2018.yaml:{a7}:25: warning: indicators[A.7].measures[firms].stated_percent: "
        "the source states 23% of 500 S&T enterprises formed, but the row's actual figures count "
        "Enterprises that set up an S&T Development Fund: (4 + 5) / 500 = 1.8%; source line 341, rate achieved: “23%”",
        f"data/plan2018.yaml:{d_ii_1}:17: warning: indicators[D.II.1].measures[news_items].plans.2018: "
        "2018 plan 1,500 is below the growth target: 2 × 2,365 = 4,730 (and below the 2017 actual); "
        "source line 422, 2018 plan: “1.500 tin /bài”",
    ):
        assert line in lines
    assert all(": warning: " in line for line in lines)
    # the plan, settings.yaml and the office's text narrative/2018-Q2.md
    assert result.stderr == f"3 files checked: 0 errors, {len(lines)} warnings, 6 notes\n"


def test_strict_turns_warnings_into_failure(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "check", "--strict")
    assert result.exit_code == 1


def test_typo_duplicate_id_and_broken_quarter_all_reported(shipped_copy: Path) -> None:
    path = shipped_copy / "plan2018.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    sum_of_children: true", "    sum_of_chilren: true", 1)
    text = text.replace("  - id: B.2.4\n", "  - id: B.2.3\n", 1)
    text = text.replace("    deadline: 2018-Q1", "    deadline: Quý V/2018", 1)
    path.write_text(text, encoding="utf-8")
    result = kpi_process(None, "check", cwd=shipped_copy.parent)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    lines = text.split("\n")
    typo = lines.index("    sum_of_chilren: true") + 1
    duplicate = [n for n, line in enumerate(lines, 1) if line == "  - id: B.2.3"][1]
    quarter = lines.index("    deadline: Quý V/2018") + 1
    assert errors == [
        f"data/plan2018.yaml:{quarter}:15: error: indicators[A.4].deadline: 'Quý V/2018' is not a quarter; "
        "write it as 2018-Q2 (also accepted: 2018Q2, Q2/2018, Quý II/2018)",
        f"data/plan2018.yaml:{typo}:5: error: indicators[B.1].sum_of_chilren: unknown field 'sum_of_chilren'; "
        "did you mean 'sum_of_children'?",
        f"data/plan2018.yaml:{duplicate}:9: error: indicators[B.2.3].id: duplicate indicator ID 'b.2.3' "
        f"(first used on line {lines.index('  - id: B.2.3') + 1})",
        # The slip the plan records in B.2.4's cells now names a row that is not there.
        f"data/plan2018.yaml:{lines.index('    of: B.2.4') + 1}:9: error: slips[6].of: no indicator, task, "
        "program or section 'B.2.4' holds a slip",
    ]
    caret = result.stdout.splitlines()
    at = caret.index(errors[1])
    assert caret[at + 1] == f"  {typo} |     sum_of_chilren: true"
    assert caret[at + 2] == f"  {' ' * len(str(typo))} |     ^"


def test_check_json_is_machine_readable(shipped_copy: Path) -> None:
    result = kpi(shipped_copy, "check", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["errors"] == 0 and payload["warnings"] + payload["notes"] == len(payload["findings"]) > 3
    assert payload["notes"] == 6  # the corrected readings of headings (test_errata)
    a6 = next(f for f in payload["findings"] if f["field"] == "indicators[A.6].measures[science_firms].stated_percent")
    assert a6["line"] == line_number(shipped_copy / "plan2018.yaml", "        stated_percent: 11.67")


def test_data_folder_is_found_upward_like_git(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KPI_DATA")
    deep = shipped_copy.parent / "reports" / "2018"
    deep.mkdir(parents=True)
    result = kpi_process(None, "check", cwd=deep)
    assert result.returncode == 0, result.stderr
    assert find_data_dir(start=deep) == shipped_copy


def test_kpi_data_environment_variable_names_the_folder(shipped_copy: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = kpi_process(None, "check", cwd=elsewhere, env={"KPI_DATA": str(shipped_copy)})
    assert result.returncode == 0, result.stderr


def test_console_script_is_installed() -> None:
    result = subprocess.run(["kpi", "--version"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout == f"kpi {__version__}\n"


def test_no_colour_when_piped(shipped_copy: Path) -> None:
    result = kpi_process(None, "check", cwd=shipped_copy.parent)
    assert "\x1b[" not in result.stdout


def test_a_reader_that_stops_early_gets_no_traceback(shipped_copy: Path, vietnamese: None) -> None:
    # The status table, then the summary: kpi is still writing when the reader goes away.
    process = kpi_started(
        shipped_copy,
        "status",
        "--as-of",
        "2017-12-31",
        cwd=shipped_copy.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdout is not None and process.stderr is not None
    first_line = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert first_line.decode().startswith("Tình hình thực hiện đến ngày 31/12/2017")
    assert stderr == b""


def test_overdue_due_soon_lists_this_quarters_milestones(shipped_copy: Path) -> None:
    result = kpi(
        None,
        "--lang",
        "en",
        "--data",
        str(shipped_copy),
        "overdue",
        "--due-soon",
        "--as-of",
        "2018-05-15",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["quarter"] == "2018-Q2"
    ids = [item["id"] for item in payload["items"]]
    assert "C.1" in ids and "A.4" not in ids  # C.1 is due by Quý II/2018; A.4 was due in Quý I: overdue, not soon
    assert all(item["days_left"] == 46 for item in payload["items"])
    failing = kpi(shipped_copy, "overdue", "--due-soon", "--as-of", "2018-05-15", "--fail-if-any")
    assert failing.exit_code == 1


def test_every_module_that_marks_a_command_is_registered() -> None:
    # A command module only marks its commands; kpi.cli.root registers the modules it lists.
    from kpi.cli.root import COMMAND_MODULES

    folder = Path(__file__).resolve().parents[2] / "kpi" / "cli"
    marking = {path.stem for path in folder.glob("*.py") if "\n@command(" in path.read_text(encoding="utf-8")}
    assert marking == set(COMMAND_MODULES)

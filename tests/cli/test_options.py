"""Options as a newcomer types them: one meaning per flag, words in --help, --quiet, shell completion."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import kpi, kpi_process
from tests.support.checks import SHIPPED, SHIPPED_DEFECTS
from tests.support.cli import COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_with_words_not_types(command: str) -> None:
    result = kpi(None, command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = result.output
    # Typer's type labels (<str>, <path>, <list[Path]>), braces and bare TEXT are not words a clerk reads.
    assert not re.search(r"<(str|path|list\[[^]]*\]|int|integer)>|\{[A-Z]+\}|\bTEXT\b", text), text
    options = [line.split()[0].rstrip(",") for line in text.splitlines() if line.strip().startswith("-o")]
    assert all(flag == "-o" for flag in options)
    assert all("--output" in line for line in text.splitlines() if line.strip().startswith("-o,"))


def test_check_help_reads_path_dots() -> None:
    text = kpi(None, "check", "--help", env={"COLUMNS": "200"}).output
    assert "Usage: kpi check [OPTIONS] [PATH]..." in text
    assert "  PATH...  Files or folders to check" in text


def test_owner_is_u_and_o_is_output(shipped_copy: Path) -> None:
    by_owner = kpi_process(None, "status", "-u", "QLKH", "--format", "csv", cwd=shipped_copy.parent)
    assert by_owner.returncode == 0, by_owner.stderr
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(by_owner.stdout)))
    owner = next(key for key in rows[0] if key in ("owner", "Owner", "Đơn vị"))
    assert rows and {row[owner] for row in rows} == {"QLKH"}
    assert (
        kpi_process(None, "overdue", "--owner", "QLKH", "--as-of", "2018-07-01", cwd=shipped_copy.parent).returncode
        == 0
    )
    old = kpi_process(None, "status", "-o", "QLKH", cwd=shipped_copy.parent)
    assert old.returncode == 2 and "No such option: -o" in old.stderr


def test_record_quiet_writes_and_says_nothing(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert "value: 850" in (minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml").read_text(encoding="utf-8")
    refused = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--quiet")
    assert refused.exit_code == 2 and "already recorded" in refused.stderr


def test_report_quiet_has_no_wrote_line(shipped_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    loud = kpi_process(None, "report", "--as-of", "2018-06-30", "-o", str(target), cwd=shipped_copy.parent)
    # The shipped data has no 2018 figure: the report says so, on stderr too, quiet or not.
    warning = (
        "kpi: warning: no figure is recorded for 2018-Q1, 2018-Q2; the report says so, and reads them as not reported\n"
    )
    assert loud.returncode == 0 and loud.stderr.startswith(f"{warning}kpi: wrote {target}")
    quiet = kpi_process(
        None, "report", "--as-of", "2018-06-30", "-o", str(target), "--force", "--quiet", cwd=shipped_copy.parent
    )
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", warning)
    assert target.read_text(encoding="utf-8").strip()


def test_check_quiet_is_silent_when_clean_and_names_only_errors(shipped_copy: Path) -> None:
    clean = kpi_process(None, "check", "--quiet", cwd=shipped_copy.parent)  # the shipped data has only warnings
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    strict = kpi_process(None, "check", "--quiet", "--strict", cwd=shipped_copy.parent)
    recorded = [field for field, _line, _words in SHIPPED_DEFECTS if not field.startswith("indicators[")]
    warned = strict.stdout.count(": warning: ")
    assert strict.returncode == 1 and warned == len(SHIPPED) + len(recorded) and strict.stderr == ""
    bad = shipped_copy / "actuals" / "2018-Q1" / "QLCN.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text("quarter: 2018-Q1\nowner: QLCN\nrecords:\n  - indicator: B.99\n    value: 5\n", encoding="utf-8")
    broken = kpi_process(None, "check", "--quiet", cwd=shipped_copy.parent)
    assert broken.returncode == 1
    assert [line for line in broken.stdout.splitlines() if not line.startswith("  ")] == [
        f"{Path('data/actuals/2018-Q1/QLCN.yaml')}:4:16: error: records[0].indicator: "
        "no indicator 'B.99' in the catalogue; did you mean B.9?"
    ]
    assert broken.stderr == ""


def completions(words: str, cwd: Path) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}
    environment.update(_KPI_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1))
    result = subprocess.run(
        [sys.executable, "-c", "from kpi.cli import main; main()"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_shell_completion_is_installable_and_completes_ids_and_codes(shipped_copy: Path) -> None:
    help_text = kpi(None, "--help").output
    assert "--install-completion" in help_text and "--show-completion" in help_text
    cwd = shipped_copy.parent
    assert completions("kpi sta", cwd) == ["status"]
    assert completions("kpi show B.11.", cwd) == ["B.11.1", "B.11.2", "B.11.3", "B.11.4", "B.11.5"]
    assert completions("kpi show T2.1", cwd)[:3] == ["T2.1", "T2.10", "T2.11"]
    assert completions("kpi status -u QLC", cwd) == ["QLCN", "QLCS"]
    assert completions("kpi report -p S", cwd) == ["S5", "S6"]


COMPLETION_REQUESTS = {
    "bash": {"_KPI_COMPLETE": "complete_bash", "COMP_WORDS": "kpi show B.11.", "COMP_CWORD": "2"},
    "bash, after options": {
        "_KPI_COMPLETE": "complete_bash",
        "COMP_WORDS": "kpi --lang en show --as-of 2018-06-30 T2.1",
        "COMP_CWORD": "6",
    },
    "bash, nothing typed": {"_KPI_COMPLETE": "complete_bash", "COMP_WORDS": "kpi show ", "COMP_CWORD": "2"},
    "bash, lower case": {"_KPI_COMPLETE": "complete_bash", "COMP_WORDS": "kpi show b.1", "COMP_CWORD": "2"},
    "zsh": {"_KPI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "kpi --data data show B.1"},
    "zsh, no match": {"_KPI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "kpi show ZZ"},
    "fish": {
        "_KPI_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "kpi show B.1",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    },
    "fish, is-args": {
        "_KPI_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "kpi show ZZ",
        "_TYPER_COMPLETE_FISH_ACTION": "is-args",
    },
    "powershell": {
        "_KPI_COMPLETE": "complete_powershell",
        "_TYPER_COMPLETE_ARGS": "kpi show B.1",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "B.1",
    },
}


def _complete(request: dict[str, str], cwd: Path, **extra: str) -> tuple[int, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    environment.update(request, **extra)
    result = kpi_process(None, environment=environment, cwd=cwd)
    assert result.stderr == ""
    return result.returncode, result.stdout


def test_completing_an_id_answers_from_the_cache_what_typer_answers(shipped_copy: Path, tmp_path: Path) -> None:
    """`kpi show B.1<Tab>` runs kpi on every Tab: once the plan was read, the IDs come from the cache
    (kpi.cli.completion) without loading the catalogue, and say exactly what Typer says."""
    from kpi.cli.completion import quick_answer

    cwd, cache = shipped_copy.parent, tmp_path / "cache"
    typer_says = {name: _complete(request, cwd, KPI_NO_CACHE="1") for name, request in COMPLETION_REQUESTS.items()}
    assert typer_says["bash"] == (0, "B.11.1\nB.11.2\nB.11.3\nB.11.4\nB.11.5\n")
    assert typer_says["bash, after options"][1].split()[:3] == ["T2.1", "T2.10", "T2.11"]
    assert typer_says["fish, is-args"] == (1, "")  # no ID: the shell offers files instead
    assert typer_says["zsh, no match"] == (0, "_files\n")
    assert typer_says["powershell"][1].startswith("B.1::: \nB.1.1::: \n")

    bash = {**COMPLETION_REQUESTS["bash"], "KPI_CACHE_DIR": str(cache)}
    assert quick_answer(bash, cwd) is None  # nothing read yet: Typer answers, and the plan is read
    assert _complete(COMPLETION_REQUESTS["bash"], cwd, KPI_CACHE_DIR=str(cache)) == typer_says["bash"]
    for name, request in COMPLETION_REQUESTS.items():
        quick = quick_answer({**request, "KPI_CACHE_DIR": str(cache)}, cwd)
        assert quick is not None, name
        text, code = quick
        assert (code, "" if text is None else text + "\n") == typer_says[name], name
        assert _complete(request, cwd, KPI_CACHE_DIR=str(cache)) == typer_says[name], name

    # Anything but the ID after `show` is Typer's to answer.
    for words in ("kpi sta", "kpi status -u QLC", "kpi show B.1 --for", "kpi log B.1"):
        other = {"_KPI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
        assert quick_answer({**other, "KPI_CACHE_DIR": str(cache)}, cwd) is None, words

    # An edited plan is read again before its IDs are offered; a broken one offers none, as before.
    plan = shipped_copy / "plan2018.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert quick_answer(bash, cwd) is None
    assert _complete(COMPLETION_REQUESTS["bash"], cwd, KPI_CACHE_DIR=str(cache)) == typer_says["bash"]
    assert quick_answer(bash, cwd) is not None
    plan.write_text(plan.read_text(encoding="utf-8") + "indicators: [\n", encoding="utf-8")
    assert quick_answer(bash, cwd) is None
    assert _complete(COMPLETION_REQUESTS["bash"], cwd, KPI_CACHE_DIR=str(cache)) == (0, "\n")

"""One language at a time: in Vietnamese, nothing kpi says to a person is English.

Each command runs as a real process with the office's language; its words (not the data's, not
option names, metavars, command names or machine values) must contain no English word from a
list of the words English sentences cannot do without. The same commands in English must contain
them, so the list can tell the two apart.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_on_a_terminal
from tests.english import COMMANDS, WORD, english_words


@pytest.fixture
def office(tmp_path: Path, shipped_copy: Path) -> dict[str, str]:
    """The shipped data in a git repository, the office's language chosen by the environment."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    environment = {k: v for k, v in os.environ.items() if k not in ("KPI_DATA", "KPI_LANG")}
    environment.update(
        KPI_DATA=str(shipped_copy),
        GIT_AUTHOR_NAME="Lan",
        GIT_COMMITTER_NAME="Lan",
        GIT_AUTHOR_EMAIL="lan@example.vn",
        GIT_COMMITTER_EMAIL="lan@example.vn",
        COLUMNS="120",
    )
    return environment


def kpi(environment: dict[str, str], language: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "kpi", *args],
        env={**environment, "KPI_LANG": language},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1, 2), result.stderr
    return result.stdout + result.stderr


def data_words(shipped: Path) -> set[str]:
    """Words of the data itself (titles quote English terms such as 'Techmart'): not kpi's to translate."""
    text = (shipped / "plan2018.yaml").read_text(encoding="utf-8")
    keys = {line.split(":", 1)[0].strip(" -") for line in text.splitlines()}
    values = "\n".join(line.split(":", 1)[1] for line in text.splitlines() if ":" in line)
    return {w.casefold() for w in WORD.findall(values)} - {k.casefold() for k in keys}


SESSIONS = [
    ["status"],
    ["status", "-p", "B"],
    ["overdue", "--as-of", "2018-07-01"],
    ["show", "B.1"],
    ["show", "A.9"],
    ["show", "T2.8"],
    ["show", "B.11.3"],
    ["find", "dao tao"],
    ["find", "khong co gi nhu the"],
    ["record", "B.1", "-q", "2018-Q1", "--value", "850"],
    ["record", "B.1", "-q", "2018-Q1", "--value", "900"],
    ["record", "B.1", "-q", "2018-Q9", "--value", "x"],
    ["log"],
    ["check"],
    ["--help"],
    *([command, "--help"] for command in COMMANDS),
]


@pytest.mark.parametrize("args", SESSIONS, ids=" ".join)
def test_vietnamese_output_has_no_english_word(office: dict[str, str], shipped_copy: Path, args: list[str]) -> None:
    if args[0] == "record" and args[-1] == "900":  # a second figure for the same quarter: the refusal
        kpi(office, "vi", "record", "B.1", "-q", "2018-Q1", "--value", "850")
    output = kpi(office, "vi", *args)
    assert output.strip()
    assert english_words(output, data_words(shipped_copy)) == []


def test_the_word_list_recognises_english(office: dict[str, str], shipped_copy: Path) -> None:
    for args in (["status"], ["show", "B.1"], ["status", "--help"], ["record", "B.1", "-q", "2018-Q9", "--value", "x"]):
        assert english_words(kpi(office, "en", *args), data_words(shipped_copy)), args


def test_record_prompts_are_vietnamese(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", "vi")
    code, stdout, shown = run_on_a_terminal(
        "--data", str(shipped_copy), "record", typed=b"X.1\nB.1\n2018-Q9\n2018-Q1\n850\n\n\nn\n"
    )
    assert code == 1, shown  # declined at the last question
    assert "X.1" in shown and "850" in shown
    assert english_words(shown + stdout.decode(), data_words(shipped_copy)) == [], shown

"""`kpi record` at a terminal: what is missing is asked for, field by field, with defaults."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kpi.files.catalogue import read_actuals
from tests.support import TWO_MEASURES, kpi, run_on_a_terminal


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kpi.cli.record.stdin_is_terminal", lambda: True)


def records(folder: Path, quarter: str) -> list[tuple[str, str | None, Decimal | None, str | None]]:
    read = read_actuals(folder / "actuals" / quarter / "QLCN.yaml")
    assert read.actuals is not None, read.findings
    return [(r.indicator, r.measure, r.value, r.note) for r in read.actuals.records]


def test_everything_is_asked_for_and_the_previous_quarter_is_offered(minimal_data: Path, at_a_terminal: None) -> None:
    (minimal_data / "plan2018.yaml").write_text(TWO_MEASURES, encoding="utf-8")
    first = kpi(minimal_data, "record", "B.1", "-q", "2018-Q1", "--measure", "sessions", "--value", "12")
    assert first.exit_code == 0, first.output
    answers = (
        "\n".join(
            [
                "X.1",
                "B.1",  # an unknown ID is asked again
                "2018-Q5",
                "2018-Q2",  # so is a bad quarter
                "2",  # the second measure, by number
                "",  # Enter takes the offered previous value
                "lớp buổi tối",
                "",  # note; no source
                "y",
            ]
        )
        + "\n"
    )
    result = kpi(minimal_data, "record", "--by", "Lan", input=answers)
    assert result.exit_code == 0, result.output
    prompts = result.stderr
    assert "no indicator 'X.1'" in prompts
    assert "B.1: Đào tạo doanh nghiệp (QLCN, cumulative indicator)" in prompts
    assert "'2018-Q5' is not a quarter" in prompts
    assert "1) Enterprises trained (DN, target 10,000)" in prompts
    assert "2) Training courses (lớp)" in prompts
    assert "Value for 2018-Q2 (2018-Q1: 12) [12]:" in prompts
    assert "Record B.1 (Training courses) 2018-Q2 = 12? [Y/n]:" in prompts
    assert result.stdout.startswith("recorded: B.1 (Training courses) 2018-Q2 = 12 in ")
    assert records(minimal_data, "2018-Q2") == [("B.1", "sessions", Decimal(12), "lớp buổi tối")]


def test_a_milestone_asks_for_its_date_and_evidence(minimal_data: Path, at_a_terminal: None) -> None:
    answers = "20/03/2018\nQĐ 123/QĐ-UBND\n\n\ny\n"
    result = kpi(minimal_data, "record", "B.8", "-q", "2018-Q1", input=answers)
    assert result.exit_code == 0, result.output
    read = read_actuals(minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml")
    assert read.actuals is not None
    assert [(r.done and r.done.isoformat(), r.evidence) for r in read.actuals.records] == [
        ("2018-03-20", "QĐ 123/QĐ-UBND")
    ]


def test_saying_no_at_the_end_writes_nothing(minimal_data: Path, at_a_terminal: None) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", input="850\n\n\nn\n")
    assert result.exit_code == 1
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_a_real_terminal_gets_the_questions(minimal_data: Path) -> None:
    """Through a pseudo-terminal, as a clerk would type it: no flag pretends stdin is a terminal."""
    code, stdout, shown = run_on_a_terminal(
        "--data", str(minimal_data), "record", "B.1.2", "--by", "Lan", typed=b"2018-Q3\n2.100\n2100\n\n\ny\n"
    )
    assert code == 0, shown
    assert "'2.100' is ambiguous" in shown
    assert stdout.decode().startswith("recorded: B.1.2 (Firms of the other industries trained) 2018-Q3 = 2,100 in ")
    assert records(minimal_data, "2018-Q3") == [("B.1.2", "firms", Decimal(2100), None)]


def test_without_a_terminal_nothing_is_asked(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", input="850\n")
    assert result.exit_code == 2
    assert result.stderr == "kpi: error: --value is missing (or --done for a milestone)\n"


def test_a_percent_sign_given_on_the_command_line_is_still_checked_when_the_rest_is_asked(
    minimal_data: Path, at_a_terminal: None
) -> None:
    # `--value 3%` for B.1, a count of firms, with the quarter left to the prompt: refused as it is
    # without the prompt, never recorded as 3 firms.
    result = kpi(minimal_data, "record", "B.1", "--value", "3%", input="2018-Q2\n\n\ny\n")
    assert result.exit_code == 2, result.output
    assert "has a % sign, but B.1 (Enterprises trained) counts DN" in result.stderr
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_the_measure_offered_first_is_one_a_quarter_counts(shipped_copy: Path, at_a_terminal: None) -> None:
    """B.1.1 lists an uncomputable share first (30 % of firms no source counts), then firms: Enter takes firms."""
    answers = "\n".join(["", "850", "", "", "y"]) + "\n"  # Enter at the measure; the value; no note, no source
    result = kpi(None, "--lang", "en", "--data", str(shipped_copy), "record", "B.1.1", "-q", "2018-Q2", input=answers)
    assert result.exit_code == 0, result.output
    assert "Measure [2]:" in result.stderr  # firms, the second in the list: a quarter counts it
    read = read_actuals(shipped_copy / "actuals" / "2018-Q2" / "QLCN.yaml")
    assert read.actuals is not None
    assert [(r.indicator, r.measure, r.value) for r in read.actuals.records] == [("B.1.1", "firms", 850)]


def test_the_previous_figure_offered_is_the_indicators_own(shipped_copy: Path, at_a_terminal: None) -> None:
    """B.1, B.1.1 and B.1.2 each count `firms`: B.1.2's question offers B.1.2's last figure, never a sibling's."""
    for indicator, value in (("B.1", "850"), ("B.1.1", "85")):
        kpi(shipped_copy, "record", indicator, "-q", "2018-Q1", "--measure", "firms", "--value", value, expect=0)
    answers = "\n".join(["2", "210", "", "", "y"]) + "\n"  # firms; a value typed; no note, no source
    first = kpi(None, "--lang", "en", "--data", str(shipped_copy), "record", "B.1.2", "-q", "2018-Q2", input=answers)
    assert first.exit_code == 0, first.output
    assert "Value for 2018-Q2:" in first.stderr  # nothing of B.1.2's before 2018-Q2: nothing offered
    again = kpi(None, "--lang", "en", "--data", str(shipped_copy), "record", "B.1.2", "-q", "2018-Q3", input=answers)
    assert again.exit_code == 0, again.output
    assert "Value for 2018-Q3 (2018-Q2: 210) [210]:" in again.stderr

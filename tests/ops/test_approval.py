"""Approval that locks: an approved quarter refuses new figures, `kpi check` fails when its files
change by hand, and a reopening (with a reason) opens it again. Every event stays in the file."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support import kpi_process
from tests.support import kpi_process as kpi


def recorded(minimal_data: Path) -> Path:
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "A").returncode == 0
    return minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"


def test_an_approved_quarter_refuses_new_figures_until_reopened(minimal_data: Path) -> None:
    recorded(minimal_data)
    approved = kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng")
    assert approved.returncode == 0, approved.stderr
    assert approved.stdout.startswith("approved: 2018-Q2 for QLCN, approved by Trưởng phòng on ")
    refused = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--replace", "--by", "A")
    assert refused.returncode == 2
    assert "2018-Q2 is approved for QLCN (Trưởng phòng, " in refused.stderr
    assert 'kpi reopen 2018-Q2 -u QLCN --reason "..."' in refused.stderr
    # Another quarter is not frozen.
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q1", "--value", "10", "--by", "A").returncode == 0
    reopened = kpi(minimal_data, "reopen", "2018-Q2", "-u", "QLCN", "--reason", "B.1 sai số", "--by", "Trưởng phòng")
    assert reopened.returncode == 0 and reopened.stdout == "reopened: 2018-Q2 (B.1 sai số)\n"
    assert (
        kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--replace", "--by", "A").returncode == 0
    )
    events = yaml.safe_load((minimal_data / "approvals.yaml").read_text(encoding="utf-8"))["events"]
    assert [(e["action"], e["quarter"], e["owner"], e["by"]) for e in events] == [
        ("approve", "2018-Q2", "QLCN", "Trưởng phòng"),
        ("reopen", "2018-Q2", "QLCN", "Trưởng phòng"),
    ]
    assert list(events[0]["files"]) == ["2018-Q2/QLCN.yaml"] and events[1]["reason"] == "B.1 sai số"


def test_check_fails_when_an_approved_file_is_changed_by_hand(minimal_data: Path) -> None:
    path = recorded(minimal_data)
    assert kpi(minimal_data, "approve", "2018-Q2", "--by", "Trưởng phòng").returncode == 0
    assert kpi(minimal_data, "check").returncode == 0
    path.write_text(path.read_text(encoding="utf-8").replace("value: 850", "value: 851"), encoding="utf-8")
    result = kpi(minimal_data, "check")
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert line.startswith(f"{path}:1:") or line.startswith("mini/actuals/2018-Q2/QLCN.yaml:1")
    assert "approval: changed since 2018-Q2 was approved (Trưởng phòng, " in line
    assert 'kpi reopen 2018-Q2 --reason "..."' in line
    # Putting it back is enough; so is a reopening.
    path.write_text(path.read_text(encoding="utf-8").replace("value: 851", "value: 850"), encoding="utf-8")
    assert kpi(minimal_data, "check").returncode == 0


def test_what_cannot_be_approved_or_reopened_is_refused(minimal_data: Path) -> None:
    nothing = kpi(minimal_data, "approve", "2018-Q3")
    assert nothing.returncode == 2 and "nothing is recorded for 2018-Q3" in nothing.stderr
    recorded(minimal_data)
    assert kpi(minimal_data, "approve", "2018-Q2").returncode == 0
    again = kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN")
    assert again.returncode == 2 and "2018-Q2 for QLCN is approved already" in again.stderr
    one_unit = kpi(minimal_data, "reopen", "2018-Q2", "-u", "QLCN", "--reason", "x")
    assert one_unit.returncode == 2 and "approved for every unit; reopen the whole quarter" in one_unit.stderr
    no_reason = kpi(minimal_data, "reopen", "2018-Q2", "--reason", " ")
    assert no_reason.returncode == 2 and "a reopening needs a reason" in no_reason.stderr
    assert kpi(minimal_data, "reopen", "2018-Q2", "--reason", "x").returncode == 0
    not_approved = kpi(minimal_data, "reopen", "2018-Q2", "--reason", "x")
    assert not_approved.returncode == 2 and "2018-Q2 is not approved" in not_approved.stderr


def test_the_refusal_is_said_in_vietnamese(minimal_data: Path) -> None:
    recorded(minimal_data)
    assert kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng").returncode == 0
    refused = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "900", "--replace", "--by", "A", lang="vi")
    assert refused.returncode == 2
    assert "Quý II/2018 đã được phê duyệt cho QLCN (Trưởng phòng, " in refused.stderr


def test_a_figure_changed_by_hand_after_its_approval_is_printed_as_provisional(minimal_data: Path) -> None:
    path = recorded(minimal_data)
    assert kpi(minimal_data, "approve", "2018-Q2", "--by", "Trưởng phòng").returncode == 0

    def b1_line() -> tuple[str, str]:
        report = kpi(minimal_data, "report", "--as-of", "2018-06-30", "-f", "csv")
        assert report.returncode == 0, report.stderr
        return next(line for line in report.stdout.splitlines() if "Chương trình B" not in line and "85" in line), (
            report.stderr
        )

    line, warning = b1_line()
    assert "850" in line and "provisional" not in line and warning == ""  # approved: final
    path.write_text(path.read_text(encoding="utf-8").replace("value: 850", "value: 851"), encoding="utf-8")
    line, warning = b1_line()
    assert "851 (provisional)" in line  # nobody approved 851
    assert "warning: " in warning and "QLCN.yaml changed since 2018-Q2 was approved" in warning


def test_check_names_each_file_once_and_says_whether_it_was_changed_added_or_removed(minimal_data: Path) -> None:
    path = recorded(minimal_data)
    # QLCN's figures under two approvals: the unit's, then the whole quarter's.
    assert kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN", "--by", "A").returncode == 0
    assert kpi(minimal_data, "approve", "2018-Q2", "--by", "B").returncode == 0
    path.write_text(path.read_text(encoding="utf-8").replace("value: 850", "value: 851"), encoding="utf-8")
    shtt = path.with_name("SHTT.yaml")
    shtt.write_text("quarter: 2018-Q2\nowner: SHTT\nrecords: []\n", encoding="utf-8")
    result = kpi(minimal_data, "check")
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stdout
    assert "QLCN.yaml:1:" in errors[0] and "changed since 2018-Q2 was approved (B, " in errors[0]
    assert 'kpi reopen 2018-Q2 --reason "..."' in errors[0]
    assert "SHTT.yaml:1:" in errors[1] and "added to 2018-Q2 after it was approved (B, " in errors[1]
    path.unlink()
    shtt.unlink()
    [removed] = [line for line in kpi(minimal_data, "check").stdout.splitlines() if ": error: " in line]
    assert "QLCN.yaml:1:" in removed and "removed since 2018-Q2 was approved (B, " in removed


def test_giving_an_approved_figure_again_unchanged_is_no_change_not_a_refusal(minimal_data: Path) -> None:
    recorded(minimal_data)
    assert kpi(minimal_data, "approve", "2018-Q2", "--by", "A").returncode == 0
    again = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "A")
    assert again.returncode == 0 and "unchanged" in again.stdout, again.stderr
    changed = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "851", "--replace", "--by", "A")
    assert changed.returncode == 2 and "2018-Q2 is approved" in changed.stderr


def test_the_language_is_chosen_on_the_command_as_on_every_other(minimal_data: Path) -> None:
    recorded(minimal_data)
    result = kpi_process(minimal_data, "approve", "2018-Q2", "--by", "A", "--lang", "en")
    assert result.returncode == 0 and result.stdout.startswith("approved: 2018-Q2, approved by A on "), result.stderr


def test_approving_with_units_missing_names_them_and_needs_with_missing(shipped_copy: Path) -> None:
    """Approval freezes the quarter, so a unit's figures sent later would be refused: a unit that has
    not sent everything the quarter expects is named, and the approval needs --with-missing."""
    assert kpi(shipped_copy, "record", "B.3", "-q", "2018-Q2", "--value", "40", "--by", "A").returncode == 0
    refused = kpi(shipped_copy, "approve", "2018-Q2", "--by", "Trưởng phòng")
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        "kpi: error: 2018-Q2: 5 units have not sent everything the quarter expects: QLKH (16 of 16 missing), "
        "QLCN (36 of 37 missing), QLCS (18 of 18 missing), VP (5 of 5 missing), KHTC (1 of 1 missing); "
    )
    assert "pass --with-missing to approve without them" in refused.stderr
    assert not (shipped_copy / "approvals.yaml").exists()  # nothing frozen
    one_unit = kpi(shipped_copy, "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng")
    assert one_unit.returncode == 2 and "2018-Q2 for QLCN: 1 unit has not sent" in one_unit.stderr
    assert "QLKH" not in one_unit.stderr  # only the unit asked for
    approved = kpi(shipped_copy, "approve", "2018-Q2", "--by", "Trưởng phòng", "--with-missing", "--no-commit")
    assert approved.returncode == 0, approved.stderr
    assert "approved without everything from: QLKH (16 of 16 missing), " in approved.stdout
    assert "KHTC (1 of 1 missing)" in approved.stdout


def test_a_unit_that_sent_everything_is_approved_without_the_flag(minimal_data: Path) -> None:
    recorded(minimal_data)
    approved = kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng")
    assert approved.returncode == 0, approved.stderr
    assert "without everything" not in approved.stdout

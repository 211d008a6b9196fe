"""One whole quarter with the owner units, as the planning office plays it (issue 14's done-when).

Forms go out to every unit that owes figures; the units fill them in (a script types into the
input cells as a person would); one comes back good and on time, one first with bad values and
then, fixed, late. The reporting view, the reminders, the approval, a refused recording, a hand
edit caught by `kpi check`, and a reopening that lets the fix in follow, each through the command
line in a real process, in a real git repository. Every figure is worked out by hand:

- QLCN owes B.1 (cumulative) and B.2 (annual) figures and the B.4 milestone due in 2018-Q2;
- SHTT owes B.7 and B.9 (cumulative) figures;
- the quarter's figures are due on 2018-07-10 (10 days after it ends).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.support import git, kpi_process, use_git_as
from tests.support.cycle import CATALOGUE, DONE, DONE_ON, EVIDENCE, SETTINGS, VALUE, fill
from tests.support.ledger import make_ledger


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the plan and the settings, as the planning office keeps it."""
    use_git_as(monkeypatch, tmp_path, "Phòng Kế hoạch", "khth@skhcn.example")
    root = tmp_path / "office"
    make_ledger(root / "data", *CATALOGUE)
    (root / "data" / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    (root / ".gitignore").write_text("forms/\nreminders/\n.kpi-cache/\n.kpi.lock\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Plan 62/KH-SKHCN")
    return root


def rates(root: Path) -> dict[str, tuple[int, int, int, int]]:
    """Per unit: recorded, on time, late, missing."""
    report = json.loads(kpi_process(root / "data", "reporting", "-q", "2018-Q2", "-f", "json", cwd=root).stdout)
    return {o["owner"]: (o["recorded"], o["on_time"], o["late"], o["missing"]) for o in report["owners"]}


def test_one_whole_quarter_with_the_units(office: Path) -> None:
    import datetime

    forms = office / "forms"
    forms.mkdir()
    # 1. A form for every unit the quarter asks something of.
    expected = json.loads(kpi_process(office / "data", "reporting", "-q", "2018-Q2", "-f", "json", cwd=office).stdout)
    assert [o["owner"] for o in expected["owners"]] == ["QLCN", "SHTT"]
    for unit in ("QLCN", "SHTT"):
        made = kpi_process(
            office / "data", "form", "-u", unit, "-q", "2018-Q2", "-o", str(forms / f"{unit}.xlsx"), cwd=office
        )
        assert made.returncode == 0, made.stderr
    assert rates(office) == {"QLCN": (0, 0, 0, 3), "SHTT": (0, 0, 0, 2)}

    # 2. QLCN's form comes back whole, sent on 2018-07-08 (before the due day) and typed in today.
    fill(
        forms / "QLCN.xlsx",
        {
            ("B.1", "Projects"): {VALUE: 40},
            ("B.2", "Projects"): {VALUE: 3},
            ("B.4", None): {DONE: "Done", DONE_ON: datetime.date(2018, 6, 15), EVIDENCE: "QĐ 45/QĐ-SKHCN"},
        },
    )
    qlcn = kpi_process(
        office / "data",
        "record",
        "--from",
        str(forms / "QLCN.xlsx"),
        "-u",
        "QLCN",
        "--received",
        "2018-07-08",
        cwd=office,
    )
    assert qlcn.returncode == 0, qlcn.stderr

    # 3. SHTT's form comes back with a negative count and a word for a number: refused, every
    #    error named by its cell, nothing written and nothing committed.
    shtt_form = forms / "SHTT.xlsx"
    fill(shtt_form, {("B.7", "Projects"): {VALUE: -5}, ("B.9", "Projects"): {VALUE: "about ten"}})
    head = git(office, "rev-parse", "HEAD")
    refused = kpi_process(office / "data", "record", "--from", str(shtt_form), "-u", "SHTT", cwd=office)
    assert refused.returncode == 2
    errors = [line for line in refused.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, refused.stderr
    assert errors == [
        "kpi: forms/SHTT.xlsx:Figures!I5: error: value: '-5' is negative; recorded figures are counts, rates or "
        "levels, never below 0",
        "kpi: forms/SHTT.xlsx:Figures!I6: error: value: 'about ten' is not a number; write it like 850, 39.89 or 10000",
    ]
    assert not (office / "data" / "actuals" / "2018-Q2" / "SHTT.yaml").exists()
    assert git(office, "rev-parse", "HEAD") == head

    # 4. Who has reported: QLCN all three, on time; SHTT nothing yet.
    assert rates(office) == {"QLCN": (3, 3, 0, 0), "SHTT": (0, 0, 0, 2)}

    # 5. Reminders go to the unit still missing, with its form.
    reminded = kpi_process(office / "data", "remind", "-q", "2018-Q2", "-o", str(office / "reminders"), cwd=office)
    assert reminded.returncode == 0, reminded.stderr
    assert sorted(p.name for p in (office / "reminders").iterdir()) == [
        "2018-Q2-SHTT.docx",
        "2018-Q2-SHTT.eml",
        "2018-Q2-SHTT.txt",
        "SHTT-2018-Q2.xlsx",
    ]
    text = (office / "reminders" / "2018-Q2-SHTT.txt").read_text(encoding="utf-8")
    assert "- B.7 (Projects): Chỉ tiêu B.7" in text and "- B.9 (Projects): Chỉ tiêu B.9" in text

    # 6. SHTT fixes its form and sends it, after the due day: recorded, and late.
    fill(shtt_form, {("B.7", "Projects"): {VALUE: 5}, ("B.9", "Projects"): {VALUE: 10}})
    fixed = kpi_process(office / "data", "record", "--from", str(shtt_form), "-u", "SHTT", cwd=office)
    assert fixed.returncode == 0, fixed.stderr
    assert rates(office) == {"QLCN": (3, 3, 0, 0), "SHTT": (2, 0, 2, 0)}

    # 7. The office approves the quarter; a later recording is refused.
    approved = kpi_process(office / "data", "approve", "2018-Q2", "--by", "Trưởng phòng Kế hoạch", cwd=office)
    assert approved.returncode == 0, approved.stderr
    late_change = kpi_process(
        office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace", cwd=office
    )
    assert late_change.returncode == 2
    assert "2018-Q2 is approved for QLCN (Trưởng phòng Kế hoạch, " in late_change.stderr

    # 8. A hand edit of an approved file is caught by kpi check, naming the file and the approval.
    qlcn_file = office / "data" / "actuals" / "2018-Q2" / "QLCN.yaml"
    original = qlcn_file.read_text(encoding="utf-8")
    qlcn_file.write_text(original.replace("value: 40", "value: 45"), encoding="utf-8")
    checked = kpi_process(office / "data", "check", cwd=office)
    assert checked.returncode == 1
    [caught] = [line for line in checked.stdout.splitlines() if ": error: " in line]
    # The line that changed, found against the approved content git holds (approvals need committed figures).
    changed_line = original.splitlines().index("    value: 40") + 1
    assert f"data/actuals/2018-Q2/QLCN.yaml:{changed_line}:" in caught
    assert "changed since 2018-Q2 was approved (Trưởng phòng Kế hoạch, " in caught

    # 9. The hand edit is undone; the quarter is reopened with a reason, the fix recorded, approved again.
    git(office, "checkout", "--", "data/actuals/2018-Q2/QLCN.yaml")
    assert kpi_process(office / "data", "check", cwd=office).returncode == 0
    reopened = kpi_process(
        office / "data", "reopen", "2018-Q2", "--reason", "B.1: 45 firms, not 40 (QLCN's letter of 20/07)", cwd=office
    )
    assert reopened.returncode == 0, reopened.stderr
    corrected = kpi_process(office / "data", "record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace", cwd=office)
    assert corrected.returncode == 0, corrected.stderr
    assert (
        kpi_process(office / "data", "approve", "2018-Q2", "--by", "Trưởng phòng Kế hoạch", cwd=office).returncode == 0
    )
    assert kpi_process(office / "data", "check", cwd=office).returncode == 0
    records = yaml.safe_load(qlcn_file.read_text(encoding="utf-8"))["records"]
    assert [(r["indicator"], r.get("value"), len(r.get("history", []))) for r in records] == [
        ("B.1", 45, 1),
        ("B.2", 3, 0),
        ("B.4", None, 0),
    ]
    # A correction does not make a figure that came in on time late.
    assert rates(office) == {"QLCN": (3, 3, 0, 0), "SHTT": (2, 0, 2, 0)}

    # 10. The git history tells the story in order, and kpi log reads it back.
    assert git(office, "log", "--reverse", "--format=%s").splitlines() == [
        "Plan 62/KH-SKHCN",
        "Record 3 figures for 2018-Q2 from QLCN.xlsx",
        "Record 2 figures for 2018-Q2 from SHTT.xlsx",
        "Approve 2018-Q2",
        "Reopen 2018-Q2: B.1: 45 firms, not 40 (QLCN's letter of 20/07)",
        "Replace B.1 n for 2018-Q2: 40 -> 45",
        "Approve 2018-Q2",
    ]
    assert git(office, "status", "--porcelain") == ""
    trail = json.loads(kpi_process(office / "data", "log", "-f", "json", cwd=office).stdout)
    assert [(e["event"], e["indicator"], e["value"]) for e in trail] == [  # newest first
        ("approve", None, None),
        ("record", "B.1", "45"),
        ("reopen", None, None),
        ("approve", None, None),
        ("record", "B.7", "5"),
        ("record", "B.9", "10"),
        ("record", "B.1", "40"),
        ("record", "B.2", "3"),
        ("record", "B.4", "done 2018-06-15"),
    ]

"""What the office signs and sends names things as the plan does (issue 30): a unit by its name, never
by the catalogue's code (QLCN); a program, a section and a task by the plan's own numbering (A, 5.,
6.(7)), never by a code kpi made for it (S5, S6.7). Read from every format of the report, in both
languages, and from the reminder letter. The codes stay where machines read them: the command line,
CSV headers, JSON keys, file names.

The kpi-made codes are found from the shipped catalogue itself: the programs the appendix has no row
for (part II's sections 5 and 6, which kpi codes S5, S6) and their tasks' IDs.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from tests.support import kpi
from tests.support.documents import docx_text, flat, html_text, xlsx_text

SOURCE = Path(__file__).parents[2] / "docs" / "source"
SIGNED = ["--as-of", "2018-06-30", "--number", "15", "--date", "05/07/2018"]
# Where a unit's code is the plan's own word, quoted verbatim (each checked to be in the source): the
# plan writes SHTT for sở hữu trí tuệ in its titles and notes, and files its copy "Lưu: VT, KHTC" (the
# form of Decree 30, Phụ lục I, Mục II, khoản 9, which the shipped settings' recipients follow).
PLAN_WORDS = ("Phòng SHTT", "dịch vụ SHTT", "quyền SHTT", "Lưu: VT, KHTC")


def source_text() -> str:
    found = sorted(SOURCE.glob("plan-62*.txt"))
    assert found, f"the plan's text is not in {SOURCE}"
    return found[0].read_text(encoding="utf-8")


def catalogue(folder: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((folder / "plan2018.yaml").read_text(encoding="utf-8"))


def unit_codes(folder: Path) -> set[str]:
    return {owner["code"] for owner in catalogue(folder)["owners"]}


def kpi_made(folder: Path) -> set[str]:
    """The codes of programs with no row in the plan's appendix (S5, S6), and their tasks' IDs (S6.7)."""
    plan = catalogue(folder)
    in_appendix = {i["program"] for i in plan["indicators"] if i.get("source", {}).get("cells")}
    made = {p["code"] for p in plan["programs"] if p["code"] not in in_appendix}
    return made | {i["id"] for i in plan["indicators"] if i["program"] in made}


def codes_in(text: str, codes: set[str]) -> list[str]:
    for phrase in PLAN_WORDS:
        text = text.replace(phrase, "")
    return sorted({code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text)})


def csv_text(path: Path) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return "\n".join(" | ".join(row) for row in rows[1:])  # the header row is the machine's, kept stable


READERS = {
    "md": lambda path: path.read_text(encoding="utf-8"),
    "csv": csv_text,
    "html": html_text,
    "docx": docx_text,
    "xlsx": lambda path: xlsx_text(path) + "\n" + "\n".join(__import__("openpyxl").load_workbook(path).sheetnames),
}


def test_the_allowed_words_are_the_plans_own() -> None:
    text = source_text()
    for phrase in PLAN_WORDS:
        assert phrase in text, phrase


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("suffix", sorted(READERS))
def test_no_unit_code_and_no_kpi_made_id_in_the_report(
    shipped_copy: Path, tmp_path: Path, suffix: str, lang: str
) -> None:
    target = tmp_path / f"r.{suffix}"
    result = kpi(shipped_copy, "--lang", lang, "report", *SIGNED, "-o", str(target))
    assert result.exit_code == 0, result.output
    text = READERS[suffix](target)
    made = kpi_made(shipped_copy)
    assert {"S5", "S6", "S6.7"} <= made  # what the shipped catalogue codes: the check has something to find
    assert codes_in(text, unit_codes(shipped_copy)) == []
    assert codes_in(text, made) == []
    # The units by name where the codes stood: a section's lead, and the lead of a line under a
    # section several units share.
    assert ("(chủ trì: Văn phòng Sở)" if lang == "vi" else "(led by Department Office)") in flat(text)
    # The plan's own numbering where kpi's codes stood: section 6 of part II and its task (7), late.
    if suffix != "csv":  # the CSV is the appendix table alone, without the overdue list
        assert re.search(r"(?<![\w.])6\.\(7\)", text), "task (7) of section 6 in the overdue list"
    assert re.search(r"(?<![\w.(])6\.(?![\w(])", text), "section 6 as the plan heads it"


@pytest.mark.slow
def test_the_codes_stay_in_the_machines_formats(shipped_copy: Path) -> None:
    """The command line keeps kpi's IDs: the office types them (kpi record S6.7), scripts read them."""
    result = kpi(shipped_copy, "overdue", "--as-of", "2018-06-30")
    assert "S6.7" in result.output
    status = kpi(shipped_copy, "status", "--as-of", "2018-06-30", "-f", "json")
    assert '"id": "S6.7"' in status.output or '"id":"S6.7"' in status.output


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_reminder_letter_names_the_task_as_the_plan_numbers_it(
    shipped_copy: Path, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "drafts"
    result = kpi(shipped_copy, "--lang", lang, "remind", "--quarter", "2018-Q2", "--owner", "CCTDC", "-o", str(out))
    assert result.exit_code == 0, result.output
    letter = docx_text(out / "2018-Q2-CCTDC.docx")
    assert "- 6.(7): " in letter  # the ISO plan, late since Quý I/2018
    form = "CCTDC-2018-Q2.xlsx"  # the attached form's file name: a file's name, not the letter's words
    assert codes_in(letter.replace(form, ""), unit_codes(shipped_copy) | kpi_made(shipped_copy)) == []

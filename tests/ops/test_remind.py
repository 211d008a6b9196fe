"""`kpi remind`: a draft per unit that owes figures or is late, as text and as an .eml the office sends."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support import kpi_process
from tests.support.documents import unique_cells
from tests.support.reporting import two_quarters

SETTINGS = """\
reminders:
  sender: khtc@example.vn
  addresses:
    QLCN: qlcn@example.vn
"""


@pytest.fixture
def data(make) -> Path:  # type: ignore[no-untyped-def]
    """A small catalogue, 2018-Q1 and Q2 recorded."""
    return two_quarters(make)


def test_each_unit_gets_what_it_owes_and_what_is_late(data: Path, tmp_path: Path) -> None:
    (data / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    out = tmp_path / "drafts"
    result = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        "2018-Q3-QLCN.docx",  # the letter to sign, in Word
        "2018-Q3-QLCN.eml",
        "2018-Q3-QLCN.txt",
        "2018-Q3-SHTT.docx",
        "2018-Q3-SHTT.eml",
        "2018-Q3-SHTT.txt",
        "QLCN-2018-Q3.xlsx",
        "SHTT-2018-Q3.xlsx",
    ]
    text = (out / "2018-Q3-QLCN.txt").read_text(encoding="utf-8")
    # Lateness is judged at the quarter's last day, 2018-09-30: B.5 was due by 2018-03-31, late since
    # 2018-04-01, 183 days.
    # The office's letter (công văn đôn đốc): V/v, Kính gửi with the unit's name (never its code).
    assert text.splitlines()[:3] == [
        "Re: urging the report of figures for 2018-Q3",
        "",
        "To: Technology Office.",  # the English name: one language at a time
    ]
    assert "- B.1 (n): Chỉ tiêu B.1" in text and "- B.2 (n): Chỉ tiêu B.2" in text
    assert "Already late on 2018-09-30:\n- B.5: Chỉ tiêu B.5, 183 days late (since 2018-04-01)" in text
    assert (
        "Technology Office is asked to fill in the attached form QLCN-2018-Q3.xlsx (only its yellow cells) and send "
        "it to the Department before 2018-10-10."
    ) in text
    assert text.splitlines()[-3:] == ["Recipients:", "- As above;", "- Filed: VT."]
    email = BytesParser(policy=policy.default).parsebytes((out / "2018-Q3-QLCN.eml").read_bytes())
    assert (email["From"], email["To"], email["Subject"]) == (
        "khtc@example.vn",
        "qlcn@example.vn",
        "Figures for 2018-Q3, due 2018-10-10",
    )
    assert email["X-Unsent"] == "1"  # Outlook opens it as a draft to send
    body = email.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content() == text
    [attachment] = list(email.iter_attachments())
    assert attachment.get_filename() == "QLCN-2018-Q3.xlsx"
    assert attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert attachment.get_content() == (out / "QLCN-2018-Q3.xlsx").read_bytes()
    # The attached form is the unit's own: kpi reads it back as QLCN's form for 2018-Q3.
    form = load_workbook(out / "QLCN-2018-Q3.xlsx")
    assert [row[:2] for row in form["kpi-form"].iter_rows(values_only=True) if row[0] in ("owner", "quarter")] == [
        ("owner", "QLCN"),
        ("quarter", "2018-Q3"),
    ]
    shtt = BytesParser(policy=policy.default).parsebytes((out / "2018-Q3-SHTT.eml").read_bytes())
    assert shtt["To"] is None  # no address in settings: the office fills it in


def test_drafts_are_never_overwritten_unless_asked(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    assert kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out)).returncode == 0
    (out / "2018-Q3-QLCN.txt").write_text("edited by hand\n", encoding="utf-8")
    again = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out))
    assert again.returncode == 2 and "exists; pass --force to replace it" in again.stderr
    assert (out / "2018-Q3-QLCN.txt").read_text(encoding="utf-8") == "edited by hand\n"
    assert kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out), "--force").returncode == 0
    assert (out / "2018-Q3-QLCN.txt").read_text(encoding="utf-8").startswith("Re: ")


def test_the_draft_is_in_the_offices_language(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    assert kpi_process(data, "remind", "-q", "2018-Q3", "-u", "QLCN", "-o", str(out), lang="vi").returncode == 0
    text = (out / "2018-Q3-QLCN.txt").read_text(encoding="utf-8")
    assert text.splitlines()[:3] == [
        "V/v đôn đốc báo cáo số liệu Quý III/2018",
        "",
        "Kính gửi: Phòng Quản lý Công nghệ.",
    ]
    assert "Đã quá hạn đến ngày 30/09/2018:\n- B.5: Chỉ tiêu B.5, trễ 183 ngày (từ ngày 01/04/2018)" in text
    assert sorted(path.name for path in out.iterdir()) == [
        "2018-Q3-QLCN.docx",
        "2018-Q3-QLCN.eml",
        "2018-Q3-QLCN.txt",
        "QLCN-2018-Q3.xlsx",
    ]
    assert (
        "Đề nghị Phòng Quản lý Công nghệ điền vào phiếu báo cáo đính kèm QLCN-2018-Q3.xlsx (chỉ các ô màu vàng) và gửi về "
        "Sở trước ngày 10/10/2018."
    ) in text
    assert "kpi record" not in text and "indicator, measure" not in text


def test_a_unit_that_owes_nothing_this_quarter_is_still_reminded_of_what_is_late(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.ledger import indicator, measure

    ledger = make(
        indicator("B.1", "cumulative", measure(target=100)),  # QLCN: a figure every quarter
        indicator("B.2", "milestone", deadline="2018-Q1", owner="SHTT"),  # SHTT's only row: due in Q1, not done
    )
    ledger.record("2018-Q2", "B.1", "5")
    out = tmp_path / "drafts"
    result = kpi_process(ledger.folder, "remind", "-q", "2018-Q3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    # In 2018-Q3 SHTT is asked for nothing, but B.2 has been late since 2018-04-01: 183 days at 2018-09-30.
    text = (out / "2018-Q3-SHTT.txt").read_text(encoding="utf-8")
    assert "Figures still to report" not in text
    assert "- B.2: Chỉ tiêu B.2, 183 days late (since 2018-04-01)" in text


def test_a_folder_that_cannot_be_made_is_a_refusal_and_a_failed_write_leaves_no_draft(
    data: Path,
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(blocker / "drafts"))
    assert result.returncode == 2 and "internal error" not in result.stderr
    assert "cannot write " in result.stderr and "no reminder was written" in result.stderr
    out = tmp_path / "drafts"
    (out / "2018-Q3-QLCN.eml").mkdir(parents=True)  # one of the files it must write is a folder
    result = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out), "--force")
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2018-Q3-QLCN.eml"]  # nothing else was written


def test_a_title_ending_in_punctuation_does_not_run_into_the_reminders_own(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.ledger import indicator

    ledger = make(
        indicator("B.5", "milestone", deadline="2018-Q1").replace("Chỉ tiêu B.5", "Ban hành quy chế (Quý I/2018);")
    )
    out = tmp_path / "drafts"
    assert kpi_process(ledger.folder, "remind", "-q", "2018-Q2", "-o", str(out)).returncode == 0
    text = (out / "2018-Q2-QLCN.txt").read_text(encoding="utf-8")
    assert "- B.5: Ban hành quy chế (Quý I/2018), " in text and ";," not in text


def test_a_quarters_reminders_judge_lateness_at_its_end_not_at_the_datas_date(
    shipped_copy: Path, tmp_path: Path
) -> None:
    """The shipped data has no 2018 figure: its date is 2017-12-31. The reminders for 2018-Q2 still
    judge at 2018-06-30: every unit with a milestone late by then gets a letter listing it, CCTDC
    (S6.7, due Quý I/2018) included, though the quarter asks it for nothing else."""
    out = tmp_path / "drafts"
    result = kpi_process(shipped_copy, "remind", "-q", "2018-Q2", "-o", str(out))
    assert result.returncode == 0, result.stderr
    letters = {path.stem.split("-")[-1]: path.read_text(encoding="utf-8") for path in out.glob("*.txt")}
    assert sorted(letters) == ["CCTDC", "KHTC", "QLCN", "QLCS", "QLKH", "VP"]
    cctdc = letters["CCTDC"]
    # S6.7 as the plan numbers it: task (7) of part II, section 6 (issue 30)
    assert "Already late on 2018-06-30:\n- 6.(7): " in cctdc and "91 days late (since 2018-04-01)" in cctdc
    assert (out / "CCTDC-2018-Q2.xlsx").exists()  # its form, to say when S6.7 was done
    for milestone in ("A.4", "A.10.5", "A.12.1"):
        assert f"\n- {milestone}: " in letters["QLKH"], milestone
    # The quarter's own milestones are owed by its end, not late yet; each listed once.
    qlcn = letters["QLCN"]
    owed, late = qlcn.split("Milestones due by the end of 2018-Q2:")[1].split("How to send them")[0], qlcn
    for milestone in ("B.10", "C.1", "6.(4)"):  # S6.4: task (4) of part II, section 6
        assert f"\n- {milestone}: " in owed and late.count(f"- {milestone}: ") == 1
    assert "Already late" not in qlcn


def test_a_second_reminder_judges_at_the_day_asked(shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "second"
    result = kpi_process(shipped_copy, "remind", "-q", "2018-Q2", "--as-of", "11/07/2018", "-u", "QLCN", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = (out / "2018-Q2-QLCN.txt").read_text(encoding="utf-8")
    assert "Milestones due by the end of" not in text  # late by now: listed once, as late
    late = text.split("Already late on 2018-07-11:")[1]
    for milestone in ("B.10", "C.1", "6.(4)"):  # S6.4: task (4) of part II, section 6
        assert f"\n- {milestone}: " in late and text.count(f"- {milestone}: ") == 1
    assert "11 days late (since 2018-07-01)" in late


def test_a_milestone_recorded_done_is_not_asked_for_again(shipped_copy: Path, tmp_path: Path) -> None:
    done = kpi_process(
        shipped_copy,
        "record",
        "S6.7",
        "-q",
        "2018-Q3",
        "--done",
        "--date",
        "2018-07-03",
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "drafts"
    assert kpi_process(shipped_copy, "remind", "-q", "2018-Q2", "-o", str(out)).returncode == 0
    assert not (out / "2018-Q2-CCTDC.txt").exists()  # its only late item is done now


def letter_lines(path: Path) -> list[tuple[str, bool]]:
    """The Word letter's heading lines (the frame's cells), each with whether it is marked as a blank."""
    from docx import Document

    cells = unique_cells(Document(str(path)).tables[0])
    return [
        (p.text, any(run.font.highlight_color is not None for run in p.runs)) for cell in cells for p in cell.paragraphs
    ]


def test_the_letters_number_and_date_are_taken_as_kpi_report_takes_them(data: Path, tmp_path: Path) -> None:
    (data / "settings.yaml").write_text(
        SETTINGS + "  symbol: SKHCN-KHTC\ndocument:\n  place: Thành phố Hồ Chí Minh\n", encoding="utf-8"
    )
    out = tmp_path / "signed"
    result = kpi_process(
        data,
        "remind",
        "-q",
        "2018-Q3",
        "-u",
        "QLCN",
        "-o",
        str(out),
        "--number",
        "15",
        "--date",
        "05/07/2018",
        lang="vi",
    )
    assert result.returncode == 0, result.stderr
    lines = letter_lines(out / "2018-Q3-QLCN.docx")
    assert ("Số: 15/SKHCN-KHTC", False) in lines
    assert ("Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2018", False) in lines
    whole = tmp_path / "whole"  # a number given whole stands as given; the ISO date reads the same
    result = kpi_process(
        data,
        "remind",
        "-q",
        "2018-Q3",
        "-u",
        "QLCN",
        "-o",
        str(whole),
        "--number",
        "7/KHTC",
        "--date",
        "2018-10-02",
        lang="vi",
    )
    assert result.returncode == 0, result.stderr
    lines = letter_lines(whole / "2018-Q3-QLCN.docx")
    assert ("Số: 7/KHTC", False) in lines and ("Thành phố Hồ Chí Minh, ngày 02 tháng 10 năm 2018", False) in lines
    # Not given: the blanks to fill in by hand, marked.
    blank = tmp_path / "blank"
    assert kpi_process(data, "remind", "-q", "2018-Q3", "-u", "QLCN", "-o", str(blank), lang="vi").returncode == 0
    lines = letter_lines(blank / "2018-Q3-QLCN.docx")
    assert ("Số: ……/SKHCN-KHTC", True) in lines
    assert ("Thành phố Hồ Chí Minh, ngày …… tháng …… năm ……", True) in lines
    bad = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(tmp_path / "bad"), "--date", "31/02/2018")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and not (tmp_path / "bad").exists()


def test_a_unit_without_an_address_is_named_and_the_drafts_carry_the_addresses_there_are(
    data: Path,
    tmp_path: Path,
) -> None:
    (data / "settings.yaml").write_text(SETTINGS, encoding="utf-8")  # QLCN has an address, SHTT none
    out = tmp_path / "drafts"
    result = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "no e-mail address for Intellectual Property Office (SHTT)" in result.stderr
    assert "Technology Office" not in result.stderr
    drafts = {
        owner: BytesParser(policy=policy.default).parsebytes((out / f"2018-Q3-{owner}.eml").read_bytes())
        for owner in ("QLCN", "SHTT")
    }
    assert (drafts["QLCN"]["To"], drafts["QLCN"]["X-Unsent"]) == ("qlcn@example.vn", "1")
    assert (drafts["SHTT"]["To"], drafts["SHTT"]["X-Unsent"]) == (None, "1")  # still a draft, to address by hand
    # Every address set: nothing to say.
    (data / "settings.yaml").write_text(SETTINGS + "    SHTT: shtt@example.vn\n", encoding="utf-8")
    again = kpi_process(data, "remind", "-q", "2018-Q3", "-o", str(out), "--force")
    assert again.returncode == 0 and "no e-mail address" not in again.stderr
    shtt = BytesParser(policy=policy.default).parsebytes((out / "2018-Q3-SHTT.eml").read_bytes())
    assert shtt["To"] == "shtt@example.vn"

"""The date a document judges at: a report signed after its period reports the quarters ended
before its date and judges lateness at its date; reminders for a quarter judge at its last day.

The shipped data has no 2018 figure, so the data's own date is 2017-12-31. A report dated
05/07/2018 speaks of the first six months of 2018: by then seven milestones are past their
deadline (A.4, A.10.5, A.12.1, 6.(7) due Quý I/2018; B.10, C.1, 6.(4) due Quý II/2018).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import kpi
from tests.support.documents import docx_text, flat, html_text, xlsx_text

pytestmark = pytest.mark.usefixtures("vietnamese")  # the reports as shipped: in Vietnamese


# As the documents name them: task (7) of part II, section 6 is 6.(7) (kpi's S6.7)
LATE_Q1 = ("A.4", "A.10.5", "A.12.1", "6.(7)")
LATE_Q2 = ("B.10", "C.1", "6.(4)")
READERS = {
    "md": lambda path: path.read_text(encoding="utf-8"),
    "html": html_text,
    "docx": docx_text,
    "xlsx": xlsx_text,
}


def signed_report(folder: Path, target: Path, *args: str):  # type: ignore[no-untyped-def]
    return kpi(folder, "report", "-o", str(target), "--number", "15", *args)


def overdue_section(text: str) -> str:
    """The report's overdue list: from its heading to the recipients."""
    return text.split("Các nội dung quá hạn")[1].split("Nơi nhận")[0]


def late_ids(section: str) -> set[str]:
    return {
        code
        for code in (*LATE_Q1, *LATE_Q2, "A.2", "B.8")
        if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", section)
    }


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["docx", "md", "html", "xlsx"])
def test_a_report_signed_after_its_period_lists_the_seven_late_milestones(
    shipped_copy: Path, tmp_path: Path, suffix: str
) -> None:
    result = signed_report(shipped_copy, tmp_path / f"r.{suffix}", "--date", "05/07/2018")
    assert result.exit_code == 0, result.output
    text = flat(READERS[suffix](tmp_path / f"r.{suffix}"))
    assert "Kết quả thực hiện Kế hoạch số 62/KH-SKHCN 6 tháng đầu năm 2018" in text
    assert "năm 2017" not in text.split("Kế hoạch hoạt động")[0]  # not the year the data last spoke of
    assert "Số liệu tính đến ngày 30/06/2018" in text
    # The period has no figure: said in the document itself, not only on stderr.
    assert "Lưu ý: chưa có số liệu nào được ghi nhận cho Quý I/2018, Quý II/2018" in text
    section = overdue_section(text)
    assert "Không có nội dung quá hạn" not in section
    assert late_ids(section) == {*LATE_Q1, *LATE_Q2}
    assert "Nội dung quá hạn được xác định tại ngày báo cáo, 05/07/2018" in section
    if suffix == "md":  # days late counted to the report's date: 96 since 01/04, 5 since 01/07
        table = (tmp_path / "r.md").read_text(encoding="utf-8")
        days = {
            cells[2]: cells[5]
            for row in table.splitlines()
            if row.startswith("| ") and len(cells := [c.strip() for c in row.split("|")]) == 8
        }
        assert {code: days[code] for code in (*LATE_Q1, *LATE_Q2)} == {
            **dict.fromkeys(LATE_Q1, "96"),
            **dict.fromkeys(LATE_Q2, "5"),
        }
    assert "cảnh báo: chưa có số liệu nào được ghi nhận cho Quý I/2018, Quý II/2018" in result.stderr


def test_an_explicit_as_of_wins_and_only_deadlines_within_it_are_late(shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = signed_report(shipped_copy, out, "--date", "05/07/2018", "--as-of", "2018-03-31")
    assert result.exit_code == 0, result.output
    text = flat(out.read_text(encoding="utf-8"))
    assert "Kết quả thực hiện Kế hoạch số 62/KH-SKHCN quý I năm 2018" in text
    assert "Số liệu tính đến ngày 31/03/2018" in text
    assert late_ids(overdue_section(text)) == set(LATE_Q1)  # Quý II's deadlines lie after the period


@pytest.mark.slow
def test_the_period_is_the_last_quarter_ended_before_the_reports_date(shipped_copy: Path, tmp_path: Path) -> None:
    for signed, period in (
        ("30/06/2018", "quý I năm 2018"),  # Quý II ends that evening: not before the date
        ("01/07/2018", "6 tháng đầu năm 2018"),
        ("10/10/2018", "9 tháng đầu năm 2018"),
        ("15/01/2019", "năm 2018"),
    ):
        out = tmp_path / f"{signed.replace('/', '-')}.md"
        result = signed_report(shipped_copy, out, "--date", signed)
        assert result.exit_code == 0, result.output
        assert f"Kế hoạch số 62/KH-SKHCN {period}**" in out.read_text(encoding="utf-8"), signed


@pytest.mark.slow
def test_a_milestone_done_within_the_period_is_not_late_one_done_after_it_still_is(
    shipped_copy: Path, tmp_path: Path
) -> None:
    def done(code: str, quarter: str, day: str) -> None:
        args = ["--data", str(shipped_copy), "record", code, "-q", quarter, "--done", "--date", day, "--by", "A"]
        result = kpi(None, *args)
        assert result.exit_code == 0, result.output

    done("A.4", "2018-Q2", "2018-06-20")  # late, but done within the period
    done("B.10", "2018-Q3", "2018-07-03")  # done after the period: the half year closed without it
    out = tmp_path / "r.md"
    result = signed_report(shipped_copy, out, "--date", "05/07/2018")
    assert result.exit_code == 0, result.output
    text = flat(out.read_text(encoding="utf-8"))
    assert late_ids(overdue_section(text)) == {*LATE_Q1, *LATE_Q2} - {"A.4"}
    # 2018-Q2 has a record now; 2018-Q1 still has none.
    assert "Lưu ý: chưa có số liệu nào được ghi nhận cho Quý I/2018;" in text


def test_an_english_report_names_the_period_in_english(shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = signed_report(shipped_copy, out, "--date", "05/07/2018", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = flat(out.read_text(encoding="utf-8"))
    assert "Implementation of Plan No. 62/KH-SKHCN, the first six months of 2018" in text
    assert "Lateness is judged at the report's date, 2018-07-05: a deadline that fell by 2018-06-30" in text


def test_without_a_date_the_report_follows_the_data(shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = kpi(shipped_copy, "report", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = flat(out.read_text(encoding="utf-8"))
    assert "Số liệu tính đến ngày 31/12/2017" in text and "Lưu ý" not in text

"""Corrected readings of the source's scanning errors in headings and titles (`errata:` in the plan):
the catalogue keeps the verbatim words, the reports print the reading, `kpi check` lists each as
a note; and every correction is justified by the lines of the source it cites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kpi.ledger.load import load_ledger
from tests.support import SHIPPED_DATA, SOURCE_TEXT, kpi

ERRATUM = """\
errata:
  - of: B
    verbatim: Chương trình B
    reading: Chương trình hỗ trợ doanh nghiệp
    reason: the heading lost its words
    source_lines: [167]
"""


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,;:()\"“”]+", text.casefold()) if w]


def test_every_correction_is_justified_by_the_source() -> None:
    catalogue = load_ledger(SHIPPED_DATA, cache=None).catalogue
    source = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    lines = {p.code: p.line for p in catalogue.programs}
    lines |= {f"{p.code}.{s.code}": s.line for p in catalogue.programs for s in p.sections}
    lines |= {i.id: i.source.line for i in catalogue.indicators}
    titles = {p.code: p.title for p in catalogue.programs}
    titles |= {f"{p.code}.{s.code}": s.title for p in catalogue.programs for s in p.sections}
    titles |= {i.id: i.title for i in catalogue.indicators}
    assert {e.of for e in catalogue.errata} >= {"C", "D"}  # the "ĐÁY" and "Ồ CỜ SỞ" of the issue
    for erratum in catalogue.errata:
        # The title keeps the source's words, as the source prints them on the heading's own line.
        at = lines[erratum.of]
        assert at is not None
        assert erratum.verbatim in titles[erratum.of] and erratum.verbatim in source[at - 1], erratum.of
        # Every word of the reading stands in the lines of the source the erratum cites.
        cited = " ".join(source[line - 1] for line in erratum.source_lines).casefold()
        missing = [word for word in words(erratum.reading) if word not in cited]
        assert not missing, (erratum.of, missing)


def test_reports_print_the_reading_and_the_catalogue_keeps_the_source(shipped_copy: Path, vietnamese: None) -> None:
    result = kpi(shipped_copy, "report", "--as-of", "2018-06-30", "-f", "csv")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "CHƯƠNG TRÌNH THÚC ĐẨY PHÁT TRIỂN THỊ TRƯỜNG KH&CN" in text and "ĐÁY" not in text
    assert "ĐỔI MỚI SÁNG TẠO Ở CƠ SỞ GIAI ĐOẠN 2016-2020" in text and "Ồ CỜ SỞ" not in text
    assert "II,Hỗ trợ hình thành mới tổ chức trung gian của thị trường KH&CN (chủ trì: Phòng Quản lý Công nghệ" in text
    catalogue = (shipped_copy / "plan2018.yaml").read_text(encoding="utf-8")
    assert "title: CHƯƠNG TRÌNH THỰC HIỆN ĐÁY PHÁT TRIỂN" in catalogue


def test_check_lists_each_reading_as_a_note_which_fails_nothing(minimal_data: Path) -> None:
    catalogue = minimal_data / "plan2018.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + ERRATUM, encoding="utf-8")
    result = kpi(minimal_data, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"plan2018.yaml:\d+:14: note: errata\[0\]\.reading: B reads “Chương trình hỗ trợ doanh nghiệp” where the "
        r"source prints “Chương trình B”: the heading lost its words \(source lines 167\)",
        result.stdout,
    )
    assert result.stderr == "1 file checked: 0 errors, 0 warnings, 1 note\n"
    assert kpi(minimal_data, "check", "--quiet").stdout == ""
    payload = json.loads(kpi(minimal_data, "check", "--format", "json").stdout)
    assert (payload["errors"], payload["warnings"], payload["notes"]) == (0, 0, 1)
    md = kpi(minimal_data, "report", "--as-of", "2018-06-30", "-f", "md", "--lang", "vi").stdout
    assert "**Chương trình hỗ trợ doanh nghiệp**" in md


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("of: B\n", "of: Z\n"), "no program, section or indicator 'Z' to correct"),
        (("verbatim: Chương trình B", "verbatim: Chương trình X"), "the title of B has no 'Chương trình X' to correct"),
    ],
)
def test_an_erratum_that_corrects_nothing_is_an_error(
    minimal_data: Path, change: tuple[str, str], message: str
) -> None:
    catalogue = minimal_data / "plan2018.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + ERRATUM.replace(*change), encoding="utf-8")
    result = kpi(minimal_data, "check")
    assert result.exit_code == 1
    assert message in result.stdout and ": error: errata[0]" in result.stdout


def test_what_goes_to_the_units_reads_the_errata_too(shipped_copy: Path, tmp_path: Path) -> None:
    """The form and the reporting view a unit reads print C.6 as corrected, like the report."""
    from openpyxl import load_workbook

    reporting = kpi(shipped_copy, "reporting", "-q", "2018-Q2", "-u", "QLCN", "-f", "json", lang="vi")
    assert reporting.returncode == 0, reporting.stderr
    [c6] = [i for i in json.loads(reporting.stdout)["owners"][0]["items"] if i["indicator"] == "C.6"]
    assert "Chợ CN&TB đa ngành, chuyên ngành" in c6["title"] and "Chợ CNTT địa" not in c6["title"]
    form = tmp_path / "QLCN.xlsx"
    assert kpi(shipped_copy, "form", "-u", "QLCN", "-q", "2018-Q2", "-o", str(form), lang="vi").returncode == 0
    titles = [str(c.value) for row in load_workbook(form).worksheets[1].iter_rows() for c in row if c.value]
    assert any("Chợ CN&TB đa ngành, chuyên ngành" in t for t in titles)
    assert not any("Chợ CNTT địa" in t for t in titles)


def test_show_titles_an_indicator_as_read_and_quotes_the_source_verbatim_beneath() -> None:
    """`kpi show C.6` heads the indicator with the reading every other output prints; its source
    cell, quoted below, keeps the scan's misprint."""
    shown = kpi(SHIPPED_DATA, "show", "C.6", lang="vi")
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert lines[1] == "C.6  Tham gia, tổ chức Chợ CN&TB đa ngành, chuyên ngành"
    assert "    Nội dung: Tham gia, tổ chức Chợ CNTT địa, chuyên ngành" in lines

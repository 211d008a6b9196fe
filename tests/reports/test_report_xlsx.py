"""`kpi report -o report.xlsx`: the spreadsheet the office sends the city.

Read back twice: with openpyxl (what is stored: numbers, formats, layout) and through
LibreOffice's own converter (that it opens, and shows the figures `kpi status` computes).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kpi.model.vocabulary import Status
from tests.support import kpi
from tests.support.documents import as_the_plan_numbers

pytestmark = pytest.mark.usefixtures("vietnamese")  # the reports as shipped: in Vietnamese

FIGURE_COLUMNS = {
    "target": 3,
    "actual_2016": 4,
    "actual_2017": 5,
    "actual_2018": 6,
    "percent_of_period": 7,
    "plan_2018": 8,
    "plan_2018_progress": 9,
}
ID_COLUMN = 13


def write_report(folder: Path, target: Path, *args: str) -> Path:
    result = kpi(folder, "report", "--as-of", "2018-06-30", "-o", str(target), *args)
    assert result.exit_code == 0, result.output
    return target


def status_measures(folder: Path, as_of: str = "2018-06-30") -> dict[str, dict[str, Any]]:
    """Each figure line's expected numbers, keyed as the sheet's ID column writes it: the plan's own
    numbering (A.4; 5.(1) for task (1) of part II, section 5, which kpi's ID calls S5.1)."""
    rows = json.loads(kpi(folder, "status", "--as-of", as_of, "-f", "json").stdout)["rows"]
    expected = {}
    for row in rows:
        reference = as_the_plan_numbers(row["id"])
        for measure in row["measures"]:
            key = reference if len(row["measures"]) == 1 else f"{reference} · {measure['label']}"
            expected[key] = {
                "target": measure["target"],
                "actual_2016": measure["actuals"].get("2016"),
                "actual_2017": measure["actuals"].get("2017"),
                "actual_2018": measure["plan_actual"],
                "percent_of_period": measure["percent_of_period"],
                "plan_2018": measure["plan"],
                "plan_2018_progress": measure["plan_progress"],
            }
    return expected


def record_2018(folder: Path) -> None:
    for quarter, value in (("2018-Q1", "700"), ("2018-Q2", "800")):
        result = kpi(folder, "record", "B.1", "-q", quarter, "--value", value, "--by", "test", "--no-commit")
        assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_a_summary_sheet_then_one_sheet_per_program(shipped_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(write_report(shipped_copy, tmp_path / "r.xlsx"))
    assert book.sheetnames == [
        "Tổng hợp",
        "A",
        "B",
        "C",
        "D",
        "E",
        "5",
        "6",
    ]  # sections 5, 6 of part II: the plan's numbers
    only_b = load_workbook(write_report(shipped_copy, tmp_path / "b.xlsx", "-p", "b"))
    assert only_b.sheetnames == ["Tổng hợp", "B"]


@pytest.mark.slow
def test_figures_are_numbers_with_formats_not_text(shipped_copy: Path, tmp_path: Path) -> None:
    record_2018(shipped_copy)
    sheet = load_workbook(write_report(shipped_copy, tmp_path / "r.xlsx"))["B"]
    row = next(r for r in sheet.iter_rows() if r[ID_COLUMN - 1].value == "B.1")
    target, y2016, y2017, y2018, share, plan, plan_share = (row[c - 1] for c in range(3, 10))
    assert (target.value, y2016.value, y2017.value, y2018.value, plan.value) == (10000, 1069, 2920, 1500, 3000)
    assert target.number_format == '#,##0" DN"'
    assert y2016.number_format == "#,##0"
    assert share.value == pytest.approx(0.5489) and share.number_format == "0.00%"
    assert plan_share.value == pytest.approx(0.5) and plan_share.number_format == "0.00%"
    # A percentage-valued measure keeps the source's number (60 means 60 %), shown with a % sign.
    a1 = next(r for r in load_workbook(tmp_path / "r.xlsx")["A"].iter_rows() if r[ID_COLUMN - 1].value == "A.1")
    # One percent style in the whole report: 60% as 39,89%, the sign right after the number.
    assert a1[2].value == 60 and a1[2].number_format == '#,##0"%"'
    assert a1[4].value == pytest.approx(88.2) and a1[4].number_format == '#,##0.0"%"'


@pytest.mark.slow
def test_every_figure_in_every_sheet_matches_kpi_status(shipped_copy: Path, tmp_path: Path) -> None:
    record_2018(shipped_copy)
    expected = status_measures(shipped_copy)
    book = load_workbook(write_report(shipped_copy, tmp_path / "r.xlsx"))
    seen = set()
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows():
            key = row[ID_COLUMN - 1].value
            if key not in expected:
                continue
            seen.add(key)
            for column, index in FIGURE_COLUMNS.items():
                value, wanted = row[index - 1].value, expected[key][column]
                if column == "actual_2018" and value == "chưa báo cáo":
                    assert wanted is None, key  # said where a figure was due and none came: never 0, never blank
                    continue
                assert value == pytest.approx(wanted), (key, column)
    assert seen == set(expected)


def test_layout_header_frozen_panes_wrapping_and_status_colours(shipped_copy: Path, tmp_path: Path) -> None:
    sheet = load_workbook(write_report(shipped_copy, tmp_path / "r.xlsx"))["A"]
    texts = [sheet.cell(r, 1).value for r in range(1, 9)]
    # A program sheet is the report's appendix: no letterhead of its own (Decree 30), its title, the
    # report it is attached to, the date of its figures.
    assert texts[:3] == [
        "Phụ lục I: Tình hình thực hiện các chỉ tiêu",
        "(Kèm theo Báo cáo số ……/BC-SKHCN ngày ……)",
        "Số liệu tính đến ngày 30/06/2018",
    ]
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" not in texts
    heading_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "TT")
    assert [sheet.cell(heading_row, c).value for c in (2, 3, 11, 12)] == [
        "Nội dung",
        "Chỉ tiêu đến 2020",
        "Tình trạng",
        "Ghi chú",
    ]
    assert sheet.freeze_panes == f"C{heading_row + 1}"
    assert sheet.cell(heading_row + 1, 1).value == "A" and sheet.cell(heading_row + 1, 1).font.b
    a4 = next(r for r in sheet.iter_rows() if r[ID_COLUMN - 1].value == "A.4")
    assert a4[1].alignment.wrap_text
    assert a4[10].value == "quá hạn (trễ 91 ngày)"
    assert a4[10].fill.fgColor.rgb.endswith("C00000")
    a10_1 = next(r for r in sheet.iter_rows() if r[ID_COLUMN - 1].value == "A.10.1")
    assert a10_1[1].alignment.indent == 1
    assert 30 <= sheet.column_dimensions["B"].width <= 60
    assert sheet.page_setup.orientation == "landscape"


@pytest.mark.slow
def test_summary_counts_and_overdue_list(shipped_copy: Path, tmp_path: Path) -> None:
    sheet = load_workbook(write_report(shipped_copy, tmp_path / "r.xlsx"))["Tổng hợp"]
    summary = json.loads(kpi(shipped_copy, "status", "--as-of", "2018-06-30", "-f", "json").stdout)["summary"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    heading = next(r for r in rows if r[0] == "Chương trình")
    words = [s.value for s in Status]
    statuses = heading[1 : 1 + len(words)]
    assert statuses[:2] == ["hoàn thành", "đạt chỉ tiêu"] and statuses[-1] == "chưa báo cáo"
    assert heading[1 + len(words)] == "Tổng"
    for expected in summary:
        row = next(
            r
            for r in rows
            if isinstance(r[0], str) and r[0].startswith(f"{as_the_plan_numbers(expected['program'])} – ")
        )
        assert row[1 : 1 + len(words)] == [expected["counts"].get(w, 0) for w in words]
        assert row[1 + len(words)] == sum(expected["counts"].values())
    owners = next(i for i, r in enumerate(rows) if r[0] == "Đơn vị")
    assert rows[owners + 1][0] == "Phòng Quản lý Khoa học"  # a unit by its name, never its code
    overdue = [r for r in rows if r[1] in ("A.4", "A.10.5", "A.12.1")]
    assert [r[4] for r in overdue] == [91, 91, 91]
    assert all(r[3] == "Quý I/2018" and r[5] == "chưa ghi nhận hoàn thành" for r in overdue)


@pytest.mark.slow
def test_english_sheet_and_headings(shipped_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(write_report(shipped_copy, tmp_path / "r.xlsx", "--lang", "en"))
    assert book.sheetnames[0] == "Summary"
    sheet = book["B"]
    heading_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "No.")
    assert sheet.cell(heading_row, 3).value == "Target to 2020"
    assert sheet.cell(heading_row + 1, 2).value.startswith("SME innovation")


# ---------------------------------------------------------------- through LibreOffice


def libreoffice_csv(book: Path, out: Path, as_shown: bool) -> dict[str, list[list[str]]]:
    """Every sheet of `book` as LibreOffice reads it, via its own CSV export."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is not installed: run tests/install-tools (or deselect with -m 'not office')"
    out.mkdir()
    # Filter tokens: comma, double quote, UTF-8, from line 1, ..., save as shown, ..., every sheet (-1).
    options = f"44,34,76,1,,0,false,true,{str(as_shown).lower()},false,false,-1"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sheets = {}
    for path in out.glob(f"{book.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as stream:
            sheets[path.stem.removeprefix(f"{book.stem}-")] = list(csv.reader(stream))
    return sheets


def as_number(text: str) -> float | None:
    if text == "":
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)


@pytest.mark.office
def test_libreoffice_opens_it_and_reads_the_status_figures(shipped_copy: Path, tmp_path: Path) -> None:
    record_2018(shipped_copy)
    expected = status_measures(shipped_copy)
    book = write_report(shipped_copy, tmp_path / "report.xlsx")
    sheets = libreoffice_csv(book, tmp_path / "raw", as_shown=False)
    assert set(sheets) == {"Tổng hợp", "A", "B", "C", "D", "E", "5", "6"}
    seen = set()
    for name, rows in sheets.items():
        for row in rows:
            if len(row) < ID_COLUMN or row[ID_COLUMN - 1] not in expected:
                continue
            key = row[ID_COLUMN - 1]
            seen.add(key)
            for column, index in FIGURE_COLUMNS.items():
                if column == "actual_2018" and row[index - 1] == "chưa báo cáo":
                    assert expected[key][column] is None, key
                    continue
                figure, wanted = as_number(row[index - 1]), expected[key][column]
                # An empty cell must stay empty (not reported is not zero); approx() takes numbers only.
                assert figure == wanted if wanted is None else figure == pytest.approx(wanted, rel=1e-12), (
                    name,
                    key,
                    column,
                )
    assert seen == set(expected)


@pytest.mark.office
def test_libreoffice_shows_thousands_separators_units_and_percentages(shipped_copy: Path, tmp_path: Path) -> None:
    book = write_report(shipped_copy, tmp_path / "report.xlsx")
    rows = libreoffice_csv(book, tmp_path / "shown", as_shown=True)["B"]
    b1 = next(row for row in rows if row[ID_COLUMN - 1] == "B.1")
    # The separators are the reader's locale's; the grouping, unit and percent sign are the file's.
    assert b1[2] in ("10,000 DN", "10.000 DN")
    assert b1[6] in ("39.89%", "39,89%")
    assert b1[10] == "đúng tiến độ"  # judged at 31/12/2017, its figures' last day


FORMULA_LIKE = '=HYPERLINK("http://evil.example","y")'


def catalogue_with_formula_titles(folder: Path) -> None:
    """Titles of a program, a section and an indicator that a spreadsheet would take for formulas."""
    catalogue = folder / "plan2018.yaml"
    text = catalogue.read_text(encoding="utf-8")
    text = text.replace("title: Chương trình B", f"title: '{FORMULA_LIKE}'")
    text = text.replace("title: Hỗ trợ doanh nghiệp", "title: '+1+2'")
    text = text.replace("title: Đào tạo doanh nghiệp", "title: '@SUM(1,2)'")
    text = text.replace("title: Xây dựng Đề án Sihub", "title: '-3+4'")
    catalogue.write_text(text, encoding="utf-8")


def test_text_that_looks_like_a_formula_is_stored_as_text(minimal_data: Path, tmp_path: Path) -> None:
    import zipfile

    catalogue_with_formula_titles(minimal_data)
    book = write_report(minimal_data, tmp_path / "r.xlsx")
    with zipfile.ZipFile(book) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    texts = {
        cell.value
        for sheet in load_workbook(book).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "s"
    }
    stored = {t.strip() for t in texts if isinstance(t, str)}
    # The section's line also names its lead unit: "+1+2 (chủ trì: Phòng Quản lý Công nghệ ...)", text all the same.
    for typed in (FORMULA_LIKE, "+1+2", "@SUM(1,2)", "-3+4"):
        assert any(text.startswith(typed) for text in stored), typed


@pytest.mark.office
def test_libreoffice_shows_formula_like_titles_as_typed(minimal_data: Path, tmp_path: Path) -> None:
    catalogue_with_formula_titles(minimal_data)
    book = write_report(minimal_data, tmp_path / "r.xlsx")
    cells = {
        cell.strip()
        for rows in libreoffice_csv(book, tmp_path / "raw", as_shown=True).values()
        for row in rows
        for cell in row
    }
    # Shown as typed: a formula would show its result ("y", 3, 1) instead.
    for typed in (FORMULA_LIKE, "+1+2", "@SUM(1,2)", "-3+4"):  # a section's line goes on to name its lead unit
        assert any(cell.startswith(typed) for cell in cells), typed

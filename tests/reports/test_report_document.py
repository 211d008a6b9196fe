"""`kpi report` as an administrative document (Decree 30/2020/NĐ-CP): number and symbol, place and
date, kind and title with the period, recipients and signature, in every format; blanks marked
where a value is missing.

Each format is read back as its reader would: the markdown as text, the page through its HTML,
the workbook with openpyxl, the Word document with python-docx.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kpi.model.models import DocumentSettings
from kpi.reports.document import frame, period_words, plain
from kpi.reports.layout import ReportHeader
from tests.support import kpi
from tests.support.documents import docx_text, flat, html_text, one_quarter, pdf_pages, report, unique_cells, xlsx_text

pytestmark = pytest.mark.usefixtures("vietnamese")  # the reports as shipped: in Vietnamese


SIGNED = ["--number", "15", "--date", "05/07/2018"]
FRAME_VI = [
    "ỦY BAN NHÂN DÂN",
    "THÀNH PHỐ HỒ CHÍ MINH",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 15/BC-SKHCN",
    "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2018",  # in full: a place named after a person
    "BÁO CÁO",
    "Kết quả thực hiện Kế hoạch số 62/KH-SKHCN 6 tháng đầu năm 2018",
    "Nơi nhận:",
    "UBND TP (để báo cáo);",
    "Lưu: VT, KHTC.",
    "GIÁM ĐỐC",
    "Nguyễn Việt Dũng",
    "(Kèm theo Báo cáo số 15/BC-SKHCN ngày 05/07/2018)",
]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["md", "html", "xlsx", "docx"])
def test_every_format_is_framed_as_the_departments_report(shipped_copy: Path, tmp_path: Path, suffix: str) -> None:
    out = report(shipped_copy, tmp_path / f"r.{suffix}", *SIGNED)
    reader = {"md": lambda p: p.read_text(encoding="utf-8"), "html": html_text, "xlsx": xlsx_text, "docx": docx_text}
    text = flat(reader[suffix](out))
    for words in FRAME_VI:
        assert words in text, (suffix, words)
    assert "62/KH-SKHCN" not in text.split("Kết quả")[0]  # the plan's number is not the report's
    # The frame's order: number, date and title first, the signer last.
    assert text.index("Số: 15/BC-SKHCN") < text.index("BÁO CÁO") < text.index("Nơi nhận:")
    assert text.index("GIÁM ĐỐC") < text.index("Nguyễn Việt Dũng")


@pytest.mark.slow
def test_missing_number_and_date_are_marked_blanks_not_empty(shipped_copy: Path, tmp_path: Path) -> None:
    md = report(shipped_copy, tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Số: <mark>……</mark>/BC-SKHCN" in md
    assert "Thành phố Hồ Chí Minh, ngày <mark>……</mark> tháng <mark>……</mark> năm <mark>……</mark>" in md

    page = report(shipped_copy, tmp_path / "r.html").read_text(encoding="utf-8")
    number = re.search(r'<div class="number">(.*?)</div>', page)
    assert number and re.fullmatch(r'Số: <span class="to-fill" title="[^"]+">……</span>/BC-SKHCN', number.group(1))
    assert ".to-fill {" in page  # shaded on screen and on paper

    document = Document(str(report(shipped_copy, tmp_path / "r.docx")))
    runs = [r for t in document.tables[:1] for c in unique_cells(t) for p in c.paragraphs for r in p.runs]
    blanks = [r.text for r in runs if r.font.highlight_color is not None]
    assert blanks == ["……", "……", "……", "……"]  # the number, then day, month and year

    book = load_workbook(report(shipped_copy, tmp_path / "r.xlsx"))
    marked = [c for row in book.worksheets[0].iter_rows(max_row=3) for c in row if c.value and "……" in str(c.value)]
    assert {c.value for c in marked} == {"Số: ……/BC-SKHCN", "Thành phố Hồ Chí Minh, ngày …… tháng …… năm ……"}
    assert all(c.fill.fgColor.rgb.endswith("FFF1A8") for c in marked)


def test_without_document_settings_every_part_of_the_frame_is_a_marked_blank(
    minimal_data: Path, tmp_path: Path
) -> None:
    md = report(minimal_data, tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Số: <mark>……</mark>/<mark>……</mark>" in md
    assert "<mark>……</mark>, ngày <mark>……</mark>" in md
    assert "<mark>(chức vụ người ký)</mark>" in md and "<mark>(họ và tên người ký)</mark>" in md
    assert "- <mark>……</mark>" in md  # no recipients yet


@pytest.mark.slow
def test_settings_give_the_number_and_date_and_the_options_override_them(shipped_copy: Path, tmp_path: Path) -> None:
    settings = shipped_copy / "settings.yaml"
    text = settings.read_text(encoding="utf-8").replace("  symbol: BC-SKHCN\n", "  symbol: BC-SKHCN\n  number: '9'\n")
    settings.write_text(text.replace("  place: Thành", "  signed: 2018-02-03\n  place: Thành"), encoding="utf-8")
    assert kpi(shipped_copy, "check").exit_code == 0
    md = report(shipped_copy, tmp_path / "a.md").read_text(encoding="utf-8")
    assert "Số: 9/BC-SKHCN" in md and "ngày 03 tháng 02 năm 2018" in md  # Decree 30: 03, and 02 for February
    md = report(shipped_copy, tmp_path / "b.md", "--number", "16/BC-KHTC", "--date", "2018-11-15").read_text(
        encoding="utf-8"
    )
    assert "Số: 16/BC-KHTC" in md and "ngày 15 tháng 11 năm 2018" in md


def test_a_bad_date_is_refused_before_anything_is_written(shipped_copy: Path, tmp_path: Path) -> None:
    result = kpi(shipped_copy, "report", "-o", str(tmp_path / "r.md"), "--date", "31/02/2018")
    assert result.exit_code == 2
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize(
    ("as_of", "vi", "en"),
    [
        (date(2018, 3, 31), "quý I năm 2018", "quarter I of 2018"),
        (date(2018, 6, 30), "6 tháng đầu năm 2018", "the first six months of 2018"),
        (date(2018, 9, 30), "9 tháng đầu năm 2018", "the first nine months of 2018"),
        (date(2018, 12, 31), "năm 2018", "year 2018"),
        (date(2018, 5, 15), "đến ngày 15/05/2018", "to 2018-05-15"),
    ],
)
def test_the_title_names_the_period_the_figures_cover(as_of: date, vi: str, en: str) -> None:
    assert period_words(as_of, "vi") == vi
    assert period_words(as_of, "en") == en


@pytest.mark.slow
def test_english_runs_get_the_english_frame(shipped_copy: Path, tmp_path: Path) -> None:
    text = flat(docx_text(report(shipped_copy, tmp_path / "r.docx", *SIGNED, "--lang", "en")))
    for words in [
        "SOCIALIST REPUBLIC OF VIETNAM",
        "No. 15/BC-SKHCN",
        "Ho Chi Minh City, 5 July 2018",
        "REPORT",
        "Implementation of Plan No. 62/KH-SKHCN, the first six months of 2018",
        "Recipients:",
        "City People's Committee (for its information);",
        "DIRECTOR",
        "Nguyễn Việt Dũng",
    ]:
        assert words in text, words


def test_a_signer_on_behalf_of_the_director_gets_the_authority_line() -> None:
    header = ReportHeader(
        governing_body=None,
        issuer="Sở Khoa học và Công nghệ",
        plan_number="62/KH-SKHCN",
        plan_title="Kế hoạch",
        signed=None,
        as_of=date(2018, 3, 31),
        period_start=2016,
        period_end=2020,
        plan_year=2018,
        document=DocumentSettings.model_validate(
            {"symbol": "BC-SKHCN", "signer": {"authority": "KT. Giám đốc", "position": "Phó Giám đốc", "name": "A"}}
        ),
    )
    shown = frame(header, "vi")
    assert (shown.authority, plain(shown.position), plain(shown.name)) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "A")
    assert shown.title == "Kết quả thực hiện Kế hoạch số 62/KH-SKHCN quý I năm 2018"


@pytest.mark.slow
def test_word_document_is_a_portrait_body_and_a_landscape_appendix_numbered_at_the_top(
    shipped_copy: Path, tmp_path: Path
) -> None:
    document = Document(str(report(shipped_copy, tmp_path / "r.docx")))
    body, appendix_section = document.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert (round(appendix_section.page_width.mm), round(appendix_section.page_height.mm)) == (297, 210)
    number = body.header.paragraphs[0]._p.xml
    assert "PAGE" in number and "NUMPAGES" not in number and body.different_first_page_header_footer
    assert not body.first_page_header.paragraphs[0].text  # none on page 1
    appendix = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    assert len(appendix) == 7  # a table per program, A to E, S5 and S6
    assert all("w:tblHeader" in t.rows[0]._tr.xml for t in appendix)


# ---------------------------------------------------------------- what each line says


class CsvRows(dict[str, list[str]]):
    """The CSV report's rows, found by the start of their content."""

    def __missing__(self, start: str) -> list[str]:
        return next(row for content, row in self.items() if content.startswith(start))


def csv_rows(folder: Path, *args: str) -> CsvRows:
    import csv
    import io

    result = kpi(folder, "report", "-f", "csv", *args)
    assert result.exit_code == 0, result.output
    return CsvRows((row[1].strip(), row) for row in csv.reader(io.StringIO(result.stdout)) if len(row) > 1)


@pytest.mark.slow
def test_a_milestone_done_says_the_day_and_the_evidence(shipped_copy: Path, tmp_path: Path) -> None:
    one_quarter(shipped_copy)
    a4 = csv_rows(shipped_copy)["Xây dựng Quy chế hoạt động của"]
    assert a4[10] == "hoàn thành ngày 20/03/2018: Quyết định số 123/QĐ-SKHCN"
    assert a4[5] == ""  # a milestone has no figure to report
    wanted = "hoàn thành ngày 20/03/2018: Quyết định số 123/QĐ-SKHCN"
    for suffix, reader in (("html", html_text), ("xlsx", xlsx_text), ("docx", docx_text)):
        assert wanted in flat(reader(report(shipped_copy, tmp_path / f"r.{suffix}", "--as-of", "2018-03-31"))), suffix


@pytest.mark.slow
def test_a_figure_due_and_not_reported_says_so_and_a_figure_not_approved_is_provisional(
    shipped_copy: Path, tmp_path: Path
) -> None:
    one_quarter(shipped_copy)
    rows = csv_rows(shipped_copy)
    b1, b4 = rows["Đào tạo về công cụ quản trị năn"], rows["Hỗ trợ thực hiện đổi mới công n"]
    assert b1[5] == "700 (tạm tính)"  # 2018-Q1 is not approved yet
    assert b4[5] == "chưa báo cáo"  # a count is due every quarter: not blank, not 0
    book = load_workbook(report(shipped_copy, tmp_path / "r.xlsx"))
    b1_cell = next(r for r in book["B"].iter_rows() if r[12].value == "B.1")[5]
    assert b1_cell.value == 700 and "(tạm tính)" in b1_cell.number_format  # still a number to sum
    b4_cell = next(r for r in book["B"].iter_rows() if r[12].value == "B.4")[5]
    assert b4_cell.value == "chưa báo cáo"

    assert kpi(shipped_copy, "approve", "2018-Q1", "--by", "test", "--with-missing").exit_code == 0
    assert csv_rows(shipped_copy)["Đào tạo về công cụ quản trị năn"][5] == "700"


def test_before_the_plan_year_nothing_is_said_to_be_missing(shipped_copy: Path) -> None:
    b4 = csv_rows(shipped_copy, "--as-of", "2017-12-31")["Hỗ trợ thực hiện đổi mới công n"]
    assert b4[5] == ""


def test_each_section_names_its_lead_units_in_full_once(shipped_copy: Path) -> None:
    rows = csv_rows(shipped_copy, "--as-of", "2018-06-30")
    section = rows["Hỗ trợ DN nâng cao năng suất c"]
    assert section[0] == "I"
    assert section[1].endswith("(chủ trì: Phòng Quản lý Công nghệ và Thị trường công nghệ)")
    s6 = next(row for row in rows.values() if row[0] == "6.")  # section 6 of part II, as the plan numbers it
    assert "(chủ trì: Văn phòng Sở; Phòng Kế hoạch – Tài chính; " in s6[1]
    # Under a heading naming several units, each line says which one leads it, by its name.
    assert rows["Đưa Quỹ phát triển KH&CN thành"][1].endswith("(chủ trì: Văn phòng Sở)")


# ---------------------------------------------------------------- PDF


@pytest.mark.browser
def test_pdf_is_the_page_printed_by_chromium_with_the_whole_frame(shipped_copy: Path, tmp_path: Path) -> None:
    one_quarter(shipped_copy)
    out = report(shipped_copy, tmp_path / "r.pdf", *SIGNED)
    assert out.read_bytes().startswith(b"%PDF")
    text = flat(" ".join(pdf_pages(out)))
    for words in FRAME_VI:
        assert words in text, words
    done = "hoàn thành ngày 20/03/2018: Quyết định số 123/QĐ-SKHCN"  # wrapped in its cell on paper
    assert re.sub(r"\s+", "", done) in re.sub(r"\s+", "", text)


def test_without_chromium_a_pdf_is_refused_naming_what_to_install(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("KPI_CHROMIUM", raising=False)
    result = kpi(shipped_copy, "report", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "Chromium" in result.output and "apt-get install chromium" in result.output
    assert not (tmp_path / "r.pdf").exists()
    monkeypatch.setenv("KPI_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = kpi(shipped_copy, "report", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2 and "KPI_CHROMIUM" in result.output

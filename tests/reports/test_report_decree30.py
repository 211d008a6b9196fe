"""The report as Decree 30/2020/NĐ-CP, Phụ lục I lays it out (docs/decree30.md), read back from the
Word document and from the PDF LibreOffice Writer prints of it: a portrait body and a landscape
appendix, margins, Times New Roman, each element of the frame at its size and weight, the page
number at the top from page 2, the place in full, the office's narrative with its figures, the signer
as settings name them; and the Word document and the Chromium PDF of one report on as many pages
within one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from tests.support import kpi
from tests.support.documents import check_document_pages, one_quarter, printed, squeezed

pytestmark = pytest.mark.usefixtures("vietnamese")

SIGNED = ["--as-of", "2018-06-30", "--number", "15", "--date", "05/07/2018"]
NARRATIVE = """## I. KẾT QUẢ ĐẠT ĐƯỢC

Doanh nghiệp được đào tạo về công cụ cải tiến: {B.1.value}, bằng {B.1.rate} chỉ tiêu.

- Quy chế Hội đồng tư vấn: {A.4.status}.

## II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN

Hồ sơ trình còn chậm.

## III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI

1. Hoàn thành các nội dung còn chậm.

## IV. ĐỀ XUẤT, KIẾN NGHỊ

Đề nghị các sở, ngành phối hợp.
"""


def writer_pdf(document: Path, out: Path) -> Path:
    """The document as LibreOffice Writer prints it."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is not installed: run tests/install-tools (or deselect with -m 'not office')"
    out.mkdir()
    command = [office, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(out), str(document)], check=True, capture_output=True, timeout=300)
    return out / f"{document.stem}.pdf"


def made(folder: Path, target: Path, *args: str) -> Path:
    result = kpi(folder, "report", *SIGNED, "-o", str(target), *args)
    assert result.exit_code == 0, result.output
    return target


def paragraph(document: object, text: str) -> Paragraph:
    """The first paragraph (body or table cell) whose text is `text`."""
    from docx.table import Table

    found: list[Paragraph] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            found += [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            found.append(block)
    return next(p for p in found if p.text == text)


def look(found: Paragraph) -> tuple[float, bool, bool]:
    """Size in points, bold, italic of a paragraph's (first non-empty) run."""
    run = next(r for r in found.runs if r.text.strip())
    assert run.font.size is not None
    return run.font.size.pt, bool(run.bold), bool(run.italic)


@pytest.mark.office
@pytest.mark.browser
def test_the_word_report_is_laid_out_as_decree_30_prescribes(shipped_copy: Path, tmp_path: Path) -> None:
    one_quarter(shipped_copy)
    (shipped_copy / "narrative").mkdir(exist_ok=True)
    (shipped_copy / "narrative" / "2018-Q2.md").write_text(NARRATIVE, encoding="utf-8")
    settings = shipped_copy / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("    position: Giám đốc\n", "    authority: KT. Giám đốc\n    position: Phó Giám đốc\n"),
        encoding="utf-8",
    )
    assert kpi(shipped_copy, "check").exit_code == 0
    docx = made(shipped_copy, tmp_path / "r.docx")
    document = Document(str(docx))

    # Phụ lục I, Mục I, khoản 1–3: A4, the body portrait, the appendix landscape; the margins.
    body, appendix = document.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    for section in (body, appendix):
        assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    # Khoản 4: Times New Roman; khoản 7: the page number centred at the top, none on page 1.
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14
    number = body.header.paragraphs[0]
    assert "PAGE" in number._p.xml and number.alignment == 1 and body.different_first_page_header_footer

    # Mục II: each element of the frame at its size and weight.
    assert look(paragraph(document, "ỦY BAN NHÂN DÂN")) == (12, False, False)
    issuer = paragraph(document, "SỞ KHOA HỌC VÀ CÔNG NGHỆ")  # the city is the line above's
    assert look(issuer) == (12, True, False)
    assert look(paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == (12, True, False)
    motto = paragraph(document, "Độc lập - Tự do - Hạnh phúc")
    assert look(motto) == (13, True, False)
    assert look(paragraph(document, "Số: 15/BC-SKHCN")) == (13, False, False)
    place = paragraph(document, "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2018")  # in full
    assert 13 <= look(place)[0] <= 14 and look(place)[1:] == (False, True)
    assert look(paragraph(document, "BÁO CÁO")) == (14, True, False)
    title = paragraph(document, "Kết quả thực hiện Kế hoạch số 62/KH-SKHCN 6 tháng đầu năm 2018")
    assert look(title) == (14, True, False)
    for element in (issuer, motto, title):  # each with its solid rule below
        assert element._p.getnext().find(".//{*}pBdr/{*}bottom") is not None, element.text
    assert look(paragraph(document, "Nơi nhận:")) == (12, True, True)
    assert look(paragraph(document, "- UBND TP (để báo cáo);")) == (11, False, False)
    # Khoản 7: the signer's form from settings, bold, with room to sign and stamp.
    assert look(paragraph(document, "KT. GIÁM ĐỐC")) == (14, True, False)
    assert look(paragraph(document, "PHÓ GIÁM ĐỐC")) == (14, True, False)
    name = paragraph(document, "Nguyễn Việt Dũng")
    assert look(name) == (14, True, False) and name.paragraph_format.space_before.mm >= 20

    # The office's narrative, each figure filled in.
    shown = kpi(shipped_copy, "show", "B.1", "--as-of", "2018-06-30", "-f", "json").output
    assert '"to_date": 4689' in shown.replace(" ", "").replace('"to_date":4689', '"to_date": 4689')
    for heading in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert look(paragraph(document, heading))[1], heading
    assert paragraph(document, "Doanh nghiệp được đào tạo về công cụ cải tiến: 4.689 DN, bằng 46,89% chỉ tiêu.")
    assert paragraph(document, "- Quy chế Hội đồng tư vấn: hoàn thành.")
    everything = "\n".join(p.text for p in document.paragraphs)
    for tool_words in ("kpi 0.", "Lập bằng", "suy ra từ", "chưa ghi nhận quý nào", "QLKH", "QLCN", "CCTDC"):
        assert tool_words not in everything, tool_words

    # On paper: Writer prints the portrait body and the landscape appendix, numbered from page 2,
    # every title whole; the Chromium PDF of the same report on as many pages within one.
    pages, sizes = printed(writer_pdf(docx, tmp_path / "writer"))
    check_document_pages(pages, sizes, shipped_copy)
    assert squeezed("Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2018") in squeezed(pages[0])
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(str(tmp_path / "writer" / "r.pdf")).pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Times New Roman, or the font with its metrics that Linux puts in its place.
    assert fonts and all(re.search(r"TimesNewRoman|LiberationSerif", name) for name in fonts), fonts
    chromium, _ = printed(made(shipped_copy, tmp_path / "r.pdf"))
    assert abs(len(chromium) - len(pages)) <= 1, (len(chromium), len(pages))


@pytest.mark.office
def test_every_table_reads_on_paper_the_wide_ones_laid_across_the_appendix(shipped_copy: Path, tmp_path: Path) -> None:
    """As LibreOffice Writer prints the Word report: the status counts (a column per status word, twelve
    in all) are on landscape pages at the head of the appendix, not in the portrait body where their
    headings broke letter by letter ("hoà/n/thàn/h"); every heading word of every table is printed
    whole, and every row is there (nothing clipped)."""
    one_quarter(shipped_copy)
    pages, sizes = printed(writer_pdf(made(shipped_copy, tmp_path / "r.docx"), tmp_path / "writer"))
    portrait = [n for n, (w, h) in enumerate(sizes) if w < h]
    headings = ("Số chỉ tiêu theo tình trạng, theo chương trình", "Số chỉ tiêu theo tình trạng, theo đơn vị chủ trì")
    counts = [n for n, text in enumerate(pages) if any(line.strip() in headings for line in text.splitlines())]
    assert counts and all(n not in portrait for n in counts), (counts, portrait)
    assert squeezed("Phụ lục I:") in squeezed(pages[counts[0]])  # at the head of the appendix
    # The body says where they are.
    assert squeezed("được tổng hợp ở phần đầu Phụ lục I kèm theo") in squeezed(" ".join(pages[n] for n in portrait))

    def words_of(numbers: list[int]) -> set[str]:
        return {word for n in numbers for word in pages[n].split()}

    statuses = "hoàn thành đạt chỉ tiêu đúng tiến độ chưa đến hạn có nguy cơ chậm xa dần quá không tính được báo cáo"
    landscape = [n for n in range(len(pages)) if n not in portrait]
    assert set(statuses.split()) <= words_of(landscape)
    # Every unit's row of the counts, its total whole; the body's tables with their heading words whole.
    table = squeezed(" ".join(pages[n] for n in range(counts[0], counts[0] + 2)))
    for unit in (
        "Phòng Quản lý Khoa học",
        "Văn phòng Sở",
        "Chi cục Tiêu chuẩn – Đo lường – Chất lượng",
        "Thanh tra Sở",
    ):
        assert squeezed(unit) in table, unit
    body = words_of(portrait)
    for heading in ("Đơn vị", "Mã", "Nội dung", "Thời hạn", "Số ngày trễ", "Nội dung trễ", "Quý I/2018", "Quý IV/2018"):
        assert set(heading.split()) <= body, heading
    for item in ("6.(7)", "B.10", "C.1", "6.(4)", "A.10.5", "A.12.1"):  # the overdue rows, none lost
        assert item in body, item


@pytest.mark.slow
def test_without_a_text_the_four_sections_have_a_marked_blank(shipped_copy: Path, tmp_path: Path) -> None:
    shutil.rmtree(shipped_copy / "narrative", ignore_errors=True)
    document = Document(str(made(shipped_copy, tmp_path / "r.docx")))
    for heading in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI"):
        found = paragraph(document, heading)
        blank = Paragraph(found._p.getnext(), found._parent)
        assert blank.runs[0].font.highlight_color is not None and "……" in blank.text
    md = made(shipped_copy, tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## IV. ĐỀ XUẤT, KIẾN NGHỊ\n\n<mark>……" in md


@pytest.mark.slow
def test_the_text_is_in_every_format(shipped_copy: Path, tmp_path: Path) -> None:
    from tests.support.documents import docx_text, html_text, xlsx_text

    reader = {"md": lambda p: p.read_text(encoding="utf-8"), "html": html_text, "xlsx": xlsx_text, "docx": docx_text}
    for suffix, read in reader.items():
        text = read(made(shipped_copy, tmp_path / f"r.{suffix}"))
        assert "Đề nghị Ủy ban nhân dân Thành phố" in text or "Kính đề nghị" in text, suffix
        assert "KẾT QUẢ ĐẠT ĐƯỢC" in text and "ĐỀ XUẤT, KIẾN NGHỊ" in text, suffix


def test_check_names_each_unknown_figure_at_its_line_and_column(shipped_copy: Path) -> None:
    text = "## I. KẾT QUẢ\n\nĐạt {B.1.value}; {X.9.value} và {B.1.rat}, {A.2.rate}; {{B.1}} là chữ.\n"
    (shipped_copy / "narrative" / "2018-Q2.md").write_text(text, encoding="utf-8")
    result = kpi(shipped_copy, "check")
    assert result.exit_code == 1  # kpi check: errors found
    lines = [line for line in result.output.splitlines() if "narrative/2018-Q2.md:" in line]
    assert [line.split(": ")[0].rsplit("narrative/", 1)[1] for line in lines] == [
        "2018-Q2.md:3:18",
        "2018-Q2.md:3:33",
        "2018-Q2.md:3:44",
    ]
    assert "X.9" in lines[0] and "rat" in lines[1] and "A.2:" in lines[2]


@pytest.mark.office
def test_the_units_form_prints_one_page_wide_with_its_headings_on_every_page(
    shipped_copy: Path, tmp_path: Path
) -> None:
    form = tmp_path / "QLCN-2018-Q2.xlsx"
    result = kpi(shipped_copy, "form", "--owner", "QLCN", "--quarter", "2018-Q2", "-o", str(form))
    assert result.exit_code == 0, result.output
    pages, sizes = printed(writer_pdf(form, tmp_path / "calc"))
    headings = ["Mã", "Nội dung", "Kế hoạch 2018", "Số liệu Quý II/2018", "Ghi chú"]  # the first column to the last
    figures = [n for n, text in enumerate(pages) if all(squeezed(h) in squeezed(text) for h in headings)]
    # The figures run over more than one page down, and each page has every column's heading, the
    # first to the last: one page wide, the headings repeated.
    assert len(figures) >= 2 and figures == list(range(figures[0], len(pages))), figures
    for n in figures:
        assert (round(sizes[n][0]), round(sizes[n][1])) == (842, 595), n + 1  # A4 landscape
    from openpyxl import load_workbook

    sheet = load_workbook(form)["Số liệu"]
    ids = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    printed_text = squeezed(" ".join(pages[n] for n in figures))
    assert ids and all(squeezed(str(code)) in printed_text for code in ids)  # no row lost or clipped


@pytest.mark.office
def test_a_reminder_letter_prints_as_the_offices_letter(shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    result = kpi(shipped_copy, "remind", "--quarter", "2018-Q2", "--owner", "QLKH", "-o", str(out))
    assert result.exit_code == 0, result.output
    letter = out / "2018-Q2-QLKH.docx"
    pages, sizes = printed(writer_pdf(letter, tmp_path / "letter"))
    assert 1 <= len(pages) <= 3 and all((round(w), round(h)) == (595, 842) for w, h in sizes)  # A4 portrait
    text = squeezed(" ".join(pages))
    for words in (
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "V/v đôn đốc báo cáo số liệu Quý II/2018",
        "Kính gửi: Phòng Quản lý Khoa học.",
        "Đề nghị Phòng Quản lý Khoa học điền vào phiếu báo cáo đính kèm QLKH-2018-Q2.xlsx",
        "trước ngày 10/07/2018",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "Nguyễn Việt Dũng",
    ):
        assert squeezed(words) in text, words
    assert "kpirecord" not in text and "QLKH)" not in text
    import email
    from email import policy

    draft = email.message_from_bytes((out / "2018-Q2-QLKH.eml").read_bytes(), policy=policy.default)
    assert draft["X-Unsent"] == "1"


def first_page_lines(pdf: Path) -> list[str]:
    """The first page's lines as printed (the two columns of a line side by side on it)."""
    text = PdfReader(str(pdf)).pages[0].extract_text(extraction_mode="layout")
    return [line.strip() for line in text.splitlines() if line.strip()]


def whole_on_a_line(lines: list[str], words: str) -> bool:
    """`words` all on one printed line, not wrapped onto the next (the spaces aside: a blank to fill
    may print wider)."""
    return any(squeezed(words) in squeezed(line) for line in lines)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "suffix", [pytest.param("docx", marks=pytest.mark.office), pytest.param("pdf", marks=pytest.mark.browser)]
)
def test_the_letterhead_keeps_each_element_on_its_lines(
    shipped_copy: Path, tmp_path: Path, lang: str, suffix: str
) -> None:
    """Printed by LibreOffice Writer (the Word report) or Chromium (the PDF), the issuing body reads on
    the decree's lines (ỦY BAN NHÂN DÂN / THÀNH PHỐ HỒ CHÍ MINH / SỞ KHOA HỌC VÀ CÔNG NGHỆ), the national
    name on one, and the place and date on one line, even at its widest: the day, month and year left
    blank to fill in (issue 30)."""
    target = tmp_path / f"blank.{suffix}"
    result = kpi(shipped_copy, "--lang", lang, "report", "--as-of", "2018-06-30", "-o", str(target))
    assert result.exit_code == 0, result.output
    lines = first_page_lines(writer_pdf(target, tmp_path / "pdf") if suffix == "docx" else target)
    for words in ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"):
        assert whole_on_a_line(lines, words), (words, lines[:6])
    if lang == "vi":
        for words in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: ……/BC-SKHCN",
            "Thành phố Hồ Chí Minh, ngày …… tháng …… năm ……",
        ):
            assert whole_on_a_line(lines, words), (words, lines[:6])
    else:
        for words in ("SOCIALIST REPUBLIC OF VIETNAM", "No. ……/BC-SKHCN", "Ho Chi Minh City, ……"):
            assert whole_on_a_line(lines, words), (words, lines[:6])


@pytest.mark.office
def test_the_reminder_letters_frame_keeps_each_element_on_its_lines(shipped_copy: Path, tmp_path: Path) -> None:
    """The công văn's frame as the report's: the governing body over the issuer, each line whole, and
    the place and date with a two-digit day and month on one line."""
    out = tmp_path / "drafts"
    args = ["--quarter", "2018-Q2", "--owner", "CCTDC", "--number", "120", "--date", "28/12/2018"]
    result = kpi(shipped_copy, "remind", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = first_page_lines(writer_pdf(out / "2018-Q2-CCTDC.docx", tmp_path / "pdf"))
    for words in (
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2018",
    ):
        assert whole_on_a_line(lines, words), (words, lines[:8])

"""kpi check run in this process on a catalogue written out, and its findings as 'line: field: message'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kpi.compute.checks import CheckReport, check
from kpi.errors import Severity
from tests.support.data import MINIMAL_CATALOGUE, by_year


def run(folder: Path, catalogue: str = MINIMAL_CATALOGUE, actuals: dict[str, str] | None = None) -> CheckReport:
    (folder / "plan2018.yaml").write_text(catalogue, encoding="utf-8")
    for relative, text in (actuals or {}).items():
        path = folder / "actuals" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return check(folder, today=date(2018, 12, 31))


def only(report: CheckReport, severity: Severity = Severity.ERROR) -> list[str]:
    return [f"{f.location.line}: {f.field}: {f.message}" for f in report.findings if f.severity is severity]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(needle)


# One more indicator, appended at the end of the minimal catalogue's indicators.
ROW = """\
  - id: B.5
    program: B
    section: I
    tt: '5'
    title: Một dòng thử
    owner: QLCN
    kind: cumulative
{measures}    source:
      line: 374
      cells:
        tt: '5'
{cells}"""


def with_row(measures: str, cells: str, tt: str = "5") -> str:
    row = ROW.format(measures=measures, cells=cells).replace("tt: '5'", f"tt: '{tt}'")
    return by_year(MINIMAL_CATALOGUE.replace("tasks:\n", row + "tasks:\n"))


def warnings(folder: Path, text: str) -> list[str]:
    report = run(folder, text)
    # The source's inconsistencies are never errors (the rows here leave most measures unlabelled).
    assert [error for error in only(report) if "has no label" not in error] == []
    return [warning for warning in only(report, Severity.WARNING) if "has no label" not in warning]


# Every inconsistency of the source found by reading it, by indicator and the catalogue field
# that points at it; the line is checked against the catalogue text below.
SHIPPED = [
    ("A.2", "source.cells.actuals.2016", "2. Dành 70% kinh phí"),
    ("A.3", "source.cells.actuals.2016", "04 chương trình"),
    ("A.5", "source.cells.actuals.2017", "Triển khai 01 nhiệm vụ"),
    ("A.5", "source.cells.plans.2018", "Triển khai 10 hợp đồng"),
    ("A.6", "measures[science_firms].stated_percent", "3.67%"),
    ("A.6", "source.cells.plans.2018", "Hỗ trợ và đánh giá 05 tổ chức KH&CN"),
    ("A.7", "measures[firms].stated_percent", "(4 + 5) / 500 = 1.8%"),
    ("A.7", "source.cells.actuals.2016", "4 DN thành lập quỹ"),
    ("A.7", "source.cells.actuals.2017", "5 DN báo cáo thành lập Quỹ;"),
    ("A.9", "source.cells.target", "runs two figures together"),
    ("A.11", "source.cells.actuals.2017", "lists 14 + 13 = 27"),
    ("A.11", "source.cells.plans.2018", "Thực hiện theo hồ sơ đăng ký"),
    ("B.7", "source.cells.rate", "01 Đề án"),
    ("B.8", "source.cells.content", "opens a quotation mark it never closes"),
    ("B.11.3", "source.cells.actuals.2017", "opens a bracket it never closes"),
    ("B.12.2.a", "source.cells.content", "without a number (TT); it is read as a part of B.12.2"),
    ("B.12.2.b", "source.cells.content", "without a number (TT); it is read as a part of B.12.2"),
    ("C.2", "source.cells.actuals.2017", "380 yêu cầu về CN&TB"),
    ("C.3", "source.cells.actuals.2016", "opens a bracket it never closes"),
    ("C.3", "source.cells.actuals.2017", "Bồi dưỡng 84 Học viên"),
    ("C.4", "source.cells.actuals.2017", "Hỗ trợ đào tạo 84 học viên"),
    ("C.4", "source.cells.plans.2018", "100 cán bộ của các tổ chức trung gian"),
    ("C.9", "source.cells.actuals.2016", "“14.811 đơn” and “247 đơn sáng chế”"),
    ("C.9", "source.cells.actuals.2017", "“14.789 đơn” and “327 đơn sáng chế”"),
    ("C.9", "source.cells.plans.2018", "“22.000 đơn/năm” and “400 đơn/năm”"),
    ("C.11", "source.cells.actuals.2017", "đào tạo 88 Học viên"),
    ("D.II.1", "tt", "TT 1 is printed again in program D (first for D.I.1"),
    ("D.II.1", "measures[news_items].plans.2018", "2 × 2,365 = 4,730"),
    ("D.III.2", "tt", "TT 2 is printed again in program D (first for D.I.2"),
    ("D.IV.4", "source.cells.actuals.2017", "67 đề án ứng dụng KH&CN cơ sở, doanh nghiệp"),
]


# Each defect of the source a reader finds that the checks above report on the shipped plan: the
# catalogue field, the source line, and words of the source the warning quotes.
SHIPPED_DEFECTS = [
    ("indicators[A.9].source.cells.target", 343, "“100 chuyên gia KH&CN” and “60 cán bộ quản lý KH&CN”"),
    ("indicators[B.8].source.cells.content", 378, 'Xây dựng "Đề án nâng cấp không gian'),
    ("indicators[B.11.3].source.cells.actuals.2017", 385, "(Quyết định 3713/QĐ-UBND ngày 14/7/2017”"),
    ("indicators[B.12.2.a].source.cells.content", 391, "“- Vận động thành lập CLB"),
    ("indicators[B.12.2.b].source.cells.content", 392, "“- Xây dựng Quy chế hoạt động tạm thời”"),
    ("indicators[C.3].source.cells.actuals.2016", 401, "“08 tổ chức (Số liệu thống kê"),
    ("indicators[C.9].source.cells.actuals.2016", 411, "“14.811 đơn 247 đơn sáng chế”"),
    ("indicators[C.9].source.cells.actuals.2017", 411, "“14.789 đơn 327 đơn sáng chế”"),
    ("indicators[C.9].source.cells.plans.2018", 411, "“22.000 đơn/năm 400 đơn/năm”"),
    (
        "headings[2].text",
        79,
        "announces 8 tasks but lists 7: (6)–(12); source line 79: “b) Phát triển tiềm lực KH&CN (8 đầu việc)”",
    ),
    (
        "gaps[0].rows",
        381,
        "rows B.9, B.10, B.11, B.11.1 are missing from the appendix; rebuilt from source lines 137, 145, 147, 149; source line 381: “8.3 Triển khai",
    ),
    (
        "gaps[1].rows",
        439,
        "program E is cut off after source line 439: row E.3 is missing from the appendix; rebuilt from source lines 237; source line 439: “II Đào tạo, bồi dưỡng",
    ),
    ("slips[0].verbatim", 185, "“Terchmart” for “Techmart” (T3.6: “(6) Tổ chức 03 Terchmart,"),
    ("slips[1].verbatim", 299, "“72/QĐ-SKH-CN” for “72/QĐ-SKH&CN”"),
    ("slips[2].verbatim", 325, "“Kế hoạch số 62 /KH-SKHCN ngày 08 tháng 01 năm 2018)”"),
    ("slips[3].verbatim", 337, "“so với chỉ giai đoạn” for “so với cả giai đoạn”"),
    ("slips[4].verbatim", 345, "“cộng đồng bằng đổi mới sáng tạo”"),
    ("slips[5].verbatim", 349, "“Chỉ chủ” for “Ghi chú”"),
    ("slips[6].verbatim", 369, "“DMST” for “ĐMST” (B.2.4, target: “30 - 35% DN có hoạt động DMST/năm”)"),
    ("slips[7].verbatim", 374, "“dự án đấu tư” for “dự án đầu tư”"),
    ("slips[8].verbatim", 375, "“II Hỗ trợ hình thành hệ sinh thái khởi nghiệp”"),
    ("slips[9].verbatim", 387, "(B.11.5, notes: “Tập chí khám phá và các đơn vị khác có liên quan”)"),
    ("slips[10].verbatim", 396, "“Chỉ chủ” for “Ghi chú”"),
    ("slips[11].verbatim", 397, "“Đưa sản vào hoạt động” for “Đưa Sàn vào hoạt động”"),
    ("slips[12].verbatim", 398, "(C.1, target: “Đưa sản vào hoạt động chính thức năm 2018”)"),
    ("slips[13].verbatim", 404, "“chuyên-giao” for “chuyển giao”"),
    ("slips[14].verbatim", 407, "(C.8, target: “chưa thực hiện”)"),
    ("slips[15].verbatim", 420, "(D.I.2, target: “100% quận huyện có cơ sở dữ liệu thông kê về KH&CN”)"),
]

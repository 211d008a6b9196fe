"""The source's own defects a reader finds (issue 26): a lost page, a cut-off end, a heading that
miscounts its tasks, misprints no erratum corrects, rows without a number, figures run together,
brackets left open. `kpi check` lists each as a warning with file:line and the source's words.

The facts about the source (which rows a page lost, which words are misprinted) are data in the
plan (`gaps:`, `headings:`, `slips:`); the rules that read them, and the ones that find a defect
in any cell, are shown on a small catalogue first, then pinned on the shipped data through the CLI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kpi.errors import Severity
from kpi.ledger.load import load_ledger
from tests.support import MINIMAL_CATALOGUE, SHIPPED_DATA, SOURCE_TEXT, by_year, kpi_process
from tests.support.checks import SHIPPED_DEFECTS, line_of, only, run, warnings, with_row

# Rows of program B the small catalogue adds: two printed around a lost page, two rebuilt for it.
AROUND_A_GAP = """\
  - id: B.20
    program: B
    section: I
    tt: '20'
    title: Dòng in trước trang mất
    owner: QLCN
    kind: activity
    source:
      line: 381
      cells:
        tt: '20'
        content: Dòng in trước trang mất
  - id: B.21
    program: B
    section: I
    tt: '21'
    title: Dòng dựng lại
    owner: QLCN
    kind: activity
    source:
      line: 137
      text: (8) Dòng dựng lại
      recovered: Trang bị mất; dựng lại từ nhiệm vụ (8).
  - id: B.22
    program: B
    section: I
    tt: '22'
    title: Dòng in sau trang mất
    owner: QLCN
    kind: activity
    source:
      line: 384
      cells:
        tt: '22'
        content: Dòng in sau trang mất
"""

GAP = """\
gaps:
  - program: B
    after_line: 381
    before_line: 384
    rows: [B.21]
"""


def catalogue(*extra: str, rows: str = "") -> str:
    text = by_year(MINIMAL_CATALOGUE.replace("tasks:\n", rows + "tasks:\n"))
    return text + "".join(extra)


# ---------------------------------------------------------------- a lost page, a cut-off end


def test_a_lost_page_is_a_warning_quoting_the_rows_printed_on_either_side(minimal_data: Path) -> None:
    text = catalogue(GAP, rows=AROUND_A_GAP)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, 'rows: [B.21]')}: gaps[0].rows: a page of program B is lost between source lines 381 and "
        "384: row B.21 is missing from the appendix; rebuilt from source lines 137; source line 381: “20 Dòng in "
        "trước trang mất”; source line 384: “22 Dòng in sau trang mất”"
    ]


def test_a_cut_off_end_quotes_the_last_line_printed(minimal_data: Path) -> None:
    rows = AROUND_A_GAP.split("  - id: B.22\n")[0]
    text = catalogue(GAP.replace("    before_line: 384\n", ""), rows=rows)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, 'rows: [B.21]')}: gaps[0].rows: program B is cut off after source line 381: row B.21 is "
        "missing from the appendix; rebuilt from source lines 137; source line 381: “20 Dòng in trước trang mất”"
    ]


def test_a_rebuilt_row_no_gap_accounts_for_is_a_warning(minimal_data: Path) -> None:
    text = catalogue(rows=AROUND_A_GAP)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, 'recovered: Trang bị mất')}: indicators[B.21].source.recovered: B.21 is rebuilt from "
        "elsewhere in the source, but no entry of gaps says which rows the appendix lost"
    ]


def test_rebuilt_rows_that_do_not_fill_the_numbering_are_a_warning(minimal_data: Path) -> None:
    text = catalogue(GAP, rows=AROUND_A_GAP.replace("tt: '22'", "tt: '23'"))
    found = warnings(minimal_data, text)
    assert (
        f"{line_of(text, 'rows: [B.21]')}: gaps[0].rows: the rows of the gap do not number on from one to the next: "
        "TT 23 (B.22) follows TT 21 (B.21)"
    ) in found


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("rows: [B.21]", "rows: [B.99]"), "gaps[0].rows[0]", "unknown indicator 'B.99'"),
        (("rows: [B.21]", "rows: [B.20]"), "gaps[0].rows[0]", "B.20 is not a row of program B rebuilt from elsewhere"),
        (
            ("after_line: 381", "after_line: 380"),
            "gaps[0].after_line",
            "program B prints no header or row on source line 380",
        ),
        (("program: B\n", "program: Z\n"), "gaps[0].program", "unknown program 'Z'"),
    ],
)
def test_a_gap_that_names_what_is_not_there_is_an_error(
    minimal_data: Path, change: tuple[str, str], field: str, message: str
) -> None:
    errors = only(run(minimal_data, catalogue(GAP.replace(*change), rows=AROUND_A_GAP)))
    assert any(f": {field}: {message}" in error for error in errors), errors


# ---------------------------------------------------------------- a heading that miscounts its tasks

HEADINGS = """\
headings:
  - section: 2
    text: 2. Chương trình B (2 đầu việc)
    line: 111
  - section: 2
    part: a
    text: a) Phần đầu (2 đầu việc)
    line: 113
  - section: 2
    part: b
    text: b) Phần sau
    line: 123
"""


def test_a_heading_announcing_more_tasks_than_it_lists(minimal_data: Path) -> None:
    # The small catalogue's section 2 has one task, T2.1 on line 115: under a), and the section's only one.
    text = catalogue(HEADINGS)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '2. Chương trình B')}: headings[0].text: the heading of section 2 announces 2 tasks but "
        "lists 1: (1); source line 111: “2. Chương trình B (2 đầu việc)”",
        f"{line_of(text, 'a) Phần đầu')}: headings[1].text: the heading of section 2 a) announces 2 tasks but "
        "lists 1: (1); source line 113: “a) Phần đầu (2 đầu việc)”",
    ]
    assert warnings(minimal_data, catalogue(HEADINGS.replace("(2 đầu việc)", "(1 đầu việc)"))) == []


# ---------------------------------------------------------------- misprints no erratum corrects

SLIP = """\
slips:
  - line: 362
    of: B.1
    verbatim: '10.000 DN'
    reading: '10.000 doanh nghiệp'
    reason: the unit is abbreviated
"""


def test_a_slip_is_a_warning_quoting_the_cell_that_holds_it(minimal_data: Path) -> None:
    text = catalogue(SLIP)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, 'verbatim:')}: slips[0].verbatim: source line 362 prints “10.000 DN” for “10.000 doanh "
        "nghiệp” (B.1, target: “10.000 DN”): the unit is abbreviated"
    ]
    header = (
        SLIP.replace("    of: B.1\n", "").replace("'10.000 DN'", "Chỉ chủ").replace("'10.000 doanh nghiệp'", "Ghi chú")
    )
    assert warnings(minimal_data, catalogue(header))[0].endswith(
        "slips[0].verbatim: source line 362 prints “Chỉ chủ” for “Ghi chú”: the unit is abbreviated"
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("of: B.1", "of: B.77"), "slips[0].of", "no indicator, task, program or section 'B.77' holds a slip"),
        (("'10.000 DN'", "'20.000 DN'"), "slips[0].verbatim", "the words of B.1 have no '20.000 DN'"),
        (("line: 362", "line: 363"), "slips[0].line", "B.1 is printed on source line 362, not 363"),
    ],
)
def test_a_slip_that_names_what_is_not_there_is_an_error(
    minimal_data: Path, change: tuple[str, str], field: str, message: str
) -> None:
    text = catalogue(SLIP.replace(*change))
    at = line_of(text, "slips:") + {"line": 1, "of": 2, "verbatim": 3}[field.rsplit(".", 1)[1]]
    assert only(run(minimal_data, text)) == [f"{at}: {field}: {message}"]


# ---------------------------------------------------------------- defects any cell can show


def test_a_row_printed_without_a_number(minimal_data: Path) -> None:
    row = "  - id: B.1.2.a\n    program: B\n    section: I\n    parent: B.1.2\n    title: Gạch đầu dòng\n"
    row += "    owner: QLCN\n    kind: milestone\n    source:\n      line: 391\n      cells:\n"
    row += "        content: '- Gạch đầu dòng'\n"
    text = catalogue(rows=row)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '- Gạch đầu dòng')}: indicators[B.1.2.a].source.cells.content: the source prints this row "
        "without a number (TT); it is read as a part of B.1.2; source line 391, content: “- Gạch đầu dòng”"
    ]


def test_two_figures_run_together_in_one_cell(minimal_data: Path) -> None:
    measures = "    measures:\n      - key: filings\n        unit: đơn\n        actual_2016: 14811\n"
    measures += "      - key: patents\n        unit: đơn sáng chế\n        actual_2016: 247\n"
    text = with_row(measures, "        actual_2016: 14.811 đơn 247 đơn sáng chế\n")
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '14.811 đơn 247')}: indicators[B.5].source.cells.actuals.2016: the Actual 2016 cell runs "
        "two figures together with nothing between them: “14.811 đơn” and “247 đơn sáng chế”; source line 374, "
        "Actual 2016: “14.811 đơn 247 đơn sáng chế”"
    ]
    joined = "        actual_2016: '14.811 đơn, trong đó 247 đơn sáng chế'\n"
    assert warnings(minimal_data, with_row(measures, joined)) == []


def test_a_bracket_or_a_quotation_left_open(minimal_data: Path) -> None:
    cells = '        actual_2017: Quy chế (Quyết định 3713/QĐ-UBND\n        plan_2018: Xây dựng "Đề án\n'
    text = with_row("", cells).replace("kind: cumulative\n", "kind: milestone\n")
    quotation = 'Xây dựng "Đề án'
    assert warnings(minimal_data, text) == [
        f"{line_of(text, 'Quy chế (')}: indicators[B.5].source.cells.actuals.2017: the Actual 2017 cell opens a "
        "bracket it never closes; source line 374, Actual 2017: “Quy chế (Quyết định 3713/QĐ-UBND”",
        f"{line_of(text, quotation)}: indicators[B.5].source.cells.plans.2018: the 2018 plan cell opens a "
        'quotation mark it never closes; source line 374, 2018 plan: “Xây dựng "Đề án”',
    ]
    closed = '        actual_2017: Quy chế (Quyết định 3713/QĐ-UBND)\n        plan_2018: Xây dựng "Đề án"\n'
    assert warnings(minimal_data, with_row("", closed).replace("kind: cumulative\n", "kind: milestone\n")) == []


# ---------------------------------------------------------------- an erratum cites what justifies it

ERRATUM = """\
errata:
  - of: B.1
    verbatim: doanh nghiệp
    reading: DN
    reason: the appendix abbreviates it
    source_lines: [362]
"""


def test_an_erratum_citing_only_the_line_of_its_misprint_is_a_warning(minimal_data: Path) -> None:
    text = catalogue(ERRATUM)
    report = run(minimal_data, text)
    assert only(report, Severity.WARNING) == [
        f"{line_of(text, 'source_lines: [362]')}: errata[0].source_lines: the erratum of B.1 cites only source line "
        "362, where the misprint stands; cite the lines that give the reading “DN”"
    ]
    assert only(report, Severity.NOTE) == [
        f"{line_of(text, 'reading: DN')}: errata[0].reading: B.1 reads “DN” where source line 362 prints “doanh "
        "nghiệp”: the appendix abbreviates it (the reading from source lines 362)"
    ]
    assert warnings(minimal_data, catalogue(ERRATUM.replace("[362]", "[115]"))) == []


# ---------------------------------------------------------------- the shipped data


def test_kpi_check_lists_each_defect_of_the_source_with_file_line_and_its_words(shipped_copy: Path) -> None:
    result = kpi_process(None, "check", cwd=shipped_copy.parent)
    assert result.returncode == 0, result.stdout
    plan = (shipped_copy / "plan2018.yaml").read_text(encoding="utf-8").split("\n")
    headlines = {}
    for line in result.stdout.splitlines():
        found = re.match(r"data/plan2018\.yaml:(\d+):\d+: warning: (\S+): (.*)$", line)
        if found:
            headlines[found[2]] = (int(found[1]), found[3])
    for field, source_line, words in SHIPPED_DEFECTS:
        assert field in headlines, field
        at, message = headlines[field]
        assert words in message, (field, message)
        assert f"source line {source_line}" in message, (field, message)  # the source's line, and its words
        assert plan[at - 1].strip(), field  # the plan's line: the entry or cell the warning is about
    errata_notes = [line for line in result.stdout.splitlines() if ": note: errata[" in line]
    assert len(errata_notes) == 6
    assert all(
        re.search(r"where source line \d+ prints “.+”: .*\(the reading from source lines [\d, ]+\)$", n)
        for n in errata_notes
    )


def test_the_recorded_defects_stand_in_the_source_where_the_plan_says() -> None:
    """Every slip's words on its line, every heading verbatim on its line, every gap between lines
    the appendix prints, and the rows rebuilt for it each from a line of the main text."""
    catalogue = load_ledger(SHIPPED_DATA, cache=None).catalogue
    source = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    assert len(catalogue.slips) >= 12
    for slip in catalogue.slips:
        assert slip.verbatim in source[slip.line - 1], slip
        assert slip.reading not in source[slip.line - 1], slip  # a reading, not the same words again
    assert [h.line for h in catalogue.headings] == sorted(h.line for h in catalogue.headings)
    for heading in catalogue.headings:
        assert source[heading.line - 1] == heading.text, heading
    for gap in catalogue.gaps:
        assert source[gap.after_line - 1].strip(), gap
        if gap.before_line is None:  # the document ends there: nothing but blank lines after it
            assert not "".join(source[gap.after_line :]).strip(), gap
        for row_id in gap.rows:
            row = catalogue.indicator(row_id)
            assert row is not None and row.source.text is not None
            assert row.source.text.split("\n")[0] == source[row.source.line - 1], row_id


def test_the_errata_cite_more_than_the_line_of_their_misprint() -> None:
    catalogue = load_ledger(SHIPPED_DATA, cache=None).catalogue
    lines = {p.code: p.line for p in catalogue.programs}
    lines |= {f"{p.code}.{s.code}": s.line for p in catalogue.programs for s in p.sections}
    lines |= {i.id: i.source.line for i in catalogue.indicators}
    for erratum in catalogue.errata:
        assert set(erratum.source_lines) - {lines[erratum.of]}, erratum.of
        assert "dòng 3, 4" not in erratum.reason  # tasks (3), (4), not lines 3 and 4 of the text


@pytest.mark.parametrize(
    ("cell", "together"),
    [
        ("14.811 đơn 247 đơn sáng chế", [("14.811 đơn", "247 đơn sáng chế")]),
        ("100 chuyên gia KH&CN 60 cán bộ quản lý KH&CN", [("100 chuyên gia KH&CN", "60 cán bộ quản lý KH&CN")]),
        ("Năm 2017 đạt 747 chuyên gia", []),  # four bare digits are a year: a count groups them (2.017)
        ("- 01 Kế hoạch tuần lễ khởi nghiệp 2018;", []),
        ("Hỗ trợ đào tạo 84 học viên của 50 tổ chức", []),
        ("08 khóa tập huấn, đào tạo về KH&CN cho 538 lượt cán bộ", []),
    ],
)
def test_which_figures_run_together(cell: str, together: list[tuple[str, str]]) -> None:
    from kpi.model.numbers import counts_run_together

    assert counts_run_together(cell) == together

"""`kpi check` names every place the source disagrees with itself, as a warning quoting the cell.

Each rule is shown on a small catalogue in tmp_path: once where it warns, once on the boundary
where it must not. The last tests pin what it finds in the shipped data.
"""

from __future__ import annotations

from pathlib import Path

from kpi.compute.checks import check
from tests.support import MINIMAL_CATALOGUE, SHIPPED_DATA, kpi_process
from tests.support.checks import SHIPPED, line_of, warnings, with_row

# ---------------------------------------------------------------- a count and its list


def test_a_count_that_its_own_list_does_not_add_up_to(minimal_data: Path) -> None:
    cell = "Đã cấp cho 21 tổ chức (14 tổ chức công lập và 13 tổ chức ngoài công lập.)"
    text = with_row(
        "    measures:\n      - key: organisations\n        unit: tổ chức\n        actual_2017: 21\n",
        f"        actual_2017: {cell}\n",
    )
    assert warnings(minimal_data, text) == [
        f"{line_of(text, cell)}: indicators[B.5].source.cells.actuals.2017: the source counts 21 but lists "
        f"14 + 13 = 27; source line 374, Actual 2017: “{cell}”"
    ]


def test_a_count_its_list_adds_up_to_and_parts_in_another_unit_are_fine(minimal_data: Path) -> None:
    cells = (
        "        actual_2016: 'Tỷ lệ là 78% (trong đó, 23% trực tiếp, 55% gián tiếp)'\n"
        "        actual_2017: 'đạt 88,2% (trong đó 44,6% trực tiếp và 43,6% gián tiếp)'\n"
        "        notes: 72 đề án ứng dụng (3 mô hình - 24 QH),\n"
    )
    measures = (
        "    measures:\n      - key: rate\n        unit: '%'\n        actual_2016: 78\n        actual_2017: 88.2\n"
    )
    assert warnings(minimal_data, with_row(measures, cells)) == []


# ---------------------------------------------------------------- a stated rate


def test_a_stated_rate_that_only_another_measures_figures_could_give(minimal_data: Path) -> None:
    measures = (
        "    measures:\n"
        "      - key: firms\n        label: {vi: Doanh nghiệp KH&CN, en: S&T enterprises}\n        unit: DN\n        target: 500\n"
        "        stated_percent: 23\n        plan_2018: 35\n"
        "      - key: fund_firms\n        label: {vi: DN lập quỹ, en: Firms with a fund}\n        unit: DN\n        kind: activity\n"
        "        actual_2016: 4\n        actual_2017: 5\n"
    )
    cells = (
        "        target: 500 doanh nghiệp\n        actual_2016: 4 DN thành lập quỹ\n"
        "        actual_2017: 5 DN thành lập quỹ\n        rate: 23%\n        plan_2018: '35'\n"
    )
    text = with_row(measures, cells)
    found = warnings(minimal_data, text)
    assert (
        f"{line_of(text, 'stated_percent: 23')}: indicators[B.5].measures[firms].stated_percent: the source states "
        "23% of 500 S&T enterprises, but the row's actual figures count Firms with a fund: (4 + 5) / 500 = 1.8%; "
        "source line 374, rate achieved: “23%”"
    ) in found


def test_a_stated_rate_another_measure_gives_exactly_is_fine(minimal_data: Path) -> None:
    measures = (
        "    measures:\n"
        "      - key: firms\n        unit: DN\n        target: 500\n        stated_percent: 1.8\n        plan_2018: 35\n"
        "      - key: others\n        unit: DN\n        plan_2018: 5\n        actual_2016: 4\n        actual_2017: 5\n"
    )
    cells = "        target: 500 DN\n        actual_2016: 4 DN\n        actual_2017: 5 DN\n        rate: 1,8%\n"
    assert warnings(minimal_data, with_row(measures, cells + "        plan_2018: 35 DN; 5 DN\n")) == []


# ---------------------------------------------------------------- words where a figure belongs


def test_words_in_a_figure_column_of_a_counted_row(minimal_data: Path) -> None:
    measures = "    measures:\n      - key: area\n        unit: m²\n        target: 40000\n"
    text = with_row(measures, "        target: 40.000 m ²\n        rate: 01 Đề án\n")
    assert warnings(minimal_data, text) == [
        f"{line_of(text, 'rate: 01 Đề án')}: indicators[B.5].source.cells.rate: the rate achieved column holds "
        "words, not a figure of this row; source line 374, rate achieved: “01 Đề án”"
    ]


def test_words_in_a_milestone_row_and_a_figure_read_from_its_cell_are_fine(minimal_data: Path) -> None:
    milestone = with_row(
        "", "        actual_2017: Đã gửi Sở KH&ĐT thẩm định\n        plan_2018: Trình UBND ban hành Đề án\n"
    )
    assert warnings(minimal_data, milestone.replace("kind: cumulative\n", "kind: milestone\n")) == []
    measures = "    measures:\n      - key: area\n        unit: m²\n        target: 40000\n        stated_to_date: 1\n"
    assert warnings(minimal_data, with_row(measures, "        target: 40.000 m ²\n        rate: 01 Đề án\n")) == []


# ---------------------------------------------------------------- columns that count different things


def test_a_year_column_counting_something_the_target_does_not(minimal_data: Path) -> None:
    measures = (
        "    measures:\n"
        "      - key: addresses\n        unit: địa chỉ\n        target: 72\n        actual_2016: 72\n        plan_2018: 72\n"
        "      - key: projects\n        unit: đề án\n        kind: activity\n        actual_2017: 67\n"
    )
    cells = "        actual_2016: 72 địa chỉ\n        actual_2017: 67 đề án ứng dụng\n        plan_2018: 72 địa chỉ\n"
    text = with_row(measures, cells)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '67 đề án ứng dụng')}: indicators[B.5].source.cells.actuals.2017: the Actual 2017 figure "
        "counts đề án, but the row's target and plan count địa chỉ; source line 374, Actual 2017: “67 đề án ứng dụng”"
    ]


def test_a_plan_counting_something_the_target_does_not(minimal_data: Path) -> None:
    measures = (
        "    measures:\n"
        "      - key: experts\n        unit: chuyên gia\n        target: 100\n"
        "      - key: staff\n        unit: cán bộ\n        plan_2018: 100\n"
    )
    cells = "        target: 100 chuyên gia\n        plan_2018: 100 cán bộ của các tổ chức trung gian\n"
    text = with_row(measures, cells)
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '100 cán bộ của')}: indicators[B.5].source.cells.plans.2018: the 2018 plan counts cán bộ, "
        "but the period target counts chuyên gia; source line 374, 2018 plan: “100 cán bộ của các tổ chức trung gian”"
    ]


def test_two_years_counting_different_things(minimal_data: Path) -> None:
    measures = (
        "    measures:\n"
        "      - key: offers\n        unit: CN&TB đang chào bán\n        actual_2016: 340\n"
        "      - key: requests\n        unit: yêu cầu\n        actual_2017: 380\n"
    )
    text = with_row(measures, "        actual_2016: 340 CN&TB đang chào bán\n        actual_2017: 380 yêu cầu\n")
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '380 yêu cầu')}: indicators[B.5].source.cells.actuals.2017: the Actual 2017 figure counts "
        "yêu cầu, but the Actual 2016 figure counts CN&TB đang chào bán; source line 374, Actual 2017: “380 yêu cầu”"
    ]


def test_a_share_target_beside_a_planned_count_is_fine(minimal_data: Path) -> None:
    measures = (
        "    measures:\n"
        "      - key: share\n        unit: '%'\n        kind: share\n        target: 30\n"
        "      - key: firms\n        unit: DN\n        actual_2016: 449\n        actual_2017: 220\n        plan_2018: 900\n"
    )
    cells = (
        "        target: 30% DN trong 4 ngành\n        actual_2016: '449'\n        actual_2017: '220'\n"
        "        plan_2018: '900'\n"
    )
    assert warnings(minimal_data, with_row(measures, cells)) == []


# ---------------------------------------------------------------- numbering and sums


def test_a_row_number_printed_twice_in_one_program(minimal_data: Path) -> None:
    text = with_row("", "", tt="1.2")
    second = line_of(text, "tt: '1.2'", 2)
    assert warnings(minimal_data, text) == [
        f"{second}: indicators[B.5].tt: TT 1.2 is printed again in program B "
        "(first for B.1.2, source line 364); source line 374, No.: “1.2”"
    ]
    assert warnings(minimal_data, with_row("", "", tt="1.3")) == []


def test_children_that_do_not_add_up_are_a_warning_quoting_the_parent_cell(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("2016: 620", "2016: 621").replace("'620'", "'621'")
    assert warnings(minimal_data, text) == [
        f"{line_of(text, '2016: 1069')}: indicators[B.1].measures[firms].actuals.2016: B.1 gives 1,069 but its "
        "children add up to 1,070 (B.1.1 449 + B.1.2 621); source line 362, Actual 2016: “1.069”"
    ]
    assert warnings(minimal_data, MINIMAL_CATALOGUE) == []


# ---------------------------------------------------------------- the shipped data


def test_check_lists_the_sources_inconsistencies_in_the_shipped_data() -> None:
    report = check(SHIPPED_DATA)
    assert report.errors == []
    # The notes are errata (test_errata); the warnings on gaps, headings and slips: test_source_defects.
    found = [(f.field, f.location.line, f.message) for f in report.warnings if f.field.startswith("indicators[")]
    assert [field for field, _line, _message in found] == [f"indicators[{i}].{field}" for i, field, _ in SHIPPED]
    for (field, line, message), (_id, _field, words) in zip(found, SHIPPED):
        assert words in message, (field, message)
        assert "source line " in message and "“" in message, message  # the verbatim cell is quoted
        assert line is not None and report.findings[0].location.path.name == "plan2018.yaml"
    lines = (SHIPPED_DATA / "plan2018.yaml").read_text(encoding="utf-8").split("\n")
    a11 = next(f for f in report.findings if f.field == "indicators[A.11].source.cells.actuals.2017")
    assert lines[(a11.location.line or 0) - 1].startswith("          2017: Đã cấp giấy chứng nhận thành lập cho 21")


def test_kpi_check_prints_them_with_file_line_and_exits_0(shipped_copy: Path) -> None:
    result = kpi_process(None, "check", cwd=shipped_copy.parent)
    assert result.returncode == 0, result.stdout
    headlines = [line for line in result.stdout.splitlines() if not line.startswith("  ") and ": note: " not in line]
    plan = (shipped_copy / "plan2018.yaml").read_text(encoding="utf-8").split("\n")
    d_iv_4 = plan.index("          2017: 67 đề án ứng dụng KH&CN cơ sở, doanh nghiệp") + 1
    assert (
        f"data/plan2018.yaml:{d_iv_4}:17: warning: indicators[D.IV.4].source.cells.actuals.2017: the Actual 2017 "
        "figure counts Grassroots and enterprise S&T application projects, but the row's target and plan count "
        "Addresses supported in applying S&T advances; "
        "source line 431, Actual 2017: “67 đề án ứng dụng KH&CN cơ sở, doanh nghiệp”"
    ) in headlines
    from tests.support.checks import SHIPPED_DEFECTS

    recorded = [field for field, _line, _words in SHIPPED_DEFECTS if not field.startswith("indicators[")]
    assert len(headlines) == len(SHIPPED) + len(recorded)
    # the plan, settings.yaml and the office's text narrative/2018-Q2.md
    assert result.stderr == f"3 files checked: 0 errors, {len(SHIPPED) + len(recorded)} warnings, 6 notes\n"

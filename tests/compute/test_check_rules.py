"""Each rule of `kpi check`, shown failing on a small real file."""

from __future__ import annotations

from pathlib import Path

from kpi.errors import Severity
from tests.support import MINIMAL_CATALOGUE, kpi_process
from tests.support.checks import line_of, only, run


def test_minimal_catalogue_is_clean(minimal_data: Path) -> None:
    report = run(minimal_data)
    assert report.findings == []


def test_typo_field_is_named_with_a_suggestion(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("        target: 10000", "        tagret: 10000")
    [message] = only(run(minimal_data, text))
    assert (
        message
        == f"{line_of(text, 'tagret')}: indicators[B.1].measures[firms].tagret: unknown field 'tagret'; did you mean 'target'?"
    )


def test_duplicate_id_points_at_the_second(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("  - id: B.1.2", "  - id: B.1.1")
    [message] = only(run(minimal_data, text))
    assert message.startswith(
        f"{line_of(text, '- id: B.1.1', 2)}: indicators[B.1.1].id: duplicate indicator ID 'b.1.1'"
    )


def test_ids_differing_only_in_case_are_duplicates(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("  - id: B.1.1", "  - id: B.1.a").replace("  - id: B.1.2", "  - id: B.1.A")
    text = text.replace("parent: B.1\n", "parent: B.1\n")
    messages = only(run(minimal_data, text))
    assert messages == [
        f"{line_of(text, 'id: B.1.A')}: indicators[B.1.A].id: duplicate indicator ID 'b.1.a' "
        f"(first used on line {line_of(text, 'id: B.1.a')})"
    ]


def test_broken_quarter(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("    deadline: 2018-Q4\n    source:", "    deadline: 2018-Q5\n    source:")
    [message] = only(run(minimal_data, text))
    assert message.startswith(f"{line_of(text, '2018-Q5')}: indicators[B.8].deadline: '2018-Q5' is not a quarter")


def test_unknown_owner_program_section_parent_and_task_link(minimal_data: Path) -> None:
    text = (
        MINIMAL_CATALOGUE.replace(
            "    title: Xây dựng Đề án Sihub\n    owner: QLCN", "    title: Xây dựng Đề án Sihub\n    owner: QLCM"
        )
        .replace("    parent: B.1\n    title: Đào tạo DN thuộc các", "    parent: B.9\n    title: Đào tạo DN thuộc các")
        .replace("    tt: '1.1'", "    tt: '1.1'\n    co_owners: [XYZ]")
        .replace("  - id: B.1\n    program: B\n    section: I", "  - id: B.1\n    program: B\n    section: IX")
        .replace("      - B.1\n", "      - B.7\n")
    )
    messages = only(run(minimal_data, text))
    assert any("indicators[B.8].owner: unknown owner 'QLCM'; did you mean 'QLCN'?" in m for m in messages)
    assert any("indicators[B.1.2].parent: unknown parent 'B.9'" in m for m in messages)
    assert any("indicators[B.1.1].co_owners: unknown owner 'XYZ'" in m for m in messages)
    assert any("indicators[B.1].section: program B has no section 'IX'" in m for m in messages)
    assert any("tasks[T2.1].measured_by[0]: unknown indicator 'B.7'" in m for m in messages)


def test_parent_loop(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace(
        "  - id: B.1\n    program: B\n    section: I\n    tt: '1'",
        "  - id: B.1\n    program: B\n    section: I\n    tt: '1'\n    parent: B.1.1",
    )
    assert any("loops back" in m for m in only(run(minimal_data, text)))


def test_children_must_sum_to_their_parent(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("2016: 620", "2016: 621").replace("'620'", "'621'")
    report = run(minimal_data, text)
    assert only(report) == []  # the source's own sums: a warning, never silently corrected
    [message] = only(report, Severity.WARNING)
    assert "actuals.2016: B.1 gives 1,069 but its children add up to 1,070 (B.1.1 449 + B.1.2 621)" in message


def test_stated_percentage_that_disagrees_is_a_warning(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("stated_percent: 39.89", "stated_percent: 39.98").replace("39,89%", "39,98%")
    report = run(minimal_data, text)
    assert only(report) == []
    [message] = only(report, Severity.WARNING)
    assert "the source states 39.98% but (1,069 + 2,920) / 10,000 = 39.89%; source line 362" in message


def test_figure_missing_from_the_source_row_is_a_warning(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("2018: 3000", "2018: 3500")
    traced, summed = only(run(minimal_data, text), Severity.WARNING)
    assert "plans.2018: 3,500 does not appear in the source row (line 362)" in traced
    assert "B.1 gives 3,500 but its children add up to 3,000" in summed


def test_negative_count_and_quoted_number_are_errors(minimal_data: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("2016: 449", "2016: -449").replace("target: 30\n", "target: '30'\n")
    messages = only(run(minimal_data, text))
    assert any("measures[firms].actuals.2016: input should be greater than or equal to 0" in m for m in messages)
    assert any("measures[firms].target: must be a number written without quotes" in m for m in messages)


def test_growth_plan_below_its_factor_is_a_warning(minimal_data: Path) -> None:
    growth = MINIMAL_CATALOGUE.replace(
        "tasks:",
        """\
  - id: B.9
    program: B
    tt: '9'
    title: Tin bài
    owner: QLCN
    kind: growth
    measures:
      - key: news
        label: {vi: Tin bài, en: News items}
        unit: tin/bài
        target: 2
        actuals:
          2016: 900
          2017: 2365
        plans:
          2018: 1500
    source:
      line: 422
      cells:
        tt: '9'
        target: Tăng gấp 2 lần so với năm trước
        actuals:
          2016: 900 tin/bài
          2017: '2.365'
        plans:
          2018: 1.500 tin /bài
tasks:""",
    )
    [message] = only(run(minimal_data, growth), Severity.WARNING)
    assert "2018 plan 1,500 is below the growth target: 2 × 2,365 = 4,730 (and below the 2017 actual)" in message


GOOD_ACTUALS = """\
quarter: 2018-Q2
owner: QLCN
records:
  - indicator: B.1
    value: 850
  - indicator: B.8
    done: 2018-05-02
"""


def test_valid_actuals_are_clean(minimal_data: Path) -> None:
    assert run(minimal_data, actuals={"2018-Q2/QLCN.yaml": GOOD_ACTUALS}).findings == []


def test_actuals_for_unknown_indicator_or_measure(minimal_data: Path) -> None:
    text = (
        GOOD_ACTUALS + "  - indicator: B.7\n    value: 1\n  - indicator: B.1.1\n    measure: projects\n    value: 2\n"
    )
    messages = only(run(minimal_data, actuals={"2018-Q2/QLCN.yaml": text}))
    assert "8: records[2].indicator: no indicator 'B.7' in the catalogue; did you mean B.1, B.8?" in messages
    assert (
        "11: records[3].measure: B.1.1 has no measure 'projects'; its measures: “Firms of the 4 key industries trained”"
        in messages
    )


def test_duplicate_record_across_files(minimal_data: Path) -> None:
    # B.1 is co-owned by SHTT, so both units may report it; the figure must still be reported once.
    other = "quarter: 2018-Q2\nowner: SHTT\nrecords:\n  - indicator: b.1\n    measure: firms\n    value: 900\n"
    report = run(minimal_data, actuals={"2018-Q2/QLCN.yaml": GOOD_ACTUALS, "2018-Q2/SHTT.yaml": other})
    [message] = only(report)
    assert message.startswith("4: records[0]: B.1.firms is already recorded for 2018-Q2 at ")
    assert message.endswith("QLCN.yaml:4:5; keep one (kpi record --replace keeps the history)")
    assert only(report, Severity.WARNING) == []


def test_duplicate_record_in_one_file(minimal_data: Path) -> None:
    text = GOOD_ACTUALS + "  - indicator: B.1\n    value: 851\n"
    [message] = only(run(minimal_data, actuals={"2018-Q2/QLCN.yaml": text}))
    assert message.startswith("8: records[2]: B.1.firms is already recorded for 2018-Q2")


def test_record_by_a_unit_that_does_not_own_the_indicator_is_a_warning(minimal_data: Path) -> None:
    text = "quarter: 2018-Q2\nowner: SHTT\nrecords:\n  - indicator: B.8\n    done: 2018-06-01\n"
    report = run(minimal_data, actuals={"2018-Q2/SHTT.yaml": text})
    assert only(report, Severity.WARNING) == ["4: records[0].indicator: B.8 belongs to QLCN, not SHTT"]


def test_actuals_file_in_the_wrong_folder_or_name(minimal_data: Path) -> None:
    messages = only(run(minimal_data, actuals={"2018-Q3/KHTC.yaml": GOOD_ACTUALS}))
    assert "1: quarter: file says 2018-Q2 but lies in the folder for 2018-Q3" in messages
    assert "2: owner: file says owner QLCN but is named KHTC.yaml; name it QLCN.yaml" in messages


def test_values_must_fit_the_indicator(minimal_data: Path) -> None:
    text = (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "  - indicator: B.8\n    value: 1\n"  # a milestone takes done, not a value
        "  - indicator: B.1\n    done: 2018-04-01\n"  # a count takes a value
        "  - indicator: B.1.1\n    value: 2.5\n"
    )  # counts are whole
    messages = only(run(minimal_data, actuals={"2018-Q2/QLCN.yaml": text}))
    assert "5: records[0].value: B.8 is a milestone with nothing to count; record it done, with its date" in messages
    assert "7: records[1].done: B.1 is a cumulative indicator, not a milestone; record a value" in messages
    assert (
        "9: records[2].value: B.1.1 (Firms of the 4 key industries trained) counts DN; 2.5 is not a whole number"
        in messages
    )


def test_quarters_outside_the_period_or_in_the_future(minimal_data: Path) -> None:
    text = GOOD_ACTUALS.replace("2018-Q2", "2021-Q1").replace("done: 2018-05-02", "done: 2021-02-01")
    messages = only(run(minimal_data, actuals={"2021-Q1/QLCN.yaml": text}))
    assert any("2021-Q1 lies outside the plan period 2016-2020" in m for m in messages)
    assert any("2021-Q1 has not started yet" in m for m in messages)


def test_a_measure_without_a_label_is_an_error_naming_its_line_and_field(minimal_data: Path) -> None:
    """A person reads a measure by its name in their language, never its key: a plan that lacks one is
    not complete, and `kpi check` says where, in the run's language, and fails."""
    text = MINIMAL_CATALOGUE.replace(
        "        label:\n          vi: Doanh nghiệp được đào tạo\n          en: Enterprises trained\n", "", 1
    )
    assert text != MINIMAL_CATALOGUE
    (minimal_data / "plan2018.yaml").write_text(text, encoding="utf-8")
    line = line_of(text, "- key: firms")
    for lang, expected in (
        ("vi", f"plan2018.yaml:{line}:14: lỗi: indicators[B.1].measures[firms].key: thước đo 'firms' "),
        ("en", f"plan2018.yaml:{line}:14: error: indicators[B.1].measures[firms].key: measure 'firms' has no label"),
    ):
        result = kpi_process(minimal_data, "check", lang=lang)
        assert result.returncode == 1, result.stdout + result.stderr
        assert expected in result.stdout, result.stdout

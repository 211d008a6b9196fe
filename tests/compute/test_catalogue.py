"""The shipped catalogue: complete, traceable to the source, and clean under `kpi check`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from decimal import Decimal

import pytest

from kpi.compute.checks import check
from kpi.compute.detail import source_cells
from kpi.errors import Severity
from kpi.files.catalogue import read_catalogue
from kpi.model.models import Catalogue, Indicator, Kind, in_language
from tests.support import SHIPPED_DATA, SOURCE_TEXT


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    read = read_catalogue(SHIPPED_DATA / "plan2018.yaml")
    assert read.findings == []
    assert read.catalogue is not None
    return read.catalogue


def indicator(catalogue: Catalogue, indicator_id: str) -> Indicator:
    [found] = [i for i in catalogue.indicators if i.id == indicator_id]
    return found


# (indicator, measure, field, value) read by hand from the source text.
HAND_READ_FIGURES = [
    ("B.1", "firms", "target", "10000"),
    ("B.1", "firms", "actual_2016", "1069"),
    ("B.1", "firms", "actual_2017", "2920"),
    ("B.1", "firms", "plan_2018", "3000"),
    ("B.1", "firms", "stated_percent", "39.89"),
    ("B.1.1", "firms", "actual_2016", "449"),
    ("B.1.2", "firms", "actual_2017", "2700"),
    ("B.2", "firms", "plan_2018", "1000"),
    ("B.2.2", "firms", "stated_to_date", "1099"),
    ("B.3", "projects", "target", "300"),
    ("B.3", "projects", "stated_to_date", "154"),
    ("B.4", "firms", "actual_2017", "35"),
    ("B.8.2", "projects", "target", "2000"),
    ("B.8.2", "projects", "actual_2017", "666"),
    ("C.3", "organisations", "actual_2016", "8"),
    ("C.9", "ip_applications", "target", "22000"),
    ("C.9", "ip_applications", "actual_2016", "14811"),
    ("C.9", "ip_applications", "actual_2017", "14789"),
    ("C.9", "patent_applications", "target", "400"),
    ("C.9", "patent_applications", "actual_2017", "327"),
    ("C.10", "documents", "plan_2018", "11000"),
    ("A.1", "application_rate", "actual_2017", "88.2"),
    ("A.6", "science_firms", "stated_percent", "11.67"),
    ("A.6", "organisations", "plan_2018", "5"),
    ("A.7", "fund_firms", "actual_2017", "5"),
    ("B.1.1", "share", "target", "30"),
    ("B.9", "universities", "plan_2018", "10"),
    ("C.4", "trained_staff", "plan_2018", "100"),
    ("D.IV.4", "projects", "actual_2017", "67"),
    ("S6.2", "autonomous_share", "plan_2018", "100"),
    ("A.7", "firms", "target", "500"),
    ("A.9", "experts", "target", "100"),
    ("A.9", "managers", "target", "60"),
    ("D.II.1", "news_items", "actual_2017", "2365"),
    ("D.II.1", "news_items", "plan_2018", "1500"),
    ("D.III.3", "initiatives", "actual_2017", "4786"),
    ("E.1", "models", "target", "120"),
    ("E.1", "models", "actual_2017", "30"),
    ("E.2", "technologies", "actual_2017", "47"),
    ("E.3", "farmer_trainings", "plan_2018", "750"),
]


@pytest.mark.parametrize(("indicator_id", "key", "field", "value"), HAND_READ_FIGURES)
def test_figure_read_by_hand_matches(catalogue: Catalogue, indicator_id: str, key: str, field: str, value: str) -> None:
    [measure] = [m for m in indicator(catalogue, indicator_id).measures if m.key == key]
    prefix, _, year = field.partition("_")
    if prefix in ("actual", "plan") and year.isdigit():  # a yearly column: actual_2016 is actuals[2016]
        assert getattr(measure, prefix + "s")[int(year)] == Decimal(value)
    else:
        assert getattr(measure, field) == Decimal(value)


def test_every_numbered_appendix_row_is_there(catalogue: Catalogue) -> None:
    from_appendix = [i for i in catalogue.indicators if i.source.cells is not None and i.tt is not None]
    assert Counter(i.program for i in from_appendix) == {"A": 21, "B": 25, "C": 14, "D": 9, "E": 2}
    unnumbered = [i.id for i in catalogue.indicators if i.source.cells is not None and i.tt is None]
    assert unnumbered == ["B.12.2.a", "B.12.2.b"]


def test_seventy_tasks_each_tracked(catalogue: Catalogue) -> None:
    per_section = Counter(task.id.split(".")[0] for task in catalogue.tasks)
    assert per_section == {"T1": 12, "T2": 16, "T3": 12, "T4": 12, "T5": 9, "T6": 9}
    ids = {i.id for i in catalogue.indicators}
    assert all(set(task.measured_by) <= ids for task in catalogue.tasks)


def test_lost_rows_are_recovered_and_say_from_where(catalogue: Catalogue) -> None:
    recovered = {i.id: i.source for i in catalogue.indicators if i.source.recovered}
    assert set(recovered) == {"B.9", "B.10", "B.11", "B.11.1", "E.3"}
    assert "nhiệm vụ (8) mục 2" in (in_language(recovered["B.9"].recovered, "vi") or "")
    assert "task (8)" in (in_language(recovered["B.9"].recovered, "en") or "")
    assert recovered["B.10"].text is not None and "Quý II/2018" in recovered["B.10"].text
    e3 = indicator(catalogue, "E.3")
    assert [(m.key, m.plans[2018]) for m in e3.measures] == [("managers_technicians", 30), ("farmer_trainings", 750)]


def test_main_text_sections_five_and_six_are_programs_with_part_three_owners(catalogue: Catalogue) -> None:
    owners = {i.id: i.owner for i in catalogue.indicators if i.program in ("S5", "S6")}
    assert len(owners) == 18
    assert owners["S5.1"] == "VP" and owners["S5.7"] == "TTRA"
    assert [owners[f"S6.{n}"] for n in range(1, 10)] == [
        "VP",
        "KHTC",
        "KHTC",
        "QLCN",
        "KHTC",
        "QLCN",
        "CCTDC",
        "VP",
        "VP",
    ]


def test_program_d_ids_carry_their_section(catalogue: Catalogue) -> None:
    d_ids = [i.id for i in catalogue.indicators if i.program == "D"]
    assert d_ids == ["D.I.1", "D.I.2", "D.II.1", "D.III.2", "D.III.3", "D.IV.4", "D.IV.5", "D.IV.6", "D.IV.7"]


def test_deadlines_read_from_the_source(catalogue: Catalogue) -> None:
    deadlines = {i.id: str(i.deadline) for i in catalogue.indicators if i.deadline is not None}
    assert deadlines["A.4"] == "2018-Q1"
    assert deadlines["A.10.5"] == "2018-Q1"
    assert deadlines["B.11.2"] == "2018-Q3"
    assert deadlines["B.3"] == "2018-Q4"  # "Năm 2018"
    assert deadlines["S6.7"] == "2018-Q1"


def test_cells_are_the_source_verbatim(catalogue: Catalogue) -> None:
    lines = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    for entry in catalogue.indicators:
        source_line = unicodedata.normalize("NFC", lines[entry.source.line - 1])
        if entry.source.cells is not None:
            written = [text for _field, _label, text in source_cells(entry.source.cells)]
            assert written == [cell for cell in source_line.split("\t") if cell.strip()], entry.id
        else:
            assert entry.source.text is not None
            assert entry.source.text.split("\n")[0].strip() == source_line.strip(), entry.id


def test_kinds_cover_the_documented_arithmetic(catalogue: Catalogue) -> None:
    kinds = {i.id: i.kind for i in catalogue.indicators}
    assert kinds["B.3"] is Kind.CUMULATIVE
    assert kinds["C.9"] is Kind.ANNUAL
    assert kinds["A.1"] is Kind.THRESHOLD
    assert kinds["A.4"] is Kind.MILESTONE
    assert kinds["D.II.1"] is Kind.GROWTH
    assert kinds["B.1.1"] is Kind.SHARE


def test_shipped_data_checks_clean_but_for_the_known_defects() -> None:
    report = check(SHIPPED_DATA)
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    warnings = sorted(f.field for f in report.findings)
    # The source's own inconsistencies, listed in test_source_inconsistencies; these were the first found.
    assert {
        "indicators[A.6].measures[science_firms].stated_percent",
        "indicators[A.7].measures[firms].stated_percent",
        "indicators[D.II.1].measures[news_items].plans.2018",
    } <= set(warnings)
    assert not any("does not appear in the source row" in f.message for f in report.findings)

"""A late milestone on a unit's form: the reminder lists it, the form asks for it, and its day done
records it under the quarter it was done in.

In these forms B.8, QLCN's milestone, is due in 2018-Q2; the 2018-Q3 form is asked for. The form
is filled in with openpyxl as a unit would and imported through the command line, in a real process.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support import kpi_process
from tests.support import kpi_process as kpi
from tests.support.forms import FIGURES, FORM_CATALOGUE, actuals, fill, form_data, make_form, row_of, snapshot

Q3_ROWS = [("B.1", "firms"), ("B.1", "sessions"), ("B.4", "rate")]
"""What 2018-Q3 itself asks of QLCN: a figure for each measure counted every quarter."""


@pytest.fixture
def data(minimal_data: Path) -> Path:
    return form_data(minimal_data)


def rows(form: Path) -> list[tuple[object, ...]]:
    sheet = load_workbook(form)[FIGURES]
    return [tuple(cell.value for cell in sheet[row][:8]) for row in range(5, sheet.max_row + 1)]


def day_rule(form: Path, cell: str) -> tuple[str, str, str | None]:
    """The validation of one cell: its type and bounds (spreadsheet day numbers for a date)."""
    sheet = load_workbook(form)[FIGURES]
    [rule] = [v for v in sheet.data_validations.dataValidation if cell in {str(r) for r in v.sqref.ranges}]
    return rule.type, rule.formula1, rule.formula2


def instructions(form: Path) -> list[str]:
    book = load_workbook(form)
    return [row[0] for row in book[book.sheetnames[0]].iter_rows(values_only=True) if row[0]]


def test_the_reminders_late_milestone_is_on_the_attached_form(data: Path, tmp_path: Path) -> None:
    # A figure of 2018-Q3 is in: the reporting date is 2018-09-30, and B.8 has been late since 2018-07-01.
    assert kpi(data, "record", "B.1", "-q", "2018-Q3", "-m", "firms", "--value", "900", "--by", "A").returncode == 0
    out = tmp_path / "drafts"
    reminded = kpi(data, "remind", "-q", "2018-Q3", "-u", "QLCN", "-o", str(out))
    assert reminded.returncode == 0, reminded.stderr
    text = (out / "2018-Q3-QLCN.txt").read_text(encoding="utf-8")
    assert "- B.8: Xây dựng Đề án Sihub, 92 days late (since 2018-07-01)" in text
    assert "fill in the attached form QLCN-2018-Q3.xlsx" in text
    form = out / "QLCN-2018-Q3.xlsx"
    # The quarter's own rows first, then the late milestone, marked late: its deadline, since when.
    assert rows(form) == [
        ("B.1", "Enterprises trained", "Đào tạo doanh nghiệp", "DN", 10000, 3000, None, 900),
        ("B.1", "Training courses", "Đào tạo doanh nghiệp", "lớp", None, None, None, None),
        ("B.4", "Share of satisfied firms", "Tỷ lệ doanh nghiệp hài lòng", "%", 80, 70, None, None),
        ("B.8", None, "Xây dựng Đề án Sihub", None, "2018-Q2", None, None, "Late since 2018-07-01"),
    ]
    # Its day done may be from 2018-04-01 (its due quarter began) to 2018-09-30 (the form's quarter ends).
    assert day_rule(form, "K8") == ("date", "43191", "43373")
    assert any(
        line.startswith("7. Late milestones: the last rows, marked 'Late since …'") for line in instructions(form)
    )
    hidden = load_workbook(form)["kpi-form"]
    table = [row[:3] for row in hidden.iter_rows(min_row=21, max_row=24, values_only=True)]
    assert table == [("5", "B.1", "firms"), ("6", "B.1", "sessions"), ("7", "B.4", "rate"), ("8", "B.8", None)]
    assert str(hidden["D24"].value).startswith("sha256:")


def test_a_unit_with_only_a_late_milestone_gets_a_form_with_its_reminder(data: Path, tmp_path: Path) -> None:
    # Every figure of 2018-Q3 is in; only B.8, due in 2018-Q2, is still owed.
    for measure, value in (("firms", "900"), ("sessions", "3")):
        assert kpi(data, "record", "B.1", "-q", "2018-Q3", "-m", measure, "--value", value).returncode == 0
    assert kpi(data, "record", "B.4", "-q", "2018-Q3", "--value", "70").returncode == 0
    out = tmp_path / "drafts"
    assert kpi(data, "remind", "-q", "2018-Q3", "-u", "QLCN", "-o", str(out)).returncode == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "2018-Q3-QLCN.docx",  # the letter to sign
        "2018-Q3-QLCN.eml",
        "2018-Q3-QLCN.txt",
        "QLCN-2018-Q3.xlsx",
    ]
    assert [row[0] for row in rows(out / "QLCN-2018-Q3.xlsx")] == ["B.1", "B.1", "B.4", "B.8"]


@pytest.mark.parametrize(
    ("day", "quarter"),
    [(datetime.date(2018, 8, 15), "2018-Q3"), (datetime.date(2018, 5, 2), "2018-Q2")],
    ids=["done-in-the-forms-quarter", "done-in-an-earlier-quarter"],
)
def test_a_late_milestone_is_recorded_under_the_quarter_it_was_done_in(
    data: Path,
    day: datetime.date,
    quarter: str,
) -> None:
    form = fill(
        make_form(data, quarter="2018-Q3"),
        {("B.1", "firms"): {"value": 900}, ("B.8", None): {"done": "Done", "done_on": day, "evidence": "QĐ 7"}},
    )
    result = kpi(data, "record", "--from", str(form), "--by", "Lan")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "recorded: B.1 (Enterprises trained) 2018-Q3 = 900 in mini/actuals/2018-Q3/QLCN.yaml"
    if quarter == "2018-Q3":
        assert lines[1] == "recorded: B.8 2018-Q3 = done on 2018-08-15 in mini/actuals/2018-Q3/QLCN.yaml"
    else:
        assert lines[1] == (
            "recorded: B.8 2018-Q2 = done on 2018-05-02 in mini/actuals/2018-Q2/QLCN.yaml (a late milestone on the "
            "form for 2018-Q3: recorded under 2018-Q2, the quarter it was done in)"
        )
    [b8] = [r for r in actuals(data, quarter) if r["indicator"] == "B.8"]
    assert (b8["done"], b8["evidence"], b8["recorded_by"]) == (day, "QĐ 7", "Lan")
    assert [r["indicator"] for r in actuals(data, "2018-Q3")] == (["B.1", "B.8"] if quarter == "2018-Q3" else ["B.1"])
    assert kpi(data, "check").returncode == 0
    # Done: nothing is late any more, and the next form no longer asks for it.
    assert "B.8" not in kpi(data, "overdue", "--as-of", "2018-09-30").stdout
    assert [row[0] for row in rows(make_form(data, "--force", quarter="2018-Q3"))] == ["B.1", "B.1", "B.4"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2018, 3, 31), "2018-03-31 is not between 2018-04-01 and 2018-09-30"),
        (datetime.date(2018, 10, 1), "2018-10-01 is not between 2018-04-01 and 2018-09-30"),
    ],
    ids=["before-its-due-quarter", "after-the-forms-quarter"],
)
def test_a_late_milestones_day_outside_its_window_is_refused_at_its_cell(
    data: Path,
    day: datetime.date,
    message: str,
) -> None:
    form = fill(make_form(data, quarter="2018-Q3"), {("B.1", "firms"): {"value": 900}, ("B.8", None): {"done_on": day}})
    before = snapshot(data)
    result = kpi(data, "record", "--from", str(form))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"kpi: filled.xlsx:Figures!K8: error: done: {message}: a late milestone takes the day it was done, from the "
        "first day of the quarter it was due in to the end of 2018-Q3"
    ]
    assert snapshot(data) == before  # all or nothing: B.1's figure is not recorded either


def test_an_approved_quarter_refuses_a_late_milestone_done_in_it(data: Path) -> None:
    assert kpi(data, "record", "B.1", "-q", "2018-Q2", "-m", "sessions", "--value", "4", "--by", "A").returncode == 0
    assert kpi(data, "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng", "--with-missing").returncode == 0
    form = make_form(data, quarter="2018-Q3")
    before = snapshot(data)
    refused = kpi(data, "record", "--from", str(fill(form, {("B.8", None): {"done_on": datetime.date(2018, 5, 2)}})))
    assert refused.returncode == 2
    assert "filled.xlsx:Figures!A8: error: quarter: 2018-Q2 is approved for QLCN (Trưởng phòng, " in refused.stderr
    assert snapshot(data) == before
    # Done in 2018-Q3, it goes to the open quarter.
    accepted = kpi(data, "record", "--from", str(fill(form, {("B.8", None): {"done_on": datetime.date(2018, 7, 9)}})))
    assert accepted.returncode == 0, accepted.stderr
    assert actuals(data, "2018-Q3")[0]["done"] == datetime.date(2018, 7, 9)


def test_a_late_row_from_an_older_catalogue_is_refused_when_its_milestone_changed(data: Path) -> None:
    form = fill(make_form(data, quarter="2018-Q3"), {("B.8", None): {"done_on": datetime.date(2018, 5, 2)}})
    plan = data / "plan2018.yaml"
    plan.write_text(FORM_CATALOGUE.replace("Xây dựng Đề án Sihub", "Xây dựng Đề án Sihub (sửa)"), encoding="utf-8")
    result = kpi(data, "record", "--from", str(form))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kpi: filled.xlsx:Figures!A8: error: indicator: B.8 changed in the catalogue since this form was made "
        "(its title, unit, target, plan, owner or kind); make a new form: kpi form -u QLCN -q 2018-Q3"
    ]
    assert actuals(data, "2018-Q2") == [] and actuals(data, "2018-Q3") == []


def test_without_a_late_milestone_the_form_is_as_before(data: Path) -> None:
    late = make_form(data, quarter="2018-Q3")
    data_of_late = load_workbook(late)
    assert kpi(data, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-06-20").returncode == 0
    on_time = make_form(data, "--force", quarter="2018-Q3")
    # The same form, less the late row and the instruction about it: no mark, no window, no row.
    shown = {"firms": "Enterprises trained", "sessions": "Training courses", "rate": "Share of satisfied firms"}
    assert [row[:2] for row in rows(on_time)] == [(indicator, shown[key]) for indicator, key in Q3_ROWS]
    assert rows(late)[:3] == rows(on_time)
    assert [line for line in instructions(on_time)] == [
        line for line in instructions(late) if not line.startswith("7. Late milestones")
    ]
    sheet = load_workbook(on_time)[FIGURES]
    assert not [rule for rule in sheet.data_validations.dataValidation if rule.type == "date"]
    assert data_of_late["kpi-form"]["B9"].value == "4" and load_workbook(on_time)["kpi-form"]["B9"].value == "3"
    assert load_workbook(on_time)["kpi-form"]["B2"].value == "1"  # the layout's version is unchanged


def test_a_late_milestone_is_marked_in_vietnamese_on_a_vietnamese_form(data: Path) -> None:
    form = make_form(data, quarter="2018-Q3", lang="vi")
    sheet = load_workbook(form)["Số liệu"]
    row = row_of(sheet, "B.8", None)
    assert (sheet[f"E{row}"].value, sheet[f"H{row}"].value) == ("Quý II/2018", "Trễ hạn từ 01/07/2018")
    refused = kpi(data, "record", "--from", str(fill(form, {("B.8", None): {"done_on": "15/10/2018"}})), lang="vi")
    assert refused.returncode == 2
    assert "15/10/2018 không nằm trong khoảng từ 01/04/2018 đến 30/09/2018" in refused.stderr


def test_a_form_is_written_only_under_an_xlsx_name(tmp_path: Path, minimal_data: Path) -> None:
    result = kpi_process(
        minimal_data,
        "form",
        "-u",
        "QLCN",
        "-q",
        "2018-Q2",
        "-o",
        str(tmp_path / "form.csv"),
    )
    assert result.returncode == 2
    assert "a form is an Excel workbook: name it FILE.xlsx, not form.csv" in result.stderr
    assert not (tmp_path / "form.csv").exists()

"""`kpi form` and `kpi record --from FILE.xlsx`: the form a unit fills in, and its import, all or nothing.

The form is read back with openpyxl as the unit's spreadsheet would hold it; it is filled in with
openpyxl as a unit would (typing into the input cells, nothing else) and imported through the
command line, in a real process where the exit code and the files are what a user sees.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kpi.errors import Location
from tests.support import kpi_process as kpi
from tests.support import use_git_as
from tests.support.forms import (
    FIGURES,
    FORM_CATALOGUE,
    actuals,
    fill,
    form_data,
    make_form,
    snapshot,
)

# ---------------------------------------------------------------- the form


@pytest.fixture
def data(minimal_data: Path) -> Path:
    return form_data(minimal_data)


def test_the_form_holds_the_units_expected_rows_with_validated_inputs_and_everything_else_locked(data: Path) -> None:
    assert kpi(data, "record", "B.1", "-q", "2018-Q1", "-m", "firms", "--value", "700", "--by", "A").returncode == 0
    form = make_form(data)
    book = load_workbook(form)
    assert book.sheetnames == ["Instructions", FIGURES, "kpi-form"]
    assert [book[name].sheet_state for name in book.sheetnames] == ["visible", "visible", "veryHidden"]
    assert book.security is not None and book.security.lockStructure
    sheet = book[FIGURES]
    assert [cell.value for cell in sheet[4]] == [
        "ID",
        "Measure",
        "Content",
        "Unit",
        "Target to 2020",
        "Plan 2018",
        "Recorded for 2018-Q1",
        "Already recorded for 2018-Q2",
        "Figure for 2018-Q2",
        "Done?",
        "Day done",
        "Evidence (e.g. decision number)",
        "Note",
    ]
    shown = [tuple(cell.value for cell in sheet[row][:8]) for row in range(5, sheet.max_row + 1)]
    assert shown == [
        ("B.1", "Enterprises trained", "Đào tạo doanh nghiệp", "DN", 10000, 3000, 700, None),
        ("B.1", "Training courses", "Đào tạo doanh nghiệp", "lớp", None, None, None, None),
        ("B.8", None, "Xây dựng Đề án Sihub", None, "2018-Q2", None, None, None),
        ("B.4", "Share of satisfied firms", "Tỷ lệ doanh nghiệp hài lòng", "%", 80, 70, None, None),
    ]
    # Protected; only the input cells of each row are open, and each has its validation.
    assert sheet.protection.sheet and book["Instructions"].protection.sheet and book["kpi-form"].protection.sheet
    open_cells = {
        cell.coordinate for row in sheet.iter_rows(min_row=1, max_row=12) for cell in row if not cell.protection.locked
    }
    assert open_cells == {"I5", "L5", "M5", "I6", "L6", "M6", "J7", "K7", "L7", "M7", "I8", "L8", "M8"}
    rules = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in cell_range.cells:
                rules[f"{'ABCDEFGHIJKLM'[row[1] - 1]}{row[0]}"] = validation
    assert (rules["I5"].type, rules["I5"].operator, rules["I5"].formula1) == ("whole", "between", "0")
    assert (rules["I6"].type, rules["I6"].formula1) == ("whole", "0")  # an annual count: whole too
    assert (rules["I8"].type, rules["I8"].operator, rules["I8"].formula1, rules["I8"].formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    assert (rules["J7"].type, rules["J7"].formula1) == ("list", '"Done,Not done"')
    # The day done lies in the quarter: 2018-04-01 and 2018-06-30 as spreadsheet day numbers.
    assert (rules["K7"].type, rules["K7"].operator, rules["K7"].formula1, rules["K7"].formula2) == (
        "date",
        "between",
        "43191",
        "43281",
    )
    assert rules["L5"].type == "textLength" and rules["M7"].type == "textLength"
    assert all(rule.showErrorMessage and rule.allow_blank for rule in rules.values())
    assert set(rules) == open_cells
    # The hidden sheet says what kpi needs to read it back, in fixed English.
    hidden = book["kpi-form"]
    keys = {row[0]: row[1] for row in hidden.iter_rows(min_row=1, max_row=19, values_only=True) if row[0]}
    assert {key: keys[key] for key in ("format", "layout", "owner", "quarter", "language", "sheet", "rows")} == {
        "format": "kpi-form",
        "layout": "1",
        "owner": "QLCN",
        "quarter": "2018-Q2",
        "language": "en",
        "sheet": FIGURES,
        "rows": "4",
    }
    assert keys["catalogue"].startswith("sha256:") and len(keys["catalogue"]) == 71
    table = [row for row in hidden.iter_rows(min_row=21, max_row=24, values_only=True)]
    assert [(row[0], row[1], row[2]) for row in table] == [
        ("5", "B.1", "firms"),
        ("6", "B.1", "sessions"),
        ("7", "B.8", None),
        ("8", "B.4", "rate"),
    ]
    assert all(str(row[3]).startswith("sha256:") for row in table)


def test_the_form_speaks_vietnamese_unless_asked_for_english(data: Path) -> None:
    form = make_form(data, lang="vi")
    book = load_workbook(form)
    assert book.sheetnames == ["Hướng dẫn", "Số liệu", "kpi-form"]
    sheet = book["Số liệu"]
    assert sheet["I4"].value == "Số liệu Quý II/2018"
    lists = [rule.formula1 for rule in sheet.data_validations.dataValidation if rule.type == "list"]
    assert lists == ['"Đã hoàn thành,Chưa hoàn thành"']
    instructions = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True) if row[0]]
    assert instructions[0] == "Phiếu báo cáo số liệu Quý II/2018"
    assert any("kpi record --from QLCN-2018-Q2.xlsx" in line for line in instructions)
    keys = {row[0]: row[1] for row in book["kpi-form"].iter_rows(max_row=19, values_only=True) if row[0]}
    assert (keys["format"], keys["language"], keys["sheet"]) == ("kpi-form", "vi", "Số liệu")


def test_the_forms_headings_name_the_unit_by_its_name_never_its_code(data: Path) -> None:
    """A unit reads its own name on the form it fills in, as on every document; the code is kpi's."""
    for lang, name in (("vi", "Phòng Quản lý Công nghệ"), ("en", "Technology Office")):
        book = load_workbook(make_form(data, "--force", lang=lang))
        instructions, figures = book[book.sheetnames[0]], book[book.sheetnames[1]]
        headings = [str(figures["A1"].value), str(instructions["A3"].value)]
        assert all(heading.startswith(name) or f" {name}." in heading for heading in headings), headings
        assert not any("QLCN" in heading for heading in headings), headings


def test_a_form_is_never_written_over_an_existing_file_unless_forced(data: Path) -> None:
    form = make_form(data)
    form.write_bytes(b"the unit's filled-in form")
    refused = kpi(data, "form", "-u", "QLCN", "-q", "2018-Q2", "-o", str(form))
    assert refused.returncode == 2
    assert "exists; pass --force to replace it" in refused.stderr
    assert form.read_bytes() == b"the unit's filled-in form"
    assert kpi(data, "form", "-u", "QLCN", "-q", "2018-Q2", "-o", str(form), "--force").returncode == 0
    assert zipfile.is_zipfile(form)


def test_a_unit_asked_for_nothing_gets_no_form_and_an_unknown_unit_is_refused(data: Path) -> None:
    nothing = kpi(data, "form", "-u", "SHTT", "-q", "2018-Q2")
    assert nothing.returncode == 0
    assert "2018-Q2 expects nothing of SHTT; no form written" in nothing.stderr
    assert not (data.parent / "SHTT-2018-Q2.xlsx").exists()
    unknown = kpi(data, "form", "-u", "XYZ", "-q", "2018-Q2")
    assert unknown.returncode == 2 and "unknown owner 'XYZ'" in unknown.stderr


# ---------------------------------------------------------------- importing it


def test_a_filled_in_form_is_recorded_with_its_evidence_and_notes(data: Path) -> None:
    form = fill(
        make_form(data),
        {
            ("B.1", "firms"): {"value": 850, "evidence": "QĐ 12/QĐ-SKHCN", "note": "tạm tính"},
            ("B.8", None): {"done": "Done", "done_on": datetime.date(2018, 5, 3), "evidence": 123},
            ("B.4", "rate"): {"value": 39.89},
        },
    )
    result = kpi(data, "record", "--from", str(form), "--by", "Lan")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "recorded: B.1 (Enterprises trained) 2018-Q2 = 850 in mini/actuals/2018-Q2/QLCN.yaml",
        "recorded: B.8 2018-Q2 = done on 2018-05-03 in mini/actuals/2018-Q2/QLCN.yaml",
        "recorded: B.4 (Share of satisfied firms) 2018-Q2 = 39.89 in mini/actuals/2018-Q2/QLCN.yaml",
    ]
    records = [{k: v for k, v in r.items() if k != "recorded_at"} for r in actuals(data)]
    assert records == [
        {
            "indicator": "B.1",
            "measure": "firms",
            "value": 850,
            "evidence": "QĐ 12/QĐ-SKHCN",
            "note": "tạm tính",
            "recorded_by": "Lan",
        },
        {"indicator": "B.8", "done": datetime.date(2018, 5, 3), "evidence": "123", "recorded_by": "Lan"},
        {"indicator": "B.4", "measure": "rate", "value": 39.89, "recorded_by": "Lan"},
    ]
    assert kpi(data, "check").returncode == 0
    # The same form again changes nothing; the next form shows the figures as recorded.
    again = kpi(data, "record", "--from", str(form), "--by", "Lan")
    assert again.returncode == 0 and again.stdout.count("unchanged: ") == 3
    book = load_workbook(make_form(data, "--force"))
    assert book[FIGURES]["H5"].value == 850
    assert book[FIGURES]["H7"].value == datetime.datetime(2018, 5, 3)


def test_a_percentage_typed_with_its_sign_is_read_as_the_percentage(data: Path) -> None:
    form = make_form(data)
    book = load_workbook(form)
    sheet = book[FIGURES]
    sheet["I8"] = 0.3989
    sheet["I8"].number_format = "0.00%"  # what a spreadsheet stores for `39,89%` typed
    book.save(form)
    assert kpi(data, "record", "--from", str(form), "--by", "Lan").returncode == 0
    assert [r["value"] for r in actuals(data)] == [39.89]


def test_empty_cells_record_nothing_and_an_empty_form_is_refused(data: Path) -> None:
    form = make_form(data)
    refused = kpi(data, "record", "--from", str(form))
    assert refused.returncode == 2
    assert "no figure is filled in; nothing to record" in refused.stderr
    # A zero is a figure; an empty cell is not.
    assert kpi(data, "record", "--from", str(fill(form, {("B.1", "sessions"): {"value": 0}}))).returncode == 0
    assert [(r["measure"], r["value"]) for r in actuals(data)] == [("sessions", 0)]


def test_every_bad_value_is_listed_with_its_sheet_and_cell_and_nothing_is_written(data: Path) -> None:
    form = make_form(data)
    bad = fill(
        form,
        {
            ("B.1", "firms"): {"value": -5},
            ("B.1", "sessions"): {"value": "mười hai"},
            ("B.8", None): {"done": "Done"},
            ("B.4", "rate"): {"value": datetime.date(2018, 5, 1)},
        },
    )
    before = snapshot(data)
    result = kpi(data, "record", "--from", str(bad))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kpi: filled.xlsx:Figures!I5: error: value: '-5' is negative; recorded figures are counts, rates or levels, "
        "never below 0",
        "kpi: filled.xlsx:Figures!I6: error: value: 'mười hai' is not a number; write it like 850, 39.89 or 10000",
        "kpi: filled.xlsx:Figures!K7: error: done: is empty: give the day the milestone was done",
        "kpi: filled.xlsx:Figures!I8: error: value: is a date, not a number; type the figure",
    ]
    assert snapshot(data) == before
    # What only the recording pipeline knows is listed the same way, with the cells' own problems.
    worse = fill(
        form,
        {
            ("B.1", "firms"): {"value": 12.5},
            ("B.8", None): {"done": "Done", "done_on": datetime.date(2099, 5, 3)},
            ("B.4", "rate"): {"value": 150},
        },
    )
    result = kpi(data, "record", "--from", str(worse))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kpi: filled.xlsx:Figures!I5: error: value: B.1 (Enterprises trained) counts DN; 12.5 is not a whole number",
        "kpi: filled.xlsx:Figures!K7: error: done: 2099-05-03 is in the future",
        "kpi: filled.xlsx:Figures!I8: error: value: 150 is above 100% for B.4 (Share of satisfied firms)",
    ]
    assert snapshot(data) == before


def test_a_milestone_needs_a_coherent_answer(data: Path) -> None:
    form = make_form(data)
    for cells, message in (
        ({"done": "Not done", "done_on": datetime.date(2018, 5, 3)}, "K7: error: done: gives a day, but the milestone"),
        ({"done": "Maybe"}, "J7: error: state: 'Maybe' is not one of the list's choices: 'Done' or 'Not done'"),
        ({"done_on": datetime.date(2018, 2, 3)}, "K7: error: done: 2018-02-03 is not in 2018-Q2"),
        ({"note": "chờ phê duyệt"}, "J7: error: state: is empty, but the row has evidence or a note"),
    ):
        result = kpi(data, "record", "--from", str(fill(form, {("B.8", None): cells})))
        assert result.returncode == 2 and message in result.stderr, (cells, result.stderr)
    # A day alone says it is done.
    assert kpi(data, "record", "--from", str(fill(form, {("B.8", None): {"done_on": "03/05/2018"}}))).returncode == 0
    assert actuals(data)[0]["done"] == datetime.date(2018, 5, 3)


def test_a_form_for_another_unit_or_quarter_than_asked_is_refused(data: Path) -> None:
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}})
    result = kpi(data, "record", "--from", str(form), "-u", "SHTT", "-q", "2018-Q3")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kpi: filled.xlsx: error: owner: is the form of QLCN, not of SHTT",
        "kpi: filled.xlsx: error: quarter: is the form for 2018-Q2, not for 2018-Q3",
    ]
    assert actuals(data) == []
    assert kpi(data, "record", "--from", str(form), "-u", "qlcn", "-q", "Quý II/2018").returncode == 0


def altered(form: Path, change: Any) -> Path:
    book = load_workbook(form)
    change(book)
    target = form.with_name("altered.xlsx")
    book.save(target)
    return target


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda book: book["Figures"].delete_rows(6),
            "altered.xlsx:Figures!A6: error: indicator: is 'B.8'; the form had 'B.1' here",
        ),
        (
            lambda book: book["Figures"].insert_cols(3),
            "altered.xlsx:Figures!C4: error: header: is ''; the form had 'Content' here: a column was moved",
        ),
        (
            lambda book: book["Figures"].__setitem__("A8", "B.1"),
            "altered.xlsx:Figures!A8: error: indicator: is 'B.1'; the form had 'B.4' here",
        ),
        (
            lambda book: book["Figures"].__setitem__("I20", 5),
            "altered.xlsx:Figures!I20: error: cell: '5' lies outside the form's rows and columns",
        ),
        (
            lambda book: book["Figures"].__setitem__("J5", "Done"),
            "altered.xlsx:Figures!J5: error: done: this row has no such input (a grey cell)",
        ),
        (
            lambda book: book.remove(book["kpi-form"]),
            "altered.xlsx: error: file: is not a form from kpi form: it has no sheet 'kpi-form'",
        ),
        (
            lambda book: book["kpi-form"].__setitem__("B2", "0"),
            "altered.xlsx:kpi-form!B2: error: layout: layout is '0', this version of kpi reads '1'",
        ),
    ],
    ids=["row deleted", "column inserted", "ID edited", "cell outside", "grey cell", "no hidden sheet", "layout"],
)
def test_an_altered_layout_is_refused(data: Path, change: Any, expected: str) -> None:
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}, ("B.4", "rate"): {"value": 50}})
    result = kpi(data, "record", "--from", str(altered(form, change)))
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert actuals(data) == []


def test_a_form_from_an_older_catalogue_is_accepted_unless_its_filled_rows_changed(data: Path) -> None:
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}, ("B.4", "rate"): {"value": 50}})
    plan = data / "plan2018.yaml"
    # A change elsewhere (B.8's title: a row left empty) does not touch the rows the form records.
    plan.write_text(FORM_CATALOGUE.replace("Xây dựng Đề án Sihub", "Xây dựng Đề án Sihub (sửa)"), encoding="utf-8")
    assert kpi(data, "record", "--from", str(form), "--dry-run").returncode == 0
    # B.1's 2018 plan changed: that row is refused, named by its cell, and nothing is recorded.
    plan.write_text(FORM_CATALOGUE.replace("          2018: 3000", "          2018: 3500"), encoding="utf-8")
    result = kpi(data, "record", "--from", str(form))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kpi: filled.xlsx:Figures!A5: error: indicator: B.1 firms changed in the catalogue since this form was made "
        "(its title, unit, target, plan, owner or kind); make a new form: kpi form -u QLCN -q 2018-Q2"
    ]
    assert actuals(data) == []


def test_files_that_are_not_forms_are_refused_without_a_traceback(data: Path, tmp_path: Path) -> None:
    text = tmp_path / "figures.xlsx"
    text.write_text("indicator,value\nB.1,850\n", encoding="utf-8")
    corrupt = tmp_path / "corrupt.xlsx"
    good = make_form(data).read_bytes()
    corrupt.write_bytes(good[: len(good) // 2])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (33 * 1024 * 1024))
    assert bomb.stat().st_size < 100_000
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * (4 * 1024 * 1024))
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    for path, message in (
        (text, "figures.xlsx: error: file: is not an xlsx workbook (it is not a zip archive)"),
        (corrupt, "corrupt.xlsx: error: file: is not an xlsx workbook (it is not a zip archive)"),
        (broken, "broken.xlsx: error: file: its part [Content_Types].xml is not well-formed XML in UTF-8 or UTF-16"),
        (bomb, "bomb.xlsx: error: file: would unpack to 34,603,008 bytes, more than the 33,554,432 a form may hold"),
        (big, "big.xlsx: error: file: is 4,194,306 bytes, more than the 4,194,304 bytes a form may hold"),
        (old, "old.xls: error: file: is not an xlsx workbook; save it as Excel .xlsx"),
        (tmp_path / "missing.xlsx", "missing.xlsx: error: file: no such file"),
    ):
        result = kpi(data, "record", "--from", str(path))
        assert result.returncode == 2, (path, result.stderr)
        assert message in result.stderr, (path, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_forged_sheet_size_does_not_make_the_import_pad_billions_of_empty_cells(data: Path, tmp_path: Path) -> None:
    # Each sheet claims the whole grid (A1:XFD1048576) and has a cell in its very last one.
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}})
    forged = tmp_path / "forged.xlsx"
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                part = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', part)
                part = part.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
                )
            target.writestr(item, part)
    result = kpi(data, "record", "--from", str(forged), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("would be recorded: B.1 (Enterprises trained) 2018-Q2 = 850")


def test_an_approved_quarter_refuses_the_form_too(data: Path) -> None:
    assert kpi(data, "record", "B.1", "-q", "2018-Q2", "-m", "sessions", "--value", "4", "--by", "A").returncode == 0
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}})
    assert kpi(data, "approve", "2018-Q2", "-u", "QLCN", "--by", "Trưởng phòng", "--with-missing").returncode == 0
    result = kpi(data, "record", "--from", str(form))
    assert result.returncode == 2
    assert "filled.xlsx:Figures!A5: error: quarter: 2018-Q2 is approved for QLCN (Trưởng phòng, " in result.stderr


def test_a_figure_already_recorded_is_replaced_only_when_asked(data: Path) -> None:
    assert kpi(data, "record", "B.1", "-q", "2018-Q2", "-m", "firms", "--value", "800", "--by", "A").returncode == 0
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}})
    refused = kpi(data, "record", "--from", str(form), "--by", "B")
    assert refused.returncode == 2
    assert (
        "filled.xlsx:Figures!A5: error: indicator: B.1 (Enterprises trained) is already recorded for 2018-Q2: 800"
        in refused.stderr
    )
    assert kpi(data, "record", "--from", str(form), "--by", "B", "--replace").returncode == 0
    assert actuals(data)[0]["value"] == 850 and actuals(data)[0]["history"][0]["value"] == 800


def test_a_form_is_committed_like_a_csv_file(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout

    use_git_as(monkeypatch, tmp_path, "Nguyễn Văn An", "an@skhcn.example")
    root = tmp_path / "repo"
    shutil.copytree(data, root / "data")
    (root / "data" / "actuals" / ".gitignore").write_text(".kpi.lock\n", encoding="utf-8")
    git("init", "--quiet", "--initial-branch=main")
    git("add", "--all")
    git("commit", "--quiet", "--message", "Plan")
    form = fill(
        make_form(root / "data"),
        {("B.1", "firms"): {"value": 850}, ("B.8", None): {"done": "Done", "done_on": datetime.date(2018, 5, 3)}},
    )
    result = kpi(root / "data", "record", "--from", str(form), "--commit")
    assert result.returncode == 0, result.stderr
    assert git("log", "-1", "--format=%s").strip() == "Record 2 figures for 2018-Q2 from filled.xlsx"
    body = git("log", "-1", "--format=%b")
    assert (
        "Indicator: B.1\nMeasure: firms\nQuarter: 2018-Q2\nValue: 850\nPrevious: none\nRecorded-by: Nguyễn Văn An"
        in body
    )
    assert "Indicator: B.8\nQuarter: 2018-Q2\nValue: done 2018-05-03" in body
    assert git("show", "--name-only", "--format=", "HEAD").split() == ["data/actuals/2018-Q2/QLCN.yaml"]


def test_a_vietnamese_form_reports_in_vietnamese(data: Path) -> None:
    form = fill(make_form(data, lang="vi"), {("B.1", "firms"): {"value": -1}, ("B.8", None): {"done": "Đã hoàn thành"}})
    result = kpi(data, "record", "--from", str(form), lang="vi")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("kpi: filled.xlsx:Số liệu!I5: lỗi: số liệu: ")
    assert lines[1].startswith("kpi: filled.xlsx:Số liệu!K7: lỗi: hoàn thành: ")


def test_a_location_in_a_workbook_names_its_sheet_and_cell() -> None:
    assert (
        str(Location(Path("QLCN-2018-Q2.xlsx"), line=7, sheet="Số liệu", cell="F7")) == "QLCN-2018-Q2.xlsx:Số liệu!F7"
    )
    assert str(Location(Path("QLCN-2018-Q2.xlsx"), sheet="kpi-form")) == "QLCN-2018-Q2.xlsx:kpi-form"
    # Files of lines are named as before.
    assert str(Location(Path("a.yaml"), 3, 5)) == "a.yaml:3:5"
    assert str(Location(Path("a.csv"), 3)) == "a.csv:3"
    assert str(Location(Path("a.csv"))) == "a.csv"


# ---------------------------------------------------------------- in LibreOffice

MACRO = """
Sub TypeInto(doc, sheet, name, text)
    doc.CurrentController.select(sheet.getCellRangeByName(name))
    helper = createUnoService("com.sun.star.frame.DispatchHelper")
    Dim typed(0) As New com.sun.star.beans.PropertyValue
    typed(0).Name = "StringName"
    typed(0).Value = text
    helper.executeDispatch(doc.CurrentController.Frame, ".uno:EnterString", "", 0, typed())
End Sub

Sub Circles(out, sheet, phase)
    sheet.showInvalid()
    page = sheet.DrawPage
    For i = 0 To page.getCount() - 1
        shape = page.getByIndex(i)
        Print #out, phase & "|circle|" & shape.ShapeType & "|" & (shape.Position.X + shape.Size.Width / 2) & "|" & (shape.Position.Y + shape.Size.Height / 2)
    Next i
    sheet.clearArrows()
End Sub

Sub Main
    out = FreeFile
    Open Environ("KPI_OUT") For Output As #out
    Dim hidden(0) As New com.sun.star.beans.PropertyValue
    hidden(0).Name = "Hidden"
    hidden(0).Value = True
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ("KPI_FORM")), "_blank", 0, hidden())
    sheet = doc.Sheets.getByIndex(1)
    Print #out, "sheet|protected|" & sheet.isProtected()
    Print #out, "hidden|visible|" & doc.Sheets.getByIndex(2).IsVisible
    For Each name In Array("I5", "J7", "K7", "I8", "L5")
        rule = sheet.getCellRangeByName(name).Validation
        Print #out, "rule|" & name & "|" & rule.Type & "|" & rule.Operator & "|" & rule.getFormula1() & "|" & rule.getFormula2() & "|" & rule.ShowErrorMessage & "|" & rule.IgnoreBlankCells
    Next name
    TYPING
    For Each name In Array("A5", "C5", "F5", "J5", "I5", "L5", "J7", "K7")
        Print #out, "typed|" & name & "|" & sheet.getCellRangeByName(name).getString() & "|" & sheet.getCellRangeByName(name).getValue()
    Next name
    Circles(out, sheet, "valid")
    Dim filter(0) As New com.sun.star.beans.PropertyValue
    filter(0).Name = "FilterName"
    filter(0).Value = "Calc MS Excel 2007 XML"
    doc.storeToURL(ConvertToURL(Environ("KPI_SAVED")), filter())
    ' What validation alone must catch: values put in past it (through the API, as a paste would).
    sheet.getCellRangeByName("I6").setValue(2.5)
    sheet.getCellRangeByName("I8").setValue(150)
    sheet.getCellRangeByName("J7").setString("Maybe")
    sheet.getCellRangeByName("K7").setValue(DateSerial(2018, 7, 15) - DateSerial(1899, 12, 30))
    sheet.getCellRangeByName("L5").setString(String(2001, "x"))
    sheet.getCellRangeByName("M5").setString("ok")
    Circles(out, sheet, "invalid")
    For row = 3 To 7
        For column = 0 To 12
            cell = sheet.getCellByPosition(column, row)
            Print #out, "cell|" & cell.AbsoluteName & "|" & cell.Position.X & "|" & cell.Position.Y & "|" & cell.Size.Width & "|" & cell.Size.Height
        Next column
    Next row
    doc.close(True)
    Close #out
    StarDesktop.terminate()
End Sub
"""


def run_basic(macro: str, profile: Path, env: dict[str, str]) -> None:
    """Run `macro` (its Sub Main) in a headless LibreOffice with its own profile."""
    import os
    from xml.sax.saxutils import escape

    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is not installed: run tests/install-tools (or deselect with -m 'not office')"
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    # The first start makes the profile, with its empty Standard library; the macro then goes in it.
    subprocess.run([*command, "--terminate_after_init"], check=True, capture_output=True, timeout=300)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.exists()
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
        '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
        f'script:language="StarBasic">{escape(macro)}</script:module>\n',
        encoding="utf-8",
    )
    subprocess.run(
        [*command, "macro:///Standard.Module1.Main"],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, **env},
    )


@pytest.mark.office
def test_libreoffice_keeps_locked_cells_locked_checks_every_input_and_saves_a_form_kpi_reads(
    data: Path, tmp_path: Path
) -> None:
    form = make_form(data, lang="vi")
    done = "Đã hoàn thành"
    # Typed as a person types: through LibreOffice's own Enter-a-string command on the selected cell.
    typing = "\n".join(
        f'    TypeInto(doc, sheet, "{cell}", "{text}")'
        for cell, text in (
            ("A5", "B.9"),  # a locked ID
            ("C5", "sửa tên"),  # a locked title
            ("F5", "1"),  # a locked plan figure
            ("J5", done),  # a figure row's grey (locked) milestone cell
            ("I5", "850"),
            ("L5", "QĐ 12/QĐ-SKHCN"),
            ("J7", done),
            ("K7", "2018-05-03"),
        )
    )
    results, saved = tmp_path / "results.txt", tmp_path / "saved-by-libreoffice.xlsx"
    run_basic(
        MACRO.replace("    TYPING", typing),
        tmp_path / "profile",
        {"KPI_FORM": str(form), "KPI_OUT": str(results), "KPI_SAVED": str(saved)},
    )
    lines = [line.split("|") for line in results.read_text(encoding="utf-8", errors="replace").splitlines()]
    said = {(line[0], line[1]): line[2:] for line in lines if line[0] in ("sheet", "hidden", "rule", "typed")}
    assert said[("sheet", "protected")] == ["True"]
    assert said[("hidden", "visible")] == ["False"]
    # LibreOffice's reading of each rule (com.sun.star.sheet.ValidationType WHOLE 1, DECIMAL 2, DATE 3,
    # TEXT_LEN 5, LIST 6; ConditionOperator LESS_EQUAL 6, BETWEEN 7), its error alert on, blanks allowed.
    assert said[("rule", "I5")] == ["1", "7", "0", "999999999999999", "True", "True"]
    assert said[("rule", "I8")] == ["2", "7", "0", "100", "True", "True"]
    assert said[("rule", "J7")][0] == "6" and said[("rule", "J7")][2] == f'"{done}";"Chưa hoàn thành"'
    assert said[("rule", "K7")][:4] == ["3", "7", "43191", "43281"]
    assert said[("rule", "L5")][:3] == ["5", "6", "2000"]
    # Protection: typing into a locked cell changes nothing; into an input cell, it takes.
    assert said[("typed", "A5")][0] == "B.1"
    assert said[("typed", "C5")][0] == "Đào tạo doanh nghiệp"
    assert said[("typed", "F5")][1] == "3000"
    assert said[("typed", "J5")][0] == ""
    assert said[("typed", "I5")][1] == "850"
    assert said[("typed", "L5")][0] == "QĐ 12/QĐ-SKHCN"
    assert said[("typed", "J7")][0] == done
    assert said[("typed", "K7")][1] == "43223"  # 2018-05-03, read as a date
    # Validation: LibreOffice's own "mark invalid data" circles exactly the cells that break their rule.
    cells = {line[1].split(".")[-1].replace("$", ""): tuple(map(int, line[2:6])) for line in lines if line[0] == "cell"}

    def circled(phase: str) -> set[str]:
        found = set()
        for line in lines:
            if line[0] == phase and line[1] == "circle":
                x, y = float(line[3]), float(line[4])
                found |= {
                    name for name, (left, top, w, h) in cells.items() if left <= x < left + w and top <= y < top + h
                }
        return found

    assert circled("valid") == set()
    assert circled("invalid") == {"I6", "I8", "J7", "K7", "L5"}
    # The form as LibreOffice saved it keeps its protection, rules and hidden sheet, and kpi records it.
    book = load_workbook(saved)
    assert book.sheetnames == ["Hướng dẫn", "Số liệu", "kpi-form"]
    assert book["kpi-form"].sheet_state in ("hidden", "veryHidden")
    assert book["Số liệu"].protection.sheet and not book["Số liệu"]["I5"].protection.locked
    assert book["Số liệu"]["A5"].protection.locked
    assert {rule.type for rule in book["Số liệu"].data_validations.dataValidation} == {
        "whole",
        "decimal",
        "list",
        "date",
        "textLength",
    }
    result = kpi(data, "record", "--from", str(saved), "--by", "Lan")
    assert result.returncode == 0, result.stderr
    records = [(r["indicator"], r.get("value"), r.get("done"), r.get("evidence")) for r in actuals(data)]
    assert records == [("B.1", 850, None, "QĐ 12/QĐ-SKHCN"), ("B.8", None, datetime.date(2018, 5, 3), None)]


def test_input_in_a_grey_cell_is_listed_with_every_other_mistake(data: Path) -> None:
    # A "done" typed on a figure's row leaves the layout whole: it is one more mistake, not the only one.
    form = fill(make_form(data), {("B.1", "firms"): {"value": -3}, ("B.4", "rate"): {"value": 50}})
    book = load_workbook(form)
    book["Figures"]["J5"] = "Done"
    target = form.with_name("grey.xlsx")
    book.save(target)
    result = kpi(data, "record", "--from", str(target))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stderr
    assert any("grey.xlsx:Figures!J5: error: done: this row has no such input (a grey cell)" in e for e in errors)
    assert any("grey.xlsx:Figures!I5: error: value: '-3' is negative" in e for e in errors)
    assert actuals(data) == []

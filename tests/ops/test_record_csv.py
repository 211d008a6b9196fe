"""`kpi record --from FILE.csv`: a unit's whole quarter in one go, all rows or none."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kpi.files.catalogue import read_actuals
from tests.support import kpi


def actuals_snapshot(folder: Path) -> dict[str, bytes]:
    root = folder / "actuals"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def write_csv(tmp_path: Path, text: str, name: str = "qlcn-2018-Q2.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def values(path: Path) -> list[tuple[str, str | None, Decimal | None]]:
    read = read_actuals(path)
    assert read.actuals is not None, read.findings
    return [(r.indicator, r.measure, r.value) for r in read.actuals.records]


def test_every_row_is_recorded(minimal_data: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path, "indicator,value,note\nB.1,850,tạm tính\nB.1.1,300,\nB.1.2,550,\n")
    result = kpi(minimal_data, "record", "--from", str(sheet), "--quarter", "2018-Q2", "--by", "Lan")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    target = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    assert values(target) == [
        ("B.1", "firms", Decimal(850)),
        ("B.1.1", "firms", Decimal(300)),
        ("B.1.2", "firms", Decimal(550)),
    ]
    assert kpi(minimal_data, "check").exit_code == 0


def test_a_spreadsheet_in_vietnamese_settings_is_understood(minimal_data: Path, tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" with a byte-order mark, `;` between cells, quarters and dates the Vietnamese way.
    sheet = write_csv(
        tmp_path,
        "Indicator;Quarter;Value;Done;Evidence\r\n"
        "B.1;Quý I/2018;1.069.000;;\r\n"
        "B.8;Q1/2018;;20/03/2018;QĐ 12/QĐ-SKHCN\r\n",
        encoding="utf-8-sig",
    )
    result = kpi(minimal_data, "record", "--from", str(sheet))
    assert result.exit_code == 0, result.output
    read = read_actuals(minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml")
    assert read.actuals is not None
    assert [(r.indicator, r.value, r.done and r.done.isoformat(), r.evidence) for r in read.actuals.records] == [
        ("B.1", Decimal(1069000), None, None),
        ("B.8", None, "2018-03-20", "QĐ 12/QĐ-SKHCN"),
    ]


def test_one_bad_row_and_nothing_is_written_every_bad_row_named_by_line(minimal_data: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path,
        "indicator,measure,value\n"
        "B.1,,850\n"
        "B.9,,3\n"  # line 3: no such indicator
        "B.1.1,,10.000\n"  # line 4: ambiguous
        "\n"
        "B.1.2,,2.5\n"  # line 6: not a whole number of firms
        "B.7,,1,5\n",
    )  # line 7: an unquoted 1,5 makes a cell too many
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q2")
    assert result.exit_code == 2
    assert result.stdout == ""
    # Unreadable cells and the rules speak at once, in the order of the file: one round of fixes.
    assert result.stderr.splitlines() == [
        f"kpi: {sheet}:3: error: indicator (column A): no indicator 'B.9' in the catalogue; did you mean B.1, B.8?",
        f"kpi: {sheet}:4: error: value (column C): '10.000' is ambiguous: 10000 if '.' separates thousands, "
        "10 if it marks decimals; write 10000 or 10",
        f"kpi: {sheet}:6: error: value (column C): B.1.2 (Firms of the other industries trained) counts DN; 2.5 is not a whole number",
        f"kpi: {sheet}:7: error: row (column D): has 4 cells but the header names 3 columns",
    ]
    assert actuals_snapshot(minimal_data) == {}


def test_a_header_typo_is_caught_before_any_row(minimal_data: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path, "indicator,vaule\nB.1,5\n")
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q2")
    assert result.exit_code == 2
    assert f"{sheet}:1: error: header (column B): unknown column 'vaule'; did you mean 'value'?" in result.stderr


def test_a_figure_given_twice_in_one_file_is_refused(minimal_data: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path, "indicator,value\nB.1,5\nb.1,6\n")
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q2")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"kpi: {sheet}:3: error: indicator (column A): B.1 (Enterprises trained) 2018-Q2 is given twice (also at line 2)\n"
    )


def test_rows_already_recorded_need_replace_and_then_keep_history(minimal_data: Path, tmp_path: Path) -> None:
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "800").exit_code == 0
    before = actuals_snapshot(minimal_data)
    sheet = write_csv(tmp_path, "indicator,value\nB.1,850\nB.1.1,300\n")
    refused = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q2")
    assert refused.exit_code == 2
    assert (
        f"{sheet}:2: error: indicator (column A): B.1 (Enterprises trained) is already recorded for 2018-Q2: 800"
        in refused.stderr
    )
    assert actuals_snapshot(minimal_data) == before
    replaced = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q2", "--replace")
    assert replaced.exit_code == 0, replaced.output
    read = read_actuals(minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml")
    assert read.actuals is not None
    assert [(r.indicator, r.value, [h.value for h in r.history]) for r in read.actuals.records] == [
        ("B.1", Decimal(850), [Decimal(800)]),
        ("B.1.1", Decimal(300), []),
    ]


def test_rows_for_several_files_are_all_written_or_none(minimal_data: Path, tmp_path: Path) -> None:
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "800").exit_code == 0
    before = actuals_snapshot(minimal_data)
    # 2018-Q1 (a new file) would be fine; the 2018-Q2 row clashes: neither file may change.
    sheet = write_csv(tmp_path, "indicator,quarter,value,owner\nB.1,2018-Q1,700,\nB.1.1,2018-Q1,5,\nB.1,2018-Q2,900,\n")
    assert kpi(minimal_data, "record", "--from", str(sheet)).exit_code == 2
    assert actuals_snapshot(minimal_data) == before
    sheet.write_text("indicator,quarter,value,owner\nB.1,2018-Q1,700,\nB.1,2018-Q3,40,SHTT\n", encoding="utf-8")
    assert kpi(minimal_data, "record", "--from", str(sheet)).exit_code == 0
    assert sorted(actuals_snapshot(minimal_data)) == ["2018-Q1/QLCN.yaml", "2018-Q2/QLCN.yaml", "2018-Q3/SHTT.yaml"]


def test_from_a_file_takes_no_single_figure_options(minimal_data: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path, "indicator,value\nB.1,5\n")
    result = kpi(minimal_data, "record", "B.1", "--from", str(sheet), "-q", "2018-Q2")
    assert result.exit_code == 2
    assert "--from records the rows of a file" in result.stderr


def test_unreadable_csv_files(minimal_data: Path, tmp_path: Path) -> None:
    latin1 = write_csv(tmp_path, "indicator,value,note\nB.1,5,Café\n", name="latin.csv", encoding="latin-1")
    assert kpi(minimal_data, "record", "--from", str(latin1), "-q", "2018-Q2").stderr == (
        f"kpi: {latin1}:2: error: file: is not UTF-8; export it as CSV UTF-8, or give --encoding cp1258 for Excel's "
        "plain CSV on a Vietnamese Windows\n"
    )
    missing = tmp_path / "missing.csv"
    assert kpi(minimal_data, "record", "--from", str(missing), "-q", "2018-Q2").stderr == (
        f"kpi: {missing}:1: error: file: no such file\n"
    )
    empty = write_csv(tmp_path, "indicator,value\n", name="empty.csv")
    assert kpi(minimal_data, "record", "--from", str(empty), "-q", "2018-Q2").stderr == (
        f"kpi: {empty}:2: error: row: no rows to record\n"
    )
    assert actuals_snapshot(minimal_data) == {}


def test_a_file_with_every_kind_of_mistake_is_refused_once_naming_them_all(minimal_data: Path, tmp_path: Path) -> None:
    assert kpi(minimal_data, "record", "B.1.1", "-q", "2018-Q2", "--value", "40").exit_code == 0
    before = actuals_snapshot(minimal_data)
    sheet = write_csv(
        tmp_path,
        "indicator,value,note,notes\n"
        "B.1,abc,,\n"  # line 2: unreadable value
        "B.1.1,45,,\n"  # line 3: already recorded
        "B.1.2,3%,,\n"  # line 4: a % sign on a count of firms
        "B.1.2,5,,\n"  # line 5: fine alone...
        "b.1.2,6,,\n"  # line 6: ...but given twice
        "B.10,x,,\n",
    )  # line 7: unknown indicator and unreadable value
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q2")
    assert result.exit_code == 2
    assert result.stdout == ""
    messages = [line.removeprefix(f"kpi: {sheet}:") for line in result.stderr.splitlines()]
    assert messages == [
        "1: error: header (column D): unknown column 'notes'; did you mean 'note'?",
        "2: error: value (column B): 'abc' is not a number; write it like 850, 39.89 or 10000",
        "3: error: indicator (column A): B.1.1 (Firms of the 4 key industries trained) is already recorded for 2018-Q2: 40 (by "
        + messages[2].split("(by ", 1)[1],
        "4: error: value (column B): 3 % has a % sign, but B.1.2 (Firms of the other industries trained) counts DN; give the number of DN",
        "6: error: indicator (column A): B.1.2 (Firms of the other industries trained) 2018-Q2 is given twice (also at line 5)",
        "7: error: value (column B): 'x' is not a number; write it like 850, 39.89 or 10000",
        "7: error: indicator (column A): no indicator 'B.10' in the catalogue; did you mean B.1, B.1.1, B.1.2?",
    ]
    assert actuals_snapshot(minimal_data) == before


PERCENT_MEASURE = """\
  - id: B.2
    program: B
    section: I
    tt: '2'
    title: Tỷ lệ ứng dụng
    owner: QLCN
    kind: threshold
    measures:
      - key: rate
        label: {vi: Tỷ lệ ứng dụng, en: Application rate}
        unit: '%'
        target: 60
    source:
      line: 370
      cells:
        target: '60%'
tasks:
"""


def test_a_share_accepts_a_percentage_or_a_fraction_and_stores_the_percentage(
    minimal_data: Path, tmp_path: Path
) -> None:
    plan = minimal_data / "plan2018.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("tasks:\n", PERCENT_MEASURE, 1), encoding="utf-8")
    sheet = write_csv(
        tmp_path,
        "indicator;quarter;value\nB.2;2018-Q1;39,89%\nB.2;2018-Q2;0,3989\nB.2;2018-Q3;0,5%\nB.2;2018-Q4;88,2\n",
    )
    result = kpi(minimal_data, "record", "--from", str(sheet))
    assert result.exit_code == 0, result.output
    stored = [values(minimal_data / "actuals" / f"2018-Q{n}" / "QLCN.yaml")[0][2] for n in (1, 2, 3, 4)]
    assert stored == [Decimal("39.89"), Decimal("39.89"), Decimal("0.5"), Decimal("88.2")]
    assert kpi(minimal_data, "check").exit_code == 0
    too_much = kpi(minimal_data, "record", "B.2", "-q", "2017-Q4", "--value", "120%")
    assert too_much.exit_code == 2
    assert "120 is above 100%" in too_much.stderr


def test_a_percent_sign_on_a_count_is_refused_on_the_command_line_too(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "3%")
    assert result.exit_code == 2
    assert result.stderr == (
        "kpi: error: --value: 3 % has a % sign, but B.1 (Enterprises trained) counts DN; give the number of DN\n"
    )
    assert actuals_snapshot(minimal_data) == {}

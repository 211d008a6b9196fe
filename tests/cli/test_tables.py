"""Tables a person can read: they fit the width, numbers line up on the right, colour only on a
terminal, and a figure nobody reported reads "not reported", never 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.support import kpi_process, run_on_a_terminal

EVERY_HEADER = [
    "ID",
    "Title",
    "Owner",
    "Target",
    "To date",
    "% of period",
    "Pace",
    "2018 actual",
    "Plan 2018",
    "Status",
]


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def line_of(text: str, indicator_id: str) -> str:
    return next(line for line in text.splitlines() if line.split(" ", 1)[0] == indicator_id)


def test_status_at_80_columns_fits_and_is_short(shipped_copy: Path) -> None:
    result = kpi_process(shipped_copy, "status", "--as-of", "2017-12-31", env={"COLUMNS": "80"}, expect=(0, 1))
    ids = [
        row["id"]
        for row in json.loads(
            kpi_process(
                shipped_copy, "status", "--as-of", "2017-12-31", "-f", "json", env={"COLUMNS": "80"}, expect=(0, 1)
            ).stdout
        )["rows"]
    ]
    lines = result.stdout.splitlines()
    assert widest(result.stdout) <= 80
    assert len(lines) <= 220  # 335 lines before tables learnt to fit
    assert [line.split()[0] for line in lines if line.strip().split(" ", 1)[0] in ids] == ids
    assert line_of(result.stdout, "B.1").endswith("on track")  # the status stays on screen


def test_narrow_table_keeps_id_title_and_status_and_drops_the_rest(shipped_copy: Path) -> None:
    text = kpi_process(
        shipped_copy, "status", "--as-of", "2017-12-31", "--lang", "en", env={"COLUMNS": "80"}, expect=(0, 1)
    ).stdout
    header = next(line for line in text.splitlines() if line.startswith("ID"))
    assert header.split()[:2] == ["ID", "Title"] and header.endswith("Status")
    assert "Owner" not in text and "Pace" not in text
    b1 = line_of(text, "B.1")
    assert b1.startswith("B.1") and "Đào tạo về công cụ" in b1 and b1.endswith("on track")


def test_wide_keeps_every_column_and_whole_titles(shipped_copy: Path) -> None:
    text = kpi_process(
        shipped_copy, "status", "--as-of", "2017-12-31", "--lang", "en", "--wide", env={"COLUMNS": "80"}, expect=(0, 1)
    ).stdout
    header = next(line for line in text.splitlines() if line.startswith("ID"))
    assert [h for h in EVERY_HEADER if h in header] == EVERY_HEADER
    b1 = line_of(text, "B.1")
    assert "Đào tạo về công cụ quản trị năng suất, chất lượng và đổi mới sáng tạo" in b1
    assert b1.split()[-10:] == [
        "QLCN",
        "10,000",
        "3,989",
        "39.89%",
        "███▌|·····",
        "not",
        "reported",
        "3,000",
        "on",
        "track",
    ]


def test_at_200_columns_every_column_shows(shipped_copy: Path) -> None:
    text = kpi_process(
        shipped_copy, "status", "--as-of", "2017-12-31", "--lang", "en", env={"COLUMNS": "200"}, expect=(0, 1)
    ).stdout
    assert widest(text) <= 200
    header = next(line for line in text.splitlines() if line.startswith("ID"))
    assert [h for h in EVERY_HEADER if h in header] == EVERY_HEADER
    assert line_of(text, "B.1").split()[-10:] == [
        "QLCN",
        "10,000",
        "3,989",
        "39.89%",
        "███▌|·····",
        "not",
        "reported",
        "3,000",
        "on",
        "track",
    ]


def test_piped_output_honours_columns_and_defaults_to_80(shipped_copy: Path) -> None:
    assert (
        widest(
            kpi_process(shipped_copy, "status", "--as-of", "2017-12-31", env={"COLUMNS": None}, expect=(0, 1)).stdout
        )
        <= 80
    )
    # In Vietnamese: the English summary's headings (`computable`...) need 70 columns.
    assert (
        widest(
            kpi_process(
                shipped_copy, "status", "--as-of", "2017-12-31", "--lang", "vi", env={"COLUMNS": "60"}, expect=(0, 1)
            ).stdout
        )
        <= 60
    )
    overdue = kpi_process(shipped_copy, "overdue", "--as-of", "2019-01-01", env={"COLUMNS": "70"}, expect=(0, 1)).stdout
    assert widest(overdue) <= 70 and "S6.7" in overdue


def test_numbers_are_right_aligned_in_the_languages_notation(shipped_copy: Path) -> None:
    text = kpi_process(
        shipped_copy, "status", "--as-of", "2017-12-31", "-p", "B", env={"COLUMNS": "200"}, expect=(0, 1)
    ).stdout
    header = next(line for line in text.splitlines() if line.startswith("TT") or line.startswith("ID"))
    right_edge = cell_len(header[: header.index("Plan 2018") + len("Plan 2018")])
    for indicator_id, plan in (("B.1", "3,000"), ("B.3", "120"), ("B.4", "40")):
        line = next(
            line
            for line in text.splitlines()
            if line.split(" ", 1)[0].strip() == indicator_id or line.strip().split(" ", 1)[0] == indicator_id
        )
        assert cell_len(line[: line.index(f" {plan} ") + 1 + len(plan)]) == right_edge, line
    vietnamese = kpi_process(
        shipped_copy,
        "status",
        "--as-of",
        "2017-12-31",
        "-p",
        "B",
        "--lang",
        "vi",
        env={"COLUMNS": "200"},
        expect=(0, 1),
    ).stdout
    assert " 3.000 " in line_of(vietnamese, "B.1") and " 39,89% " in line_of(vietnamese, "B.1")


def test_piped_output_has_no_escape_codes(shipped_copy: Path) -> None:
    for command in (["status"], ["overdue", "--as-of", "2019-01-01"]):
        assert "\x1b" not in kpi_process(shipped_copy, *command, env={"COLUMNS": "80"}, expect=(0, 1)).stdout


def test_colour_on_a_terminal_but_not_with_no_color(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    _, _, shown = run_on_a_terminal("--data", str(shipped_copy), "status", output_on_terminal=True)
    assert "\x1b[" in shown
    assert widest(shown.replace("\r", "").replace("\x1b[0m", "")) > 0
    monkeypatch.setenv("NO_COLOR", "1")
    code, _, shown = run_on_a_terminal("--data", str(shipped_copy), "status", output_on_terminal=True)
    assert code == 0 and "\x1b" not in shown
    assert widest(shown.replace("\r", "")) <= 100


def test_a_measure_with_no_record_reads_not_reported_never_zero(shipped_copy: Path) -> None:
    folder = shipped_copy / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    (folder / "QLCN.yaml").write_text(
        "quarter: 2018-Q1\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 850\n", encoding="utf-8"
    )
    text = kpi_process(
        shipped_copy,
        "status",
        "--as-of",
        "2018-06-30",
        "-p",
        "B",
        "--lang",
        "en",
        "--wide",
        env={"COLUMNS": "80"},
        expect=(0, 1),
    ).stdout
    assert "850" in line_of(text, "B.1")
    b2 = line_of(text, "B.2")  # a plan for 2018 (1,000), nothing recorded
    assert "not reported" in b2 and " 0 " not in b2
    csv_line = next(
        line
        for line in kpi_process(
            shipped_copy, "status", "--as-of", "2018-06-30", "-f", "csv", env={"COLUMNS": "80"}, expect=(0, 1)
        ).stdout.splitlines()
        if line.startswith("B.2,")
    )
    assert ',not reported,"1,000",' in csv_line
    payload = json.loads(
        kpi_process(
            shipped_copy, "status", "--as-of", "2018-06-30", "-f", "json", env={"COLUMNS": "80"}, expect=(0, 1)
        ).stdout
    )
    b2_measure = next(r for r in payload["rows"] if r["id"] == "B.2")["measures"][0]
    assert b2_measure["plan_actual"] is None and b2_measure["plan_progress"] is None


def test_a_plan_with_no_record_is_a_reporting_gap_not_an_overdue_item(shipped_copy: Path) -> None:
    # B.2's 2018 plan (1.000 firms) has no figure on 2019-01-01: the unit has not reported, which
    # `kpi reporting` and `kpi remind` chase; it is not late, and no table calls it 0.
    overdue = json.loads(
        kpi_process(
            shipped_copy, "overdue", "--as-of", "2019-01-01", "-f", "json", env={"COLUMNS": "80"}, expect=(0, 1)
        ).stdout
    )
    assert "B.2" not in {item["id"] for item in overdue["items"]}
    table = kpi_process(
        shipped_copy, "status", "--as-of", "2019-01-01", "--wide", env={"COLUMNS": "80"}, expect=(0, 1)
    ).stdout
    row = next(line for line in table.splitlines() if line.split()[:1] == ["B.2"])
    assert row.rstrip().endswith("not reported") and " 0 " not in row


def test_a_huge_table_keeps_the_columns_and_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpi.cli import render

    monkeypatch.setattr(render, "RICH_ROW_LIMIT", 1)
    monkeypatch.setenv("COLUMNS", "40")
    columns = [
        render.Column("ID"),
        render.Column("Title", wraps=True),
        render.Column("Owner", drop=1),
        render.Column("Count", numeric=True),
    ]
    rows = [
        ["A.1", "Đào tạo doanh nghiệp về công cụ quản trị năng suất", "QLCN", "1.069"],
        ["A.2", "Ngắn", "QLKH", "5"],
    ]
    lines = render.emit(columns, rows, "table").splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    assert lines[0].split() == ["ID", "Title", "Count"]
    assert lines[2].startswith("A.1  Đào tạo doanh") and lines[2].endswith("…  1.069")
    assert lines[3].endswith("    5") and len(lines) == 4


def test_text_counted_one_cell_a_character_is_as_rich_counts_it() -> None:
    """The table counts a text's width without rich when every character takes one cell
    (kpi.cli.render._SINGLE_WIDTH): that must stay what rich counts, character by character,
    whatever rich's version, or columns would not line up."""
    from rich.cells import set_cell_size

    from kpi.cli.render import _SINGLE_WIDTH, _cut, _display_width

    characters = [chr(code) for code in range(0x110000) if _SINGLE_WIDTH.fullmatch(chr(code))]
    assert len(characters) > 700  # ASCII, Latin, Vietnamese's precomposed letters, dashes
    assert [c for c in characters if cell_len(c) != 1] == []
    title = "Hỗ trợ doanh nghiệp nhỏ và vừa – “đổi mới sáng tạo”"
    assert _display_width(title) == cell_len(title)
    assert _cut(title, 12) == set_cell_size(title, 12)
    decomposed = "Hô\u0303 trợ"  # a combining tilde takes no cell: rich must count this one
    assert _display_width(decomposed) == cell_len(decomposed) == 6

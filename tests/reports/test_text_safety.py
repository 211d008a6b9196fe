"""Text outputs stay what they claim to be: CSV cells a spreadsheet shows as text, markdown tables
whose every row has the table's columns, HTML in titles shown, never run."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

from tests.support import kpi

HOSTILE = {'=HYPERLINK("http://evil.example","y")', "+1+2", "-3+4", "@SUM(1,2)"}


def hostile_titles(folder: Path) -> None:
    catalogue = folder / "plan2018.yaml"
    text = catalogue.read_text(encoding="utf-8")
    for old, new in zip(
        [
            "Đào tạo doanh nghiệp",
            "Đào tạo DN thuộc 4 ngành trọng điểm",
            "Đào tạo DN thuộc các ngành khác",
            "Xây dựng Đề án Sihub",
        ],
        sorted(HOSTILE),
    ):
        text = text.replace(f"title: {old}", "title: '" + new.replace("'", "''") + "'")
    catalogue.write_text(
        text.replace("title: Chương trình B", "title: '<script>alert(1)</script> | B'"), encoding="utf-8"
    )


def cells_of(text: str, delimiter: str = ",") -> set[str]:
    return {cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row}


def test_csv_and_tsv_cells_never_start_a_formula(minimal_data: Path, tmp_path: Path) -> None:
    hostile_titles(minimal_data)
    status_csv = kpi(minimal_data, "status", "--as-of", "2018-06-30", "-f", "csv", expect=0).stdout
    status_tsv = kpi(minimal_data, "status", "--as-of", "2018-06-30", "-f", "tsv", expect=0).stdout
    report_csv = kpi(minimal_data, "report", "--as-of", "2018-06-30", "-f", "csv", expect=0).stdout
    for cells in (cells_of(status_csv), cells_of(status_tsv, "\t"), cells_of(report_csv)):
        assert {"'" + text for text in HOSTILE} <= {"".join(cell.split()) for cell in cells}  # indented or not
        starts = [cell.lstrip() for cell in cells]
        assert not any(cell.startswith(("=", "+", "@")) for cell in starts)
        assert not any(cell.startswith("-") and not cell[1:2].isdigit() for cell in starts)


def test_a_recorder_s_name_cannot_become_a_formula_in_the_log(minimal_data: Path) -> None:
    subprocess.run(["git", "init", "-q", str(minimal_data)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(minimal_data),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@x",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "start",
        ],
        check=True,
    )
    result = kpi(
        minimal_data,
        "record",
        "B.1",
        "-q",
        "2018-Q1",
        "--value",
        "5",
        "--by",
        "=cmd|' /C calc'!A0",
        "--commit",
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@x",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@x",
        },
    )
    assert result.exit_code == 0, result.output
    cells = cells_of(kpi(minimal_data, "log", "-f", "csv", expect=0).stdout)
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith("=") for cell in cells)


def markdown_tables(text: str) -> list[list[str]]:
    """Each markdown table in the text, as its lines."""
    tables: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    return tables


def columns(line: str) -> int:
    return len(line.replace("\\|", "").split("|"))


def test_markdown_rows_keep_their_columns_and_html_is_shown_as_text(minimal_data: Path) -> None:
    hostile_titles(minimal_data)
    for text in (
        kpi(minimal_data, "status", "--as-of", "2018-06-30", "-f", "markdown", expect=0).stdout,
        kpi(minimal_data, "report", "--as-of", "2018-06-30", "-f", "md", "--lang", "vi", expect=0).stdout,
    ):
        tables = markdown_tables(text)
        assert tables
        for table in tables:
            assert {columns(line) for line in table} == {columns(table[0])}, table
        assert "<script>" not in text
    assert "&lt;script&gt;" in text  # the Vietnamese report names the program by its title: shown, not run


def test_the_status_progress_bar_does_not_split_a_markdown_row(shipped_copy: Path) -> None:
    status_table = markdown_tables(kpi(shipped_copy, "status", "-f", "markdown", expect=0).stdout)[0]
    assert len(status_table) > 90  # 96 indicators
    assert {columns(line) for line in status_table} == {columns(status_table[0])}

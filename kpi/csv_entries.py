"""A unit's quarter as a spreadsheet export: one CSV row per figure, read into entries.

Columns (header row required, any order, case-insensitive): `indicator` and either `value`
or `done` (a date), optionally `measure`, `quarter`, `evidence`, `note`, `source`,
`recorded_by`, `owner`. A quarter or recorder given on the command line fills empty cells.
Every bad cell is reported with its line and spreadsheet column; no entries come back then.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

from kpi.dates import parse_entered_date
from kpi.errors import DataError, Finding, Location, Severity
from kpi.numbers import parse_entered_number
from kpi.quarters import Quarter
from kpi.recording import Entry

COLUMNS = ("indicator", "measure", "quarter", "value", "done", "evidence", "note", "source", "recorded_by", "owner")
_ALIASES = {"by": "recorded_by", "id": "indicator", "date": "done"}
MAX_CSV_BYTES = 8 * 1024 * 1024


class _Findings:
    """Every bad cell of one file, each named by line and spreadsheet column."""

    def __init__(self, path: Path):
        self.path = path
        self.items: list[Finding] = []

    def add(self, line: int, column: int | None, name: str, message: str) -> None:
        where = f"{name} (column {_letter(column)})" if column is not None else name
        self.items.append(Finding(Severity.ERROR, Location(self.path, line), where, message))


def read_entries(path: Path, quarter: Quarter | None = None, recorded_by: str | None = None) -> list[Entry]:
    """Every row as an Entry; raise DataError listing every bad row when any is bad."""
    text = _read(path)
    rows = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text))
    findings = _Findings(path)
    header = next(rows, None)
    if header is None:
        raise DataError([Finding(Severity.ERROR, Location(path, 1), "header", "the file is empty")])
    columns = _columns(header, findings)
    if findings.items:
        raise DataError(findings.items)
    entries: list[Entry] = []
    line = rows.line_num + 1
    for cells in rows:
        start, line = line, rows.line_num + 1  # a quoted cell may span lines: report where the row starts
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            findings.add(start, len(header), "row", f"has {len(cells)} cells but the header names {len(header)} columns")
            continue
        row = {name: cells[index].strip() for name, index in columns.items() if index < len(cells)}
        entry = _entry(row, columns, start, path, quarter, recorded_by, findings)
        if entry is not None:
            entries.append(entry)
    if findings.items:
        raise DataError(findings.items)
    if not entries:
        raise DataError([Finding(Severity.ERROR, Location(path, 2), "row", "no rows to record")])
    return entries


def _read(path: Path) -> str:
    def fail(message: str) -> DataError:
        return DataError([Finding(Severity.ERROR, Location(path, 1), "file", message)])

    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise fail(f"is larger than {MAX_CSV_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not a CSV file") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}") from None
    try:
        # Excel's "CSV UTF-8" starts with a byte-order mark; that is fine for an input file.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError([Finding(Severity.ERROR, Location(path, line), "file",
                                 "is not UTF-8; export it as CSV UTF-8")]) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    # Spreadsheets set to Vietnamese use `;` between cells, since `,` is their decimal mark.
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: list[str], findings: _Findings) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().casefold().replace(" ", "_").replace("-", "_")
        name = _ALIASES.get(name, name)
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known columns: {', '.join(COLUMNS)}"
            findings.add(1, index, "header", f"unknown column '{cell}'" + hint)
        elif name in columns:
            findings.add(1, index, "header", f"column '{name}' appears twice")
        else:
            columns[name] = index
    if "indicator" not in columns:
        findings.add(1, None, "header", "needs an 'indicator' column")
    if "value" not in columns and "done" not in columns:
        findings.add(1, None, "header", "needs a 'value' or a 'done' column")
    return columns


def _entry(row: dict[str, str], columns: dict[str, int], line: int, path: Path, quarter: Quarter | None,
           recorded_by: str | None, findings: _Findings) -> Entry | None:
    before = len(findings.items)
    cell = {name: value or None for name, value in row.items()}
    if not cell.get("indicator"):
        findings.add(line, columns["indicator"], "indicator", "is empty")
    row_quarter = quarter
    if cell.get("quarter"):
        try:
            row_quarter = Quarter.parse(cell["quarter"] or "")
        except ValueError as exc:
            findings.add(line, columns["quarter"], "quarter", str(exc))
    elif quarter is None:
        findings.add(line, columns.get("quarter"), "quarter", "is empty and no --quarter was given")
    value = done = None
    if cell.get("value") and cell.get("done"):
        findings.add(line, columns["value"], "value", "a row gives a value or a done date, not both")
    elif cell.get("value"):
        try:
            value = parse_entered_number(cell["value"] or "")
        except ValueError as exc:
            findings.add(line, columns["value"], "value", str(exc))
    elif cell.get("done"):
        try:
            done = parse_entered_date(cell["done"] or "")
        except ValueError as exc:
            findings.add(line, columns["done"], "done", str(exc))
    else:
        findings.add(line, columns.get("value", columns.get("done")), "value", "is empty: give a value, or a done date")
    if len(findings.items) > before or row_quarter is None:
        return None
    return Entry(indicator=cell["indicator"] or "", quarter=row_quarter, measure=cell.get("measure"), value=value,
                 done=done, evidence=cell.get("evidence"), note=cell.get("note"), source=cell.get("source"),
                 recorded_by=cell.get("recorded_by") or recorded_by, owner=cell.get("owner"),
                 origin=Location(path, line))


def _letter(column: int | None) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as a spreadsheet labels columns."""
    if column is None:
        return "?"
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters

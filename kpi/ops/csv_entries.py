"""A unit's quarter as a spreadsheet export: one CSV row per figure, read into entries.

Columns (header row required, any order, case-insensitive): `indicator` and either `value`
or `done` (a date), optionally `measure`, `quarter`, `evidence`, `note`, `source`,
`recorded_by`, `owner`. A quarter or recorder given on the command line fills empty cells.
Every bad cell is reported with its line and spreadsheet column, together with whatever else
is wrong in the file (see `kpi.ops.recording`); then nothing is recorded.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from pathlib import Path

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.inputs import InputKind, read_input
from kpi.i18n import _, language
from kpi.model.dates import parse_entered_date
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter
from kpi.model.text import code_point, control_character
from kpi.ops.record_model import Entry, Problem, entered_figure, in_column

COLUMNS = ("indicator", "measure", "quarter", "value", "done", "evidence", "note", "source", "recorded_by", "owner")

UTF8 = "utf-8"
ENCODINGS = (UTF8, "cp1258", "cp1252")
"""What a CSV may be written in: UTF-8 (Excel's "CSV UTF-8", with or without its byte-order mark),
or the Windows code page Excel's plain "CSV" uses: cp1258 on a Vietnamese Windows, cp1252 on a
Western European one."""
_ALIASES = {"by": "recorded_by", "id": "indicator", "date": "done"}
MAX_CSV_ROWS = 5_000
"""A unit reports a few hundred figures a quarter; the whole plan has under a hundred indicators."""
MAX_CSV_COLUMNS = 50
"""kpi knows ten columns; a spreadsheet's export may add a few empty or extra ones, not thousands."""
MAX_CELL_CHARACTERS = 2_000
"""A figure, a date, a decision's number or a note of a few sentences; a page of text is not a cell."""
_SNIFFED_CHARACTERS = 4_096
_CELL_CONTROLS = "\t\n\r"
"""The control characters a cell may hold: kpi's rule for text (kpi.model.text), and the carriage
return of a line break typed on Windows in a quoted cell (recorded as a plain line break)."""


def read_entries(
    path: Path, quarter: Quarter | None = None, recorded_by: str | None = None, encoding: str = UTF8
) -> tuple[list[Entry], list[Problem]]:
    """Every row as an Entry, and what is wrong with the header.

    A row with cells that cannot be read still comes back, its `unread` saying why, so that the
    recording step reports those cells together with everything else wrong in the file. Only a
    file that cannot be read, or a header without the columns every row needs, raises DataError.
    `path` may be `-`: standard input, under the same cap. `encoding` is one of ENCODINGS: Excel's
    "CSV UTF-8" (the default), or plain "CSV" in a Windows code page (`--encoding cp1258`).
    """
    text = _read(path, encoding)
    previous_limit = csv.field_size_limit(InputKind.CSV.limit + 1)  # cells are measured below, with their column
    try:
        return _rows(path, text, quarter, recorded_by)
    except csv.Error as exc:  # pragma: no cover - the reader is lenient; kept so no CSV can end in a traceback
        raise DataError(
            [
                Finding(
                    Severity.ERROR, Location(path, 1), "file", _("cannot be read as CSV: {reason}").format(reason=exc)
                )
            ]
        ) from None
    finally:
        csv.field_size_limit(previous_limit)


def _rows(path: Path, text: str, quarter: Quarter | None, recorded_by: str | None) -> tuple[list[Entry], list[Problem]]:
    rows = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text))
    header = next(rows, None)
    if header is None:
        raise DataError([Finding(Severity.ERROR, Location(path, 1), "header", _("the file is empty"))])
    if len(header) > MAX_CSV_COLUMNS:
        raise DataError(
            [
                Finding(
                    Severity.ERROR,
                    Location(path, 1),
                    "header",
                    _("has {count} columns; a kpi CSV file has at most {most} (it knows {known})").format(
                        count=format_number(len(header), language()), most=MAX_CSV_COLUMNS, known=len(COLUMNS)
                    ),
                )
            ]
        )
    unsafe = _cell_problems(header, path, 1, "header")
    if unsafe:
        raise DataError([Finding(Severity.ERROR, p.where or Location(path, 1), p.field, p.message) for p in unsafe])
    columns, problems, fatal = _columns(header, path)
    if fatal:
        raise DataError(
            [Finding(Severity.ERROR, p.where or Location(path, 1), p.field, p.message) for p in problems + fatal]
        )
    letters = tuple((name, _letter(index)) for name, index in columns.items())
    names = {index: name for name, index in columns.items()}
    entries: list[Entry] = []
    line = rows.line_num + 1
    for cells in rows:
        start, line = line, rows.line_num + 1  # a quoted cell may span lines: report where the row starts
        if not any(cell.strip() for cell in cells):
            continue
        if len(entries) == MAX_CSV_ROWS:
            raise DataError(
                [
                    Finding(
                        Severity.ERROR,
                        Location(path, start),
                        "row",
                        _(
                            "more than {most} rows; a unit's quarter has a few hundred figures at most: split the file"
                        ).format(most=format_number(MAX_CSV_ROWS, language())),
                    )
                ]
            )
        if len(cells) > len(header):
            problems.append(
                Problem(
                    None,
                    in_column("row", _letter(len(header))),
                    _("has {cells} cells but the header names {columns} columns").format(
                        cells=len(cells), columns=len(header)
                    ),
                    Location(path, start),
                )
            )
            continue
        unsafe = _cell_problems(cells, path, start, "row", names)
        if unsafe:
            problems += unsafe
            continue
        row = {name: cells[index].strip() for name, index in columns.items() if index < len(cells)}
        entries.append(_entry(row, Location(path, start), letters, quarter, recorded_by))
    if not entries and not problems:
        raise DataError([Finding(Severity.ERROR, Location(path, 2), "row", _("no rows to record"))])
    return entries, problems


def _cell_problems(
    cells: list[str], path: Path, line: int, what: str, names: dict[int, str] | None = None
) -> list[Problem]:
    """Cells no figure, date or note can need: control characters, or text far too long to be one."""
    problems = []
    for index, cell in enumerate(cells):
        field = in_column((names or {}).get(index, what), _letter(index))
        control = control_character(cell, _CELL_CONTROLS)
        if control is not None:
            problems.append(
                Problem(
                    None,
                    field,
                    _("control character {code} in the cell; delete it").format(code=code_point(control)),
                    Location(path, line),
                )
            )
        elif len(cell) > MAX_CELL_CHARACTERS:
            problems.append(
                Problem(
                    None,
                    field,
                    _("a cell of {count} characters; a cell holds at most {most}").format(
                        count=format_number(len(cell), language()), most=format_number(MAX_CELL_CHARACTERS, language())
                    ),
                    Location(path, line),
                )
            )
    return problems


def _read(path: Path, encoding: str = UTF8) -> str:
    raw = read_input(path, InputKind.CSV)
    if encoding == UTF8:
        try:
            # Excel's "CSV UTF-8" starts with a byte-order mark; that is fine for an input file.
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise _not_in(
                path,
                line,
                _(
                    "is not UTF-8; export it as CSV UTF-8, or give --encoding cp1258 for Excel's plain CSV on a Vietnamese Windows"
                ),
            ) from None
    if raw.startswith(b"\xef\xbb\xbf") or (not raw.isascii() and _is_utf8(raw)):
        # A code page reads any bytes: UTF-8 read as cp1258 would be recorded as mojibake, silently.
        line = 1 if raw.startswith(b"\xef\xbb\xbf") else raw.count(b"\n", 0, _first_non_ascii(raw)) + 1
        raise _not_in(
            path, line, _("is UTF-8 (CSV UTF-8), not {encoding}; give no --encoding").format(encoding=encoding)
        )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:  # the five bytes a Windows code page leaves undefined
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _not_in(
            path,
            line,
            _("is not {encoding}: byte {byte} means nothing in it").format(
                encoding=encoding, byte=f"0x{raw[exc.start]:02X}"
            ),
        ) from None
    # cp1258 writes Vietnamese tones as combining marks after the letter (ệ as ê + U+0323): the same
    # text as the NFC every data file holds.
    return unicodedata.normalize("NFC", text)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _first_non_ascii(raw: bytes) -> int:
    return next(index for index, byte in enumerate(raw) if byte > 0x7F)


def _not_in(path: Path, line: int, message: str) -> DataError:
    return DataError([Finding(Severity.ERROR, Location(path, line), "file", message)])


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    # Spreadsheets set to Vietnamese use `;` between cells, since `,` is their decimal mark.
    # Only the start of the header: the sniffer's patterns take minutes on a long line of quotes.
    first_line = text[:_SNIFFED_CHARACTERS].split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: list[str], path: Path) -> tuple[dict[str, int], list[Problem], list[Problem]]:
    """Where each known column is; the header's problems; and those that leave no row readable."""
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    where = Location(path, 1)
    for index, cell in enumerate(header):
        name = cell.strip().casefold().replace(" ", "_").replace("-", "_")
        name = _ALIASES.get(name, name)
        field = in_column("header", _letter(index))
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = (
                _("did you mean '{name}'?").format(name=close[0])
                if close
                else _("known columns: {names}").format(names=", ".join(COLUMNS))
            )
            problems.append(Problem(None, field, _("unknown column '{name}'").format(name=cell) + "; " + hint, where))
        elif name in columns:
            problems.append(Problem(None, field, _("column '{name}' appears twice").format(name=name), where))
        else:
            columns[name] = index
    fatal = []
    if "indicator" not in columns:
        fatal.append(Problem(None, "header", _("needs an 'indicator' column"), where))
    if "value" not in columns and "done" not in columns:
        fatal.append(Problem(None, "header", _("needs a 'value' or a 'done' column"), where))
    return columns, problems, fatal


def _entry(
    row: dict[str, str],
    origin: Location,
    letters: tuple[tuple[str, str], ...],
    quarter: Quarter | None,
    recorded_by: str | None,
) -> Entry:
    """The row as an Entry; cells that cannot be read are listed in its `unread`."""
    unread: list[tuple[str, str]] = []
    cell = {name: value or None for name, value in row.items()}
    if not cell.get("indicator"):
        unread.append(("indicator", _("is empty")))
    row_quarter = quarter
    if cell.get("quarter"):
        try:
            row_quarter = Quarter.parse(cell["quarter"] or "")
        except ValueError as exc:
            row_quarter = None
            unread.append(("quarter", str(exc)))
    elif quarter is None:
        unread.append(("quarter", _("is empty and no --quarter was given")))
    value = done = None
    percent = False
    if cell.get("value") and cell.get("done"):
        unread.append(("value", _("a row gives a value or a done date, not both")))
    elif cell.get("value"):
        try:
            value, percent = entered_figure(cell["value"] or "")
        except ValueError as exc:
            unread.append(("value", str(exc)))
    elif cell.get("done"):
        try:
            done = parse_entered_date(cell["done"] or "")
        except ValueError as exc:
            unread.append(("done", str(exc)))
    else:
        unread.append(("value" if dict(letters).get("value") else "done", _("is empty: give a value, or a done date")))
    return Entry(
        indicator=cell.get("indicator") or "",
        quarter=row_quarter,
        measure=cell.get("measure"),
        value=value,
        done=done,
        evidence=cell.get("evidence"),
        note=cell.get("note"),
        source=cell.get("source"),
        recorded_by=cell.get("recorded_by") or recorded_by,
        owner=cell.get("owner"),
        origin=origin,
        percent=percent,
        unread=tuple(unread),
        columns=letters,
    )


def _letter(column: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as a spreadsheet labels columns."""
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters

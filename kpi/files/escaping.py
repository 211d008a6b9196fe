"""Text made safe for the text formats kpi writes, in one place for every writer.

CSV and TSV: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula, and titles, notes and recorders' names come from anyone. As
OWASP recommends against CSV injection, such a cell is written with a leading `'`, which
spreadsheets show as text and do not display; a plain number is left alone.

Markdown: a `|` would end the cell and a newline the row; HTML in a title would reach the
reader's browser. Both are escaped.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence

from kpi.model.text import visible_controls

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d.,]*(?:\s?%)?")


def csv_cell(text: str) -> str:
    """The cell as a spreadsheet must show it: text, never a formula."""
    start = text.lstrip()  # indented report lines too: some spreadsheets ignore leading spaces
    if (text.startswith(FORMULA_STARTS) or start.startswith(FORMULA_STARTS)) and not _PLAIN_NUMBER.fullmatch(start):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str = ",", line_end: str = "\n") -> str:
    """A CSV (or, with a tab, TSV) table; every cell passes through `csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def markdown_cell(text: str) -> str:
    """The cell as one markdown table cell: HTML shown as text, no `|` or line break to split it."""
    flat = " ".join(text.splitlines())
    return html.escape(flat, quote=False).replace("|", "\\|")


def commit_line(text: str) -> str:
    """Text for one line of a commit message (its subject, a trailer's value): runs of white space
    (line breaks included) as one space, any other control character as its escape (`\\x1b`), so
    that no value can start a line of its own, forge a trailer or reach a terminal as a sequence."""
    return visible_controls(" ".join(text.split()), allowed="")


def commit_name(text: str) -> str:
    """A file name in a commit subject, as it is but for its line breaks and control characters,
    written as escapes (`\\n`, `\\x1b`): `q2\\nIndicator: B.1.csv` stays recognisably the odd name it is."""
    return "".join(_NAME_ESCAPES.get(c, c) for c in visible_controls(text, allowed="\n\r\t\u2028\u2029\x85"))


_NAME_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\x85"}

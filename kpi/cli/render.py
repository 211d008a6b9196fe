"""Turning computed rows into text: tables that fit the width (rich), csv/tsv, markdown/plain, JSON."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from kpi.files.escaping import csv_text, markdown_cell
from kpi.i18n import _
from kpi.model.numbers import format_number, format_percent

STATUS_STYLE = {
    "done": "green",
    "achieved": "green",
    "on track": "green",
    "pending": "cyan",
    "at risk": "yellow",
    "behind": "red",
    "moving away": "bold red",
    "overdue": "bold red",
    "not computable": "dim",
    "no data": "dim",
}


def number(value: Decimal | int | None, lang: str, places: int | None = None) -> str:
    return "–" if value is None else format_number(value, lang, places)


def percent(value: Decimal | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, lang)


def not_reported() -> str:
    """What a table says where a figure was expected and no record exists: never 0."""
    return _("not reported")


def status_word(status: str, lang: str) -> str:
    from kpi.model.vocabulary import Status
    from kpi.model.words import STATUS_WORDS

    return STATUS_WORDS[lang][Status(status)]


def bar(share: Decimal | None, elapsed: Decimal, width: int = 10) -> str:
    """Progress against the period, with `|` where time elapsed stands: `████▌····|·`."""
    if share is None:
        return ""
    filled = min(share, Decimal(1)) * width
    cells = ["█"] * int(filled) + (["▌"] if filled - int(filled) >= Decimal("0.5") else [])
    cells += ["·"] * (width - len(cells))
    marker = min(int(elapsed * width), width - 1)
    if cells[marker] == "·":
        cells[marker] = "|"
    return "".join(cells)


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading, how it aligns, and how it gives way to a narrow screen.

    `key` is the stable English name used as the csv/tsv header. `drop` orders the columns a
    narrow table leaves out: 1 goes first, then 2, ...; None is never left out. A `wraps` column
    (a title) takes the width the others leave and wraps its text into it."""

    header: str
    key: str = ""
    numeric: bool = False
    drop: int | None = None
    wraps: bool = False
    max_lines: int | None = None
    """A wrapping column shows at most this many lines, the last ending in `…` (not with `wide`)."""
    wrap_min: int | None = None
    """The narrowest a wrapping column may get (WRAP_MIN unless given): a status word of two lines."""


GAP = 2
"""Blank cells between two columns."""
WRAP_MIN = 24
"""The narrowest a wrapping column (a title) gets before lower-priority columns are dropped."""
WRAP_COMFORT = 48
"""Wider than this, a wrapping column yields room to headings that would otherwise wrap."""
RICH_ROW_LIMIT = 2000
"""Above this many rows the table is laid out without rich, one line a row: laying out 10 000 status
rows took rich 3.7 s, the plain layout 0.35 s."""


def table_width() -> int:
    """The terminal's width; `COLUMNS` when set, also when piped; else 80 when piped."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def colour_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(
    columns: Sequence[Column | str],
    rows: list[list[str]],
    output_format: str,
    styles: list[str | None] | None = None,
    title: str | None = None,
    wide: bool = False,
) -> str:
    """Render rows as text in a format. A cell may hold several lines (one per measure): a table
    stacks them, the text formats join them with ` · `.

    `table` fits the width (see `table_width`): lower-priority columns are dropped first, then the
    wrapping columns wrap; `wide` keeps every column and every title whole, however wide."""
    specs = [c if isinstance(c, Column) else Column(c) for c in columns]
    if output_format in ("csv", "tsv"):
        return csv_text(
            [c.key or c.header for c in specs],
            ([_one_line(cell) for cell in row] for row in rows),
            delimiter="," if output_format == "csv" else "\t",
        ).rstrip("\n")
    if output_format in ("markdown", "plain"):
        from tabulate import tabulate

        aligns = ["right" if c.numeric else "left" for c in specs]
        escape = markdown_cell if output_format == "markdown" else _one_line
        body = tabulate(
            [[escape(cell) for cell in row] for row in rows],
            headers=[escape(c.header) for c in specs],
            tablefmt="github" if output_format == "markdown" else "plain",
            disable_numparse=True,
            colalign=aligns,
        )
        return f"{title}\n\n{body}" if title and output_format == "plain" else body
    return _table(specs, rows, styles, title, wide)


def _one_line(cell: str) -> str:
    return " · ".join(cell.splitlines())


def _cell_width(text: str) -> int:
    return max((_display_width(line) for line in text.splitlines()), default=0)


# Characters rich gives one cell each: printable ASCII, Latin-1 and Latin Extended (but the soft
# hyphen), Vietnamese's precomposed letters (U+1E00-1EFF), dashes and quotes. A text of these alone
# is as wide as it is long; rich measures it a character at a time (a third of a 10 000-row table).
_SINGLE_WIDTH = re.compile("[\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u1e00-\u1eff\u2010-\u2027]*")


def _display_width(text: str) -> int:
    """Terminal cells the text takes, as rich counts them (combining marks take none, CJK two)."""
    if (text.isascii() and text.isprintable()) or _SINGLE_WIDTH.fullmatch(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _cut(text: str, width: int) -> str:
    """The text's first `width` cells, as rich's `set_cell_size` cuts it."""
    if _SINGLE_WIDTH.fullmatch(text):
        return text[:width]
    from rich.cells import set_cell_size

    return set_cell_size(text, width)


def _layout(specs: list[Column], rows: list[list[str]], width: int, wide: bool) -> tuple[list[int], list[int]]:
    """Which columns to show and how wide each is, so that the whole table fits in `width`."""
    natural = [max([_cell_width(row[i]) for row in rows] + [_header_min(c.header)]) for i, c in enumerate(specs)]
    shown = list(range(len(specs)))
    if wide:
        return shown, [max(natural[i], _cell_width(specs[i].header)) for i in shown]

    def fixed() -> int:
        wrapping = sum(min(natural[i], specs[i].wrap_min or WRAP_MIN) for i in shown if specs[i].wraps)
        return sum(natural[i] for i in shown if not specs[i].wraps) + wrapping + GAP * (len(shown) - 1)

    droppable = sorted((c.drop, i) for i, c in enumerate(specs) if c.drop is not None)
    while fixed() > width and droppable:
        shown.remove(droppable.pop(0)[1])
    wrap = [k for k, i in enumerate(shown) if specs[i].wraps]
    widths = [
        min(natural[i], specs[shown[k]].wrap_min or WRAP_MIN) if k in wrap else natural[i] for k, i in enumerate(shown)
    ]

    def room() -> int:
        return max(0, width - sum(widths) - GAP * (len(shown) - 1))

    def share(cap: int) -> None:  # the wrapping columns share the room, in proportion to what they would fill
        spare, wanted = room(), sum(min(natural[shown[k]], cap) - widths[k] for k in wrap)
        for k in wrap:
            more = min(natural[shown[k]], cap) - widths[k]
            widths[k] += min(more, more * spare // wanted) if wanted > 0 else 0

    for k in wrap:  # a column with its own minimum (a status word) takes its whole width first, where there is room
        if specs[shown[k]].wrap_min is not None:
            widths[k] += min(natural[shown[k]] - widths[k], room())
    share(WRAP_COMFORT)
    # Then a heading shows on one line where there is room for it, the shortest to widen first.
    for deficit, k in sorted((_cell_width(specs[i].header) - widths[k], k) for k, i in enumerate(shown)):
        if k not in wrap and 0 < deficit <= room():
            widths[k] += deficit
    share(max(natural))
    return shown, widths


def _header_min(header: str) -> int:
    return max((_cell_width(word) for word in header.split()), default=0)


def _table(
    specs: list[Column], rows: list[list[str]], styles: list[str | None] | None, title: str | None, wide: bool
) -> str:
    width = table_width()
    if not any(c.wraps for c in specs) and rows:
        # A table that says nothing of wrapping (find, log): its widest text column wraps.
        texts = [(max(_cell_width(row[i]) for row in rows), i) for i, c in enumerate(specs) if not c.numeric]
        if texts:
            widest = max(texts)[1]
            specs = [replace(c, wraps=True) if i == widest else c for i, c in enumerate(specs)]
    shown, widths = _layout(specs, rows, width, wide)
    colour = colour_wanted()
    rule = "─" if sys.stdout.isatty() else "-"  # piped: ASCII, so byte-wise tools (cut -c) cut cleanly
    if len(rows) > RICH_ROW_LIMIT:
        return _plain_table([specs[i] for i in shown], [[row[i] for i in shown] for row in rows], widths, title, rule)
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    total = sum(widths) + GAP * (len(widths) - 1)
    console = Console(
        file=io.StringIO(),
        width=max(width, total),
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        legacy_windows=False,
    )
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold" if colour else "",
        box=box.SIMPLE_HEAD if rule == "─" else _ascii_head(),
        show_edge=False,
        pad_edge=False,
        padding=(0, GAP - 1, 0, 0),
        header_style="bold" if colour else "",
        collapse_padding=False,
    )
    for i, w in zip(shown, widths):
        table.add_column(
            Text(specs[i].header), justify="right" if specs[i].numeric else "left", width=w, overflow="fold"
        )
    clipped = {i: (w, lines) for i, w in zip(shown, widths) if (lines := specs[i].max_lines) and not wide}
    for index, row in enumerate(rows):
        style = styles[index] if styles and colour else None
        cells = [_clip(row[i], *clipped[i]) if i in clipped else row[i] for i in shown]
        table.add_row(*(Text(cell) for cell in cells), style=style or "")
    console.print(table)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines if colour else (line.rstrip() for line in lines))


def _ascii_head() -> Any:
    from rich.box import Box

    return Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def _clip(text: str, width: int, max_lines: int) -> str:
    """Word-wrap text to `width` display cells; past `max_lines`, cut the last line with `…`."""
    from rich.cells import cell_len, set_cell_size

    lines: list[str] = []
    for word in text.split():
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) <= max_lines:
        return "\n".join(lines)
    last = lines[max_lines - 1]
    last = set_cell_size(last, width - 1).rstrip() if cell_len(last) >= width else last
    return "\n".join([*lines[: max_lines - 1], last + "…"])


def _plain_table(specs: list[Column], rows: list[list[str]], widths: list[int], title: str | None, rule: str) -> str:
    """The same columns as the rich table, one line a row (long titles cut with `…`), for tables
    too long to scroll through: laid out in one pass, without rich's measuring."""

    def line(cells: list[str]) -> str:
        parts = []
        for spec, w, cell in zip(specs, widths, cells):
            text = _one_line(cell)
            if _display_width(text) > w:
                text = _cut(text, w - 1) + "…"
            pad = " " * (w - _display_width(text))
            parts.append(pad + text if spec.numeric else text + pad)
        return (" " * GAP).join(parts).rstrip()

    headers = [_clip(c.header, w, 3).split("\n") for c, w in zip(specs, widths)]
    depth = max(len(h) for h in headers)
    headers = [[""] * (depth - len(h)) + h for h in headers]  # headings sit on the rule, as in rich
    out = [title] if title else []
    out += [line([h[n] for h in headers]) for n in range(depth)]
    out.append(rule * (sum(widths) + GAP * (len(widths) - 1)))
    out += [line(row) for row in rows]
    return "\n".join(out)


def dump_json(model: Any) -> str:
    return str(model.model_dump_json(indent=2))

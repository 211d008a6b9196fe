"""Turning computed rows into tables: rich on a terminal, tabulate for text formats, JSON via pydantic."""

from __future__ import annotations

import csv
import io
import os
import sys
from decimal import Decimal
from typing import Any

from kpi.numbers import format_number, format_percent

LABELS = {
    "en": {"id": "ID", "title": "Title", "owner": "Owner", "target": "Target", "to_date": "To date",
           "percent": "% of period", "pace": "Pace", "plan": "2018 plan", "status": "Status", "due": "Due",
           "days_late": "Days late", "what": "What", "program": "Program", "kind": "Kind",
           "status_title": "Status as of {}", "overdue_title": "Overdue as of {}"},
    "vi": {"id": "TT", "title": "Nội dung", "owner": "Đơn vị", "target": "Chỉ tiêu đến 2020", "to_date": "Lũy kế",
           "percent": "Tỷ lệ so với cả giai đoạn", "pace": "Tiến độ", "plan": "Kế hoạch 2018", "status": "Tình trạng",
           "due": "Thời hạn", "days_late": "Số ngày trễ", "what": "Nội dung trễ", "program": "Chương trình",
           "kind": "Loại", "status_title": "Tình hình thực hiện đến ngày {}", "overdue_title": "Quá hạn đến ngày {}"},
}
STATUS_STYLE = {"done": "green", "on track": "green", "pending": "cyan", "at risk": "yellow", "behind": "red",
                "overdue": "bold red", "not computable": "dim", "no data": "dim"}


def number(value: Decimal | None, lang: str, places: int | None = None) -> str:
    return "–" if value is None else format_number(value, lang, places)


def percent(value: Decimal | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, lang)


def status_word(status: str, lang: str) -> str:
    from kpi.reports.words import STATUS_WORDS
    from kpi.vocabulary import Status

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


RICH_ROW_LIMIT = 2000


def emit(headers: list[str], rows: list[list[str]], output_format: str, styles: list[str | None] | None = None,
         title: str | None = None) -> str | None:
    """Render rows in a text format. A `table` on a terminal is printed with rich (colour, unless
    NO_COLOR) and None is returned; otherwise the text is returned for the caller to print."""
    if output_format == "csv" or output_format == "tsv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if output_format == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if output_format in ("markdown", "plain"):
        from tabulate import tabulate

        return tabulate(rows, headers=headers, tablefmt="github" if output_format == "markdown" else "plain",
                        disable_numparse=True)
    if not sys.stdout.isatty() or len(rows) > RICH_ROW_LIMIT:
        # Piped, or more rows than anyone scrolls through: the same table as plain text,
        # without rich's measuring (10 000 rows took rich ten seconds).
        from tabulate import tabulate

        body = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
        return f"{title}\n\n{body}" if title else body
    from rich.console import Console
    from rich.table import Table

    console = Console(no_color="NO_COLOR" in os.environ or None, soft_wrap=False)
    table = Table(title=title, show_edge=False, header_style="bold", pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for index, row in enumerate(rows):
        style = styles[index] if styles and console.is_terminal else None
        table.add_row(*row, style=style)
    console.print(table)
    return None


def dump_json(model: Any) -> str:
    return str(model.model_dump_json(indent=2))

"""Options several commands share, declared once."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import typer


class OutputFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    tsv = "tsv"
    plain = "plain"
    json = "json"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def parse_date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2018-06-30") from None


AsOf = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE",
    help="Reporting date YYYY-MM-DD (default: reporting_date in data/settings.yaml, else today).")]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Labels and number format: vi (1.069; 39,89 %) or en.")]

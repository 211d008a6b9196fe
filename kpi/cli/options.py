"""Options several commands share, declared once."""

from __future__ import annotations

from datetime import date
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
    from kpi.dates import parse_entered_date

    try:
        return parse_entered_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOf = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE",
    help="Reporting date YYYY-MM-DD or DD/MM/YYYY (default: reporting_date in settings.yaml if set, else the end "
         "of the latest quarter with a recorded figure, else the end of the plan's last year of actuals).")]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Labels and number format: vi (1.069; 39,89 %) or en.")]
Wide = Annotated[bool, typer.Option(
    "--wide", help="Table: keep every column and whole titles, however wide (default: fit the terminal, or COLUMNS).")]

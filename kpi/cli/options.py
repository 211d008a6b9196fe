"""Options several commands share, declared once."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any

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
    help="Reporting date YYYY-MM-DD (default: reporting_date in data/settings.yaml, else today).")]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Labels and number format: vi (1.069; 39,89 %) or en.")]


def _catalogue_for_completion(ctx: typer.Context) -> Any:
    """The catalogue, for completing a word at the shell; None when there is none to read."""
    from pathlib import Path

    from kpi.datadir import find_data_dir
    from kpi.errors import KpiError
    from kpi.ledger import load_catalogue

    root = ctx.find_root()
    data = root.params.get("data") if root is not None else None
    try:
        return load_catalogue(find_data_dir(Path(data) if data else None))
    except (KpiError, OSError):
        return None


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Indicator and task IDs starting with what was typed, any case: `b.1<TAB>`."""
    catalogue = _catalogue_for_completion(ctx)
    if catalogue is None:
        return []
    ids = [i.id for i in catalogue.indicators] + [t.id for t in catalogue.tasks]
    return [item for item in ids if item.casefold().startswith(incomplete.casefold())]


def complete_program(ctx: typer.Context, incomplete: str) -> list[str]:
    catalogue = _catalogue_for_completion(ctx)
    codes = [p.code for p in catalogue.programs] if catalogue is not None else []
    return [code for code in codes if code.casefold().startswith(incomplete.casefold())]


def complete_owner(ctx: typer.Context, incomplete: str) -> list[str]:
    catalogue = _catalogue_for_completion(ctx)
    codes = [o.code for o in catalogue.owners] if catalogue is not None else []
    return [code for code in codes if code.casefold().startswith(incomplete.casefold())]

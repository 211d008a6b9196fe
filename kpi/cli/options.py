"""Options several commands share, declared once."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

import typer

from kpi.i18n import _


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
    help=_("Reporting date YYYY-MM-DD or DD/MM/YYYY (default: reporting_date in settings.yaml if set, else the end "
           "of the latest quarter with a recorded figure, else the end of the plan's last year of actuals)."))]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help=_("Output format."))]
Wide = Annotated[bool, typer.Option(
    "--wide", help=_("Table: keep every column and whole titles, however wide (default: fit the terminal, or COLUMNS)."))]


def run_language_option(ctx: typer.Context, param: typer.CallbackParam, value: Lang) -> Lang:
    # The commands declare `= Lang.vi`; unless --lang was given, the run's language stands
    # (KPI_LANG, then `language:` in settings.yaml: see kpi.cli.run_language).
    from typer._click.core import ParameterSource

    from kpi.i18n import language, set_language

    if param.name is not None and ctx.get_parameter_source(param.name) is ParameterSource.DEFAULT:
        return Lang(language())
    set_language(value.value)
    return value


LANG_HELP = _("Language of messages and numbers: vi (1.069; 39,89%) or en (1,069; 39.89%). "
              "Default: KPI_LANG, else language in settings.yaml, else vi.")
LangOption = Annotated[Lang, typer.Option("--lang", callback=run_language_option, show_default=False, help=LANG_HELP)]

"""`kpi show ID` and `kpi find TEXT`: one indicator in full, and a search over titles."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import AsOf, Format, Lang, LangOption, OutputFormat
from kpi.cli.shared import heading, load


@app.command()
def show(
    ctx: typer.Context,
    indicator_id: Annotated[str, typer.Argument(metavar="ID", help="Indicator ID, any case (b.1 finds B.1).")],
    as_of: AsOf = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="table (text) or json.")] = OutputFormat.table,
    lang: LangOption = Lang.vi,
) -> None:
    """Everything about one indicator: source text, measures, actuals, and the arithmetic spelled out."""
    from kpi.cli.render import dump_json
    from kpi.detail import describe
    from kpi.i18n import _

    ledger, when = load(ctx, as_of)
    detail = describe(ledger, indicator_id, when.day, lang.value).model_copy(update={"reporting_date": when})
    if output_format is OutputFormat.json:
        typer.echo(dump_json(detail))
        return
    typer.echo("\n".join([heading(_("As of {day}").format(day=when.day.isoformat()), when), *detail.lines()]))


@app.command()
def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to look for; diacritics optional ('dao tao' finds 'đào tạo').")],
    output_format: Format = OutputFormat.table,
) -> None:
    """Find indicators whose title or ID contains the words, ignoring Vietnamese diacritics."""
    from kpi.cli.render import emit
    from kpi.cli.shared import state_of
    from kpi.ledger import load_ledger
    from kpi.search import find_indicators

    ledger = load_ledger(state_of(ctx).data_dir())
    found = find_indicators(ledger, text)
    if output_format is OutputFormat.json:
        import json

        typer.echo(json.dumps([{"id": i.id, "title": i.title, "owner": i.owner} for i in found], ensure_ascii=False,
                              indent=2))
        return
    output = emit(["ID", "Title", "Owner"], [[i.id, i.title, i.owner] for i in found], output_format.value)
    if output is not None:
        typer.echo(output)
    raise typer.Exit(0 if found else 1)

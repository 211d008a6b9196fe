"""`kpi status`: where each indicator stands, with a summary per program."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import AsOf, Format, Lang, LangOption, OutputFormat, Wide, complete_owner, complete_program
from kpi.cli.shared import heading, load
from kpi.vocabulary import Kind, Status


@app.command()
def status(
    ctx: typer.Context,
    program: Annotated[list[str] | None, typer.Option("--program", "-p", metavar="CODE", autocompletion=complete_program, help="Program code (A-E, S5, S6); repeatable.")] = None,
    owner: Annotated[list[str] | None, typer.Option("--owner", "-u", metavar="CODE", autocompletion=complete_owner, help="Owner unit code; repeatable.")] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only indicators of this kind.")] = None,
    only: Annotated[Status | None, typer.Option("--status", help="Only rows with this status.")] = None,
    as_of: AsOf = None,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
    wide: Wide = False,
) -> None:
    """Percent of period, pace against time elapsed, 2018 plan progress and status, per indicator."""
    from kpi.cli.render import LABELS, dump_json, emit
    from kpi.cli.tables import status_table, summary_table
    from kpi.status import compute_status, filter_rows

    ledger, when = load(ctx, as_of)
    report = filter_rows(compute_status(ledger, when), ledger, program, owner, kind, only)
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
        return
    headers, rows, styles = status_table(report, lang.value, output_format.value)
    title = heading(LABELS[lang.value]["status_title"].format(when.day.isoformat()), when)
    typer.echo(emit(headers, rows, output_format.value, styles, title=title, wide=wide))
    if output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain):
        headers, rows = summary_table(report, lang.value)
        typer.echo("\n" + emit(headers, rows, output_format.value, wide=wide))

"""`kpi overdue`: what is late, most overdue first, grouped by owner."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import AsOf, Format, Lang, LangOption, OutputFormat, Owners, Wide, YearOption
from kpi.cli.shared import heading, load
from kpi.i18n import _


@app.command(help=_("Milestones past their deadline quarter and not recorded done; plans of the year due and unmet."))
def overdue(
    ctx: typer.Context,
    owner: Owners = None,
    as_of: AsOf = None,
    year: YearOption = None,
    fail_if_any: Annotated[bool, typer.Option("--fail-if-any", help=_("Exit 1 when anything is overdue."))] = False,
    due_soon: Annotated[
        bool,
        typer.Option(
            "--due-soon", help=_("Instead: milestones due by the end of the reporting date's quarter and not done yet.")
        ),
    ] = False,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
    wide: Wide = False,
) -> None:
    from kpi.cli.render import dump_json, emit
    from kpi.cli.tables import overdue_table
    from kpi.compute.overdue import compute_overdue, filter_by_owner

    ledger, when = load(ctx, as_of, year)
    if due_soon:
        from kpi.cli.tables import due_soon_table
        from kpi.compute.overdue import compute_due_soon

        soon = filter_by_owner(compute_due_soon(ledger, when), ledger, owner)
        if output_format is OutputFormat.json:
            typer.echo(dump_json(soon))
        else:
            headers, rows = due_soon_table(soon, lang.value)
            typer.echo(
                emit(headers, rows, output_format.value, title=heading(_("Due soon as of {day}"), when), wide=wide)
            )
        raise typer.Exit(1 if fail_if_any and soon.items else 0)
    report = filter_by_owner(compute_overdue(ledger, when), ledger, owner)
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
    else:
        headers, rows = overdue_table(report, lang.value)
        title = heading(_("Overdue as of {day}"), when)
        typer.echo(emit(headers, rows, output_format.value, title=title, wide=wide))
    raise typer.Exit(1 if fail_if_any and report.items else 0)

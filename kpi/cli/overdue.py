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
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
    wide: Wide = False,
) -> None:
    from kpi.cli.render import dump_json, emit
    from kpi.cli.tables import overdue_table
    from kpi.compute.status import compute_overdue, filter_overdue

    ledger, when = load(ctx, as_of, year)
    report = filter_overdue(compute_overdue(ledger, when), ledger, owner)
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
    else:
        headers, rows = overdue_table(report, lang.value)
        title = heading(_("Overdue as of {day}"), when)
        typer.echo(emit(headers, rows, output_format.value, title=title, wide=wide))
    raise typer.Exit(1 if fail_if_any and report.items else 0)

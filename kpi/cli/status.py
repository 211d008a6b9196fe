"""`kpi status`: where each indicator stands, with a summary per program."""

from __future__ import annotations

import typer

from kpi.cli import app
from kpi.cli.options import (
    AsOf,
    Format,
    KindOption,
    Lang,
    LangOption,
    OutputFormat,
    Owners,
    Programs,
    StatusOption,
    Wide,
    YearOption,
)
from kpi.cli.shared import heading, load, settled_data_dir
from kpi.i18n import _


@app.command(
    help=_("Percent of period, pace against time elapsed, progress on the year's plan and status, per indicator.")
)
def status(
    ctx: typer.Context,
    program: Programs = None,
    owner: Owners = None,
    kind: KindOption = None,
    only: StatusOption = None,
    as_of: AsOf = None,
    year: YearOption = None,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
    wide: Wide = False,
) -> None:
    from kpi.cli.render import dump_json, emit
    from kpi.cli.tables import PROVISIONAL_MARK, status_table, summary_table
    from kpi.compute.status import compute_status, filter_rows
    from kpi.compute.year_actuals import provisional_years

    ledger, when = load(ctx, as_of, year)
    report = filter_rows(compute_status(ledger, when), ledger, program, owner, kind, only)
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
        return
    headers, rows, styles = status_table(report, lang.value, output_format.value)
    title = heading(_("Status as of {day}"), when)
    typer.echo(emit(headers, rows, output_format.value, styles, title=title, wide=wide))
    unclosed = sorted(
        {y for row in report.rows for m in row.measures for y in provisional_years(m.actual_basis, report.as_of)}
    )
    if unclosed and output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain):
        typer.echo(
            "\n"
            + _(
                "{mark} provisional: counts the actuals of {years} worked out from the quarters; not closed yet "
                "(kpi year close)"
            ).format(mark=PROVISIONAL_MARK, years=", ".join(map(str, unclosed)))
        )
    if output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain):
        headers, rows = summary_table(report, lang.value)
        typer.echo("\n" + emit(headers, rows, output_format.value, wide=wide))
        if not program and not kind and not only:  # a line per unit: who has reported for the quarter
            from kpi.cli.tables import reporting_lines
            from kpi.compute.history_days import days_from_history
            from kpi.compute.reporting import reporting
            from kpi.model.quarters import Quarter

            current = Quarter.containing(when.day)
            history = days_from_history(settled_data_dir(ctx), ledger, current)
            lines = reporting_lines(reporting(ledger, current, owner, history), lang.value)
            if lines:
                typer.echo("\n" + "\n".join(lines))

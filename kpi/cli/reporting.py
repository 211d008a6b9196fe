"""`kpi reporting`: who has reported for a quarter, on time or late, and what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Format, Lang, LangOption, OutputFormat, Owners, QuarterOption, Wide
from kpi.cli.shared import chosen_quarter, load, settled_data_dir
from kpi.i18n import _, language
from kpi.model.quarters import quarter_words

if TYPE_CHECKING:
    from kpi.model.quarters import Quarter

TEXT_FORMATS = (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain)


@app.command(
    help=_(
        "Per owner unit, the figures and milestones a quarter expects, how many are recorded, on time "
        "(by the due day in settings: reporting.due_days after the quarter ends) or late, and which are missing."
    )
)
def reporting(
    ctx: typer.Context,
    quarter: QuarterOption = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            min=1900,
            max=2200,
            help=_("Every quarter of this year side by side: recorded of expected, and the rate, per unit."),
        ),
    ] = None,
    owner: Owners = None,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
    wide: Wide = False,
) -> None:
    from kpi.cli.render import dump_json, emit
    from kpi.cli.tables import missing_table, reporting_grid, reporting_table
    from kpi.compute.history_days import days_from_history
    from kpi.compute.reporting import reporting as compute_reporting
    from kpi.compute.reporting import reporting_year
    from kpi.errors import UsageError
    from kpi.model.words import date_words

    ledger, when = load(ctx, None)
    data_dir = settled_data_dir(ctx)
    if year is not None:
        if quarter:
            raise UsageError(_("give --quarter or --year, not both"))
        from kpi.ledger.rules import quarter_problems
        from kpi.model.quarters import Quarter

        outside = quarter_problems(ledger.in_force(Quarter(year, 4).last_day).catalogue.plan, Quarter(year, 1))
        if outside:
            raise UsageError(outside[0])
        grid = reporting_year(ledger, year, owner, lambda each: days_from_history(data_dir, ledger, each))
        if output_format is OutputFormat.json:
            typer.echo(dump_json(grid))
            return
        if all(each.before_plan for each in grid.quarters) and output_format in TEXT_FORMATS:
            typer.echo(_before_plan(year, ledger.plans[0].plan.year))
            return
        headers, rows = reporting_grid(grid, when.day, lang.value)
        title = _("Reporting in {year}: recorded of expected, and the rate").format(year=year)
        typer.echo(emit(headers, rows, output_format.value, title=title, wide=wide))
        return
    wanted = chosen_quarter(quarter, when, ledger)
    report = compute_reporting(ledger, wanted, owner, days_from_history(data_dir, ledger, wanted))
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
        return
    if report.before_plan and output_format in TEXT_FORMATS:
        typer.echo(_before_plan(wanted.year, ledger.plans[0].plan.year))
        return
    title = _("Reporting for {quarter} (due {day})").format(
        quarter=quarter_words(report.quarter, lang.value), day=date_words(report.due, lang.value)
    )
    headers, rows = reporting_table(report, lang.value)
    typer.echo(emit(headers, rows, output_format.value, title=title, wide=wide))
    if output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain):
        headers, rows = missing_table(report)
        if rows:
            typer.echo("\n" + emit(headers, rows, output_format.value, title=_("Missing"), wide=wide))
        for line in _approved_without(data_dir, wanted, owner):
            typer.echo("\n" + line)


def _approved_without(data_dir: Path, quarter: Quarter, owners: list[str] | None) -> list[str]:
    """`2018-Q2 was approved by … on … without everything from: QLKH (19 of 19 missing)`: what
    approvals.yaml says each approval in force for the quarter accepted as missing."""
    from kpi.compute.approvals import in_force
    from kpi.files.approvals_file import load_approvals
    from kpi.model.words import date_words
    from kpi.ops.approve import missing_text

    wanted = {code.casefold() for code in owners or []}
    lines = []
    for event in in_force(load_approvals(data_dir)):
        units = [unit for unit in event.missing if not wanted or unit.owner.casefold() in wanted]
        if event.quarter != quarter or not units:
            continue
        lines.append(
            _("{quarter} was approved by {by} on {day} without everything from: {units}").format(
                quarter=quarter_words(quarter, language()),
                by=event.by,
                day=date_words(event.at.date(), language()),
                units=missing_text(units),
            )
        )
    return lines


def _before_plan(year: int, first: int) -> str:
    """Why a year before the first plan's expects nothing of the units."""
    return _(
        "Nothing is expected of the units in {year}: the reporting cycle starts with the first plan ({first}), "
        "which states the actuals of the years before it."
    ).format(year=year, first=first)

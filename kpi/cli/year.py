"""`kpi year open YEAR`: prepare the new year's plan file from the one before it."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.framework import LocalisedGroup, LocalisedTyper
from kpi.cli.shared import settled_data_dir
from kpi.i18n import _, ngettext

year_app = LocalisedTyper(
    cls=LocalisedGroup,
    name="year",
    help=_("Yearly plans: prepare the plan of a new year from the one before it."),
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(year_app)


@year_app.command(
    "open",
    help=_(
        "Write data/plan<YEAR>.yaml from the latest plan before it: every indicator still open, last year's "
        "actual from the recorded quarters, the new plan figures left blank for the office to fill in, "
        "retired indicators and milestones done left out."
    ),
)
def open_year(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(metavar="YEAR", min=1900, max=2200, help=_("The year of the new plan."))],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Print the prepared plan instead of writing it."))
    ] = False,
) -> None:
    from kpi.compute.ledger import load_ledger
    from kpi.ops.year_open import prepare_plan, write_plan

    data_dir = settled_data_dir(ctx)
    prepared = prepare_plan(load_ledger(data_dir), year)
    if dry_run:
        typer.echo(prepared.text, nl=False)
        return
    path = write_plan(data_dir, prepared)
    typer.echo(
        _(
            "wrote {path}: {carried} carried over from the {previous} plan, {done} done and {retired} retired left out"
        ).format(
            path=path,
            carried=ngettext("{count} indicator", "{count} indicators", len(prepared.carried)).format(
                count=len(prepared.carried)
            ),
            previous=prepared.previous,
            done=len(prepared.done),
            retired=len(prepared.retired),
        )
    )
    typer.echo(
        ngettext(
            "next: fill in {count} plan figure for {year} (marked in the file), then the plan's number and date",
            "next: fill in {count} plan figures for {year} (marked in the file), then the plan's number and date",
            prepared.blanks,
        ).format(count=prepared.blanks, year=year)
    )

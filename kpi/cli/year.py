"""`kpi year open YEAR`: prepare the new year's plan file from the one before it."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.framework import LocalisedGroup, LocalisedTyper
from kpi.cli.options import Lang, LangOption
from kpi.cli.shared import settled_data_dir
from kpi.files.datadir import plan_file_name
from kpi.i18n import _, language, ngettext

year_app = LocalisedTyper(
    cls=LocalisedGroup,
    name="year",
    help=_(
        "Yearly plans: prepare the plan of a new year from the one before it; close a year once its quarters are in."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(year_app)


@year_app.callback()
def year_group(lang: LangOption = Lang.vi) -> None:
    # --lang before the subcommand (kpi year --lang en close 2018), as after it.
    pass


@year_app.command(
    "open",
    help=_(
        "Write data/plan<YEAR>.yaml from the latest plan before it: every indicator still open, the new plan "
        "figures left blank for the office to fill in, retired indicators and milestones done left out. Last "
        "year is not frozen: its actual stays worked out from its quarters (provisional) until kpi year close. "
        "Refused while the plan before it still has blank plan figures."
    ),
)
def open_year(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(metavar="YEAR", min=1900, max=2200, help=_("The year of the new plan."))],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Print the prepared plan instead of writing it."))
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    from kpi.ledger.load import load_ledger
    from kpi.ops.year_open import prepare_plan, write_plan

    data_dir = settled_data_dir(ctx)
    prepared = prepare_plan(load_ledger(data_dir), year)
    for unclosed in prepared.unclosed:
        typer.echo(
            _(
                "warning: {year} is not closed: its actuals are still worked out from its quarters (provisional); "
                "close it with kpi year close {year}"
            ).format(year=unclosed),
            err=True,
        )
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


@year_app.command(
    "close",
    help=_(
        "Close YEAR: write each measure's year figure, worked out from its four quarters, into "
        "data/plan<YEAR>.yaml as the official one (actual_basis: quarters). Until then the year's actuals "
        "are provisional. Refused (exit 2, every missing figure named: unit, indicator, measure, quarter) "
        "while an expected quarterly figure is missing and its quarter is not approved for its unit, unless "
        "it is named with --missing or --accept-missing. A figure entered by hand in a plan is kept. Run "
        "again after a correction, it rewrites the figures it wrote."
    ),
)
def close_year(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(metavar="YEAR", min=1900, max=2200, help=_("The year to close."))],
    missing: Annotated[
        list[str] | None,
        typer.Option(
            "--missing",
            metavar="ID[:MEASURE][@QUARTER]",
            help=_(
                "A missing figure to close the year without, as it is named when refused: B.1 (every missing "
                "quarter of B.1), B.1:firms, B.1@2018-Q4, B.1:firms@2018-Q4. Repeatable."
            ),
        ),
    ] = None,
    accept_missing: Annotated[
        bool,
        typer.Option(
            "--accept-missing", help=_("Close the year without every missing figure, each listed as it closes.")
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Say what would be written; write nothing."))] = False,
    commit: Annotated[
        bool | None,
        typer.Option(
            "--commit/--no-commit",
            help=_(
                "Commit the closed plan to git, so kpi log shows it (default: when the data lies in a git work tree)."
            ),
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME", help=_("Who (default: git's user name, else the login name).")),
    ] = None,
    lang: LangOption = Lang.vi,
) -> None:
    from datetime import date

    from kpi.cli.approve import committing
    from kpi.errors import Location
    from kpi.ledger.load import load_ledger
    from kpi.model.numbers import format_number
    from kpi.ops.recording import who_records
    from kpi.ops.year_close import close_year as closing_of
    from kpi.ops.year_close import write_closing

    data_dir = settled_data_dir(ctx)
    written_in = language()
    ledger = load_ledger(data_dir)
    closing = closing_of(data_dir, ledger, year, missing or [], accept_missing, date.today())

    def label(indicator: str, measure: str) -> str:
        """The measure's name as a person reads it, from the plan that has it."""
        for plan in reversed(ledger.plans):
            if plan.indicator(indicator) is not None:
                return plan.measure_label(indicator, measure) or measure
        return measure

    for item in closing.missing:
        typer.echo(_("closed without: {item}").format(item=item.words()))
    for indicator, measure, value, plan_year in closing.kept:
        typer.echo(
            _("kept: {indicator} ({measure}) {year} = {value}, official, entered by hand in {file}").format(
                indicator=indicator,
                measure=label(indicator, measure),
                year=year,
                value=format_number(value, written_in),
                file=plan_file_name(plan_year),
            )
        )
    for figure in closing.figures:
        if figure.previous is not None and figure.previous != figure.value:
            typer.echo(
                _("changed: {indicator} ({measure}) {year} = {value}, was {previous}").format(
                    indicator=figure.indicator,
                    measure=label(figure.indicator, figure.measure),
                    year=year,
                    value=format_number(figure.value, written_in),
                    previous=format_number(figure.previous, written_in),
                )
            )
    if not closing.changed:
        typer.echo(
            _("{year} is closed: {file} already holds its {count} figures; nothing to change").format(
                year=year, file=Location(closing.path), count=len(closing.figures)
            )
        )
        return
    if dry_run:
        typer.echo(
            _("would close {year}: {count} figures from the quarters into {file}; nothing written (--dry-run)").format(
                year=year, count=len(closing.figures), file=Location(closing.path)
            )
        )
        return
    committed = write_closing(data_dir, closing, by or who_records(data_dir), committing(data_dir, commit))
    typer.echo(
        ngettext(
            "closed {year}: {count} figure from the quarters written into {file} (actual_basis: quarters)",
            "closed {year}: {count} figures from the quarters written into {file} (actual_basis: quarters)",
            len(closing.figures),
        ).format(year=year, count=len(closing.figures), file=Location(closing.path))
    )
    if committed:
        typer.echo(_("committed {commit}").format(commit=committed[:12]))

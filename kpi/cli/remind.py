"""`kpi remind`: reminder drafts for the units that still owe figures, one text and one .eml each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Owners, QuarterOption
from kpi.cli.shared import chosen_quarter, load
from kpi.i18n import _


@app.command(
    help=_(
        "Write a reminder for each owner unit that still owes figures or milestones for a quarter, or is late: "
        "a text file and an .eml draft (To from reminders.addresses in settings). kpi sends nothing."
    )
)
def remind(
    ctx: typer.Context,
    quarter: QuarterOption = None,
    owner: Owners = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="DIR", help=_("Folder for the drafts (default: reminders/QUARTER).")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Write over drafts already there."))] = False,
) -> None:
    from datetime import datetime

    from kpi.compute.reminders import reminders
    from kpi.ops.remind import write_reminders

    ledger, when = load(ctx, None)
    wanted = chosen_quarter(quarter, when)
    drafts = reminders(ledger, wanted, when.day, owner)
    if not drafts:
        typer.echo(_("nothing to remind anyone of for {quarter}").format(quarter=wanted))
        return
    folder = output if output is not None else Path("reminders") / str(wanted)
    now = datetime.now().astimezone().replace(microsecond=0)
    for path in write_reminders(drafts, folder, ledger.settings.reminders.sender, now, force):
        typer.echo(_("wrote {path}").format(path=path))

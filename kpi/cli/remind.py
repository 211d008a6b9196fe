"""`kpi remind`: reminder drafts for the units that still owe figures, one text and one .eml each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Lang, LangOption, Owners, QuarterOption
from kpi.cli.shared import chosen_quarter, load, state_of
from kpi.i18n import _


@app.command(
    help=_(
        "Write a reminder for each owner unit that still owes figures or milestones for a quarter, or is late: "
        "the office's letter (.docx), a text file and an .eml draft (To from reminders.addresses in settings; a "
        "unit without an address is named, and its draft has no To), with the unit's form (kpi form) beside them "
        "and attached. kpi sends nothing."
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
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=_(
                "Judge what is late at this date, YYYY-MM-DD or DD/MM/YYYY (default: the quarter's last day); "
                "e.g. the day after the due day, for a second reminder."
            ),
        ),
    ] = None,
    lang: LangOption = Lang.vi,  # the drafts' language: read by kpi.cli.main before the command runs
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            metavar="NUMBER",
            help=_(
                "The letter's number: 15 (followed by reminders.symbol in settings.yaml) or whole, 15/SKHCN-KHTC "
                "(default: a blank to fill in)."
            ),
        ),
    ] = None,
    signed: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=_("The letter's date, YYYY-MM-DD or DD/MM/YYYY (default: a blank to fill in)."),
        ),
    ] = None,
) -> None:
    from datetime import datetime

    from kpi.cli.options import parse_date
    from kpi.compute.forms import form_content
    from kpi.compute.reminders import reminders
    from kpi.i18n import language
    from kpi.ops.form import form_workbook
    from kpi.ops.remind import write_reminders

    judged = parse_date(as_of) if as_of else None
    letter_day = parse_date(signed) if signed is not None else None
    ledger, when = load(ctx, None)  # the data's date picks the quarter when none is given
    data_dir = state_of(ctx).data_dir()
    wanted = chosen_quarter(quarter, when, ledger)
    drafts = reminders(ledger, wanted, judged, owner)
    if not drafts:
        typer.echo(_("nothing to remind anyone of for {quarter}").format(quarter=wanted))
        return
    folder = output if output is not None else Path("reminders") / str(wanted)
    now = datetime.now().astimezone().replace(microsecond=0)
    sender = ledger.settings.reminders.sender
    # A unit gets its form with the reminder, to fill in and send back, when the form asks for something:
    # the quarter's figures and milestones, or a milestone late at the quarter's end.
    contents = [form_content(ledger, data_dir, draft.owner, wanted) for draft in drafts]
    forms = {content.owner: form_workbook(content, language(), now, sender) for content in contents if content.rows}
    from kpi.ops.letter import Office
    from kpi.reports.document import issuer_under

    plan, document = ledger.catalogue.plan, ledger.settings.document
    office = Office(
        governing_body=plan.governing_body,
        issuer=issuer_under(plan.issuer, plan.governing_body),  # the city is the line above's
        symbol=ledger.settings.reminders.symbol,
        place=(document.place_en if language() == "en" else None) or document.place,
        authority=document.signer.authority,
        position=document.signer.position,
        name=document.signer.name,
        number=number,
        signed=letter_day,
    )
    missing = [draft for draft in drafts if not draft.address]
    if missing:  # said before writing: the drafts are still written, with the addresses there are
        typer.echo(
            "kpi: "
            + _(
                "warning: no e-mail address for {units} (reminders.addresses in settings.yaml); "
                "their drafts have no recipient: add it there, or in the draft before sending"
            ).format(units=", ".join(f"{draft.name} ({draft.owner})" for draft in missing)),
            err=True,
        )
    for path in write_reminders(drafts, folder, sender, now, force, forms, office):
        typer.echo(_("wrote {path}").format(path=path))

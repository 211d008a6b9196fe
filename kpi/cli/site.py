"""`kpi site`: the ledger at a reporting date as a static website, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli.framework import command
from kpi.cli.options import AsOf, Lang, LangOption, YearOption
from kpi.cli.shared import load, progress, settled_data_dir, warn_changed_approvals
from kpi.i18n import _, ngettext


@command(
    help=_(
        "A static website of the plan at the reporting date, for the director: an overview (status by program "
        "and unit, what is overdue, who has reported, what changed since the previous quarter), a page per "
        "program, unit and indicator with its figures over time, and a search. Both languages, linked; nothing "
        "is fetched from the internet: open index.html from the folder, or copy the folder to any web server."
    )
)
def site(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FOLDER", file_okay=False, help=_("Write the site into this folder.")),
    ],
    as_of: AsOf = None,
    year: YearOption = None,
    lang: LangOption = Lang.vi,
    force: Annotated[bool, typer.Option("--force", help=_("Replace FOLDER if it holds anything."))] = False,
) -> None:
    from kpi.compute.asof import day_text
    from kpi.files.outputs import check_site_folder
    from kpi.i18n import LANGUAGES
    from kpi.reports.gather import site as gather_site
    from kpi.reports.site import render_site, write_site

    check_site_folder(output, force)  # before the work, not after it
    with progress() as step:
        step(_("reading the data"), 0, 3)
        ledger, when = load(ctx, as_of, year)
        data_dir = settled_data_dir(ctx)
        step(_("computing status"), 1, 3)
        languages = (lang.value, *(other for other in LANGUAGES if other != lang.value))
        gathered = gather_site(ledger, when, data_dir, languages)
        warn_changed_approvals(data_dir, gathered.changed)
        pages = write_site(output, render_site(gathered.data, lang.value, step), force)
    typer.echo(
        "kpi: "
        + _("wrote {folder} ({pages}, as of {day})").format(
            folder=output,
            pages=ngettext("{count} page", "{count} pages", pages).format(count=pages),
            day=day_text(when.day),
        ),
        err=True,
    )

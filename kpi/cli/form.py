"""`kpi form`: a unit's quarterly form, an Excel workbook it fills in and sends back to `kpi record --from`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Lang, LangOption, QuarterOption, complete_owner
from kpi.cli.shared import chosen_quarter, load, state_of
from kpi.i18n import _, ngettext
from kpi.model.quarters import quarter_words


@app.command(
    help=_(
        "Write one owner unit's form for a quarter: an Excel workbook with a row for each figure and milestone "
        "the quarter expects of it, then for each of its milestones late by the quarter's end (unit, target, "
        "plan, the last figures recorded), validated input cells, "
        "everything else locked, and instructions, in the run's language (--lang en for English). The unit fills "
        "it in; kpi record --from FILE.xlsx imports it.\n\nExample:\n\n  kpi form --owner QLCN --quarter 2018-Q2 -o QLCN-2018-Q2.xlsx"
    )
)
def form(
    ctx: typer.Context,
    owner: Annotated[
        str,
        typer.Option(
            "--owner", "-u", metavar="CODE", autocompletion=complete_owner, help=_("The owner unit the form is for.")
        ),
    ],
    quarter: QuarterOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE.xlsx", help=_("Where to write it (default: OWNER-QUARTER.xlsx, here).")
        ),
    ] = None,
    lang: LangOption = Lang.vi,
    force: Annotated[bool, typer.Option("--force", help=_("Replace FILE if it exists."))] = False,
) -> None:
    from datetime import datetime

    from kpi.compute.forms import form_content
    from kpi.ops.form import form_workbook, refuse_overwrite, write_form

    ledger, when = load(ctx, None)
    wanted = chosen_quarter(quarter, when, ledger)
    content = form_content(ledger, state_of(ctx).data_dir(), owner, wanted)
    path = output if output is not None else Path(f"{content.owner}-{wanted}.xlsx")
    if path.suffix.lower() != ".xlsx":  # a workbook under another name would be read back as CSV
        from kpi.errors import UsageError

        raise UsageError(_("a form is an Excel workbook: name it FILE.xlsx, not {name}").format(name=path.name))
    refuse_overwrite(path, force)
    if not content.rows:
        typer.echo(
            "kpi: "
            + _("{quarter} expects nothing of {owner}; no form written").format(
                quarter=quarter_words(wanted), owner=content.owner
            ),
            err=True,
        )
        return
    now = datetime.now().astimezone().replace(microsecond=0)
    write_form(path, form_workbook(content, lang.value, now, ledger.settings.reminders.sender), force)
    typer.echo(
        ngettext(
            "wrote {path}: {count} row for {owner}, {quarter}",
            "wrote {path}: {count} rows for {owner}, {quarter}",
            len(content.rows),
        ).format(path=path, count=len(content.rows), owner=content.owner, quarter=quarter_words(wanted))
    )

"""`kpi undo`: take back the last recording by a new commit (never a rewrite of history)."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Lang, LangOption
from kpi.cli.shared import settled_data_dir
from kpi.i18n import _


@app.command(
    short_help=_("Take back the last recording, by a new commit."),
    help=_(
        "Take back the last recording (the newest commit that changed the actuals, when kpi record made it) "
        "by a new commit that puts its files back as they were; kpi log lists it. Refused when that quarter is "
        "approved, or when the newest change to the actuals was not made by kpi record."
    ),
)
def undo(
    ctx: typer.Context,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME", help=_("Who undoes (default: settings, git user.name, login name).")),
    ] = None,
    lang: LangOption = Lang.vi,  # the messages' language: read by kpi.cli.main before the command runs
) -> None:
    from kpi.ledger.load import load_settings
    from kpi.ops.recording import who_records
    from kpi.ops.undo import undo_last

    data_dir = settled_data_dir(ctx, strict=True)
    who = by or load_settings(data_dir).record.recorded_by or who_records(data_dir)
    undone = undo_last(data_dir, who)
    if undone.settled is not None:
        typer.echo("kpi: " + undone.settled.notice(), err=True)
    change = undone.change
    typer.echo(
        _("undone: {subject} (commit {commit}, by {author}); put back as before: {files}").format(
            subject=change.subject,
            commit=change.commit[:12],
            author=change.author,
            files=", ".join(_shown(path) for path in undone.files),
        )
    )
    typer.echo(_("committed {commit}").format(commit=undone.commit[:12]))


def _shown(path: object) -> str:
    from pathlib import Path

    from kpi.errors import Location

    return str(Location(path)) if isinstance(path, Path) else str(path)

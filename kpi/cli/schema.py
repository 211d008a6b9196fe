"""`kpi schema`: write the JSON Schema of the data files, generated from the models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli.framework import command
from kpi.cli.options import Lang, LangOption
from kpi.cli.shared import state_of
from kpi.i18n import _


@command(help=_("Write JSON Schema for the plan files and the actuals files, so editors and CI validate them."))
def schema(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="DIR", help=_("Folder to write to (default: schemas/ beside the data folder).")
        ),
    ] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help=_("Write nothing; exit 1 if the files are stale."))
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    from kpi.files.schemas import stale_schemas, write_schemas

    folder = output if output is not None else state_of(ctx).data_dir().resolve().parent / "schemas"
    if check_only:
        stale = stale_schemas(folder)
        for path in stale:
            typer.echo("kpi: " + _("{path} is stale; run `kpi schema`").format(path=path), err=True)
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(folder):
        typer.echo(str(path))

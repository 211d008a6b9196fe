"""`kpi export`: the ledger for other tools, as a Frictionless Data Package and a SQLite database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli.framework import command
from kpi.cli.options import AsOf, Lang, LangOption, YearOption
from kpi.cli.shared import load, state_of
from kpi.exports.write import ExportFormat
from kpi.i18n import _


@command(
    help=_(
        "Write the ledger for other tools: every plan, record and approval, and the status at the reporting "
        "date, as a Frictionless Data Package (datapackage.json and a CSV per table) and a SQLite database "
        "(kpi.sqlite), side by side in one folder."
    )
)
def export(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", file_okay=False, help=_("Folder to write the export in.")),
    ] = Path("export"),
    formats: Annotated[
        list[ExportFormat] | None,
        typer.Option(
            "--format", "-f", metavar="[datapackage|sqlite]", help=_("Only this format; repeatable (default: both).")
        ),
    ] = None,
    as_of: AsOf = None,
    year: YearOption = None,
    lang: LangOption = Lang.vi,
    force: Annotated[bool, typer.Option("--force", help=_("Replace files of an earlier export."))] = False,
) -> None:
    from kpi.exports.build import build_export
    from kpi.exports.write import export_files, file_names, refuse_overwrite, write_export

    chosen = formats or list(ExportFormat)
    refuse_overwrite(output, file_names(chosen), force)  # before the work, not after it
    ledger, when = load(ctx, as_of, year)
    files = export_files(build_export(ledger, state_of(ctx).data_dir(), when), chosen)
    for path in write_export(output, files, force):
        typer.echo(_("wrote {path}").format(path=path))

"""`kpi check`: validate the catalogue and the actuals, reporting every finding."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kpi.cli.framework import command
from kpi.cli.options import Lang, LangOption
from kpi.cli.shared import state_of
from kpi.i18n import _


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


@command(
    help=_("Validate the plan catalogue and the recorded actuals.")
    + "\n\n"
    + _(
        "Every finding is listed as FILE:LINE:COL: error|warning|note: FIELD: MESSAGE, with the offending line and a "
        "caret; a note (a corrected reading of the source, say) is for the record. Exit 0 when clean or only warnings "
        "and notes, 1 on errors (or warnings with --strict), 2 when a file cannot be read at all."
    )
)
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH", help=_("Files or folders to check (default: the catalogue and every file under actuals/).")
        ),
    ] = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", "-f", help=_("text or json."))] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help=_("Treat warnings as errors (exit 1)."))] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help=_("Errors only: no warnings (unless --strict), no summary line."))
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    from kpi.cli.render_findings import exit_code, render_json, render_text
    from kpi.compute.checks import check as run_check

    state = state_of(ctx)
    data_dir = state.data_dir() if not paths else (state.data or Path("data"))
    report = run_check(data_dir, paths)
    if output_format is CheckFormat.json:
        typer.echo(render_json(report))
    else:
        render_text(report, quiet=quiet, strict=strict)
    raise typer.Exit(exit_code(report, strict))

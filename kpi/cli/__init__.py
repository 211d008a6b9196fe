"""The `kpi` command: parse arguments, call the core, render. Nothing else lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi import __version__
from kpi.cli.shared import KpiGroup, State

app = typer.Typer(
    cls=KpiGroup,
    name="kpi",
    help="A KPI ledger over flat YAML files: the plan catalogue, quarterly actuals, status and reports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", envvar="KPI_DATA", metavar="DIR", help="Data folder (default: ./data, searched upward like .git).",
                     show_envvar=True),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for internal errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(data=data, debug=debug)


def _register() -> None:
    # Each command module adds itself; heavy imports stay inside the command bodies.
    from kpi.cli import check, log, overdue, record, report, schema, show, status  # noqa: F401
    from kpi.cli.arguments import KpiCommand

    for command in app.registered_commands:
        command.cls = KpiCommand if command.cls in (None, typer.core.TyperCommand) else command.cls


_register()


def main() -> None:
    import signal

    # `kpi status | head` closes the pipe early: end quietly, as cat and git do, rather than
    # with a BrokenPipeError. Only reports write to stdout, and only after any file is written.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app(prog_name="kpi")

"""The `kpi` command group: the global options, and every command registered on it.

Imported after the run's language is chosen (`kpi.cli.main`): help texts are built at import.
"""

from __future__ import annotations

from kpi.i18n import _, route_framework_messages

route_framework_messages()  # before typer is imported: see its docstring

from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402

from kpi import __version__  # noqa: E402
from kpi.cli.framework import LocalisedTyper, commands_in  # noqa: E402
from kpi.cli.options import LANG_HELP, Lang, run_language_option  # noqa: E402
from kpi.cli.shared import KpiGroup, State  # noqa: E402

app = LocalisedTyper(
    cls=KpiGroup,
    name="kpi",
    help=_("A KPI ledger over flat YAML files: the plan catalogue, quarterly actuals, status and reports."),
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
        typer.Option(
            "--data",
            envvar="KPI_DATA",
            metavar="DIR",
            help=_("Data folder (default: ./data, searched upward like .git)."),
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks for internal errors."))] = False,
    lang: Annotated[
        Lang, typer.Option("--lang", callback=run_language_option, show_default=False, help=LANG_HELP)
    ] = Lang.vi,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit."))
    ] = False,
) -> None:
    ctx.obj = State(data=data, debug=debug)


COMMAND_MODULES = (
    "approve",
    "check",
    "export",
    "form",
    "log",
    "overdue",
    "record",
    "remind",
    "report",
    "reporting",
    "schema",
    "show",
    "site",
    "status",
    "undo",
)
"""The modules of kpi.cli whose commands (kpi.cli.framework.command) are registered, in this order."""


def _register() -> None:
    # Each command module marks its commands; they are registered here, one way: no command module
    # imports this one. Heavy imports stay inside the command bodies.
    from importlib import import_module

    from kpi.cli.year import year_app

    for name in COMMAND_MODULES:
        for function, args, kwargs in commands_in(import_module(f"kpi.cli.{name}")):
            app.command(*args, **kwargs)(function)
    app.add_typer(year_app)


_register()


def lean_app(argv: list[str]) -> typer.Typer:
    """The command line with only the command this run names (`kpi status ...`): Typer makes a click
    command of every registered one, with all its parameters, before it parses anything, and a run
    uses one. Nothing a command prints names the others; a word that names no command (a typo, `year`,
    `--help` before any command) gets the whole command line, so that the usage, the help and "No
    such command" stay whole. `app` itself is left as it is (the tests and scripts use it)."""
    import copy

    from typer.main import get_command_name

    name = _command_word(argv)
    chosen = [
        info
        for info in app.registered_commands
        if name is not None and (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == name
    ]
    if len(chosen) != 1:
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = chosen, []
    return lean


def _command_word(argv: list[str]) -> str | None:
    """The first word after the root's options, when only `--data`, `--lang` and `--debug` come before it."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in ("--data", "--lang"):
            index += 2
        elif arg == "--debug" or arg.startswith(("--data=", "--lang=")):
            index += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None

"""The `kpi` command: parse arguments, call the core, render. Nothing else lives here.

`main()` first settles the language of the run, then builds the command line (kpi.cli.root),
because Typer reads every help text when the command modules are imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpi.cli.root import app as app


def run_language(argv: Sequence[str], environ: Mapping[str, str], cwd: Path | None = None) -> str:
    """The run's language: `--lang` on the command line, else `KPI_LANG`, else `language:` in
    the data folder's settings.yaml, else Vietnamese. Cheap: no models, no typer."""
    from kpi.i18n import DEFAULT_LANGUAGE, parse_language

    for found in (_option(argv, "--lang"), environ.get("KPI_LANG"), _settings_language(argv, environ, cwd)):
        lang = parse_language(found)
        if lang is not None:
            return lang
    return DEFAULT_LANGUAGE


def _option(argv: Sequence[str], name: str) -> str | None:
    """The last value given to a long option, as `--name VALUE` or `--name=VALUE`."""
    value = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith(name + "="):
            value = arg.partition("=")[2]
    return value


def _settings_language(argv: Sequence[str], environ: Mapping[str, str], cwd: Path | None) -> str | None:
    """`language:` from settings.yaml in the data folder `--data`, KPI_DATA or the search finds, or None."""
    from kpi.files.datadir import settings_language

    return settings_language(_option(argv, "--data") or environ.get("KPI_DATA"), cwd)


def __getattr__(name: str) -> Any:
    # `from kpi.cli import app` (the tests, scripts) builds the command line on demand; no command module
    # imports it: kpi.cli.root registers them (kpi.cli.framework.command).
    if name == "app":
        from kpi.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    from kpi.files.platform import utf8_streams

    # Before anything is written: Vietnamese text in a Windows code page would be an internal error.
    utf8_streams()
    if sys.argv[1:] == ["--version"]:
        # Asked by scripts and installers, often in a loop: answered before the language, the
        # settings and the command line are looked at (the same line `kpi --version` prints).
        from kpi import __version__

        sys.stdout.write(f"kpi {__version__}\n")
        return
    from kpi.cli.completion import complete_quickly

    if complete_quickly():  # the shell asks for an ID on every Tab: answered from the cache, if it can be
        return
    from kpi.files.platform import quiet_broken_pipe
    from kpi.i18n import set_language

    set_language(run_language(sys.argv[1:], os.environ))
    from kpi.cli.root import app, lean_app

    # Completing a word may need every command; a run needs the one it names.
    command_line = app if "_KPI_COMPLETE" in os.environ else lean_app(sys.argv[1:])
    # `kpi status | head` closes the pipe early: end quietly, as cat and git do, rather than
    # with a BrokenPipeError. Only reports write to stdout, and only after any file is written.
    quiet_broken_pipe()
    try:
        command_line(prog_name="kpi")
    except BrokenPipeError:  # Windows, which has no SIGPIPE: the reader has gone, so say nothing
        _close_quietly()
        sys.exit(1)


def _close_quietly() -> None:
    """Standard output pointed at nothing, so that Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

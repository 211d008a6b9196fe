"""What every command shares: state from the global options, and the one error handler."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import typer
from typer.core import TyperGroup

from kpi.errors import DataError, KpiError

EXIT_INTERNAL = 3


@dataclass
class State:
    data: Path | None = None
    debug: bool = False

    def data_dir(self) -> Path:
        from kpi.datadir import find_data_dir

        return find_data_dir(self.data)


class KpiGroup(TyperGroup):
    """Turns the core's exceptions into one clear message and an exit code; no tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for finding in exc.findings:
                click.echo(f"kpi: {finding.headline()}", err=True)
            ctx.exit(exc.exit_code)
        except KpiError as exc:
            click.echo(f"kpi: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (typer.Exit, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kpi: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            state = ctx.find_object(State)
            if state is not None and state.debug:
                raise
            click.echo(f"kpi: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
                       err=True)
            ctx.exit(EXIT_INTERNAL)


def state_of(ctx: click.Context) -> State:
    state = ctx.find_object(State)
    return state if state is not None else State()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()

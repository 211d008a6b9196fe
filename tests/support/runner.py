"""The one in-process way to run kpi: typer's CliRunner on the real command line (`kpi.cli.app`),
so mutation testing and coverage see the code run. A run in a real process is `tests.support.process`.

`kpi(data, *args)` runs `kpi --data DATA ARGS` (no `--data` when `data` is None); `lang` adds
`--lang`, `env` sets environment variables for the run alone, `cwd` runs it from that folder,
`input` is what standard input holds; `expect` an exit code (or codes) the run must end with, else
the test fails showing what kpi said; anything else goes to CliRunner.invoke (`terminal_width=`). The result is click's, with `returncode` beside `exit_code`
so that a test reads the same whichever runner it uses.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from kpi.cli import app


class Run(Result):
    """click's Result, answering to `returncode` as a finished process does, and `said`."""

    @property
    def returncode(self) -> int:
        return self.exit_code

    @property
    def said(self) -> str:
        """Standard output, then standard error."""
        return self.stdout + self.stderr


def arguments(data: Path | None, args: Sequence[str | Path], lang: str | None) -> list[str]:
    """The command line: `--lang` and `--data` first, as a person would type them, then `args`."""
    line = [] if lang is None else ["--lang", lang]
    line += [] if data is None else ["--data", str(data)]
    return line + [str(arg) for arg in args]


def kpi(
    data: Path | None,
    *args: str | Path,
    lang: str | None = None,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
    input: str | bytes | None = None,
    expect: int | Collection[int] | None = None,
    **extra: Any,
) -> Run:
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(app, arguments(data, args, lang), env=env, input=input, **extra)
    run = Run.__new__(Run)
    run.__dict__.update(result.__dict__)
    expected(run.exit_code, expect, run.output)
    return run


def expected(code: int, expect: int | Collection[int] | None, said: object) -> None:
    """Fail the test, showing what kpi said, if `code` is not what was expected."""
    if expect is not None:
        assert code in ((expect,) if isinstance(expect, int) else expect), said

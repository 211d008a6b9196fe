"""The one way to run kpi in a real process, for what only a process shows: the console script,
exit codes and streams as a shell sees them, a terminal, a crash (`KPI_TEST_CRASH_AT`), a kill,
limits on memory and time. Every test that uses it is marked `process` (conftest.py), so the fast
subset leaves it out.

`kpi_process(data, *args)` runs `python -m kpi --data DATA ARGS` (no `--data` when `data` is None)
from `cwd` (the data folder's parent when not given, else this process's) in this process's environment without
`KPI_DATA`, plus `env` (a None value unsets a variable); `environment` replaces the environment
whole; `expect` as for the in-process runner. Output is text unless `text=False`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.support.runner import arguments, expected

TIMEOUT = 120


def spawns(function: Any) -> Any:
    """Marks a helper that runs kpi in a real process: conftest.py marks `process` every test of a
    module holding one."""
    function.spawns_kpi = True
    return function


class Done(subprocess.CompletedProcess[Any]):
    """A finished kpi process, answering to `exit_code` as the in-process runner's result does, and
    `said`: its standard output and then its standard error."""

    @property
    def exit_code(self) -> int:
        return self.returncode

    @property
    def said(self) -> Any:
        return self.stdout + self.stderr


def process_environment(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """This process's environment without KPI_DATA, changed by `env` (None unsets)."""
    environment = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def command(data: Path | None, args: Sequence[str | Path], lang: str | None = None) -> list[str]:
    return [sys.executable, "-m", "kpi", *arguments(data, args, lang)]


@spawns
def kpi_process(
    data: Path | None,
    *args: str | Path,
    lang: str | None = None,
    env: Mapping[str, str | None] | None = None,
    environment: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    input: str | bytes | None = None,
    text: bool = True,
    timeout: float = TIMEOUT,
    preexec_fn: Callable[[], None] | None = None,
    expect: int | Collection[int] | None = None,
) -> Done:
    if cwd is None and data is not None:
        cwd = data.parent
    done = subprocess.run(
        command(data, args, lang),
        cwd=cwd,
        env=dict(environment) if environment is not None else process_environment(env),
        input=input,
        capture_output=True,
        text=text,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )
    expected(done.returncode, expect, (done.stdout, done.stderr))
    return Done(done.args, done.returncode, done.stdout, done.stderr)


@spawns
def kpi_started(
    data: Path | None,
    *args: str | Path,
    cwd: Path,
    lang: str | None = None,
    env: Mapping[str, str | None] | None = None,
    **popen: Any,
) -> subprocess.Popen[Any]:
    """kpi started and left running, for a test that kills it or waits on it."""
    return subprocess.Popen(command(data, args, lang), cwd=cwd, env=process_environment(env), **popen)


@spawns
def run_on_a_terminal(
    *args: str, typed: bytes | None = None, output_on_terminal: bool = False
) -> tuple[int, bytes, str]:
    """`python -m kpi ARGS` with stderr on a real pseudo-terminal (stdin too, when `typed` is
    given; stdout too, when `output_on_terminal`) and stdout otherwise piped, as a person at a
    terminal piping the output would run it. Returns the exit code, stdout, and everything the
    terminal showed."""
    import pty

    controller, terminal = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # keep reading, or a full terminal buffer would stall kpi
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    process = subprocess.Popen(
        command(None, args),
        stderr=terminal,
        stdout=terminal if output_on_terminal else subprocess.PIPE,
        stdin=subprocess.DEVNULL if typed is None else terminal,
        env=process_environment(),
    )
    os.close(terminal)
    if typed is not None:
        os.write(controller, typed)
    stdout, _ = process.communicate(timeout=TIMEOUT)
    reader.join(timeout=10)
    os.close(controller)
    return process.returncode, stdout, shown.decode(errors="replace")


# kpi run by a wrapper that writes, as it exits, the peak resident memory of its own address space
# (VmHWM): wait4's ru_maxrss would count the memory of the test process it was forked from.
PEAK = """
import atexit, runpy, sys
target = sys.argv[1]
def peak():
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(target, "w") as out:
        out.write(kib)
atexit.register(peak)
sys.argv = ["kpi", *sys.argv[2:]]
runpy.run_module("kpi", run_name="__main__")
"""

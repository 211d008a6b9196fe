"""docs/cli.md documents every command and every option, and is what `--help` says today.

The commands and options are taken from the Typer app itself (as sqlite-utils tests its docs), not
from the generator, so a generator that forgot one is caught too. Regenerate the reference with
`python scripts/cli_reference.py`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import typer

from kpi.cli import app
from tests.support import REPO

REFERENCE = REPO / "docs" / "cli.md"
REGENERATE = "regenerate it with `python scripts/cli_reference.py`"


def commands() -> dict[str, Any]:
    """Every command of the app, by its full name ("kpi year close"), walked from the app's own tree."""
    found: dict[str, Any] = {}

    def walk(command: Any, name: str) -> None:  # typer's own click, whose types typer does not export
        found[name] = command
        if hasattr(command, "list_commands"):
            context = typer.Context(command)
            for sub in command.list_commands(context):
                walk(command.get_command(context, sub), f"{name} {sub}")

    walk(typer.main.get_command(app), "kpi")
    return found


def sections() -> dict[str, str]:
    """docs/cli.md's sections, by their heading ("## kpi year close")."""
    text = REFERENCE.read_text(encoding="utf-8")
    parts = re.split(r"^## (kpi(?: [a-z-]+)*)\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_has_its_section() -> None:
    documented = sections()
    missing = sorted(set(commands()) - set(documented))
    assert not missing, f"docs/cli.md has no section for {', '.join(missing)}: {REGENERATE}"
    stray = sorted(set(documented) - set(commands()))
    assert not stray, f"docs/cli.md documents commands kpi no longer has: {', '.join(stray)}: {REGENERATE}"


def test_every_option_and_argument_is_documented_under_its_command() -> None:
    documented = sections()
    missing = []
    for name, command in commands().items():
        section = documented.get(name, "")
        for parameter in command.params:
            if parameter.param_type_name == "argument":
                words = [(parameter.metavar or parameter.name.upper()).strip("[].")]
            else:
                words = [*parameter.opts, *parameter.secondary_opts]
            missing += [
                f"{name} {word}" for word in words if not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", section)
            ]
    assert not missing, f"docs/cli.md does not document {', '.join(missing)}: {REGENERATE}"


def test_no_command_or_option_is_hidden_from_the_reference() -> None:
    hidden = [
        f"{name} {parameter.name}" if parameter is not None else name
        for name, command in commands().items()
        for parameter in [None, *command.params]
        if (command if parameter is None else parameter).__dict__.get("hidden", False)
    ]
    assert not hidden, f"hidden from --help, so from docs/cli.md: {hidden}"


def test_the_command_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

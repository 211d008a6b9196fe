"""Write docs/cli.md, the command reference, from kpi's own `--help` (in English, 100 columns).

    python scripts/cli_reference.py          # rewrite docs/cli.md
    python scripts/cli_reference.py --check  # exit 1 if docs/cli.md differs from what --help says

The reference is generated, never edited by hand, so it cannot drift from the code; CI runs
`--check` (tests/project/test_cli_reference.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "docs" / "cli.md"


def commands() -> list[list[str]]:
    """Every command and subcommand, as `kpi --help` lists them: taken from the app, so none is forgotten."""
    import typer

    from kpi.cli import app

    found: list[list[str]] = []

    def walk(group: Any, path: list[str]) -> None:  # typer's own click, whose types typer does not export
        context = typer.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            if command is None or command.hidden:
                continue
            found.append([*path, name])
            if hasattr(command, "list_commands"):
                walk(command, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def help_text(*args: str) -> str:
    environment = {**os.environ, "KPI_LANG": "en", "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    environment.pop("KPI_DATA", None)
    result = subprocess.run(
        [sys.executable, "-m", "kpi", *args, "--help"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        check=True,
        timeout=60,
    )
    return "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())


def reference() -> str:
    parts = [
        "# Command reference",
        "",
        "Generated from `kpi --help` by `scripts/cli_reference.py`; do not edit by hand.",
        "",
        "## kpi",
        "",
        "```",
        help_text(),
        "```",
        "",
    ]
    for command in commands():
        parts += [f"## kpi {' '.join(command)}", "", "```", help_text(*command), "```", ""]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = reference()
    if argv[1:] == ["--check"]:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
        if current != text:
            print(f"{REFERENCE.relative_to(REPO)} is stale: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    if argv[1:]:
        print(__doc__, file=sys.stderr)
        return 2
    REFERENCE.write_text(text, encoding="utf-8")
    print(REFERENCE.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""docs/cli.md is what `--help` says today: regenerate it with scripts/cli_reference.py."""

from __future__ import annotations

import subprocess
import sys

from tests.support import REPO


def test_the_command_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

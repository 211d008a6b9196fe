"""The tests are laid out as the code is: a folder per stage, helpers in tests/support, and kpi run
through tests/support's two runners only. Read from the files' syntax trees, not their text."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from tests.support import REPO

TESTS = REPO / "tests"
STAGES = {"model", "files", "compute", "ops", "reports", "exports", "cli", "project", "end_to_end"}


def modules() -> list[Path]:
    """Every test module (the helpers in tests/support are not)."""
    return sorted(path for path in TESTS.rglob("test_*.py") if "support" not in path.parts)


@functools.cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_test_module_imports_another_or_the_conftest() -> None:
    found = {
        str(path.relative_to(TESTS)): sorted(
            name
            for name in imported(path)
            if (name.startswith("tests.") and not name.startswith("tests.support"))
            or name.split(".")[0] == "conftest"
            or name.split(".")[-1].startswith("test_")
        )
        for path in [*modules(), *(TESTS / "support").glob("*.py")]
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_kpi_is_run_only_through_the_shared_runners() -> None:
    """typer's CliRunner is used by tests/support/runner.py alone; a test needing kpi in a real
    process uses tests/support/process.py, so that conftest.py can mark it `process`."""
    found = {
        str(path.relative_to(TESTS)): sorted(
            name for name in imported(path) if name.startswith(("typer.testing", "click.testing"))
        )
        for path in modules()
    }
    assert {path: names for path, names in found.items() if names} == {}
    spawning = []
    for path in modules():
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.List) and [getattr(e, "value", None) for e in node.elts[1:3]] == ["-m", "kpi"]:
                spawning.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert spawning == []


def test_every_test_module_sits_in_a_stage_folder() -> None:
    assert {path.parent.name for path in modules()} <= STAGES
    assert not list(TESTS.glob("test_*.py")), "a test module at the top of tests/: put it in its stage's folder"


def test_the_check_finds_an_import_of_a_test_module(tmp_path: Path) -> None:
    module = tmp_path / "test_x.py"
    module.write_text("from tests.ops.test_form import fill\nimport conftest\n", encoding="utf-8")
    assert imported(module) >= {"tests.ops.test_form", "conftest"}

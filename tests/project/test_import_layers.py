"""The stages' import rules (the import-linter contracts in pyproject.toml) hold, and an import
against them is caught, naming the importing module and the line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import REPO


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # lint-imports finds the package on the path; the copy's folder comes first.
    environment = {**os.environ, "PYTHONPATH": str(root)}
    command = [str(Path(sys.executable).with_name("lint-imports")), "--config", str(root / "pyproject.toml")]
    return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, timeout=120)


def copy_of_the_package(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "kpi", root / "kpi", ignore=shutil.ignore_patterns("__pycache__", "locale"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_package_keeps_its_contracts(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_package(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_a_model_module_importing_the_status_is_refused(tmp_path: Path) -> None:
    root = copy_of_the_package(tmp_path)
    models = root / "kpi" / "model" / "models.py"
    models.write_text(
        models.read_text(encoding="utf-8") + "\nfrom kpi.compute import status  # noqa\n", encoding="utf-8"
    )
    result = lint_imports(root)
    assert result.returncode == 1
    assert "kpi.model.models -> kpi.compute.status" in result.stdout


def test_a_command_module_importing_the_root_is_refused(tmp_path: Path) -> None:
    # Registration runs one way: kpi.cli.root imports the commands, never the other way round.
    root = copy_of_the_package(tmp_path)
    status = root / "kpi" / "cli" / "status.py"
    status.write_text(
        status.read_text(encoding="utf-8")
        + "\n\ndef _app() -> object:\n    from kpi.cli.root import app\n\n    return app\n",
        encoding="utf-8",
    )
    result = lint_imports(root)
    assert result.returncode == 1
    assert "kpi.cli.status -> kpi.cli.root" in result.stdout


def test_the_core_importing_rich_is_refused(tmp_path: Path) -> None:
    root = copy_of_the_package(tmp_path)
    status = root / "kpi" / "compute" / "status.py"
    status.write_text(status.read_text(encoding="utf-8") + "\nimport rich  # noqa\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "kpi.compute.status -> rich" in result.stdout


def test_an_import_circle_hidden_inside_a_function_is_refused(tmp_path: Path) -> None:
    """The journal imports the audit trail; the trail importing the journal back, even inside a
    function, closes a circle."""
    root = copy_of_the_package(tmp_path)
    trail = root / "kpi" / "files" / "trail.py"
    trail.write_text(
        trail.read_text(encoding="utf-8") + "\n\ndef _hook() -> None:\n    from kpi.files import journal  # noqa\n",
        encoding="utf-8",
    )
    result = lint_imports(root)
    assert result.returncode == 1
    assert "No cycles are allowed in kpi.files." in result.stdout


def test_the_ledger_stage_importing_the_judging_stage_is_refused(tmp_path: Path) -> None:
    root = copy_of_the_package(tmp_path)
    load = root / "kpi" / "ledger" / "load.py"
    load.write_text(load.read_text(encoding="utf-8") + "\nfrom kpi.compute import checks  # noqa\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "kpi.ledger.load -> kpi.compute.checks" in result.stdout

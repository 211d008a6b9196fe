"""Finding the data folder: `--data`, then `KPI_DATA`, then `./data` searched upward like `.git`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kpi.errors import DataFolderNotFound

PLAN_FILE = re.compile(r"plan(?P<year>[0-9]{4})\.yaml")
"""A yearly plan: `plan<year>.yaml`, one file per year the office received a plan for."""
SETTINGS_FILE = "settings.yaml"
ACTUALS_DIR = "actuals"
APPROVALS_FILE = "approvals.yaml"
ENV_VAR = "KPI_DATA"


def find_data_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if plan_files(candidate):
            return candidate
    raise DataFolderNotFound(here)


def plan_files(data_dir: Path) -> list[Path]:
    """Every yearly plan file of the data folder, oldest year first."""
    if not data_dir.is_dir():
        return []
    return sorted(path for path in data_dir.iterdir() if is_plan_file(path))  # a folder so named: the reader says so


def is_plan_file(path: Path) -> bool:
    return PLAN_FILE.fullmatch(path.name) is not None


def plan_file_name(year: int) -> str:
    return f"plan{year}.yaml"


def actuals_files(data_dir: Path) -> list[Path]:
    """Every actuals file, in a stable order (quarter folder, then owner file)."""
    root = data_dir / ACTUALS_DIR
    if not root.is_dir():
        return []
    return sorted(path for path in root.glob("*/*.yaml"))

"""Finding the data folder: `--data`, then `KPI_DATA`, then `./data` searched upward like `.git`."""

from __future__ import annotations

import os
from pathlib import Path

from kpi.errors import DataFolderNotFound

CATALOGUE_FILE = "plan2018.yaml"
SETTINGS_FILE = "settings.yaml"
ACTUALS_DIR = "actuals"
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
        if (candidate / CATALOGUE_FILE).is_file():
            return candidate
    raise DataFolderNotFound(here)


def actuals_files(data_dir: Path) -> list[Path]:
    """Every actuals file, in a stable order (quarter folder, then owner file)."""
    root = data_dir / ACTUALS_DIR
    if not root.is_dir():
        return []
    return sorted(path for path in root.glob("*/*.yaml"))

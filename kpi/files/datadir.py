"""Finding the data folder: `--data`, then `KPI_DATA`, then `./data` searched upward like `.git`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from kpi.errors import DataFolderNotFound

PLAN_FILE = re.compile(r"plan(?P<year>[0-9]{4})\.yaml")
"""A yearly plan: `plan<year>.yaml`, one file per year the office received a plan for."""
SETTINGS_FILE = "settings.yaml"
ACTUALS_DIR = "actuals"
APPROVALS_FILE = "approvals.yaml"
ENV_VAR = "KPI_DATA"


def find_data_dir(
    explicit: Path | None = None, start: Path | None = None, environ: Mapping[str, str] = os.environ
) -> Path:
    if explicit is not None:
        return explicit
    from_env = environ.get(ENV_VAR)
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


def settings_language(explicit: str | None, cwd: Path | None = None) -> str | None:
    """`language:` from settings.yaml in the data folder (`explicit`, else the one `find_data_dir`
    finds from `cwd`), or None. Cheap, and never fails: it is read to choose the language of the
    run before kpi's error handler is in place (no models, no typer); `kpi check` reports a broken
    settings file, and the language falls back."""
    if explicit:
        folder = Path(explicit)
    else:
        try:
            folder = find_data_dir(None, cwd)
        except DataFolderNotFound:
            return None
    try:
        import yaml

        from kpi.errors import DataError
        from kpi.files.inputs import InputKind, read_input

        # Capped, and never a FIFO or device: choosing the language must not hang or fill memory.
        # Composed, not loaded: nothing in the file is converted (an impossible date is check's to report).
        root = yaml.compose(
            read_input(folder / SETTINGS_FILE, InputKind.SETTINGS).decode("utf-8"),
            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
        )
    except (DataError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None  # kpi check reports a broken settings file; the language falls back
    except Exception:  # read before kpi's error handler: never a traceback for the language
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    return next(
        (
            value.value
            for key, value in root.value
            if isinstance(key, yaml.ScalarNode) and key.value == "language" and isinstance(value, yaml.ScalarNode)
        ),
        None,
    )

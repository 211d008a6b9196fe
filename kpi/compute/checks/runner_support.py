"""What the runner needs to tell files apart, and the plans to check against when none was named."""

from __future__ import annotations

from pathlib import Path

from kpi.errors import DataError
from kpi.files.catalogue import catalogue_from_document
from kpi.files.datadir import ACTUALS_DIR, SETTINGS_FILE, is_plan_file, plan_files
from kpi.files.inputs import InputKind
from kpi.files.yamlsource import YamlDocument, read_yaml
from kpi.model.models import Catalogue, Settings


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and any(path.rglob("*.yaml")):
            files += sorted(path.rglob("*.yaml"))
        else:
            files.append(path)  # a missing file or an empty folder is reported by the reader
    return files


def kind_by_place(path: Path) -> InputKind | None:
    """What a file is by its name and folder, as kpi reads the data folder; None: elsewhere."""
    if path.name == SETTINGS_FILE:
        return InputKind.SETTINGS
    if is_plan_file(path):
        return InputKind.CATALOGUE
    if path.parent.parent.name == ACTUALS_DIR:
        return InputKind.ACTUALS
    return None


def looks_like_actuals(document: YamlDocument) -> bool:
    data = document.data
    return isinstance(data, dict) and ("records" in data or "quarter" in data) and "indicators" not in data


def looks_like_settings(document: YamlDocument) -> bool:
    data = document.data
    return isinstance(data, dict) and bool(data) and set(data) <= set(Settings.model_fields)


def quiet_catalogues(data_dir: Path) -> list[Catalogue]:
    """The data folder's plans, oldest first, when only actuals files are checked; the unreadable left out."""
    catalogues = []
    for path in plan_files(data_dir):
        try:
            read = catalogue_from_document(read_yaml(path, InputKind.CATALOGUE))
        except DataError:
            continue
        if read.catalogue is not None:
            catalogues.append(read.catalogue)
    return sorted(catalogues, key=lambda catalogue: catalogue.plan.year)

"""Putting an export in its folder: every file whole, none replaced unless asked."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.files.outputs import check_folder, write_outputs
from kpi.i18n import _

if TYPE_CHECKING:  # the command line offers the formats without loading the models
    from kpi.exports.table import Export


class ExportFormat(str, Enum):
    datapackage = "datapackage"
    sqlite = "sqlite"


def export_files(export: Export, formats: list[ExportFormat]) -> dict[str, bytes]:
    """Each file of the chosen formats by its name, in the order they are to be put in place."""
    files: dict[str, bytes] = {}
    if ExportFormat.sqlite in formats:
        from kpi.exports.sqlite import DATABASE, to_sqlite

        files[DATABASE] = to_sqlite(export)
    if ExportFormat.datapackage in formats:
        from kpi.exports.datapackage import to_datapackage

        files.update(to_datapackage(export))  # datapackage.json comes last, once its tables are in place
    return files


def file_names(formats: list[ExportFormat]) -> list[str]:
    """The files an export of these formats writes, known before any work is done."""
    from kpi.exports.datapackage import DESCRIPTOR
    from kpi.exports.sqlite import DATABASE
    from kpi.exports.tables import table_names

    names = [DATABASE] if ExportFormat.sqlite in formats else []
    if ExportFormat.datapackage in formats:
        names += [f"{name}.csv" for name in table_names()] + [DESCRIPTOR]
    return names


def refuse_overwrite(folder: Path, names: list[str], replace: bool) -> None:
    """An output folder someone keeps their queries beside is theirs too: replace nothing unless asked."""
    check_folder(
        folder,
        names,
        replace,
        _("{path} is not a folder; -o names the folder to write the export in").format(path=folder),
    )


def write_export(folder: Path, files: dict[str, bytes], replace: bool) -> list[Path]:
    """Every file into `folder` (made if missing), each whole; nothing written when one would be
    replaced without `replace`."""
    refuse_overwrite(folder, list(files), replace)
    return write_outputs({folder / name: data for name, data in files.items()}, replace, _("nothing was exported"))

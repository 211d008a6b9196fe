"""The one writer of what a command makes: a report, a form, reminder drafts, an export, a site.

A file a command wrote before may since be someone's work (a report annotated in a spreadsheet,
a filled-in form, drafts being edited, queries kept beside an export): nothing already there is
replaced unless asked (`--force`). Every refusal is a usage error (exit 2) made before anything is
written, naming every file in the way at once; a command checks its output first (`check_file`,
`check_folder`), before its work, and the writer checks again. What it writes is whole: the files
of one output all together or none of them (`kpi.files.atomic`), a site's folder swapped whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kpi.errors import UsageError
from kpi.files.atomic import CannotWrite, write_files_atomic
from kpi.i18n import _


def refuse_to_replace(paths: Iterable[Path], force: bool) -> None:
    """Refuse, naming every one, when any of these files is there and `force` is not given."""
    if force:
        return
    there = [path for path in paths if path.exists()]
    if there:
        raise UsageError("\n".join(_("{path} exists; pass --force to replace it").format(path=path) for path in there))


def check_file(path: Path, force: bool, example: str) -> None:
    """An output file: not a folder (`example` names a file to give instead), not replaced unless asked."""
    if path.is_dir():
        raise UsageError(
            _("{path} is a folder; give a file name such as {example}").format(path=path, example=path / example)
        )
    refuse_to_replace([path], force)


def check_folder(folder: Path, names: Iterable[str], force: bool, not_a_folder: str) -> None:
    """An output folder (`not_a_folder`: what to say when it is a file): none of the files named
    in it replaced unless asked."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(not_a_folder)
    refuse_to_replace([folder / name for name in names], force)


def write_outputs(files: dict[Path, bytes], force: bool, consequence: str) -> list[Path]:
    """Write every file (its folder made if missing), all of them whole or none; nothing is written
    when one would be replaced without `force`. `consequence`: what a refused write means
    (`no report was written`)."""
    refuse_to_replace(files, force)
    try:
        write_files_atomic(files)
    except OSError as exc:
        raise CannotWrite(_failed(files, exc), exc, consequence) from None
    return list(files)


def _failed(files: dict[Path, bytes], error: OSError) -> Path:
    """The file to name when a write was refused: the one file, else the one the system named, else their folder."""
    paths = list(files)
    if len(paths) == 1:
        return paths[0]
    if isinstance(error.filename, str):
        return Path(error.filename)
    return paths[0].parent


def check_site_folder(folder: Path, force: bool) -> None:
    """A folder a whole site goes into: not a file, and replaced when it holds anything only if asked."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{path} is a file; give a folder for the site").format(path=folder))
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise UsageError(_("{path} exists and is not empty; pass --force to replace it").format(path=folder))


def write_folder(folder: Path, files: Iterable[tuple[str, bytes]], force: bool, consequence: str) -> list[str]:
    """Write the files (name in the folder, bytes) into a new folder beside `folder`, then put it in
    place: a reader sees the old folder or the new one, never half of either. An existing folder
    that holds anything is replaced only when asked. Returns the names written."""
    import shutil
    import tempfile

    check_site_folder(folder, force)
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=parent))
    except OSError as exc:
        raise CannotWrite(folder, exc, consequence) from None
    written: list[str] = []
    try:
        made: set[Path] = set()
        for name, data in files:
            path = staged / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
            written.append(name)
        staged.chmod(0o755)
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=parent))
            folder.replace(old / "site")
        staged.replace(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(staged, ignore_errors=True)
        if isinstance(exc, OSError):
            raise CannotWrite(folder, exc, consequence) from None
        raise
    return written

"""Writing files so that a crash never leaves half a file: temporary file, fsync, rename."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from kpi.errors import KpiError, Location
from kpi.files.platform import FileInUse, fsync_folder, in_use_reason, on_windows, replace_file, windows_path_problem
from kpi.i18n import _


class CannotWrite(KpiError):
    """The operating system refused a write (read-only, full, not permitted): said in words, exit 2."""

    def __init__(self, path: Path, error: OSError, consequence: str):
        self.path, self.error = path, error
        super().__init__(
            _("cannot write {path}: {reason}; {consequence}").format(
                path=Location(path), reason=why(error), consequence=consequence
            )
        )


def why(error: OSError) -> str:
    """What the operating system said, in the run's language for the usual refusals."""
    if isinstance(error, FileInUse):
        return in_use_reason()
    reasons = {
        errno.EROFS: _("the file system is read-only"),
        errno.ENOSPC: _("no space left on the disk"),
        errno.EDQUOT: _("the disk quota is used up"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.ENOENT: _("no such file or folder"),
        errno.ENOTDIR: _("a part of the path is a file, not a folder"),
        errno.EISDIR: _("it is a folder"),
        errno.EEXIST: _("a file of that name is in the way"),
    }
    return reasons.get(error.errno or 0) or error.strerror or str(error)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


class NotARegularFile(OSError):
    """The path names a device, pipe, socket or folder: renaming over it would destroy it."""


class NotAWindowsName(OSError):
    """Windows cannot hold a file of this name (CON, `a:b`) or this long a path."""


def write_bytes_atomic(path: Path, data: bytes) -> None:
    write_files_atomic({path: data})


def write_files_atomic(files: dict[Path, bytes]) -> None:
    """Each file whole: every one is written to a temporary file beside it and fsynced before the
    first is renamed into place, in the order given. A failure while writing leaves every old file
    as it was and no temporary file behind; only a crash between two renames leaves some new files
    beside old ones, each of them whole."""
    staged: dict[Path, str] = {}
    try:
        for path, data in files.items():
            staged[path] = _staged(path, data)
        for path, temporary in staged.items():
            replace_file(temporary, path)
    except BaseException:
        for temporary in staged.values():
            Path(temporary).unlink(missing_ok=True)
        raise
    for folder in dict.fromkeys(path.parent for path in files):
        fsync_folder(folder)


def _staged(path: Path, data: bytes) -> str:
    """`data` in a fsynced temporary file beside `path`, with `path`'s permissions; its name."""
    if on_windows():  # refused before anything is written, in words, rather than by the system
        problem = windows_path_problem(path)
        if problem is not None:
            raise NotAWindowsName(errno.EINVAL, problem, str(path))
    # `-o /dev/null --force` as root would otherwise put a regular file in place of the device.
    if path.exists() and not path.is_file():
        raise NotARegularFile(
            0,
            _(
                "not a regular file (a device, pipe, socket or folder); "
                "kpi writes only regular files, or standard output with -o -"
            ),
            str(path),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def remove_durably(path: Path) -> None:
    """Delete a file and make its deletion durable (the folder is fsynced); a missing file is fine."""
    path.unlink(missing_ok=True)
    fsync_folder(path.parent)

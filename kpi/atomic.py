"""Writing files so that a crash never leaves half a file: temporary file, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kpi.i18n import _


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


class NotARegularFile(OSError):
    """The path names a device, pipe, socket or folder: renaming over it would destroy it."""


def write_bytes_atomic(path: Path, data: bytes) -> None:
    # `-o /dev/null --force` as root would otherwise put a regular file in place of the device.
    if path.exists() and not path.is_file():
        raise NotARegularFile(0, _("not a regular file (a device, pipe, socket or folder); "
                                   "kpi writes only regular files, or standard output with -o -"), str(path))
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
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open folders
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)

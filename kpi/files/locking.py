"""The actuals lock: one writer at a time for the whole actuals folder, refused in words when the disk says no."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from kpi.errors import KpiError
from kpi.files.atomic import CannotWrite
from kpi.files.datadir import ACTUALS_DIR
from kpi.i18n import _

LOCK_FILE = ".kpi.lock"


class LockTimeout(KpiError):
    exit_code = 75  # EX_TEMPFAIL: nothing is wrong with the input; try again


@contextmanager
def actuals_lock(data_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the lock of `data_dir/actuals` (an OS lock: a killed process releases it).

    A folder that cannot hold the lock file (read-only, full, not ours) raises CannotWrite
    naming it; an actuals folder created only to hold the lock is removed again then.
    """
    from filelock import FileLock, Timeout

    folder = data_dir / ACTUALS_DIR
    path = folder / LOCK_FILE
    created = not folder.exists()
    lock = FileLock(path, timeout=timeout)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise LockTimeout(
            _("another kpi record has held {lock} for {seconds} s; try again").format(lock=path, seconds=f"{timeout:g}")
        ) from None
    except OSError as exc:
        if created:
            remove_empty_folder(folder)
        raise CannotWrite(path, exc, _("nothing was recorded")) from None
    try:
        yield
    finally:
        lock.release()


def remove_empty_folder(folder: Path) -> None:
    """Remove `folder` if it is empty; leave it otherwise, whatever the reason."""
    with suppress(OSError):
        folder.rmdir()

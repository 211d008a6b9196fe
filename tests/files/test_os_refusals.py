"""When the operating system says no (read-only folder, full disk, no permission), `kpi record`
says so in words, naming the file, exits 2, and leaves everything as it was: no file changed,
no journal, no temporary, no empty quarter folder. `--dry-run` writes nothing at all.

Tests run as root here, and root ignores permission bits, so a chmod'ed folder proves nothing.
Two ways instead: the OSError is injected in-process at each exact write point (the lock,
then for the journal and each file: creating the temporary, writing it, fsyncing it,
renaming it), with errno 30, 28 and 13; and, marked `mounts`, kpi runs in a private mount
namespace (`unshare -m`, root only) on a really read-only bind mount and a really full tmpfs.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

import pytest

from kpi.files import atomic, platform
from tests.support import MINIMAL_CATALOGUE, kpi

EARLIER = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1  # nhập tay\n    value: 5\n"
# Written in this order: the journal (1st write), 2018-Q3/QLCN.yaml in a new folder (2nd), the existing 2018-Q2/QLCN.yaml (3rd).
ROWS = "indicator,quarter,value\nB.1,2018-Q3,40\nB.1,2018-Q2,850\n"
REASONS = {
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the disk",
    errno.EACCES: "permission denied",
}


@pytest.fixture
def data(minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KPI_NO_CACHE", "1")  # the cache is not under test (it never fails a command)
    (minimal_data / "actuals" / "2018-Q2").mkdir()
    (minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml").write_text(EARLIER, encoding="utf-8")
    (tmp_path / "rows.csv").write_text(ROWS, encoding="utf-8")
    return minimal_data


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, hidden ones included."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
    }


def refused(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def fail_at(monkeypatch: pytest.MonkeyPatch, point: str, write: int, code: int) -> None:
    """Make the `write`-th atomic write in kpi.files.atomic fail with `code` at `point`."""
    calls = {"n": 0}

    def due() -> bool:
        calls["n"] += 1
        return calls["n"] == write

    real_os = os
    trapped = types.ModuleType("os")
    trapped.__dict__.update(os.__dict__)
    if point == "mkstemp":

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if due():
                raise refused(code)
            return tempfile.mkstemp(*args, **kwargs)

        monkeypatch.setattr(atomic, "tempfile", types.SimpleNamespace(mkstemp=mkstemp))
    elif point == "write":

        class Full:
            def __init__(self, stream: Any, fail: bool):
                self.stream, self.fail = stream, fail

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.stream.close()

            def write(self, data: bytes) -> int:
                if self.fail:
                    raise refused(code)
                return int(self.stream.write(data))

            def __getattr__(self, name: str) -> Any:
                return getattr(self.stream, name)

        trapped.fdopen = lambda *args, **kwargs: Full(real_os.fdopen(*args, **kwargs), due())  # type: ignore[attr-defined]
    elif point == "fsync":

        def fsync(descriptor: int) -> None:
            if stat.S_ISREG(real_os.fstat(descriptor).st_mode) and due():  # a file's data, not its folder
                raise refused(code)
            real_os.fsync(descriptor)

        trapped.fsync = fsync  # type: ignore[attr-defined]
    elif point == "replace":

        def replace(source: str, target: Path) -> None:
            if due():
                raise refused(code)
            real_os.replace(source, target)

        trapped.replace = replace  # type: ignore[attr-defined]
    monkeypatch.setattr(atomic, "os", trapped)
    monkeypatch.setattr(platform, "os", trapped)  # the rename and the folder's fsync (kpi.files.platform)


@pytest.mark.parametrize("code", list(REASONS), ids=["EROFS", "ENOSPC", "EACCES"])
def test_a_lock_that_cannot_be_taken_is_said_in_words(data: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    import filelock

    def acquire(self: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(code, os.strerror(code), str(self.lock_file))

    monkeypatch.setattr(filelock.FileLock, "acquire", acquire)
    before = tree(data)

    result = kpi(data, "record", "B.1", "-q", "2018-Q3", "--value", "40")

    assert result.exit_code == 2
    assert result.stderr == (
        f"kpi: error: cannot write {data / 'actuals' / '.kpi.lock'}: {REASONS[code]}; nothing was recorded\n"
    )
    assert tree(data) == before


@pytest.mark.parametrize(
    ("point", "write", "code"),
    [
        pytest.param("mkstemp", 1, errno.EROFS, id="journal-create-EROFS"),
        pytest.param("write", 1, errno.ENOSPC, id="journal-write-ENOSPC"),
        pytest.param("fsync", 1, errno.ENOSPC, id="journal-fsync-ENOSPC"),
        pytest.param("replace", 1, errno.EACCES, id="journal-rename-EACCES"),
        pytest.param("mkstemp", 2, errno.EACCES, id="new-file-create-EACCES"),
        pytest.param("write", 2, errno.ENOSPC, id="new-file-write-ENOSPC"),
        pytest.param("fsync", 2, errno.ENOSPC, id="new-file-fsync-ENOSPC"),
        pytest.param("mkstemp", 3, errno.EROFS, id="second-file-create-EROFS"),
        pytest.param("write", 3, errno.ENOSPC, id="second-file-write-ENOSPC"),
        pytest.param("fsync", 3, errno.ENOSPC, id="second-file-fsync-ENOSPC"),
        pytest.param("replace", 3, errno.EACCES, id="second-file-rename-EACCES"),
    ],
)
def test_a_refused_write_changes_nothing_and_names_the_file(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str, write: int, code: int
) -> None:
    (data / "actuals" / ".kpi.lock").touch()  # as after any earlier recording: it is kept
    before = tree(data)
    fail_at(monkeypatch, point, write, code)

    result = kpi(data, "record", "--from", str(tmp_path / "rows.csv"), "--by", "An")

    target = {1: "actuals/.kpi-journal.json", 2: "actuals/2018-Q3/QLCN.yaml", 3: "actuals/2018-Q2/QLCN.yaml"}[write]
    assert result.exit_code == 2, result.output
    assert result.stderr == f"kpi: error: cannot write {data / target}: {REASONS[code]}; nothing was recorded\n"
    assert result.stdout == ""
    assert tree(data) == before  # no file changed, no journal, no temporary, no 2018-Q3 folder


def test_the_refusal_is_said_in_the_runs_language(
    data: Path, monkeypatch: pytest.MonkeyPatch, vietnamese: None
) -> None:
    fail_at(monkeypatch, "write", 2, errno.ENOSPC)

    result = kpi(data, "record", "B.1", "-q", "2018-Q3", "--value", "40")

    assert result.exit_code == 2
    assert result.stderr == (
        f"kpi: lỗi: không ghi được {data / 'actuals' / '2018-Q3' / 'QLCN.yaml'}: ổ đĩa đã hết "
        "chỗ trống; chưa ghi nhận gì\n"
    )
    assert not (data / "actuals" / "2018-Q3").exists()


def test_a_dry_run_writes_nothing_not_even_the_lock(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KPI_NO_CACHE", raising=False)
    monkeypatch.delenv("KPI_CACHE_DIR", raising=False)
    (minimal_data / "actuals").rmdir()
    before = tree(minimal_data)

    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q3", "--value", "40", "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "nothing written (--dry-run)"
    assert tree(minimal_data) == before  # no actuals folder, no lock, no cache


# ---------------------------------------------------------------- the real thing, in a mount namespace


def in_mount_namespace(setup: str, *kpi_args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `setup` (shell, as root, in a private mount namespace), then `python -m kpi KPI_ARGS` there."""
    env = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}
    script = f'{setup} || exit 99; exec "$0" -m kpi "$@"'
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, sys.executable, *kpi_args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.mounts
def test_a_really_read_only_data_folder(data: Path, tmp_path: Path) -> None:
    before = tree(data)
    read_only = f"mount --bind {data} {data} && mount -o remount,bind,ro {data}"

    recording = in_mount_namespace(
        read_only, "--data", str(data), "record", "B.1", "-q", "2018-Q3", "--value", "40", cwd=tmp_path
    )
    dry_run = in_mount_namespace(
        read_only, "--data", str(data), "record", "B.1", "-q", "2018-Q3", "--value", "40", "--dry-run", cwd=tmp_path
    )
    status = in_mount_namespace(read_only, "--data", str(data), "status", "--format", "csv", cwd=tmp_path)

    assert recording.returncode == 2
    assert recording.stderr == (
        f"kpi: error: cannot write {data.name}/actuals/.kpi.lock: the file system is read-only; nothing was recorded\n"
    )
    assert dry_run.returncode == 0, dry_run.stderr
    assert dry_run.stdout.splitlines()[-1] == "nothing written (--dry-run)"
    assert status.returncode == 0, status.stderr
    assert tree(data) == before


@pytest.mark.mounts
def test_a_really_full_disk(tmp_path: Path) -> None:
    (tmp_path / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    (tmp_path / "QLCN.yaml").write_text(EARLIER, encoding="utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    data = disk / "data"
    script = (
        f"mount -t tmpfs -o size=256k tmpfs {disk} && mkdir -p {data}/actuals/2018-Q2 && "
        f"cp {tmp_path}/plan2018.yaml {data}/ && cp {tmp_path}/QLCN.yaml {data}/actuals/2018-Q2/ || exit 99; "
        f"dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null; "  # fails when the disk is full: as meant
        f"find {data} -exec md5sum {{}} + 2>/dev/null | sort > {tmp_path}/before; find {data} | sort >> {tmp_path}/before; "
        f'"$0" -m kpi --data {data} record B.1 -q 2018-Q3 --value 40 --by An; echo "exit $?" >&2; '
        f"find {data} -exec md5sum {{}} + 2>/dev/null | sort > {tmp_path}/after; find {data} | sort >> {tmp_path}/after"
    )
    env = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}

    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, sys.executable],
        cwd=tmp_path,
        env={**env, "KPI_NO_CACHE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stderr == (
        "kpi: error: cannot write disk/data/actuals/.kpi-journal.json: no space left on "
        "the disk; nothing was recorded\nexit 2\n"
    )
    before = (tmp_path / "before").read_text().splitlines()
    after = (tmp_path / "after").read_text().splitlines()
    lock = f"{data}/actuals/.kpi.lock"
    assert [line for line in after if not line.endswith(lock)] == before  # no 2018-Q3 folder, nothing else changed

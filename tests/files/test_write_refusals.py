"""`kpi schema` and `kpi report -o` when the operating system refuses the write: said in words,
exit 2, and nothing half-written (the same refusals `kpi record` gives; see test_crash_recovery)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tests.support import kpi


def refuse(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, "refused")

    monkeypatch.setattr("kpi.files.atomic.tempfile.mkstemp", mkstemp)


@pytest.mark.parametrize(
    ("code", "reason"), [(errno.EROFS, "the file system is read-only"), (errno.ENOSPC, "no space left on the disk")]
)
def test_schema_says_what_the_disk_refused(
    minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    refuse(monkeypatch, code)
    result = kpi(minimal_data, "schema", "-o", str(tmp_path / "schemas"))
    assert result.exit_code == 2, result.output
    assert f"{reason}; 0 of 4 schemas written" in result.stderr
    assert "internal error" not in result.stderr
    assert list((tmp_path / "schemas").iterdir()) == []


@pytest.mark.parametrize(
    ("code", "reason"), [(errno.EROFS, "the file system is read-only"), (errno.ENOSPC, "no space left on the disk")]
)
def test_report_says_what_the_disk_refused(
    minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    refuse(monkeypatch, code)
    target = tmp_path / "report.xlsx"
    result = kpi(minimal_data, "report", "--as-of", "2018-06-30", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert f"report.xlsx: {reason}; no report was written" in result.stderr
    assert not target.exists()

"""A recording, an approval, or a year's closing killed part-way, and what the next command finds:
a git repository holding a small ledger, kpi run in it (a crash is a real process ended at a step
named by `KPI_TEST_CRASH_AT`; the command that settles it runs in this process, so mutation testing
sees the settling), and what is left on disk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.data import MINIMAL_CATALOGUE, SHIPPED_DATA
from tests.support.git import commit_all, use_git_as
from tests.support.process import kpi_process, spawns
from tests.support.runner import kpi

ACTUALS = Path("data") / "actuals"
JOURNAL = ACTUALS / ".kpi-journal.json"
QLCN_Q2 = ACTUALS / "2018-Q2" / "QLCN.yaml"
EARLIER = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1  # nhập tay\n    value: 5\n"
SINGLE = ["record", "B.1", "-q", "2018-Q2", "--value", "850", "--by", "Trần Thị Bình", "--commit"]
"""One figure recorded and committed."""


def committed_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: Path | None = QLCN_Q2) -> Path:
    """A git repository with the minimal catalogue, the shipped actuals/.gitignore and one hand-written
    actuals file (`earlier`, holding EARLIER), committed."""
    use_git_as(monkeypatch, tmp_path, "Nguyễn Văn An", "an@skhcn.example")
    root = tmp_path / "repo"
    (root / ACTUALS / "2018-Q2").mkdir(parents=True)
    (root / "data" / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    shutil.copy(SHIPPED_DATA / "actuals" / ".gitignore", root / ACTUALS)
    if earlier is not None:
        (root / earlier).write_text(EARLIER, encoding="utf-8")
    commit_all(root, "Plan 62 catalogue")
    return root


@spawns
def in_repo(repo: Path, *args: str, crash_at: str | None = None) -> Any:
    """kpi on the repository's data, run from the repository: in this process, or, with `crash_at`,
    in a real process killed at that step."""
    if crash_at is None:
        return kpi(repo / "data", *args, cwd=repo)
    return kpi_process(repo / "data", *args, cwd=repo, env={"KPI_TEST_CRASH_AT": crash_at})


def snapshot(repo: Path) -> dict[str, bytes | None]:
    """Every file and folder under data/actuals (folders as None), hidden ones included, but for
    the lock file (made once, kept, git-ignored)."""
    folder = repo / ACTUALS
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
        if path.name != ".kpi.lock"
    }


def stray(repo: Path) -> list[str]:
    """Temporaries, a journal, or a folder left empty."""
    folder = repo / ACTUALS
    found = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name == JOURNAL.name]
    found += [p for p in folder.rglob("*") if p.is_dir() and not any(p.iterdir())]
    return sorted(p.relative_to(folder).as_posix() for p in found)

"""Git as the audit trail: one commit per recording, with trailers that `kpi log` reads back.

A commit made by `kpi record` looks like this, so plain `git log` and `git blame` read well:

    Replace B.1 firms for 2018-Q2: 800 -> 850

    Indicator: B.1
    Measure: firms
    Quarter: 2018-Q2
    Value: 850
    Previous: 800
    Recorded-by: Nguyễn Văn A

A batch (`kpi record --from`) repeats the block of trailers once per figure.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from kpi.errors import KpiError
from kpi.i18n import _

TRAILERS = ("Indicator", "Measure", "Quarter", "Value", "Previous", "Recorded-by")
_FIELD, _RECORD = "\x1f", "\x1e"


class GitError(KpiError):
    """Git refused, or the data is not where git can commit it; nothing was left half done."""


class TrailEntry(BaseModel):
    """One change to the actuals as the git history tells it."""

    model_config = ConfigDict(frozen=True)

    commit: str
    date: datetime
    author: str
    recorded_by: str | None
    indicator: str | None
    measure: str | None
    quarter: str | None
    previous: str | None
    value: str | None
    subject: str


def _git(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH)")) from None


def _answer(path: Path, *args: str) -> str | None:
    """What a git query prints about the folder holding `path`; None when git is missing or says no."""
    folder = path if path.is_dir() else path.parent
    try:
        result = _git(folder, *args)
    except GitError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree that holds `path`, or None."""
    top = _answer(path, "rev-parse", "--show-toplevel")
    return Path(top) if top else None


def git_user_name(path: Path) -> str | None:
    """The author name git would use here, or None when git is missing or has none."""
    ident = _answer(path, "var", "GIT_AUTHOR_IDENT")
    name = ident.split(" <", 1)[0].strip() if ident else ""
    return name or None


def require_work_tree(path: Path) -> Path:
    root = work_tree(path)
    if root is None:
        raise GitError(
            _("{path} is not inside a git work tree; record without --commit, or run git init").format(path=path)
        )
    return root


def check_committable(root: Path, paths: list[Path]) -> None:
    """Refuse before anything is written if committing exactly these files would go wrong."""
    if _git(root, "var", "GIT_COMMITTER_IDENT").returncode != 0:
        raise GitError(_("git does not know who you are; set git config user.name and user.email"))
    if _git(root, "rev-parse", "-q", "--verify", "MERGE_HEAD").returncode == 0:
        raise GitError(_("a git merge is in progress; finish it before recording with --commit"))
    status = _git(root, "status", "--porcelain=v1", "--untracked-files=all", "--", *map(str, paths))
    if status.returncode != 0:
        raise GitError(_("git status failed: {reason}").format(reason=status.stderr.strip()))
    dirty = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if dirty:
        raise GitError(
            _(
                "{file} has changes that are not committed; commit or stash them first "
                "(kpi commits only its own change), or record without --commit"
            ).format(file=dirty[0])
        )


def commit_files(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly `paths` (staged or not, whatever else is staged) and return the commit hash."""
    names = [str(path) for path in paths]
    added = _git(root, "add", "--", *names)
    if added.returncode != 0:
        raise GitError(_("git add failed: {reason}").format(reason=added.stderr.strip()))
    from kpi.files.journal import crash_point

    crash_point("staged")
    committed = _git(root, "commit", "--quiet", "--only", "--file=-", "--", *names, stdin=message)
    if committed.returncode != 0:
        raise GitError(
            _("git commit failed, nothing recorded: {reason}").format(
                reason=(committed.stderr or committed.stdout).strip()
            )
        )
    return _git(root, "rev-parse", "HEAD").stdout.strip()


def uncommitted(root: Path, paths: list[Path]) -> bool:
    """Whether any of these files differs from what the last commit holds (in the index or the work tree)."""
    status = _git(root, "status", "--porcelain=v1", "--untracked-files=all", "--", *map(str, paths))
    if status.returncode != 0:
        raise GitError(_("git status failed: {reason}").format(reason=status.stderr.strip()))
    return bool(status.stdout.strip())


def last_commit_of(root: Path, paths: list[Path]) -> str:
    """The newest commit that changed any of these files."""
    return _git(root, "log", "-1", "--format=%H", "--", *map(str, paths)).stdout.strip()


def unstage(root: Path, paths: list[Path]) -> None:
    _git(root, "reset", "--quiet", "--", *map(str, paths))


def read_trail(data_dir: Path, indicator: str | None = None, quarter: str | None = None) -> list[TrailEntry]:
    """Every commit that changed an actuals file, newest first, one entry per recorded figure.

    Commits without kpi's trailers (edits by hand) are listed by their subject, except when
    asking about one indicator, which only kpi's trailers can tell.
    """
    from kpi.files.datadir import ACTUALS_DIR

    root = require_work_tree(data_dir)
    folder = (data_dir / ACTUALS_DIR).resolve()
    try:
        relative = folder.relative_to(root.resolve()).as_posix()
    except ValueError:  # the data folder is reached through a link from outside the work tree
        relative = str(folder)
    # Only the actuals files themselves (<quarter>/<owner>.yaml): a commit that touched nothing
    # but code, or the folder's .gitignore, changed no data.
    files = f"{relative}/{quarter if quarter is not None else '*'}/*.yaml"
    fmt = _FIELD.join(["%H", "%aI", "%an", "%s", "%(trailers:only,unfold)"]) + _RECORD
    result = _git(root, "log", f"--format={fmt}", "--", f":(glob){files}")
    if result.returncode != 0:
        if "does not have any commits" in result.stderr:
            return []
        raise GitError(_("git log failed: {reason}").format(reason=result.stderr.strip()))
    entries: list[TrailEntry] = []
    for chunk in result.stdout.split(_RECORD):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        commit, when, author, subject, trailers = chunk.split(_FIELD)
        common = {"commit": commit, "date": datetime.fromisoformat(when), "author": author, "subject": subject}
        blocks = _trailer_blocks(trailers)
        if not blocks:
            if indicator is None:
                entries.append(
                    TrailEntry(
                        **common,
                        recorded_by=None,
                        indicator=None,
                        measure=None,
                        quarter=None,
                        previous=None,
                        value=None,
                    )
                )
            continue
        for block in blocks:
            if indicator is not None and block.get("Indicator", "").casefold() != indicator.casefold():
                continue
            if quarter is not None and block.get("Quarter") != quarter:
                continue
            entries.append(
                TrailEntry(
                    **common,
                    recorded_by=block.get("Recorded-by"),
                    indicator=block.get("Indicator"),
                    measure=block.get("Measure"),
                    quarter=block.get("Quarter"),
                    previous=block.get("Previous"),
                    value=block.get("Value"),
                )
            )
    return entries


def _trailer_blocks(text: str) -> list[dict[str, str]]:
    """Split the trailer lines into one block per figure: each `Indicator:` starts a new one."""
    blocks: list[dict[str, str]] = []
    for line in text.splitlines():
        key, separator, value = line.partition(":")
        if not separator or key not in TRAILERS:
            continue
        if key == "Indicator":
            blocks.append({})
        if blocks:
            blocks[-1][key] = value.strip()
    return blocks

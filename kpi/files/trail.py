"""Git as the audit trail: one commit per recording, with trailers that `kpi log` reads back.

A commit made by `kpi record` looks like this (its subject in the run's language, here English; the
trailers the same in every language, and the only part kpi reads back), so `git log` reads well:

    Replace B.1 firms for 2018-Q2: 800 -> 850

    Indicator: B.1
    Measure: firms
    Quarter: 2018-Q2
    Value: 850
    Previous: 800
    Recorded-by: Nguyễn Văn A

A batch (`kpi record --from`) repeats the block of trailers once per figure.

`kpi approve` and `kpi reopen` commit `approvals.yaml` alone, with their own trailers:

    Approve 2018-Q2 for QLCN

    Approved: 2018-Q2
    Owner: QLCN
    Approved-by: Nguyễn Văn A

    Reopen 2018-Q2 for QLCN: B.1 firms was mistyped

    Reopened: 2018-Q2
    Owner: QLCN
    Reopened-by: Trần Thị B
    Reason: B.1 firms was mistyped

(no `Owner` when the whole quarter is approved or reopened). An approval made with `--with-missing`
names the units approved without everything the quarter expected of them, as approvals.yaml does:

    Missing: QLKH (19 of 19), CCTDC (1 of 1)

`kpi year close` commits the year's plan file alone, listed by `kpi log` too:

    Close 2018: 61 figures from the quarters

    Closed without: B.1:firms@2018-Q4

    Closed: 2018
    Closed-by: Trần Thị B
    Figures: 61
    Missing: 1

with, when the year was closed without some quarterly figures, a paragraph before the trailers
naming them as `--missing` does (`Closed without: B.1:firms@2018-Q4, ...`). The format itself is
written and read by `kpi.files.trailers`.

Why one module of 600 lines: every call to git kpi makes is here (commit, read the trail back,
the content a commit held), so that the one program kpi runs is run one way, with one set of
error messages.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kpi.errors import KpiError
from kpi.files import trailers
from kpi.files.crash import crash_point
from kpi.files.platform import git_program
from kpi.i18n import _, ngettext
from kpi.model.approvals import ApprovalEvent
from kpi.model.quarters import quarter_words

_FIELD, _RECORD = "\x1f", "\x1e"


class GitError(KpiError):
    """Git refused, or the data is not where git can commit it; nothing was left half done."""


class GitLocked(GitError):
    """Another git holds the index (or a killed one left its lock behind): nothing can be staged or unstaged."""

    def __init__(self, lock: Path):
        self.lock = lock
        super().__init__(
            _(
                "git's index is locked ({lock}): a git command is running, or one was killed; wait for it to end, "
                "or, if no git is running, remove {lock} and run kpi again"
            ).format(lock=lock)
        )


def git_installed() -> bool:
    return shutil.which("git") is not None


def not_installed() -> GitError:
    return GitError(_("git is not installed (or not on PATH)"))


class TrailEntry(BaseModel):
    """One change to the actuals as the git history tells it."""

    model_config = ConfigDict(frozen=True)

    event: Literal["record", "approve", "reopen", "undo", "close"] | None
    """None: a commit made by hand, listed by its subject."""
    commit: str
    date: datetime
    author: str
    recorded_by: str | None
    indicator: str | None
    measure: str | None
    quarter: str | None
    previous: str | None
    value: str | None
    owner: str | None = None
    """Approvals and reopenings: the unit, or None for every unit of the quarter."""
    reason: str | None = None
    """Reopenings: why."""
    undone: str | None = None
    """Undos: the commit whose recording was taken back."""
    missing: str | None = None
    """Approvals with --with-missing: the units approved without everything, `QLKH (19 of 19), ...`."""
    subject: str


def approval_message(event: ApprovalEvent) -> str:
    """The commit message of an approval or a reopening: a subject in the run's language for a person
    reading `git log`, then the trailers `kpi log` reads, the same in every language."""
    done = "Approved" if event.action == "approve" else "Reopened"
    reason = _one_line(event.reason or "")
    quarter = quarter_words(event.quarter)
    if event.action == "approve":
        subject = (
            _("Approve {quarter} for {owner}").format(quarter=quarter, owner=event.owner)
            if event.owner
            else _("Approve {quarter}").format(quarter=quarter)
        )
    else:
        subject = (
            _("Reopen {quarter} for {owner}").format(quarter=quarter, owner=event.owner)
            if event.owner
            else _("Reopen {quarter}").format(quarter=quarter)
        )
    subject += f": {reason}" if reason else ""
    missing = ", ".join(f"{unit.owner} ({unit.missing} of {unit.expected})" for unit in event.missing)
    return trailers.message(
        subject,
        {
            done: str(event.quarter),
            "Owner": event.owner,
            f"{done}-by": _one_line(event.by),
            "Reason": reason,
            "Missing": _one_line(missing),
        },
    )


def closing_message(year: int, figures: int, by: str, missing: list[str]) -> str:
    """The commit message of `kpi year close`: a subject and a paragraph in the run's language (the
    figures written, what the year was closed without: `B.1:firms@2018-Q4`, as `--missing` names it),
    then the trailers, the same in every language."""
    subject = ngettext(
        "Close {year}: {count} figure from the quarters", "Close {year}: {count} figures from the quarters", figures
    ).format(year=year, count=figures)
    body = _("Closed without: {figures}").format(figures=_one_line(", ".join(missing))) + "\n\n" if missing else ""
    return trailers.message(
        subject,
        {
            "Closed": str(year),
            "Closed-by": _one_line(by),
            "Figures": str(figures),
            "Missing": str(len(missing)) if missing else None,
        },
        body,
    )


def _one_line(text: str) -> str:
    return trailers.one_line(text)


def _git(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [git_program(), "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except FileNotFoundError:
        raise not_installed() from None


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
    if not git_installed():
        raise not_installed()
    root = work_tree(path)
    if root is None:
        raise GitError(
            _("{path} is not inside a git work tree; record without --commit, or run git init").format(path=path)
        )
    return root


def index_lock(root: Path) -> Path:
    """Where git locks the index of the work tree at `root` (`.git/index.lock`, or a worktree's own)."""
    found = _git(root, "rev-parse", "--git-path", "index")
    if found.returncode != 0:
        raise GitError(_("git rev-parse failed: {reason}").format(reason=found.stderr.strip()))
    index = Path(found.stdout.strip())
    return (index if index.is_absolute() else root / index).with_name("index.lock")


def refuse_while_locked(root: Path) -> None:
    """Raise GitLocked while git's index lock is there: staging, unstaging or committing now would fail
    (or race the git that holds it)."""
    lock = index_lock(root)
    if lock.exists():
        raise GitLocked(lock)


def check_committable(root: Path, paths: list[Path]) -> None:
    """Refuse before anything is written if committing exactly these files would go wrong."""
    refuse_while_locked(root)
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
                "(kpi commits only its own change), or run it again with --no-commit"
            ).format(file=dirty[0])
        )


def commit_files(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly `paths` (staged or not, whatever else is staged) and return the commit hash."""
    names = [str(path) for path in paths]
    added = _git(root, "add", "--", *names)
    if added.returncode != 0:
        _locked(root, added)
        raise GitError(_("git add failed: {reason}").format(reason=added.stderr.strip()))
    crash_point("staged")
    committed = _git(root, "commit", "--quiet", "--only", "--file=-", "--", *names, stdin=message)
    if committed.returncode != 0:
        _locked(root, committed)
        raise GitError(
            _("git commit failed, nothing recorded: {reason}").format(
                reason=(committed.stderr or committed.stdout).strip()
            )
        )
    return _head(root)


def _locked(root: Path, failed: subprocess.CompletedProcess[str]) -> None:
    """Raise GitLocked when git failed for want of its index lock (held by another git, or left by a killed one)."""
    lock = index_lock(root)
    if lock.exists() or f"{lock.name}'" in failed.stderr:
        raise GitLocked(lock)


def _head(root: Path) -> str:
    head = _git(root, "rev-parse", "HEAD")
    if head.returncode != 0:
        raise GitError(_("git rev-parse failed: {reason}").format(reason=head.stderr.strip()))
    return head.stdout.strip()


def head_holds(root: Path, contents: dict[Path, bytes]) -> bool:
    """Whether the last commit holds exactly these contents at these paths (a commit made, then the
    process that made it killed before it could say so)."""
    for path, data in contents.items():
        shown = subprocess.run(
            ["git", "-C", str(root), "show", f"HEAD:{_in_tree(root, path)}"], capture_output=True, check=False
        )
        if shown.returncode != 0 or shown.stdout != data:
            return False
    return True


def uncommitted(root: Path, paths: list[Path]) -> bool:
    """Whether any of these files differs from what the last commit holds (in the index or the work tree)."""
    status = _git(root, "status", "--porcelain=v1", "--untracked-files=all", "--", *map(str, paths))
    if status.returncode != 0:
        raise GitError(_("git status failed: {reason}").format(reason=status.stderr.strip()))
    return bool(status.stdout.strip())


def last_commit_of(root: Path, paths: list[Path]) -> str:
    """The newest commit that changed any of these files."""
    found = _git(root, "log", "-1", "--format=%H", "--", *map(str, paths))
    if found.returncode != 0:
        raise GitError(_("git log failed: {reason}").format(reason=found.stderr.strip()))
    return found.stdout.strip()


def unstage(root: Path, paths: list[Path]) -> None:
    """Make the index hold what the last commit holds for these paths (nothing, for a file it does not have)."""
    refuse_while_locked(root)
    reset = _git(root, "reset", "--quiet", "--", *map(str, paths))
    if reset.returncode != 0:
        lock = index_lock(root)
        if lock.exists():
            raise GitLocked(lock)
        raise GitError(_("git reset failed: {reason}").format(reason=(reset.stderr or reset.stdout).strip()))


def read_trail(
    data_dir: Path, indicator: str | None = None, quarter: str | None = None, owner: str | None = None
) -> list[TrailEntry]:
    """Every commit that changed an actuals file or the approvals, newest first, one entry per
    recorded figure, approval or reopening.

    Commits without kpi's trailers (edits by hand) are listed by their subject, except when
    asking about one indicator, which only kpi's trailers can tell. Asking about one indicator
    lists the approvals of its `owner` (and those of every unit) when the owner is given.
    """
    from kpi.files.datadir import ACTUALS_DIR, APPROVALS_FILE

    root = require_work_tree(data_dir)
    # Only the actuals files themselves (<quarter>/<owner>.yaml) and the approvals: a commit that
    # touched nothing but code, or the folder's .gitignore, changed no data.
    files = f"{_in_tree(root, data_dir / ACTUALS_DIR)}/{quarter if quarter is not None else '*'}/*.yaml"
    approvals = _in_tree(root, data_dir / APPROVALS_FILE)
    fmt = _FIELD.join(["%H", "%aI", "%an", "%s", "%(trailers:only,unfold)"]) + _RECORD
    result = _git(root, "log", f"--format={fmt}", "--", f":(glob){files}", f":(literal){approvals}")
    if result.returncode != 0:
        if "does not have any commits" in result.stderr:
            return []
        raise GitError(_("git log failed: {reason}").format(reason=result.stderr.strip()))
    entries: list[TrailEntry] = []
    for chunk in result.stdout.split(_RECORD):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        commit, when, author, subject, text = chunk.split(_FIELD)
        common = {"commit": commit, "date": datetime.fromisoformat(when), "author": author, "subject": subject}
        decision = trailers.read_approval(text)
        if decision is not None:
            entry = _approval_entry(common, decision)
            if quarter is not None and entry.quarter != quarter:
                continue
            if indicator is not None and (owner is None or entry.owner not in (None, owner)):
                continue
            entries.append(entry)
            continue
        blocks = trailers.read_figure_blocks(text)
        undone = trailers.read_undone(text)
        if not blocks:
            if indicator is None:
                entries.append(TrailEntry(**common, event=None, **dict.fromkeys(_FIGURE_FIELDS)))
            continue
        for block in blocks:
            if indicator is not None and block.get("Indicator", "").casefold() != indicator.casefold():
                continue
            if quarter is not None and block.get("Quarter") != quarter:
                continue
            entries.append(
                TrailEntry(
                    **common,
                    event="undo" if undone else "record",
                    undone=undone,
                    recorded_by=block.get("Recorded-by"),
                    indicator=block.get("Indicator"),
                    measure=block.get("Measure"),
                    quarter=block.get("Quarter"),
                    previous=block.get("Previous"),
                    value=block.get("Value"),
                )
            )
    if indicator is None:  # a year closed into its plan concerns every indicator of the year
        closings = _closings(root, data_dir, fmt, quarter)
        if closings:
            entries = sorted([*entries, *closings], key=lambda entry: entry.date, reverse=True)
    return entries


def _closings(root: Path, data_dir: Path, fmt: str, quarter: str | None) -> list[TrailEntry]:
    """The commits of `kpi year close` (trailer `Closed: YEAR`) that changed a plan file."""
    folder = _in_tree(root, data_dir)
    plans = "plan*.yaml" if folder in ("", ".") else f"{folder}/plan*.yaml"
    result = _git(root, "log", f"--format={fmt}", "--grep=^Closed: ", "--", f":(glob){plans}")
    if result.returncode != 0:
        return []
    entries = []
    for chunk in result.stdout.split(_RECORD):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        commit, when, author, subject, text = chunk.split(_FIELD)
        closing = trailers.read(text, trailers.CLOSING)
        year = closing.get("Closed", "")
        if not year.isdigit() or (quarter is not None and not quarter.startswith(f"{year}-")):
            continue
        entries.append(
            TrailEntry(
                commit=commit,
                date=datetime.fromisoformat(when),
                author=author,
                subject=subject,
                event="close",
                recorded_by=closing.get("Closed-by"),
                indicator=None,
                measure=None,
                quarter=year,
                previous=None,
                value=closing.get("Figures") if closing.get("Figures", "").isdigit() else None,
                missing=closing.get("Missing") if closing.get("Missing", "").isdigit() else None,
            )
        )
    return entries


_FIGURE_FIELDS = ("recorded_by", "indicator", "measure", "quarter", "previous", "value")


def in_tree(root: Path, path: Path) -> str:
    """`path` as git names it from the top of the work tree."""
    return _in_tree(root, path)


def _in_tree(root: Path, path: Path) -> str:
    """`path` as git names it from the top of the work tree (as given, when reached through a link from outside)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _approval_entry(common: dict[str, object], decision: dict[str, str]) -> TrailEntry:
    approved = "Approved" in decision
    return TrailEntry(
        **common,
        event="approve" if approved else "reopen",
        recorded_by=decision.get("Approved-by" if approved else "Reopened-by"),
        indicator=None,
        measure=None,
        quarter=decision["Approved" if approved else "Reopened"],
        previous=None,
        value=None,
        owner=decision.get("Owner"),
        reason=decision.get("Reason"),
        missing=decision.get("Missing"),
    )


class ActualsChange(BaseModel):
    """The newest commit that changed an actuals file, as `kpi undo` weighs it."""

    model_config = ConfigDict(frozen=True)

    commit: str
    date: datetime
    author: str
    subject: str
    blocks: list[dict[str, str]]
    """Its figures' trailers (none: not a recording by kpi)."""
    undone: str | None
    """It is an undo itself, of this commit."""
    files: list[Path]
    """The actuals files it changed."""


def newest_actuals_change(data_dir: Path) -> ActualsChange | None:
    """The newest commit that changed an actuals file (`<quarter>/<owner>.yaml`), or None."""
    from kpi.files.datadir import ACTUALS_DIR

    root = require_work_tree(data_dir)
    files = f"{_in_tree(root, data_dir / ACTUALS_DIR)}/*/*.yaml"
    fmt = _FIELD.join(["%H", "%aI", "%an", "%s", "%(trailers:only,unfold)"])
    result = _git(root, "log", "-1", f"--format={fmt}", "--", f":(glob){files}")
    if result.returncode != 0:
        if "does not have any commits" in result.stderr:
            return None
        raise GitError(_("git log failed: {reason}").format(reason=result.stderr.strip()))
    if not result.stdout.strip():
        return None
    commit, when, author, subject, text = result.stdout.strip("\n").split(_FIELD)
    changed = _git(root, "diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit, "--", f":(glob){files}")
    if changed.returncode != 0:
        raise GitError(_("git diff-tree failed: {reason}").format(reason=changed.stderr.strip()))
    return ActualsChange(
        commit=commit,
        date=datetime.fromisoformat(when),
        author=author,
        subject=subject,
        blocks=trailers.read_figure_blocks(text),
        undone=trailers.read_undone(text),
        files=[root / name for name in changed.stdout.splitlines() if name],
    )


def content_before(root: Path, commit: str, path: Path) -> bytes | None:
    """What `path` held in the parent of `commit` (None: it did not exist, or `commit` has no parent)."""
    shown = subprocess.run(
        [git_program(), "-C", str(root), "show", f"{commit}^:{_in_tree(root, path)}"], capture_output=True, check=False
    )
    return shown.stdout if shown.returncode == 0 else None


def days_lines_were_written(path: Path) -> dict[int, date]:
    """For each committed line of `path` (counted from 1), the day its commit was authored, in the
    author's own time zone; {} when the file is not in git. Lines not committed yet are left out."""
    root = work_tree(path)
    if root is None:
        return {}
    result = _git(root, "blame", "--line-porcelain", "--", str(path.resolve()))
    if result.returncode != 0:
        return {}
    days: dict[int, date] = {}
    line, when, zone, committed = 0, 0, "+0000", True
    for text in result.stdout.splitlines():
        if text.startswith("\t"):  # the line's own text ends its block
            if committed:
                days[line] = _local_day(when, zone)
            continue
        key, _space, value = text.partition(" ")
        if len(key) == 40 and all(c in "0123456789abcdef" for c in key):
            committed = key != "0" * 40
            line = int(value.split()[1])
        elif key == "author-time":
            when = int(value)
        elif key == "author-tz":
            zone = value
    return days


def _local_day(seconds: int, zone: str) -> date:
    sign = -1 if zone.startswith("-") else 1
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
    return datetime.fromtimestamp(seconds, timezone(offset)).date()


def committed_version(path: Path, sha256: str, limit: int = 200) -> bytes | None:
    """The bytes `path` held in a commit when their SHA-256 was `sha256` (the newest such of its last
    `limit` commits), or None: not in git, or never committed with that content (normalised as
    approvals fingerprint it: `kpi.files.textfiles`)."""
    from kpi.files.textfiles import content_sha256

    root = work_tree(path)
    if root is None:
        return None
    relative = _in_tree(root, path)
    commits = _git(root, "log", f"-{limit}", "--format=%H", "--", relative)
    if commits.returncode != 0:
        return None
    for commit in commits.stdout.split():
        shown = subprocess.run(
            [git_program(), "-C", str(root), "show", f"{commit}:{relative}"], capture_output=True, check=False
        )
        if shown.returncode == 0 and content_sha256(shown.stdout) == sha256:
            return shown.stdout
    return None

"""The intent record of a recording: written before its first change, so that a crash is finished or undone.

`kpi record` writes `data/actuals/.kpi-journal.json` (git-ignored) atomically and fsynced before
it changes any actuals file: for each file its old bytes (or that it did not exist) and its new
bytes, and the commit message when a commit is due. Then the files are renamed into place one
by one, the commit is made, and the journal is removed last. A process killed anywhere in
between leaves the journal behind, and the next kpi command that reads the actuals settles it
under the actuals lock (a live recorder holds that lock, so its journal is never mistaken for
an interrupted one):

* every file holds exactly its new bytes: all were written and verified, so the recording is
  finished (roll forward: the user meant it) and the commit is made if it was due and is not
  there yet;
* otherwise: every file is put back to its old bytes, a file that did not exist is removed
  with the quarter folder made for it, and what was staged for the commit is unstaged (roll
  back: the figures were never wholly recorded, so none of them is);
* a file that is neither old nor new (edited by hand since), or a journal that does not read
  back, stops the settling: nothing is touched, and the message names the file; a person decides.

Settling twice is harmless, so a crash while settling is settled by the next command in turn.

The journal is read like every other input (`kpi.files.inputs`): only a regular file, of at most
64 MiB (raised with the actuals' limit by KPI_MAX_FILE_MIB), and with at most MAX_JSON_TOKENS
brackets and commas before it is parsed, so that no path there (a FIFO, a link to a device, a
file of a million nested lists) makes a command wait, read without end or build gigabytes. The
actuals files it names are compared by size before they are read, and never read if they are
not regular files.

Why one module of 500 lines: writing the journal, carrying it out and settling it after a crash
are one protocol, each step undoing exactly what another did; they are read together or not at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kpi.errors import DataError, Finding, KpiError, Location, Severity
from kpi.files.atomic import CannotWrite, remove_durably, write_bytes_atomic
from kpi.files.crash import crash_point
from kpi.files.datadir import ACTUALS_DIR
from kpi.files.inputs import InputKind, read_input
from kpi.files.locking import remove_empty_folder
from kpi.i18n import _

JOURNAL_FILE = ".kpi-journal.json"
FORMAT = 1
MAX_JSON_TOKENS = 100_000
"""Brackets, braces and commas outside strings: a journal has about a dozen per file it names."""
_JSON_TOKENS = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[{,]')


class RecoveryBlocked(KpiError):
    """An interrupted recording could not be settled; nothing was touched."""


@dataclass(frozen=True)
class FileChange:
    name: str
    """Relative to the actuals folder, with `/`: `2018-Q2/QLCN.yaml`."""
    old: bytes | None
    """None: the file did not exist."""
    new: bytes
    folder_created: bool
    """Its quarter folder did not exist either (and is removed again when the recording is undone)."""


@dataclass(frozen=True)
class Intent:
    files: tuple[FileChange, ...]
    commit_message: str | None
    """None: no commit is due."""
    started: str


@dataclass(frozen=True)
class Settled:
    """What settling an interrupted recording did."""

    finished: bool
    files: tuple[str, ...]
    started: str
    commit: str | None = None
    reason: str | None = None
    """Why a recording whose files were all written was undone all the same (its commit failed)."""

    def notice(self) -> str:
        files = ", ".join(self.files)
        if self.finished and self.commit:
            return _("finished a recording interrupted at {started}: {files} written and committed as {commit}").format(
                started=self.started, files=files, commit=self.commit[:12]
            )
        if self.finished:
            return _("finished a recording interrupted at {started}: {files} written").format(
                started=self.started, files=files
            )
        if self.reason:
            return _(
                "undid a recording interrupted at {started} because its commit failed ({reason}): "
                "{files} put back as they were; record it again"
            ).format(started=self.started, reason=self.reason, files=files)
        return _(
            "undid a recording interrupted at {started} before it was complete: {files} put back as they "
            "were; record it again"
        ).format(started=self.started, files=files)


def journal_path(data_dir: Path) -> Path:
    return data_dir / ACTUALS_DIR / JOURNAL_FILE


_DATA_FILE = re.compile(r"approvals\.yaml|plan[0-9]{4}\.yaml")
"""The files of the data folder itself a journal may name (by their bare name): the approvals and a new year's plan."""


def _name(data_dir: Path, path: Path) -> str:
    """How the journal names a file: an actuals file from the actuals folder (`2018-Q2/QLCN.yaml`), a file of
    the data folder by its name (`approvals.yaml`)."""
    if path.parent == data_dir and _DATA_FILE.fullmatch(path.name):
        return path.name
    return path.relative_to(data_dir / ACTUALS_DIR).as_posix()


def _path(data_dir: Path, name: str) -> Path:
    return data_dir / name if _DATA_FILE.fullmatch(name) else data_dir / ACTUALS_DIR / name


def pending(data_dir: Path) -> bool:
    return os.path.lexists(journal_path(data_dir))


# ---------------------------------------------------------------- a recording, step by step


def begin(data_dir: Path, changes: dict[Path, bytes], commit_message: str | None) -> Intent:
    """Write the journal of a recording about to change `changes` (path -> new bytes); nothing else yet.

    Call with the actuals lock held and no journal pending."""
    files = []
    for path, new in changes.items():
        try:
            old: bytes | None = path.read_bytes()
        except FileNotFoundError:
            old = None
        files.append(FileChange(_name(data_dir, path), old, new, not path.parent.exists()))
    intent = Intent(tuple(files), commit_message, datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S"))
    encoded = _encode(intent)
    if len(encoded) > InputKind.JOURNAL.limit:  # it could not be read back after a crash
        raise DataError(
            [
                Finding(
                    Severity.ERROR,
                    Location(journal_path(data_dir)),
                    "journal",
                    _(
                        "this recording would need a journal of {size} bytes, more than the {limit} kpi reads "
                        "back; record fewer files at once; nothing was recorded"
                    ).format(size=len(encoded), limit=InputKind.JOURNAL.limit),
                )
            ]
        )
    try:
        write_bytes_atomic(journal_path(data_dir), encoded)
    except OSError as exc:
        raise CannotWrite(journal_path(data_dir), exc, _("nothing was recorded")) from None
    crash_point("journal-written")
    return intent


def carry_out(data_dir: Path, intent: Intent, root: Path | None) -> str | None:
    """Write every file of the journal, commit them when `root` is given, remove the journal; return
    the commit. On any failure everything is put back first (or, if even that fails, left to the
    journal for the next command)."""
    from kpi.files import trail  # git, only when a recording commits or is settled: not on every read

    paths = [_path(data_dir, change.name) for change in intent.files]
    try:
        for number, (path, change) in enumerate(zip(paths, intent.files), 1):
            try:
                write_bytes_atomic(path, change.new)
            except OSError as exc:
                raise CannotWrite(path, exc, _("nothing was recorded")) from None
            crash_point(f"file-{number}-renamed")
        commit = None
        if root is not None and intent.commit_message is not None:
            crash_point("before-commit")
            commit = trail.commit_files(root, paths, intent.commit_message)
            crash_point("after-commit")
    except BaseException as failure:
        try:
            committed = (
                root is not None
                and intent.commit_message is not None
                and trail.head_holds(root, _contents(paths, intent))
            )
            if not committed:
                _undo(data_dir, intent, root)
        except trail.GitLocked as locked:
            raise RecoveryBlocked(
                _("{error}; the change waits in {journal}, and the next kpi command finishes or undoes it").format(
                    error=locked, journal=Location(journal_path(data_dir))
                )
            ) from None
        except (OSError, KpiError) as second:
            raise RecoveryBlocked(
                _(
                    "{error}; putting the files back failed too ({reason}): {journal} keeps their "
                    "old content, and the next kpi command puts them back"
                ).format(error=failure, reason=_reason(second), journal=Location(journal_path(data_dir)))
            ) from None
        if not committed:
            raise
        # The commit was made all the same (its maker failed or was interrupted after it): the change is complete.
        finish(data_dir)
        if not isinstance(failure, Exception):
            raise
        assert root is not None
        return trail.last_commit_of(root, paths)
    finish(data_dir)
    return commit


def finish(data_dir: Path) -> None:
    """Remove the journal: the recording is complete (or wholly undone)."""
    crash_point("journal-removing")
    try:
        remove_durably(journal_path(data_dir))
    except OSError:  # a journal left behind is settled as finished by the next command: nothing is lost
        return
    crash_point("journal-removed")


# ---------------------------------------------------------------- after a crash


def settle_pending(data_dir: Path, timeout: float = 60.0) -> Settled | None:
    """Finish or undo a recording a crash interrupted, if there is one (taking the actuals lock)."""
    if not pending(data_dir) and not _stray_journals(data_dir):
        return None
    from kpi.files.locking import LockTimeout, actuals_lock

    try:
        with actuals_lock(data_dir, timeout):
            return settle(data_dir)
    except (CannotWrite, LockTimeout) as exc:
        raise RecoveryBlocked(
            _("a recording was interrupted ({journal}) and cannot be settled now: {reason}").format(
                journal=Location(journal_path(data_dir)), reason=_reason(exc)
            )
        ) from None


def settle(data_dir: Path) -> Settled | None:
    """Finish or undo the recording the journal describes; call with the actuals lock held."""
    from kpi.files import trail  # git, only when a recording commits or is settled: not on every read

    path = journal_path(data_dir)
    for stray in _stray_journals(data_dir):  # a journal whose writing was killed: nothing began
        stray.unlink(missing_ok=True)
    if not os.path.lexists(path):
        return None
    intent = _read(path)
    folder = data_dir / ACTUALS_DIR
    paths = [_path(data_dir, change.name) for change in intent.files]
    states = [_state(file, change, path) for file, change in zip(paths, intent.files)]
    names = tuple(str(Location(file)) for file in paths)
    changed = [name for name, state in zip(names, states) if state == "other"]
    if changed:
        raise RecoveryBlocked(
            _(
                "a recording was interrupted ({journal}), and {file} has been changed since; compare "
                "it with the journal's old and new text, then delete the journal"
            ).format(journal=Location(path), file=changed[0])
        )
    message = intent.commit_message  # None: no commit is due
    root = None
    try:
        if message is not None:
            if not trail.git_installed():  # it may be back later: then the commit is made, or the files put back
                raise trail.not_installed()
            root = trail.work_tree(folder)
        if root is not None:
            # Nothing is decided while another git holds the index: a commit of this very change may be landing.
            trail.refuse_while_locked(root)
            if trail.head_holds(root, _contents(paths, intent)):
                # The commit was made and its maker killed before it could remove the journal: the change is
                # complete. The work tree follows git (a file put back by an older kpi gets its new text again).
                return _finished_as_committed(data_dir, intent, root, paths, states, names)
        if all(state == "new" for state in states):
            commit = None
            if message is not None:
                try:
                    if root is None:
                        raise trail.GitError(_("{path} is not inside a git work tree").format(path=folder))
                    commit = trail.commit_files(root, paths, message)
                except trail.GitLocked:
                    raise
                except (OSError, KpiError) as exc:
                    if root is not None and trail.head_holds(root, _contents(paths, intent)):
                        return _finished_as_committed(data_dir, intent, root, paths, states, names)
                    _undo(data_dir, intent, root)
                    return Settled(False, names, intent.started, reason=_reason(exc))
            for file in paths:
                _remove_temporaries(file)
            finish(data_dir)
            return Settled(True, names, intent.started, commit)
        _undo(data_dir, intent, root)
        return Settled(False, names, intent.started)
    except trail.GitError as exc:
        raise RecoveryBlocked(
            _(
                "a recording was interrupted ({journal}) and cannot be settled while git says no: {reason}; "
                "nothing was finished or undone, and the journal is kept for the next command"
            ).format(journal=Location(path), reason=_reason(exc))
        ) from None


def _contents(paths: list[Path], intent: Intent) -> dict[Path, bytes]:
    return {file: change.new for file, change in zip(paths, intent.files)}


def _finished_as_committed(
    data_dir: Path, intent: Intent, root: Path, paths: list[Path], states: list[str], names: tuple[str, ...]
) -> Settled:
    from kpi.files import trail  # git, only when a recording commits or is settled: not on every read

    for file, change, state in zip(paths, intent.files, states):
        if state != "new":
            write_bytes_atomic(file, change.new)
        _remove_temporaries(file)
    trail.unstage(root, paths)  # the index as the commit left it (a commit killed before writing it has not)
    finish(data_dir)
    return Settled(True, names, intent.started, trail.last_commit_of(root, paths))


def _stray_journals(data_dir: Path) -> list[Path]:
    return sorted(journal_path(data_dir).parent.glob(f".{JOURNAL_FILE}.*.tmp"))


def _remove_temporaries(path: Path) -> None:
    """Temporary files of a write killed before its rename, beside `path`."""
    for stray in path.parent.glob(f".{path.name}.*.tmp"):
        stray.unlink(missing_ok=True)


def _undo(data_dir: Path, intent: Intent, root: Path | None) -> None:
    """Put every file back as it was, unstage them, remove the folders made for them, then the journal."""
    from kpi.files import trail  # git, only when a recording commits or is settled: not on every read

    paths = [_path(data_dir, change.name) for change in intent.files]
    if root is not None and intent.commit_message is not None:
        trail.refuse_while_locked(root)  # before any file is touched: unstaging would fail after it
    for number, (path, change) in enumerate(zip(paths, intent.files), 1):
        current = _content(path, change, journal_path(data_dir))
        if current != change.old:
            if change.old is None:
                remove_durably(path)
            else:
                write_bytes_atomic(path, change.old)
        _remove_temporaries(path)
        if change.folder_created:
            remove_empty_folder(path.parent)
        crash_point(f"undo-file-{number}")
    if root is not None and intent.commit_message is not None:
        trail.unstage(root, paths)  # a failure keeps the journal: the next command puts back and unstages again
    finish(data_dir)


def _state(path: Path, change: FileChange, journal: Path) -> str:
    current = _content(path, change, journal)
    if current == change.new:
        return "new"
    return "old" if current == change.old else "other"


_OTHER = b"\0 neither old nor new \0"


def _content(path: Path, change: FileChange, journal: Path) -> bytes | None:
    """The file's bytes now (None: it does not exist), or _OTHER when its size is neither the old
    content's nor the new one's; RecoveryBlocked when it is not a regular file or cannot be read."""

    def blocked(reason: str) -> RecoveryBlocked:
        return RecoveryBlocked(
            _("a recording was interrupted ({journal}), and {file} cannot be read: {reason}").format(
                journal=Location(journal), file=Location(path), reason=reason
            )
        )

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise blocked(_("it is not a regular file"))
        if info.st_size not in (len(change.new), len(change.old) if change.old is not None else -1):
            return _OTHER
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise blocked(_("it is not a regular file"))
            return stream.read(info.st_size + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise blocked(_reason(exc)) from None


def _reason(error: BaseException) -> str:
    from kpi.files.atomic import why

    return why(error) if isinstance(error, OSError) else str(error).rstrip(".")


# ---------------------------------------------------------------- the journal file


def _encode(intent: Intent) -> bytes:
    document = {
        "format": FORMAT,
        "about": "kpi record's intent record: the next kpi command that reads the actuals finishes or undoes this "
        "recording. See the Safety section of kpi's README before deleting it by hand.",
        "started": intent.started,
        "commit_message": intent.commit_message,
        "files": [
            {
                "path": change.name,
                "folder_created": change.folder_created,
                **_bytes_field("old", change.old),
                **_bytes_field("new", change.new),
            }
            for change in intent.files
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bytes_field(key: str, data: bytes | None) -> dict[str, Any]:
    if data is None:
        return {key: None}
    digest = {f"{key}_sha256": hashlib.sha256(data).hexdigest()}
    try:
        return {key: data.decode("utf-8"), **digest}
    except UnicodeDecodeError:
        return {f"{key}_base64": base64.b64encode(data).decode("ascii"), **digest}


def _read(path: Path) -> Intent:
    try:
        raw = read_input(path, InputKind.JOURNAL)
    except DataError as exc:
        raise RecoveryBlocked(
            _(
                "a recording was interrupted, but its journal {journal} cannot be read ({reason}); "
                "inspect it, then delete it"
            ).format(journal=Location(path), reason=exc.findings[0].message)
        ) from None
    try:
        _check_tokens(raw)
        document = json.loads(raw)
        if document.get("format") != FORMAT:
            raise ValueError(f"format {document.get('format')!r}")
        message = document["commit_message"]
        if message is not None and not isinstance(message, str):
            raise ValueError("commit_message")
        files = tuple(_file_change(item) for item in document["files"])
        if not files:
            raise ValueError("no files")
        return Intent(files, message, str(document["started"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise RecoveryBlocked(
            _(
                "a recording was interrupted, but its journal {journal} cannot be read ({reason}); "
                "inspect it, then delete it"
            ).format(journal=Location(path), reason=exc)
        ) from None


def _check_tokens(raw: bytes) -> None:
    """ValueError when the JSON has more than MAX_JSON_TOKENS brackets and commas (outside its
    strings): 64 MiB of `[0,0,...` would become gigabytes of Python objects."""
    for count, _match in enumerate(_JSON_TOKENS.finditer(raw)):
        if count >= MAX_JSON_TOKENS:
            raise ValueError(
                _("more than {most} brackets and commas; kpi writes about a dozen per file").format(
                    most=MAX_JSON_TOKENS
                )
            )


def _file_change(item: dict[str, Any]) -> FileChange:
    name = item["path"]
    parts = PurePosixPath(name).parts if isinstance(name, str) else ()
    in_data_folder = len(parts) == 1 and _DATA_FILE.fullmatch(name) is not None
    if not in_data_folder and (
        len(parts) != 2 or any(p.startswith(".") for p in parts) or not parts[1].endswith(".yaml") or "\\" in name
    ):
        raise ValueError(f"not an actuals file: {name!r}")
    new = _bytes_from(item, "new")
    if new is None:
        raise ValueError(f"{name}: no new content")
    return FileChange(name, _bytes_from(item, "old"), new, bool(item.get("folder_created", False)))


def _bytes_from(item: dict[str, Any], key: str) -> bytes | None:
    if item.get(key) is None and f"{key}_base64" not in item:
        return None
    data = item[key].encode("utf-8") if item.get(key) is not None else base64.b64decode(item[f"{key}_base64"])
    if hashlib.sha256(data).hexdigest() != item.get(f"{key}_sha256"):
        raise ValueError(f"{item['path']}: the {key} content does not match its sha256")
    return data

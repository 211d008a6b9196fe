"""What kpi does differently on Windows, in one place: each function is named for what it does,
and tests/cli/test_windows.py reproduces each Windows condition on Linux (setting `SYSTEM`).

- `read_flags`: the flags an input is opened with. POSIX has O_NONBLOCK (a path that became a
  FIFO since its stat cannot make open wait), O_NOCTTY and O_CLOEXEC; Windows has none of them,
  but needs O_BINARY, or its C runtime reads in text mode (CRLF turned into LF, Ctrl-Z an end).
- `fsync_folder`: a rename or deletion made durable. POSIX fsyncs the folder; Windows cannot open
  a folder with os.open, and NTFS journals its own metadata, so there is nothing to do.
- `replace_file`: os.replace, and on Windows a file held open by another program (Excel, Word, an
  antivirus scan) refuses to be replaced (PermissionError). A short hold is waited out; a file
  still held is `FileInUse`, which the refusal names ("close it in Excel").
- `windows_name_problem`: a file name Windows cannot hold (CON, AUX, NUL, COM1..., LPT1...,
  `<>:"/\\|?*`, a final dot or space) or a path over its 260-character limit.
- `git_program`: git, found on PATH as `git.exe` on Windows, or where Git for Windows installs it.
- `browser_candidates`, `browser_install_advice`: where Chrome, Edge and Chromium are installed,
  and what to install, on each system.
- `quiet_broken_pipe`: `kpi status | head` ends quietly (SIGPIPE, which Windows lacks).
- `utf8_streams`: standard output and error in UTF-8, whatever the console's code page.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from kpi.i18n import _

SYSTEM = "windows" if os.name == "nt" else "macos" if sys.platform == "darwin" else "posix"
"""The system kpi runs on: "windows", "macos" or "posix" (tests set it to reproduce another)."""


def on_windows() -> bool:
    return SYSTEM == "windows"


# ---------------------------------------------------------------- reading and writing files


def read_flags() -> int:
    """Flags to open an input with: read only, never waiting, never taking a terminal, binary."""
    flags = os.O_RDONLY
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY", "O_NOINHERIT"):
        flags |= getattr(os, name, 0)
    return flags


def fsync_folder(folder: Path) -> None:
    """Make a rename or deletion in `folder` durable, where the system allows it."""
    if on_windows():
        return  # os.open cannot open a folder there; NTFS journals the rename itself
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # some file systems cannot open a folder
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems cannot fsync one
        pass
    finally:
        os.close(descriptor)


class FileInUse(PermissionError):
    """Windows would not replace the file: another program (Excel, Word) holds it open."""


REPLACE_ATTEMPTS = 5
REPLACE_PAUSE = 0.2  # seconds: an antivirus scan or the search indexer lets go within about a second


def replace_file(source: str | Path, target: Path) -> None:
    """Rename `source` over `target` (atomic). On Windows, a target held open by another program
    is tried again a few times, then refused as FileInUse."""
    if not on_windows():
        os.replace(source, target)
        return
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not target.exists():
                raise  # not held open: the folder refuses
            if attempt == REPLACE_ATTEMPTS - 1:
                raise FileInUse(errno.EACCES, exc.strerror or str(exc), str(target)) from None
            time.sleep(REPLACE_PAUSE)


def in_use_reason() -> str:
    """Why a file could not be replaced, when another program holds it."""
    return _("it is open in another program; close it (in Excel or Word) and run the command again")


# Windows refuses these names, whatever their extension (`CON.yaml`, `aux.txt`), in any case.
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
)
FORBIDDEN_CHARACTERS = '<>:"/\\|?*'
MAX_PATH = 260
"""Windows' limit on a whole path, its final NUL included, unless long paths are enabled."""


def windows_name_problem(name: str) -> str | None:
    """Why Windows cannot hold a file of this name, or None when it can."""
    if name.split(".", 1)[0].rstrip(" ").upper() in RESERVED_NAMES:
        return _("{name} is a name Windows reserves for a device").format(name=name)
    bad = sorted({c for c in name if c in FORBIDDEN_CHARACTERS or ord(c) < 32})
    if bad:
        return _("{name} holds characters Windows does not allow in a file name: {characters}").format(
            name=name, characters=" ".join(repr(c) for c in bad)
        )
    if name.endswith((".", " ")):
        return _("{name} ends in a dot or a space, which Windows drops").format(name=name)
    return None


def windows_path_problem(path: Path) -> str | None:
    """Why Windows cannot write this path, or None: its file name, or its length (the limit holds
    unless long paths are enabled, which needs an administrator)."""
    problem = windows_name_problem(path.name)
    if problem is not None:
        return problem
    full = str(path.absolute())
    if len(full) >= MAX_PATH and not long_paths_enabled():
        return _(
            "the path is {count} characters long, and Windows allows {most}; write it to a folder with a shorter path"
        ).format(count=len(full), most=MAX_PATH - 1)
    return None


def long_paths_enabled() -> bool:
    """Whether Windows lifts its 260-character limit (LongPathsEnabled, set by the python.org installer's
    "Disable path length limit")."""
    if sys.platform != "win32":
        return not on_windows()  # a test reproducing Windows: its default, the limit
    import winreg  # pragma: no cover - Windows only

    try:  # pragma: no cover
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            return bool(winreg.QueryValueEx(key, "LongPathsEnabled")[0])
    except OSError:  # pragma: no cover
        return False


# ---------------------------------------------------------------- other programs


def git_program(environ: Mapping[str, str] | None = None) -> str:
    """The git to run: on PATH (`git.exe` on Windows: `which` adds PATHEXT's extensions), else on
    Windows where Git for Windows installs it; else "git", which then fails as not installed."""
    found = shutil.which("git")
    if found is not None:
        return found
    if on_windows():
        env = os.environ if environ is None else environ
        for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"):
            root = env.get(variable)
            if not root:
                continue
            folder = Path(root) / "Programs" / "Git" if variable == "LOCALAPPDATA" else Path(root) / "Git"
            candidate = folder / "cmd" / "git.exe"
            if candidate.is_file():
                return str(candidate)
    return "git"


BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
    "microsoft-edge-stable",
)
"""The browsers' names on PATH (with `.exe` on Windows)."""


def browser_candidates(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where the system's installers put Chrome, Edge and Chromium, most likely first (searched
    after PATH). Windows: Program Files, Program Files (x86) and the user's LOCALAPPDATA."""
    env = os.environ if environ is None else environ
    if on_windows():
        wheres = [
            ("ProgramFiles", r"Google\Chrome\Application\chrome.exe"),
            ("ProgramFiles(x86)", r"Google\Chrome\Application\chrome.exe"),
            ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
            ("ProgramFiles(x86)", r"Microsoft\Edge\Application\msedge.exe"),
            ("ProgramFiles", r"Microsoft\Edge\Application\msedge.exe"),
            ("LOCALAPPDATA", r"Microsoft\Edge\Application\msedge.exe"),
            ("LOCALAPPDATA", r"Chromium\Application\chrome.exe"),
        ]
        found = []
        for variable, relative in wheres:
            root = env.get(variable)
            if root:
                found.append(Path(root).joinpath(*relative.split("\\")))
        return found
    if SYSTEM == "macos":
        return [
            Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
            Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
            Path("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
        ]
    return []


def browser_install_advice() -> str:
    """What to install for the pdf, on this system."""
    if on_windows():
        return _(
            "install Microsoft Edge (part of Windows 10 and 11) or Google Chrome in its usual place "
            "(Program Files, or your user's AppData\\Local)"
        )
    if SYSTEM == "macos":
        return _("install Google Chrome, or Chromium (brew install --cask chromium)")
    return _("Debian and Ubuntu: apt-get install chromium")


# ---------------------------------------------------------------- the process


def quiet_broken_pipe() -> None:
    """`kpi status | head` closes the pipe early: end quietly, as cat and git do. POSIX: SIGPIPE's
    default action. Windows has no SIGPIPE; a write to a closed pipe raises there, and `main`
    ends quietly on BrokenPipeError."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def utf8_streams() -> None:
    """Standard output and error in UTF-8, whatever the console's code page: redirected on Windows
    (`kpi status > baocao.txt`, `| findstr`), Python writes in the ANSI code page (cp1258 on a
    Vietnamese Windows, cp1252 elsewhere), which cannot hold Vietnamese text; PYTHONIOENCODING can
    ask for any code page anywhere. A console (Windows' own writes UTF-16) is already UTF-8 here."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding not in ("utf-8", "utf8") and reconfigure is not None:
            reconfigure(encoding="utf-8")

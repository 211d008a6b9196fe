"""Reading an input file with a cap on its size, whatever the path names.

Every file kpi reads (catalogue, settings, actuals, a CSV import) comes through here, so that
no path can make kpi read without end (`/dev/zero`), wait for ever (a FIFO nobody writes to),
or spend minutes and gigabytes on a file far bigger than its kind can need. Only regular files
are read: their size is known before the first byte, and reading them never blocks. A CSV
import may also come from standard input (`-`), explicitly, under the same cap.

The caps, and why:
- an actuals file holds one unit's quarter: at most a few hundred records of a few hundred
  bytes each. The largest file of the synthetic 10 000-indicator ledger (`bench/`, a hundred
  times the real plan) is 546 kB. 2 MiB leaves room for long notes and histories, and `kpi check`
  reads a file at the cap in seconds (bench/README.md has the figures);
- the catalogue is one file for the whole plan: 95 kB today, 6.8 MB for the bench's 10 000
  indicators; 16 MiB;
- settings are a dozen lines: 64 KiB;
- `approvals.yaml` holds an event per approval or reopening, each with its files' SHA-256: a
  few hundred events of a few kB over a plan's five years; 4 MiB;
- a CSV import is one unit's quarter, one row per figure (a few hundred rows of at most a few
  hundred bytes): 1 MiB, and at most 5 000 rows (`kpi.ops.csv_entries`);
- the journal of an interrupted recording (`kpi.files.journal`) holds the old and new text of
  the files it changes: 64 MiB (raised with the actuals' limit), and a recording whose journal
  would be bigger is refused before anything is written;
- a cache entry (`kpi.files.cache`) is at most 64 MiB (raised likewise); a bigger one is rebuilt;
- a form (`kpi form`, filled in and sent back) is a zip archive: a unit's 37 rows make 15 kB
  (60 kB unpacked), and LibreOffice saves it a few times bigger; 4 MiB on disk, and at most
  32 MiB unpacked, checked before anything is unpacked (`kpi.ops.form_entries`), so that a small
  archive of zeros (a zip bomb) cannot fill the memory.
"""

from __future__ import annotations

import os
import stat
import sys
from enum import Enum, unique
from pathlib import Path
from typing import BinaryIO

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.platform import read_flags
from kpi.i18n import _, language
from kpi.model.numbers import format_number

MiB = 1024 * 1024
STDIN = Path("-")
"""`--from -`: the CSV comes from standard input."""


@unique
class InputKind(Enum):
    # (name, cap in bytes): the name keeps two kinds of the same cap from being one member.
    CATALOGUE = ("catalogue", 16 * MiB)
    ACTUALS = ("actuals", 2 * MiB)
    SETTINGS = ("settings", 64 * 1024)
    APPROVALS = ("approvals", 4 * MiB)
    CSV = ("csv", 1 * MiB)
    FORM = ("form", 4 * MiB)
    JOURNAL = ("journal", 64 * MiB)
    CACHE = ("cache", 64 * MiB)

    @property
    def limit(self) -> int:
        """The cap, in bytes; `KPI_MAX_FILE_MIB` raises every cap but those of settings, CSV imports and
        forms (never lowering one): for a ledger far bigger than a city's, such as bench/'s 100 000
        indicators, whose catalogue, actuals, approvals, journal and cache grow with it."""
        if self in (InputKind.SETTINGS, InputKind.CSV, InputKind.FORM):  # fixed: a ledger's size never needs more
            return int(self.value[1])
        return max(int(self.value[1]), raised_limit() or 0)

    def noun(self) -> str:
        """The kind in a sentence, in the run's language: `is a directory, not a CSV file`."""
        return {
            InputKind.CATALOGUE: _("a catalogue"),
            InputKind.ACTUALS: _("an actuals file"),
            InputKind.SETTINGS: _("a settings file"),
            InputKind.APPROVALS: _("an approvals file"),
            InputKind.CSV: _("a CSV file"),
            InputKind.FORM: _("a form"),
            InputKind.JOURNAL: _("a journal"),
            InputKind.CACHE: _("a cache entry"),
        }[self]


RAISED_LIMIT_VARIABLE = "KPI_MAX_FILE_MIB"


def raised_limit() -> int | None:
    """`KPI_MAX_FILE_MIB` in bytes, or None when it is not set; DataError when it is not a whole
    number of MiB from 1 to 4 096."""
    text = os.environ.get(RAISED_LIMIT_VARIABLE, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 4096):
        raise DataError(
            [
                Finding(
                    Severity.ERROR,
                    Location(Path(RAISED_LIMIT_VARIABLE)),
                    "environment",
                    _("must be a whole number of MiB from 1 to 4096, not '{text}'").format(text=text),
                )
            ]
        )
    return int(text) * MiB


def read_input(path: Path, kind: InputKind) -> bytes:
    """The bytes of a regular file of at most `kind.limit` bytes (or of standard input, for a CSV
    given as `-`); DataError at the file's first line otherwise, saying why."""
    if kind is InputKind.CSV and path == STDIN:
        return read_stream(sys.stdin.buffer, path, kind)
    try:
        info = os.stat(path)
        refused = _not_regular(info.st_mode, kind)
        if refused:
            raise _unreadable(path, refused, kind)
        if info.st_size > kind.limit:
            raise _too_big(path, kind, info.st_size)
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it cannot wait
        # (where the system has it: not Windows, which needs O_BINARY instead; see platform.read_flags).
        descriptor = os.open(path, read_flags())
        with os.fdopen(descriptor, "rb") as stream:
            refused = _not_regular(os.fstat(descriptor).st_mode, kind)
            if refused:
                raise _unreadable(path, refused, kind)
            # One byte more than allowed: a file that grew since the stat is still caught.
            data = stream.read(kind.limit + 1)
    except FileNotFoundError:
        raise _unreadable(path, _("no such file"), kind) from None
    except PermissionError:
        raise _unreadable(path, _("permission denied"), kind) from None
    except OSError as exc:
        raise _unreadable(path, _("cannot be read: {reason}").format(reason=exc.strerror or exc), kind) from None
    if len(data) > kind.limit:
        raise _too_big(path, kind, None)
    return data


def read_stream(stream: BinaryIO, path: Path, kind: InputKind) -> bytes:
    """At most `kind.limit` bytes of an open stream (standard input); DataError if there are more."""
    if stream.isatty():
        raise _unreadable(
            path, _("standard input is a terminal; pipe the file in, e.g. kpi record --from - < FILE.csv"), kind
        )
    try:
        data = stream.read(kind.limit + 1)
    except OSError as exc:
        raise _unreadable(path, _("cannot be read: {reason}").format(reason=exc.strerror or exc), kind) from None
    if len(data) > kind.limit:
        raise _too_big(path, kind, None)
    return data


def _not_regular(mode: int, kind: InputKind) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("is a directory, not {what}").format(what=kind.noun())
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        message = _(
            "is a pipe or socket, not {what}; kpi reads only regular files (a pipe could keep it waiting for ever)"
        ).format(what=kind.noun())
        if kind is InputKind.CSV:
            message += "; " + _("to read standard input, give --from -")
        return message
    return _("is a device or other special file, not {what}; kpi reads only regular files").format(what=kind.noun())


def _too_big(path: Path, kind: InputKind, size: int | None) -> DataError:
    limit = format_number(kind.limit, language())
    if size is None:
        message = _("holds more than {limit} bytes, the most {what} may hold").format(limit=limit, what=kind.noun())
    else:
        message = _("is {size} bytes, more than the {limit} bytes {what} may hold").format(
            size=format_number(size, language()), limit=limit, what=kind.noun()
        )
    if kind in (InputKind.CATALOGUE, InputKind.ACTUALS, InputKind.APPROVALS, InputKind.JOURNAL):
        message += "; " + _("a ledger this big can raise the limit with {variable}=MIB").format(
            variable=RAISED_LIMIT_VARIABLE
        )
    return _unreadable(path, message, kind)


def _unreadable(path: Path, message: str, kind: InputKind) -> DataError:
    # Findings in a CSV file name lines and spreadsheet columns; in YAML, lines and columns; a workbook, the file.
    where = Location(path) if kind is InputKind.FORM else Location(path, 1, None if kind is InputKind.CSV else 1)
    return DataError([Finding(Severity.ERROR, where, "file", message)])

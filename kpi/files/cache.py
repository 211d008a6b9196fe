"""A cache of parsed, validated data files, so that an unchanged ledger is not parsed again.

An entry is found by a hash of the file's bytes (and of everything else its content was
checked against), never by a modification time: any change, by kpi or by hand, changes the
key, so a stale entry can never be served. An entry that cannot be read back (a crash while
it was written, another version of kpi or Python) is dropped and rebuilt without a word.

The cache lives in `<data>/.kpi-cache/` (git-ignored); `KPI_CACHE_DIR` moves it and
`KPI_NO_CACHE=1` turns it off. An entry is read as every input is: only a regular file, of at
most 64 MiB (`kpi.files.inputs`); anything else is ignored and rebuilt. Entries are JSON, never pickles: a file someone places in the
folder can at worst fail to decode (and is then rebuilt); it can never run code. Each kind of
entry brings its own encoder and a decoder that validates what it reads.

An entry is sealed: its first line is a keyed BLAKE2b digest of its slot and content, keyed by the
entry's key, the hash of the very bytes it was made from (and of kpi's code). An entry edited by
hand, damaged on disk, or copied under another file's name or key fails the seal on read and is
dropped and rebuilt from the data files, silently, as a broken entry is: an edited cache cannot
change what status or a report shows. The seal is a checksum, not a signature: its key is derived
from what anyone who can read the data can compute, so someone set on forging an entry (who must be
able to write the cache, and so in practice the data folder too) can still do it. Such a person
can change the figures themselves; `kpi check` always reads the files afresh, never the cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from kpi.errors import DataError
from kpi.files.inputs import InputKind, read_input

CACHE_DIR = ".kpi-cache"
FORMAT = "4"  # bump when what is cached changes shape
SUFFIX = ".json"
SEAL = b"kpi-cache-seal "

T = TypeVar("T")


@functools.cache
def code_fingerprint() -> str:
    """A hash of kpi's own source: what an entry holds is what this code made of a file, so any
    change to the code (a rule in the checks, a field in a model) makes every entry stale, whether
    or not the version number moved. About a millisecond, once per run."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    @classmethod
    def for_data(cls, data_dir: Path, environ: Mapping[str, str] = os.environ) -> Cache:
        if environ.get("KPI_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        override = environ.get("KPI_CACHE_DIR")
        return cls(Path(override) if override else data_dir / CACHE_DIR)

    @staticmethod
    def key(*parts: bytes | str) -> str:
        """The key of an entry made from `parts` by this code, with pydantic's help (a model's JSON)."""
        from pydantic import VERSION as pydantic_version

        return Cache.plain_key(pydantic_version, *parts)

    @staticmethod
    def plain_key(*parts: bytes | str) -> str:
        """The key of an entry made from `parts` by this code alone (plain JSON, no pydantic): it can be
        asked for without importing pydantic, as completing a word at the shell does."""
        from kpi import __version__

        digest = hashlib.blake2b(digest_size=20)
        for part in (FORMAT, __version__, code_fingerprint(), sys.version, *parts):
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, slot: str, key: str, decode: Callable[[bytes], T]) -> T | None:
        """The value stored under `key`, decoded (and validated) by `decode`, or None; an entry that
        does not decode is removed."""
        if self.folder is None:
            return None
        path = self._path(slot, key)
        try:
            # A FIFO or device placed here must not make kpi wait, nor a huge file fill the memory:
            # read as every input is (`kpi.files.inputs`), and rebuilt when it cannot be.
            data = read_input(path, InputKind.CACHE)
        except DataError:  # not there, not a regular file, too big, or no cache folder to be had
            return None
        try:
            return decode(_opened(slot, key, data))
        except Exception:  # truncated, corrupt, tampered with, or from another version: rebuild it
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None

    def put(self, slot: str, key: str, data: bytes) -> None:
        """Store an encoded value; one entry per slot (a file's earlier versions are removed). Never fails."""
        if self.folder is None:
            return
        try:
            self._create()
            target = self._path(slot, key)
            for old in self.folder.glob(f"{self._slot(slot)}-*{SUFFIX}"):
                if old != target:
                    old.unlink(missing_ok=True)
            import tempfile  # only when writing: a read (every warm run, each Tab) does without it

            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_sealed(slot, key, data))
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:  # a read-only or full disk costs speed, never a result
            return

    def _create(self) -> None:
        assert self.folder is not None
        if self.folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Like .pytest_cache: the folder keeps itself out of git, whatever the repository ignores.
        (self.folder / ".gitignore").write_text("# created by kpi: a cache, never committed\n*\n", encoding="utf-8")

    def _path(self, slot: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{self._slot(slot)}-{key}{SUFFIX}"

    @staticmethod
    def _slot(slot: str) -> str:
        return hashlib.blake2b(slot.encode("utf-8"), digest_size=8).hexdigest()


def _seal(slot: str, key: str, data: bytes) -> bytes:
    """The digest of an entry's slot and content, keyed by its key (a hash of its source's bytes)."""
    digest = hashlib.blake2b(key=bytes.fromhex(key)[:64], digest_size=32)
    encoded = slot.encode("utf-8")
    digest.update(len(encoded).to_bytes(8, "little"))
    digest.update(encoded)
    digest.update(data)
    return digest.hexdigest().encode("ascii")


def _sealed(slot: str, key: str, data: bytes) -> bytes:
    return SEAL + _seal(slot, key, data) + b"\n" + data


def _opened(slot: str, key: str, entry: bytes) -> bytes:
    """The content of a sealed entry; ValueError when the seal is missing or does not match."""
    head, newline, data = entry.partition(b"\n")
    if not newline or not head.startswith(SEAL):
        raise ValueError("not a sealed entry")
    if not hmac.compare_digest(head[len(SEAL) :], _seal(slot, key, data)):
        raise ValueError("the entry's seal does not match its content")
    return data

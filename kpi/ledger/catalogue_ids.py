"""The IDs of each checked plan, kept in the cache beside it, for completing an ID at the shell.

Shell completion runs kpi on every Tab (`kpi show B.1<Tab>`). Loading the catalogue for it means
importing pydantic and building every model; this entry answers from a few kilobytes of JSON
instead, imports nothing beyond the cache, and is written only once the plan it was made from
passed its checks (`kpi.ledger.load`), under a key that holds that plan's very bytes and kpi's
code: an edited plan, or other code, finds no entry, and the completion loads the catalogue as
before.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kpi.errors import DataError
from kpi.files.cache import Cache
from kpi.files.datadir import plan_files
from kpi.files.inputs import InputKind, read_input

if TYPE_CHECKING:
    from kpi.model.models import Catalogue


def _slot(path: Path) -> str:
    return f"ids:{path.resolve()}"


def _key(raw: bytes) -> str:
    return Cache.plain_key("ids", raw)


def remember_ids(cache: Cache, path: Path, raw: bytes, catalogue: Catalogue) -> None:
    """Keep the IDs of a plan that passed its checks, read from the bytes `raw` of `path`."""
    entry = {"indicators": [i.id for i in catalogue.indicators], "tasks": [t.id for t in catalogue.tasks]}
    cache.put(_slot(path), _key(raw), json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _decode(data: bytes) -> list[str]:
    entry = json.loads(data)
    if not isinstance(entry, dict) or set(entry) != {"indicators", "tasks"}:
        raise ValueError("an ids entry holds indicators and tasks")
    ids = [*entry["indicators"], *entry["tasks"]]
    if not all(isinstance(item, str) for item in ids):
        raise ValueError("IDs are text")
    return ids


def cached_ids(data_dir: Path, environ: Mapping[str, str] = os.environ) -> list[str] | None:
    """The latest plan's indicator IDs, then its task IDs, in the plan's order, when every plan of
    the data folder is unchanged since it was last checked (as `load_catalogue` would have it);
    None when any is not (edited, never read, no cache): then load the catalogue. `environ` holds
    KPI_CACHE_DIR and KPI_NO_CACHE."""
    cache = Cache.for_data(data_dir, environ)
    paths = plan_files(data_dir)
    if cache.folder is None or not paths:
        return None
    ids = None
    for path in paths:  # oldest year first: the last one is the plan completion offers
        try:
            raw = read_input(path, InputKind.CATALOGUE)
        except DataError:  # unreadable, too big, not a file: the full load says why, if it must
            return None
        ids = cache.get(_slot(path), _key(raw), _decode)
        if ids is None:
            return None
    return ids

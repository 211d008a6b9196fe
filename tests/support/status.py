"""The status of the ledger read as JSON, as a script would read it, and one measure of one row."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.runner import kpi


def status_json(data: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = kpi(data, "status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def measure(payload: dict, indicator_id: str, key: str | None = None) -> dict:  # type: ignore[type-arg]
    [row] = [r for r in payload["rows"] if r["id"] == indicator_id]
    return row["measures"][0] if key is None else next(m for m in row["measures"] if m["key"] == key)

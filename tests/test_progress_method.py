"""Each worked example of docs/progress.md, built as a catalogue and checked against what kpi gives.

The expected figures are written in the page, worked by hand there; a decimal is compared to the
places it is written with (`"0.5133"` is 0.51333… rounded half-up to four places).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.worked import HEADER, Ledger

PROGRESS = Path(__file__).resolve().parents[1] / "docs" / "progress.md"
EXAMPLES = [
    yaml.safe_load(block) for block in re.findall(r"```yaml example\n(.*?)```", PROGRESS.read_text("utf-8"), re.S)
]


ROW_FIELDS = ("status", "days_late", "due_assumed", "overdue")
"""What an example's `expect` reads from the row; every other field is the (first) measure's."""


def catalogue(example: dict[str, Any]) -> str:
    entry: dict[str, Any] = {
        "id": "X.1",
        "program": "B",
        "section": "I",
        "title": f"Ví dụ: {example['name']}",
        "owner": "QLCN",
        "kind": example["kind"],
        "source": {"line": 1, "text": "(worked example)"},
    }
    if "deadline" in example:
        entry["deadline"] = example["deadline"]
    if "measure" in example:
        entry["measures"] = [{"key": "n", "unit": "dự án", **example["measure"]}]
    if "measures" in example:
        entry["measures"] = example["measures"]
    return HEADER + "indicators:\n" + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, indent=2)


def test_every_kind_has_a_worked_example() -> None:
    assert {example["kind"] for example in EXAMPLES} == {
        "cumulative",
        "annual",
        "threshold",
        "growth",
        "share",
        "milestone",
        "activity",
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["name"].replace(" ", "-") for example in EXAMPLES])
def test_the_worked_example_is_what_kpi_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict) -> None:  # type: ignore[type-arg]
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    folder = tmp_path / "data"
    (folder / "actuals").mkdir(parents=True)
    (folder / "plan2018.yaml").write_text(catalogue(example), encoding="utf-8")
    ledger = Ledger(folder)
    for quarter, value in (example.get("records") or {}).items():
        ledger.record(quarter, "X.1", str(value))
    as_of = example["as_of"]
    row = ledger.row("X.1", as_of.isoformat() if isinstance(as_of, date) else as_of)
    measure = row.measures[0] if row.measures else None
    assert {m.key: m.status.value for m in row.measures if m.key in example.get("expect_measures", {})} == (
        example.get("expect_measures", {})
    ), example["name"]
    for field, expected in example["expect"].items():
        got = getattr(row, field) if field in ROW_FIELDS else getattr(measure, field)
        if field == "status":
            assert got.value == expected, example["name"]
        elif expected is None or isinstance(expected, (bool, int, date)):
            assert got == expected, (example["name"], field)
        else:
            places = Decimal(expected)
            assert got is not None and got.quantize(places, rounding=ROUND_HALF_UP) == places, (
                example["name"],
                field,
                got,
            )

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

from kpi.compute.asof import reporting_date
from kpi.compute.document_date import judged_at_document
from kpi.compute.reminders import reminders
from kpi.compute.reporting import Arrival, reporting
from kpi.compute.status import compute_status
from kpi.compute.status_rows import IndicatorStatus
from kpi.ledger.load import load_ledger
from kpi.model.quarters import Quarter
from kpi.ops.year_close import YearNotComplete, close_year
from tests.support import REPO
from tests.support.ledger import HEADER, Ledger

PROGRESS = REPO / "docs" / "progress.md"
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
    """An example states a catalogue and its records, then what kpi gives: a row `as_of` a day, a
    report `signed` on a day (its period and lateness), the letters of `remind` for a quarter, the
    figures `reporting` expects for a quarter, or what `close` (kpi year close) does."""
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    folder = tmp_path / "data"
    (folder / "actuals").mkdir(parents=True)
    (folder / "plan2018.yaml").write_text(catalogue(example), encoding="utf-8")
    ledger = Ledger(folder)
    for quarter, value in (example.get("records") or {}).items():
        ledger.record(quarter, "X.1", str(value))
    if "close" in example:
        closed(folder, example)
    if "remind" in example:
        letters = reminders(load_ledger(folder), Quarter.parse(example["remind"]))
        letters_got = {
            letter.owner: {"late": [i.id for i in letter.late], "owed": [i.indicator for i in letter.owed]}
            for letter in letters
        }
        assert letters_got == example["expect_letters"], example["name"]
    if "reporting" in example:
        expected_of = reporting(load_ledger(folder), Quarter.parse(example["reporting"]))
        owed = {
            owner.owner: [i.indicator for i in owner.items if i.arrival is Arrival.MISSING]
            for owner in expected_of.owners
            if owner.items
        }
        assert owed == example["expect_owed"], example["name"]
    if "as_of" in example or "signed" in example:
        check_row(folder, example)


def closed(folder: Path, example: dict[str, Any]) -> None:
    """`kpi year close` as the example asks it (on the `day` it is run), or the figures it names as missing."""
    close = example["close"]
    try:
        closing = close_year(folder, load_ledger(folder), close["year"], close.get("missing", []), False, close["day"])
    except YearNotComplete as refused:
        assert [item.words() for item in refused.missing] == example["expect_refused"], example["name"]
        return
    assert "expect_refused" not in example, example["name"]
    if closing.changed:
        closing.path.write_text(closing.text, encoding="utf-8")


def check_row(folder: Path, example: dict[str, Any]) -> None:
    loaded = load_ledger(folder)
    signed = example.get("signed")
    if signed is None:
        as_of = example["as_of"]
        row = pick(compute_status(loaded, as_of if isinstance(as_of, date) else date.fromisoformat(as_of)).rows)
    else:  # a report dated `signed`: the period it speaks of, lateness judged at its date
        day = reporting_date(loaded, signed, None, signed).day
        assert day == example["expect_period_end"], example["name"]
        row = pick(judged_at_document(loaded, compute_status(loaded, day), signed).rows)
    measure = row.measures[0] if row.measures else None
    assert {m.key: m.status.value for m in row.measures if m.key in example.get("expect_measures", {})} == (
        example.get("expect_measures", {})
    ), example["name"]
    for field, expected in example["expect"].items():
        got = getattr(row, field) if field in ROW_FIELDS else getattr(measure, field)
        if field == "status":
            assert got.value == expected, example["name"]
        elif isinstance(expected, dict):  # by year: figures, or how they were obtained
            assert {year: str(value) for year, value in expected.items()} == {
                year: (value.value if hasattr(value, "value") else str(value))
                for year, value in got.items()
                if year in expected
            }, (example["name"], field, got)
        elif expected is None or isinstance(expected, (bool, int, date)):
            assert got == expected, (example["name"], field)
        else:
            places = Decimal(expected)
            assert got is not None and got.quantize(places, rounding=ROUND_HALF_UP) == places, (
                example["name"],
                field,
                got,
            )


def pick(rows: list[IndicatorStatus]) -> IndicatorStatus:
    return next(row for row in rows if row.id == "X.1")

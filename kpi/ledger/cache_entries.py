"""What the ledger keeps in the cache, as JSON: an encoder and a validating decoder per kind.

A decoder accepts exactly what its encoder writes and raises on anything else, so that a damaged
or planted entry is dropped and rebuilt from the data files (see `kpi.files.cache`).
"""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpi.ledger.actuals_rules import ActualsFileCheck
from kpi.model.figures import Figure
from kpi.model.models import FROM_CACHE, Catalogue
from kpi.model.quarters import Quarter


def encode_catalogue(catalogue: Catalogue) -> bytes:
    return catalogue.model_dump_json().encode("utf-8")


def decode_catalogue(data: bytes) -> Catalogue:
    # Validated by the model itself, as if read from the YAML, except that pydantic's JSON holds each
    # Decimal as its exact text, which a data file may not (kpi.model.models.FROM_CACHE).
    return Catalogue.model_validate_json(data, context={FROM_CACHE: True})


def encode_actuals_check(checked: ActualsFileCheck) -> bytes:
    # By column, not by figure: decoding a column is one pass with one check of its type, which
    # reads 200 000 figures in half the time a check per figure took.
    figures = checked.figures
    entry = {
        "indicator": [f.indicator for f in figures],
        "measure": [f.measure for f in figures],
        "quarter": [str(f.quarter) for f in figures],
        "value": [None if f.value is None else str(f.value) for f in figures],
        "done": [None if f.done is None else f.done.isoformat() for f in figures],
        "recorded_on": [None if f.recorded_on is None else f.recorded_on.isoformat() for f in figures],
        "evidence": [f.evidence for f in figures],
        "line": [line for line, _column, _index in checked.places],
        "column": [column for _line, column, _index in checked.places],
        "index": [index for _line, _column, index in checked.places],
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def actuals_check_decoder(path: Path) -> Any:
    """A decoder for the entry of the actuals file at `path` (the path is part of the result, not
    of the entry, so a copied folder cannot make one file's entry speak for another)."""

    def decode(data: bytes) -> ActualsFileCheck:
        entry = json.loads(data)
        if not isinstance(entry, dict) or set(entry) != _COLUMNS:
            raise ValueError("an actuals entry holds exactly its columns")
        size = len(entry["indicator"])
        if any(not isinstance(entry[name], list) or len(entry[name]) != size for name in _COLUMNS):
            raise ValueError("columns are lists of one length")
        _all_text(entry["indicator"], optional=False)
        _all_text(entry["quarter"], optional=False)
        for name in ("measure", "value", "done", "recorded_on", "evidence"):
            _all_text(entry[name], optional=True)
        for name in ("line", "column", "index"):
            if not set(map(type, entry[name])) <= {int}:
                raise ValueError("places are whole numbers")
        # Equal values are one object (IDs, keys, figures and days repeat from quarter to quarter):
        # 200 000 figures then take half the memory. All of them are immutable.
        figures = list(
            map(
                Figure,
                map(sys.intern, entry["indicator"]),
                [None if key is None else sys.intern(key) for key in entry["measure"]],
                map(_quarter, entry["quarter"]),
                [None if value is None else _decimal(value) for value in entry["value"]],
                [None if day is None else _day(day) for day in entry["done"]],
                [None if day is None else _day(day) for day in entry["recorded_on"]],
                entry["evidence"],
            )
        )
        places = list(zip(entry["line"], entry["column"], entry["index"], strict=True))
        return ActualsFileCheck(path, figures=figures, places=places)

    return decode


_COLUMNS = {"indicator", "measure", "quarter", "value", "done", "recorded_on", "evidence", "line", "column", "index"}


def _all_text(column: list[Any], *, optional: bool) -> None:
    # The set of the column's types, made in C: a tenth of the time of a test per value.
    if not set(map(type, column)) <= ({str, type(None)} if optional else {str}):
        raise ValueError("text or nothing" if optional else "text")


@functools.lru_cache(maxsize=1 << 14)
def _decimal(text: str) -> Decimal:
    return Decimal(text)


@functools.lru_cache(maxsize=1 << 12)
def _day(text: str) -> date:
    return date.fromisoformat(text)


@functools.lru_cache(maxsize=256)
def _quarter(text: str) -> Quarter:
    """A few dozen quarters for hundreds of thousands of figures: each parsed (and checked) once."""
    return Quarter.parse(text)

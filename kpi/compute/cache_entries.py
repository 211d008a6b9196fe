"""What the ledger keeps in the cache, as JSON: an encoder and a validating decoder per kind.

A decoder accepts exactly what its encoder writes and raises on anything else, so that a damaged
or planted entry is dropped and rebuilt from the data files (see `kpi.files.cache`).
"""

from __future__ import annotations

import functools
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpi.compute.checks import ActualsFileCheck
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
    figures = [
        [
            f.indicator,
            f.measure,
            str(f.quarter),
            None if f.value is None else str(f.value),
            None if f.done is None else f.done.isoformat(),
            None if f.recorded_on is None else f.recorded_on.isoformat(),
            f.evidence,
        ]
        for f in checked.figures
    ]
    return json.dumps({"figures": figures, "places": checked.places}, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def actuals_check_decoder(path: Path) -> Any:
    """A decoder for the entry of the actuals file at `path` (the path is part of the result, not
    of the entry, so a copied folder cannot make one file's entry speak for another)."""

    def decode(data: bytes) -> ActualsFileCheck:
        entry = json.loads(data)
        figures = [_figure(row) for row in entry["figures"]]
        places = [_place(row) for row in entry["places"]]
        if len(places) != len(figures):
            raise ValueError("one place per figure")
        return ActualsFileCheck(path, figures=figures, places=places)

    return decode


_TEXT = (str, type(None))


@functools.lru_cache(maxsize=256)
def _quarter(text: str) -> Quarter:
    """A few dozen quarters for hundreds of thousands of figures: each parsed (and checked) once."""
    return Quarter.parse(text)


def _figure(row: Any) -> Figure:
    indicator, measure, quarter, value, done, recorded_on, evidence = row
    # Spelled out, not all() over a generator: this runs for every figure of the ledger.
    if not isinstance(indicator, str) or not isinstance(measure, _TEXT):
        raise ValueError("indicator and measure are text")
    if not (
        isinstance(value, _TEXT)
        and isinstance(done, _TEXT)
        and isinstance(recorded_on, _TEXT)
        and isinstance(evidence, _TEXT)
    ):
        raise ValueError("value, done, recorded_on and evidence are text")
    return Figure(
        indicator,
        measure,
        _quarter(quarter),
        None if value is None else Decimal(value),
        None if done is None else date.fromisoformat(done),
        None if recorded_on is None else date.fromisoformat(recorded_on),
        evidence,
    )


def _place(row: Any) -> tuple[int, int, int]:
    line, column, index = row
    if not (type(line) is int and type(column) is int and type(index) is int):
        raise ValueError("places are whole numbers")
    return (line, column, index)

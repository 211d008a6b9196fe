"""JSON Schema for the data files, generated from the models (the one definition)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kpi.files.atomic import CannotWrite, write_text_atomic
from kpi.i18n import _
from kpi.model.approvals import ApprovalsFile
from kpi.model.models import ActualsFile, Catalogue, Settings

SCHEMAS: dict[str, type[Any]] = {
    "plan.schema.json": Catalogue,
    "actuals.schema.json": ActualsFile,
    "settings.schema.json": Settings,
    "approvals.schema.json": ApprovalsFile,
}


def schema_text(model: type[Any]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    written = []
    path = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, model in SCHEMAS.items():
            path = folder / name
            write_text_atomic(path, schema_text(model))
            written.append(path)
    except OSError as exc:
        raise CannotWrite(
            path, exc, _("{count} of {total} schemas written").format(count=len(written), total=len(SCHEMAS))
        ) from None
    return written


def stale_schemas(folder: Path) -> list[Path]:
    stale = []
    for name, model in SCHEMAS.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(model):
            stale.append(path)
    return stale

"""The tables as a Frictionless (Tabular) Data Package: one CSV per table and `datapackage.json`
describing each with a Table Schema, its primary key and its foreign keys.

Plain JSON and CSV; the frictionless library is needed only to validate the result (the tests
do). Every number is written as its exact decimal text, never through a float.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kpi import __version__
from kpi.exports.table import Cell, Column, Export, Table

DESCRIPTOR = "datapackage.json"


def exact(number: Decimal) -> str:
    """A Decimal as fixed-point text with every digit it holds: 39.80 stays 39.80, 1E+3 is 1000."""
    return format(number, "f")


def to_datapackage(export: Export) -> dict[str, bytes]:
    """Each file of the package by its name, the descriptor last (it names the others)."""
    files = {f"{table.name}.csv": _csv(table) for table in export.tables}
    files[DESCRIPTOR] = (json.dumps(descriptor(export), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def descriptor(export: Export) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "kpi-ledger",
        "title": export.title,
        "description": (
            f"The KPI ledger kept by kpi {__version__}: every yearly plan, every record and approval, and the "
            f"status of each indicator as of {export.as_of.isoformat()}."
        ),
        "kpi": {
            "as_of": export.as_of.isoformat(),
            "as_of_source": export.source.value if export.source else None,
            "plan_year": export.plan_year,
            "version": __version__,
        },
        "resources": [_resource(table) for table in export.tables],
    }


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.columns),
                "reference": {"resource": "" if key.table == table.name else key.table, "fields": list(key.references)},
            }
            for key in table.foreign_keys
        ]
    return {
        "profile": "tabular-data-resource",
        "name": table.name,
        "path": f"{table.name}.csv",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.choices:
        constraints["enum"] = list(column.choices)
    if column.pattern:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")  # Table Schema anchors it
    if constraints:
        field["constraints"] = constraints
    return field


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    writer.writerows([_text(cell) for cell in row] for row in table.rows)
    return out.getvalue().encode("utf-8")


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, Decimal):
        return exact(cell)
    if isinstance(cell, (date, datetime)):
        return cell.isoformat()
    return str(cell)

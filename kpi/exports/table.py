"""The shape of an exported table: typed columns, each declared once with how its cell is read,
keys, and rows. `kpi.exports.tables` declares the tables; the writers (`datapackage`, `sqlite`)
read the same declarations for their schemas and their rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from kpi.compute.asof import AsOfSource

ColumnType = Literal["string", "integer", "number", "boolean", "date", "datetime"]
"""Table Schema's names: `number` is an exact decimal (Decimal in memory, its text on disk)."""

Cell = str | int | Decimal | bool | date | datetime | None


@dataclass(frozen=True)
class Column:
    """One column: its name, type and description (Table Schema's and SQLite's), and `get`, how its
    cell is read from the table's row source (by default the source's attribute, or key, of the same name)."""

    name: str
    type: ColumnType
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    get: Callable[[Any], Any] | None = field(default=None, compare=False, repr=False)

    def cell(self, source: Any) -> Cell:
        if self.get is not None:
            value = self.get(source)
        elif isinstance(source, Mapping):
            value = source[self.name]
        else:
            value = getattr(source, self.name)
        cell: Cell = value.value if isinstance(value, Enum) else value
        return cell


class Row:
    """A row's source: the values given by name, and any other attribute from `item`, what the row is about."""

    def __init__(self, item: Any, **values: Any):
        self.item = item
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["item"], name)


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rows: list[tuple[Cell, ...]] = field(default_factory=list)

    def add(self, source: Any) -> None:
        """One row, each cell read from `source` by its column. A mapping (a model's dump) must hold
        no field the table has no column for."""
        if isinstance(source, Mapping):
            extra = set(source) - {column.name for column in self.columns}
            assert not extra, f"no such columns in {self.name}: {sorted(extra)}"
        self.rows.append(tuple(column.cell(source) for column in self.columns))

    def fill(self, sources: Iterable[Any]) -> None:
        for source in sources:
            self.add(source)


@dataclass
class Export:
    as_of: date
    source: AsOfSource | None
    plan_year: int
    title: str
    tables: list[Table]

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)

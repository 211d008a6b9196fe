"""The tables as one SQLite database, with views for reading the status, for any SQL tool.

Numbers are stored exactly: whole-number columns (years, days, positions) as INTEGER, every figure
as TEXT holding its exact decimal (`0.1`, `1234567.891`, `39.80`), never as a binary float. A TEXT
column keeps them as written; compare or sort them as numbers with `CAST(x AS REAL)` (an
approximation, for the reader's arithmetic) or `CAST(x AS INTEGER)`. Dates and times are ISO 8601
text, booleans 0 or 1, a figure not reported is NULL.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal

from kpi.exports.datapackage import exact
from kpi.exports.table import Cell, Column, Export, Table
from kpi.i18n import language

DATABASE = "kpi.sqlite"

_TYPES = {"integer": "INTEGER", "boolean": "INTEGER"}  # everything else, numbers included, is TEXT

VIEWS = {
    "measure_progress": """
        SELECT s.as_of, s.indicator, s.program, s.owner, s.title, s.status AS indicator_status,
               m.measure, m.label, m.unit, m.kind, m.target, m.to_date, m.percent_of_period,
               m.period_elapsed, m.pace, m.year_progress, m.trend_ratio, m.plan, m.plan_actual,
               m.plan_progress, m.needed_per_quarter, m.status, m.reason
        FROM status AS s JOIN status_measures AS m ON m.as_of = s.as_of AND m.indicator = s.indicator""",
    "overdue": """
        SELECT s.as_of, s.owner, s.indicator, s.title, s.due, s.days_late, s.reason
        FROM status AS s WHERE s.overdue = 1""",
    "status_by_program": """
        SELECT s.as_of, s.program, p.{title} AS program_title, s.status, COUNT(*) AS indicators
        FROM status AS s LEFT JOIN programs AS p ON p.plan_year = s.plan_year AND p.program = s.program
        GROUP BY s.as_of, s.program, p.{title}, s.status""",
}
"""Views over the status tables: one row per measure with its indicator; the late indicators;
indicators by status per program, titled in the run's language ({title}: title, or title_en in English)."""


def to_sqlite(export: Export) -> bytes:
    """The database file's bytes (built in memory, so that the caller writes it atomically)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            for table in export.tables:  # referenced tables come first
                connection.execute(_create(table))
                marks = ", ".join("?" for _column in table.columns)
                connection.executemany(
                    f"INSERT INTO {_name(table.name)} VALUES ({marks})",
                    ([_value(c) for c in row] for row in table.rows),
                )
            title = "title_en" if language() == "en" else "title"
            for name, query in VIEWS.items():
                query = query.replace("{title}", title)
                connection.execute(f"CREATE VIEW {_name(name)} AS {query.strip()}")
        return connection.serialize()
    finally:
        connection.close()


def _create(table: Table) -> str:
    lines = [f"{_name(column.name)} {_type(column)}" for column in table.columns]
    lines.append(f"PRIMARY KEY ({_names(table.primary_key)})")
    for key in table.foreign_keys:
        lines.append(f"FOREIGN KEY ({_names(key.columns)}) REFERENCES {_name(key.table)} ({_names(key.references)})")
    return f"CREATE TABLE {_name(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _type(column: Column) -> str:
    declared = _TYPES.get(column.type, "TEXT")
    return declared + (" NOT NULL" if column.required else "")


def _name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(_name(name) for name in names)


def _value(cell: Cell) -> str | int | None:
    if cell is None or isinstance(cell, (str, int)):  # bool is an int: 1 or 0
        return cell
    if isinstance(cell, Decimal):
        return exact(cell)
    if isinstance(cell, (date, datetime)):
        return cell.isoformat()
    raise TypeError(cell)  # pragma: no cover - Cell has no other kinds

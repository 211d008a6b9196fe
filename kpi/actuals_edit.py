"""Editing an actuals file in place, with a ruamel.yaml round trip.

Reading for reports goes through the fast safe loader (`kpi.yamlsource`); only a file that
is about to change is loaded here, so that what people wrote by hand (comments, key order,
quoting, indentation, Vietnamese text) comes out byte for byte and only the edit is new.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kpi.models import Record
from kpi.quarters import Quarter

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schemas/actuals.schema.json"
_RECORD_FIELDS = list(Record.model_fields)


def new_actuals_text(quarter: Quarter, owner: str) -> str:
    """The text of an actuals file before its first record."""
    return f"{SCHEMA_COMMENT}\nquarter: {quarter}\nowner: {owner}\nrecords: []\n"


def edit_actuals(text: str, appended: list[Record], replaced: dict[int, Record]) -> str:
    """Append records and rewrite records in place (by position in `records`); return the new text."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_sequence_indent = load_yaml_guess_indent(text)
    yaml = _round_trip_yaml(indent, block_sequence_indent)
    document = yaml.load(text)
    records = document.get("records")
    if not records:  # missing, `records:` or `records: []`: start a block list
        records = CommentedSeq()
        document["records"] = records
    for index, record in replaced.items():
        _rewrite(records[index], record)
    for record in appended:
        records.append(_mapping(record))
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _round_trip_yaml(indent: int | None, block_sequence_indent: int | None) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line someone wrote
    # The guess gives the indent of a list item's content and the dash's offset within it;
    # a file with no lists yet gets the style kpi writes (`  - key: value`).
    if indent is None or block_sequence_indent is None:
        indent, block_sequence_indent = 4, 2
    yaml.indent(mapping=max(indent - block_sequence_indent, 2), sequence=indent, offset=block_sequence_indent)
    # Our reader refuses anchors and aliases (they are how "billion laughs" files are built), so
    # a value used twice, like one timestamp, must be written out twice.
    yaml.representer.ignore_aliases = lambda _data: True
    yaml.representer.add_representer(Decimal, _represent_decimal)
    yaml.representer.add_representer(datetime, _represent_datetime)
    return yaml


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    # Written as the exact digits: a float would turn 0.1 into 0.1000000000000000055...
    if value == value.to_integral_value():
        return representer.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
    return representer.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _represent_datetime(representer: Any, value: datetime) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _plain(value: Any) -> Any:
    if isinstance(value, (Decimal, date, str, int)):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to an actuals file")


def _mapping(record: Record) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mapping = CommentedMap()
    for key, value in record.model_dump(exclude_none=True).items():
        if key == "history":
            if value:
                mapping[key] = CommentedSeq(_history_entry(entry) for entry in value)
        else:
            mapping[key] = _plain(value)
    return mapping


def _history_entry(entry: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in entry.items():
        if value is not None:
            mapping[key] = _plain(value)
    return mapping


def _rewrite(mapping: Any, record: Record) -> None:
    """Make an existing record mapping say `record`, touching only the keys that change."""
    from ruamel.yaml.comments import CommentedSeq

    wanted = record.model_dump(exclude_none=True)
    for key in list(mapping):
        if key not in wanted or (key == "history" and not wanted["history"]):
            del mapping[key]
    for key, value in wanted.items():
        if key == "history":
            if not value:
                continue
            existing = mapping.get("history")
            if not isinstance(existing, CommentedSeq):
                _set_in_order(mapping, key, CommentedSeq(_history_entry(entry) for entry in value))
            else:  # keep the entries already written as they are; add the new ones
                for entry in value[len(existing):]:
                    existing.append(_history_entry(entry))
            continue
        if key in mapping and _same(mapping[key], value):
            continue
        _set_in_order(mapping, key, _plain(value))


def _same(written: Any, value: Any) -> bool:
    if isinstance(value, Decimal):
        try:
            return Decimal(str(written)) == value and not isinstance(written, bool)
        except ArithmeticError:
            return False
    if isinstance(value, datetime):
        return str(written) == value.isoformat() or written == value
    if isinstance(value, date):
        return written == value or str(written) == value.isoformat()
    return bool(written == value)


def _set_in_order(mapping: Any, key: str, value: Any) -> None:
    """Set a key; a new key goes where the model's field order puts it."""
    if key in mapping:
        mapping[key] = value
        return
    rank = _RECORD_FIELDS.index(key)
    position = sum(1 for existing in mapping if existing in _RECORD_FIELDS and _RECORD_FIELDS.index(existing) < rank)
    mapping.insert(position, key, value)

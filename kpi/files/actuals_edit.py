"""Editing an actuals file in place, so that only the edit is new.

A file people also write by hand must come out of `kpi record` as they left it. Re-emitting
the whole document (even with a round-trip library) normalises things: a `---` line, trailing
spaces, a note folded over two lines. So edits are spliced into the original text instead:

- an appended record is rendered on its own and inserted after the last record, in the
  indentation style the file already uses;
- a replaced record is cut out, edited with a ruamel.yaml round trip (its comments, quoting
  and key order survive), and put back in the same place.

Everything outside the edited records is kept byte for byte. Layouts this cannot splice
(records written in flow style `[{...}]`) fall back to a round trip of the whole file. The
caller reads the result back and compares it with what was meant before writing anything.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import yaml

from kpi.files.flatyaml import RECORD_PREFIX
from kpi.files.yamlsource import looks_vietnamese_grouped
from kpi.model.models import Record
from kpi.model.quarters import Quarter

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schemas/actuals.schema.json"
_RECORD_FIELDS = list(Record.model_fields)
_NEEDS_DOUBLE_QUOTES = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")

try:
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class UneditableRecord(ValueError):
    """A hand-written record the round-trip editor cannot rewrite; it must be edited by hand."""


def new_actuals_text(quarter: Quarter, owner: str) -> str:
    """The text of an actuals file before its first record."""
    return f"{SCHEMA_COMMENT}\nquarter: {quarter}\nowner: {owner}\nrecords: []\n"


def edit_actuals(
    text: str,
    appended: list[Record],
    replaced: dict[int, Record],
    composed: yaml.Node | None = None,
    record_lines: list[list[int]] | None = None,
) -> str:
    """Append records and rewrite records in place (by position in `records`); return the new text.
    What the caller knows of the text already saves composing it again (a unit's 2 000 records take
    longer to compose than the edit): `record_lines`, the first and last line of each record as
    `flatyaml` read them, or `composed`, the text's node tree."""
    layout = _layout_of_lines(text, record_lines) if record_lines else _layout(text, composed)
    if layout is None:
        return _round_trip_whole(text, appended, replaced)
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) in the original
    for index, record in replaced.items():
        item = layout.items[index]
        edits.append((item.start, item.end, _rewrite_item(text[item.start : item.end], item, record)))
    if appended:
        if layout.remove is not None:  # `records: []` or `records: ~`: the list starts after the key
            edits.append((*layout.remove, ""))
        rendered = layout.header + "".join(_render(record, layout.prefix, layout.column) for record in appended)
        at = layout.append_at
        if at > 0 and text[at - 1] != "\n":  # a last line without its newline
            rendered = "\n" + rendered
        edits.append((at, at, rendered))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def decimal_text(value: Decimal) -> str:
    """A figure as written in a data file: exact digits, never read as something else.

    `1.125` in a data file is refused as ambiguous (Vietnamese `1.125` is 1125), so a
    fraction of that shape is written `1.1250`, which is the same number.
    """
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value, "f")
    return text + "0" if looks_vietnamese_grouped(text) else text


# ---------------------------------------------------------------- where things are in the text


@dataclass(frozen=True)
class _Item:
    start: int  # the start of the line holding the dash
    end: int  # just after the newline of the record's last line
    prefix: str  # what precedes the first key on the dash line, e.g. "  - "
    column: int  # where the record's keys start


@dataclass(frozen=True)
class _Layout:
    items: list[_Item]
    append_at: int
    prefix: str
    column: int
    remove: tuple[int, int] | None = None  # an empty `[]` or `~` to take out before appending
    header: str = ""  # written before the first appended record


def _layout(text: str, composed: yaml.Node | None = None) -> _Layout | None:
    root = composed
    if root is None:
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.YAMLError:
            return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "records":
            return _records_layout(text, line_starts, key, value)
    # No `records:` yet: add one at the end.
    return _Layout([], len(text), RECORD_PREFIX, len(RECORD_PREFIX), header="records:\n")


def _layout_of_lines(text: str, record_lines: list[list[int]]) -> _Layout:
    """The layout of a text in kpi's own layout (`flatyaml`), from its records' first and last
    lines: what `_layout` finds in the node tree, without one (tests/files/test_flat_yaml.py compares)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    prefix, column = RECORD_PREFIX, len(RECORD_PREFIX)
    items = [
        _Item(line_starts[first - 1], line_starts[last] if last < len(line_starts) else len(text), prefix, column)
        for first, last in record_lines
    ]
    return _Layout(items, _append_at(text, items[-1].end), prefix, column)


def _append_at(text: str, after_last_item: int) -> int:
    if all(not line.strip() or line.lstrip().startswith("#") for line in text[after_last_item:].split("\n")):
        return len(text)  # only comments follow (a footer): a new record goes at the very end
    return after_last_item


def _records_layout(text: str, line_starts: list[int], key: yaml.Node, value: yaml.Node) -> _Layout | None:
    key_column = key.start_mark.column
    after_key_line = _line_end(text, key.end_mark.index)
    empty_prefix, empty_column = " " * (key_column + 2) + "- ", key_column + 4
    if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:null":
        return _Layout(
            [], after_key_line, empty_prefix, empty_column, remove=(value.start_mark.index, value.end_mark.index)
        )
    if not isinstance(value, yaml.SequenceNode):
        return None
    if value.flow_style:
        if value.value:
            return None
        colon = text.index(":", key.end_mark.index) + 1
        return _Layout([], after_key_line, empty_prefix, empty_column, remove=(colon, value.end_mark.index))
    items = []
    for node in value.value:
        if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
            return None
        line = node.start_mark.line
        start = line_starts[line]
        prefix = text[start : node.start_mark.index]
        if prefix.strip() != "-":  # the dash on a line of its own, or something stranger
            return None
        items.append(_Item(start, _item_end(text, line_starts, node, start), prefix, node.start_mark.column))
    if not items:  # pragma: no cover - a block sequence always has an item
        return None
    return _Layout(items, _append_at(text, items[-1].end), items[0].prefix, items[0].column)


def _item_end(text: str, line_starts: list[int], node: yaml.Node, start: int) -> int:
    """Just after the line that holds the record's last character (and its trailing comment)."""
    last = node
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and last.value and not last.flow_style:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    mark = last.end_mark
    end = mark.index if mark.column == 0 else _line_end(text, mark.index)
    # A block scalar's end may take in the blank lines after it; they belong to the layout around it.
    while end > start and text[line_starts[_line_of(line_starts, end - 1)] : end].strip() == "":
        end = line_starts[_line_of(line_starts, end - 1)]
    return end


def _line_of(line_starts: list[int], index: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, index) - 1


def _line_end(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


# ---------------------------------------------------------------- rendering a new record


def _render(record: Record, prefix: str, column: int) -> str:
    lines = []
    for number, (key, value) in enumerate(_fields(record)):
        lead = prefix if number == 0 else " " * column
        lines.append(f"{lead}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _fields(record: Record) -> list[tuple[str, Any]]:
    fields = record.model_dump(exclude_none=True)
    if fields.get("history"):
        raise ValueError("a new record has no history")  # only replacements carry one
    fields.pop("history", None)
    return list(fields.items())


def _scalar(value: Any) -> str:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        style = '"' if _NEEDS_DOUBLE_QUOTES.search(value) else None
        dumped = yaml.dump(
            {"k": value}, Dumper=_Dumper, allow_unicode=True, width=10**9, default_style=style, default_flow_style=False
        )
        return str(dumped)[len('"k": ' if style else "k: ") :].rstrip("\n")
    raise TypeError(f"cannot write {type(value).__name__} to an actuals file")


# ---------------------------------------------------------------- rewriting a record in place


def _rewrite_item(block: str, item: _Item, record: Record) -> str:
    """Cut the record out as a document of its own, edit it with ruamel.yaml, put it back."""
    lines = block.rstrip("\n").split("\n")
    alone = [lines[0][len(item.prefix) :]]
    for line in lines[1:]:
        if not line.strip():
            alone.append("")
        elif line[: item.column].strip() == "":
            alone.append(line[item.column :])
        else:  # a comment written less indented than the record
            alone.append(line.lstrip())
    source = "\n".join(alone) + "\n"
    try:
        yaml_rt = _round_trip_yaml(source)
        mapping = yaml_rt.load(source)
        _rewrite(mapping, record)
        stream = io.StringIO()
        yaml_rt.dump(mapping, stream)
    except Exception as exc:  # ruamel reports many kinds of trouble; each means "edit it by hand"
        raise UneditableRecord(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    out = stream.getvalue().rstrip("\n").split("\n")
    return (
        "\n".join([item.prefix + out[0], *((" " * item.column + line) if line.strip() else "" for line in out[1:])])
        + "\n"
    )


def _round_trip_yaml(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_sequence_indent = load_yaml_guess_indent(text)
    yaml_rt = YAML(typ="rt")
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 10**9  # never re-wrap a long line someone wrote
    # The guess gives the indent of a list item's content and the dash's offset within it;
    # a text with no lists yet gets the style kpi writes (`  - key: value`).
    if indent is None or block_sequence_indent is None:
        indent, block_sequence_indent = 4, 2
    yaml_rt.indent(mapping=max(indent - block_sequence_indent, 2), sequence=indent, offset=block_sequence_indent)
    # Our reader refuses anchors and aliases (they are how "billion laughs" files are built), so
    # a value used twice, like one timestamp, must be written out twice.
    yaml_rt.representer.ignore_aliases = lambda _data: True
    yaml_rt.representer.add_representer(Decimal, _represent_decimal)
    yaml_rt.representer.add_representer(datetime, _represent_datetime)
    return yaml_rt


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    text = decimal_text(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def _represent_datetime(representer: Any, value: datetime) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _plain(value: Any) -> Any:
    if isinstance(value, str) and (_NEEDS_DOUBLE_QUOTES.search(value) or value != value.strip()):
        # What a plain or block scalar cannot say (a control character, a line break, spaces at either
        # end) is double-quoted, as _scalar does for a new record: ruamel would otherwise keep the style
        # the key had, and a folded `>-` holding " " reads back as "".
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    if isinstance(value, (Decimal, date, str, int)):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to an actuals file")


def _mapping(record: Record) -> Any:
    """A new record for the whole-file round trip: the fields `_render` writes, in the same order."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in _fields(record):
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
                for entry in value[len(existing) :]:
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


def _round_trip_whole(text: str, appended: list[Record], replaced: dict[int, Record]) -> str:
    """The fallback for layouts that cannot be spliced: the whole file through ruamel.yaml."""
    from ruamel.yaml.comments import CommentedSeq

    try:
        yaml_rt = _round_trip_yaml(text)  # guessing the indentation reads the text too, and may fail alike
        document = yaml_rt.load(text)
    except Exception as exc:
        raise UneditableRecord(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    records = document.get("records")
    if not records:  # missing, `records:` or `records: []`: start a block list
        records = CommentedSeq()
        document["records"] = records
    for index, record in replaced.items():
        _rewrite(records[index], record)
    for record in appended:
        records.append(_mapping(record))
    stream = io.StringIO()
    yaml_rt.dump(document, stream)
    return stream.getvalue()

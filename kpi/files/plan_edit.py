"""Writing a closed year's figures into a plan file, so that only the edit is new.

A plan is written by hand and reviewed line by line, so `kpi year close` splices its figures into
the text instead of re-emitting the document: under each measure it sets `actuals: {<year>: ...}`
and marks the year `actual_basis: {<year>: quarters}`, in the style the mapping already has (block
or flow), creating either mapping where the measure has none. Everything else stays byte for byte;
the caller reads the result back and compares it with what was meant before writing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from kpi.files.actuals_edit import decimal_text
from kpi.files.yamlsource import parse_yaml

_BEFORE_ACTUALS = ("stated_to_date", "stated_percent", "stated_factor", "plans")
"""Keys the model places after `actuals`: a new `actuals` goes before the first of them."""


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class UneditablePlan(ValueError):
    """A measure whose layout the splice cannot follow; the figure must be written by hand."""


def set_year_figures(text: str, path: Path, figures: dict[tuple[str, str], Decimal], year: int) -> str:
    """`text` of a plan with `figures` ((indicator, measure) -> value) written as `year`'s actual,
    each marked `quarters`. Raise UneditablePlan naming the first measure it cannot edit."""
    root = parse_yaml(text, path).root
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[_Edit] = []
    for (indicator_id, measure_key), node in _measures(root):
        value = figures.get((indicator_id, measure_key))
        if value is not None:
            edits += _measure_edits(text, node, year, decimal_text(value), newline, f"{indicator_id} {measure_key}")
    # Inserts at the same place keep the order they were made in.
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start, item[1].end, item[0]), reverse=True)
    for _position, edit in ordered:
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _measures(root: yaml.Node | None) -> list[tuple[tuple[str, str], yaml.MappingNode]]:
    found: list[tuple[tuple[str, str], yaml.MappingNode]] = []
    indicators = _value(root, "indicators")
    if not isinstance(indicators, yaml.SequenceNode):
        return found
    for indicator in indicators.value:
        identity = _value(indicator, "id")
        measures = _value(indicator, "measures")
        if not isinstance(identity, yaml.ScalarNode) or not isinstance(measures, yaml.SequenceNode):
            continue
        for measure in measures.value:
            key = _value(measure, "key")
            if isinstance(measure, yaml.MappingNode) and isinstance(key, yaml.ScalarNode):
                found.append(((identity.value, key.value), measure))
    return found


def _value(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return value  # type: ignore[no-any-return]
    return None


def _key(node: yaml.MappingNode, name: str) -> yaml.ScalarNode | None:
    for key, _value_node in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key
    return None


def _measure_edits(text: str, measure: yaml.MappingNode, year: int, number: str, nl: str, name: str) -> list[_Edit]:
    if measure.flow_style:
        raise UneditablePlan(name)
    indent = " " * measure.value[0][0].start_mark.column
    actuals, basis = _value(measure, "actuals"), _value(measure, "actual_basis")
    edits: list[_Edit] = []
    if actuals is None or _is_null(actuals):
        where = _line_start_of_first(text, measure, _BEFORE_ACTUALS)
        block = f"{indent}actuals:{nl}{indent}  {year}: {number}{nl}"
        if basis is None:
            block += f"{indent}actual_basis:{nl}{indent}  {year}: quarters{nl}"
        edits.append(_replacing(text, measure, "actuals", block) or _Edit(where, where, block))
    else:
        edits += _set_in(text, actuals, year, number, nl, name)
    if basis is not None and not _is_null(basis):
        edits += _set_in(text, basis, year, "quarters", nl, name)
    elif actuals is not None and not _is_null(actuals):
        where = _after_line(text, _node_end(actuals))
        block = f"{indent}actual_basis:{nl}{indent}  {year}: quarters{nl}"
        edits.append(_replacing(text, measure, "actual_basis", block) or _Edit(where, where, block))
    return edits


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _replacing(text: str, measure: yaml.MappingNode, name: str, block: str) -> _Edit | None:
    """`name:` written with no value (`actuals:` alone): its line is replaced by `block`."""
    key = _key(measure, name)
    if key is None:
        return None
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    return _Edit(start, _after_line(text, key.end_mark.index), block)


def _set_in(text: str, mapping: yaml.Node, year: int, value: str, nl: str, name: str) -> list[_Edit]:
    """Set `year: value` in a mapping by year, block or flow."""
    if not isinstance(mapping, yaml.MappingNode):
        raise UneditablePlan(name)
    for key, old in mapping.value:
        if isinstance(key, yaml.ScalarNode) and key.value == str(year):
            if not isinstance(old, yaml.ScalarNode):
                raise UneditablePlan(name)
            if old.start_mark.index == old.end_mark.index:  # `2018:` with nothing after it
                return [_Edit(key.end_mark.index, _line_end(text, key.end_mark.index), f": {value}")]
            return [_Edit(old.start_mark.index, old.end_mark.index, value)]
    if mapping.flow_style:
        close = mapping.end_mark.index - 1  # the `}`
        if text[close] != "}":
            raise UneditablePlan(name)
        separator = ", " if mapping.value else ""
        return [_Edit(close, close, f"{separator}{year}: {value}")]
    if not mapping.value:
        raise UneditablePlan(name)
    indent = " " * mapping.value[0][0].start_mark.column
    where = _after_line(text, _node_end(mapping))
    return [_Edit(where, where, f"{indent}{year}: {value}{nl}")]


def _line_start_of_first(text: str, measure: yaml.MappingNode, names: tuple[str, ...]) -> int:
    """Where a new key goes: the start of the line of the first of `names` present, else after the
    measure's last line."""
    for key, _value_node in measure.value:
        if isinstance(key, yaml.ScalarNode) and key.value in names:
            return text.rfind("\n", 0, key.start_mark.index) + 1
    return _after_line(text, _node_end(measure))


def _node_end(node: yaml.Node) -> int:
    """Where a node's own text ends: a block collection's end mark lies on the next key's line,
    so its last value's end."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _node_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _node_end(node.value[-1])
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """The end of the line `index` is on, before its comment and its line break."""
    end = text.find("\n", index)
    end = len(text) if end < 0 else end
    line = text[index:end]
    comment = line.find(" #")
    line = line[:comment] if comment >= 0 else line
    return index + len(line.rstrip(" \t\r"))


def _after_line(text: str, index: int) -> int:
    """The start of the line after the one a node ends on (a block node ends at the next line's
    start already: then that)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1

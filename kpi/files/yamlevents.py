"""Plain data from libyaml's events, each value's position kept in a few integers (`Positions`).

No node tree is composed: a 10 000-indicator plan's was 3.4 million objects (216 MB) alive with the
data built from it, where the events pass one at a time. The rules are the composer's (one document,
an alias names an anchor written before it, no anchor twice) and the reader's own (`Walker`).
"""

from __future__ import annotations

import unicodedata
from array import array
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.composer import ComposerError

from kpi.files.yamlscalars import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    LOOKS_VN_GROUPED,
    MAP_TAG,
    MAX_NUMBER_CHARACTERS,
    MERGE_TAG,
    NULL_TAG,
    PLAIN_DECIMAL,
    PLAIN_INT,
    SEQ_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    UNCLEAN,
    clean_value,
    tag_of,
)
from kpi.i18n import _
from kpi.model.text import code_point, control_character

MAX_DEPTH = 64

Path_ = tuple[str | int, ...]


class Positions:
    """Where each value of a document stood, in a few integers per value rather than a node tree.

    For each mapping and list of the data (known by identity: the data is read, never changed), the
    offset of its entries in one array of line and column pairs (from 0): a mapping's entries in the
    order of its keys, each the key's pair then the value's, a list's its items' pairs. A 10 000-
    indicator plan's 700 000 values take 10 MB here, where their node tree took 217 MB."""

    __slots__ = ("offsets", "pairs")

    def __init__(self) -> None:
        self.pairs: array[int] = array("I")
        self.offsets: dict[int, int] = {}

    def spot(self, data: Any, path: Path_, *, key: bool = False) -> tuple[int, int] | None:
        """Line and column of the value at `path` (of its key, with `key`), or None when the data
        holds no such value."""
        if not path:
            return None
        container = data
        for part in path[:-1]:
            container = _child(container, part)
        last = path[-1]
        offset = self.offsets.get(id(container))
        if offset is None:
            return None
        if isinstance(container, dict) and isinstance(last, str):
            for ordinal, name in enumerate(container):
                if name == last:
                    at = offset + 4 * ordinal + (0 if key else 2)
                    return self.pairs[at], self.pairs[at + 1]
            return None
        if isinstance(container, list) and isinstance(last, int) and 0 <= last < len(container):
            at = offset + 2 * last
            return self.pairs[at], self.pairs[at + 1]
        return None

    def items(self, data: Any, path: Path_) -> list[tuple[int, int]]:
        """Line and column of each item of the list at `path`."""
        container = data
        for part in path:
            container = _child(container, part)
        offset = self.offsets.get(id(container))
        if offset is None or not isinstance(container, list):
            return []
        pairs = self.pairs
        return [(pairs[at], pairs[at + 1]) for at in range(offset, offset + 2 * len(container), 2)]


def _child(container: Any, part: str | int) -> Any:
    if isinstance(container, dict) and isinstance(part, str):
        return container.get(part)
    if isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container):
        return container[part]
    return None


def _tag(event: Any, kind: Any) -> str:
    """The tag of a value, as the composer resolves it: the one written, else by its kind and plain text."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = tag_of(kind, event.value if kind is yaml.ScalarNode else None, event.implicit)
    return str(tag)


class Walker:
    """Reads libyaml's events into plain data, refusing trouble and noting each value's position
    (`Positions`). No node tree is composed: a 10 000-indicator plan's would be 3.4 million objects
    (217 MB) alive at once, where the events pass one at a time. The rules are the composer's (one
    document, an alias names an anchor written before it, no anchor twice) and the reader's own."""

    def __init__(self, loader: Any):
        self.loader = loader
        self.problems: list[tuple[Path_, int, int, str]] = []
        self.positions = Positions()
        self.anchors: dict[str, Any] = {}
        """Each anchor's event: where the value stood, and a scalar's tag and text (a key may be an alias)."""

    def error(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.error_at(node.start_mark, path, message)

    def error_at(self, mark: Any, path: Path_, message: str) -> None:
        self.problems.append((path, mark.line + 1, mark.column + 1, message))

    def read(self) -> Any:
        """The document's data (None for an empty text); a composer's error when the text is not one document."""
        loader = self.loader
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        document_start = loader.get_event()
        data = self.value((), 0)
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                document_start.start_mark,
                "but found another document",
                loader.get_event().start_mark,
            )
        return data

    def _start(self, event: Any) -> Any:
        """The event of a value's start, its anchor noted; for an alias, the anchored value's event."""
        if isinstance(event, yaml.AliasEvent):
            anchored = self.anchors.get(event.anchor or "")
            if anchored is None:
                mark: Any = event.start_mark
                raise ComposerError(None, None, "found undefined alias", mark)
            return anchored
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise ComposerError(
                    "found duplicate anchor; first occurrence",
                    self.anchors[event.anchor].start_mark,
                    "second occurrence",
                    event.start_mark,
                )
            self.anchors[event.anchor] = event
        return event

    def skip(self, event: Any) -> None:
        """Pass over the value `event` starts (its anchors still noted)."""
        depth = 1 if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) else 0
        while depth:
            event = self.loader.get_event()
            if not isinstance(event, (yaml.AliasEvent, yaml.CollectionEndEvent)):
                self._start(event)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1

    def pass_over(self) -> None:
        """Pass over the next value, its anchors noted."""
        event = self.loader.get_event()
        if not isinstance(event, yaml.AliasEvent):
            self.skip(self._start(event))

    def value(self, path: Path_, depth: int, event: Any = None) -> Any:
        """The value whose first event is `event` (else the next one)."""
        event = event if event is not None else self.loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            # libyaml shares the value an alias points at; expanding it is how alias bombs work.
            self.error_at(
                self._start(event).start_mark,
                path,
                _(
                    "repeats the value anchored here (&name) through an alias (*name); aliases are not allowed in data "
                    "files, write the value out"
                ),
            )
            return None
        self._start(event)
        if depth > MAX_DEPTH:
            self.error_at(event.start_mark, path, _("nested deeper than {depth} levels").format(depth=MAX_DEPTH))
            self.skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            tag = _tag(event, yaml.ScalarNode)
            value = clean_value(tag, event.value)
            if value is UNCLEAN:
                marks: Any = (event.start_mark, event.end_mark)
                value = self.scalar(yaml.ScalarNode(tag, event.value, *marks), path)
            return value
        if isinstance(event, yaml.SequenceStartEvent):
            tag = _tag(event, yaml.SequenceNode)
            if tag != SEQ_TAG:
                self.error_at(event.start_mark, path, _("tag {tag} is not allowed").format(tag=tag))
                self.skip(event)
                return None
            return self.sequence(path, depth)
        tag = _tag(event, yaml.MappingNode)
        if tag != MAP_TAG:
            self.error_at(event.start_mark, path, _("tag {tag} is not allowed").format(tag=tag))
            self.skip(event)
            return {}
        return self.mapping(path, depth)

    def sequence(self, path: Path_, depth: int) -> list[Any]:
        items: list[Any] = []
        spots: list[int] = []
        get_event = self.loader.get_event
        while True:
            event: Any = get_event()
            if isinstance(event, yaml.SequenceEndEvent):
                break
            mark = (
                self.anchors.get(event.anchor or "", event) if isinstance(event, yaml.AliasEvent) else event
            ).start_mark
            spots += (mark.line, mark.column)
            items.append(self.value((*path, len(items)), depth + 1, event))
        self.positions.offsets[id(items)] = len(self.positions.pairs)
        self.positions.pairs.extend(spots)
        return items

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        # Each entry's key and value positions, in the order of `result`'s keys (see `Positions`).
        spots: list[int] = []
        get_event = self.loader.get_event
        while True:
            event: Any = get_event()
            if isinstance(event, yaml.MappingEndEvent):
                break
            key_event = self._start(event)
            key_mark = key_event.start_mark
            if not isinstance(key_event, yaml.ScalarEvent) or _tag(key_event, yaml.ScalarNode) == MERGE_TAG:
                if key_event is event:
                    self.skip(event)
                self.error_at(key_mark, path, _("keys must be plain names (no merge keys `<<`, no complex keys)"))
                self.pass_over()
                continue
            key = key_event.value
            if key in result:
                self.error_at(
                    key_mark,
                    (*path, key),
                    _("duplicate key '{key}'; YAML would silently keep only one of the two values").format(key=key),
                )
                # The value read is the first one's, the key pointed at the last one written.
                at = 4 * list(result).index(key)
                spots[at], spots[at + 1] = key_mark.line, key_mark.column
                self.pass_over()
                continue
            event = get_event()
            value_mark = (
                self.anchors.get(event.anchor or "", event) if isinstance(event, yaml.AliasEvent) else event
            ).start_mark
            spots += (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
            result[key] = self.value((*path, key), depth + 1, event)
        self.positions.offsets[id(result)] = len(self.positions.pairs)
        self.positions.pairs.extend(spots)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag, text = node.tag, node.value
        if tag in (STR_TAG, TIMESTAMP_TAG):
            # Dates stay text; the models parse them, so `2018-03-20` and `"2018-03-20"` agree.
            control = control_character(text)
            if control is not None:
                # Written as an escape in double quotes ("\e[31m"): the reader's own check sees only raw bytes.
                self.error(
                    node,
                    path,
                    _("control character {code} in the text; delete it (a tab and a line break are allowed)").format(
                        code=code_point(control)
                    ),
                )
                return None
            if not unicodedata.is_normalized("NFC", text):
                self.error(
                    node,
                    path,
                    _("text is not in Unicode NFC form (Vietnamese letters are decomposed); re-save it NFC-normalised"),
                )
            return text
        if tag == NULL_TAG:
            return None
        if tag == BOOL_TAG:
            lowered = text.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            self.error(node, path, _("'{text}' is ambiguous; write true or false").format(text=text))
            return None
        if tag in (INT_TAG, FLOAT_TAG) and len(text) > MAX_NUMBER_CHARACTERS:
            # Before any conversion: Python refuses to read an int of over 4 300 digits.
            self.error(
                node,
                path,
                _("a number of {count} characters; no figure needs more than {most}").format(
                    count=len(text), most=MAX_NUMBER_CHARACTERS
                ),
            )
            return None
        if tag == INT_TAG:
            if not PLAIN_INT.match(text):
                self.error(node, path, _("write numbers as plain decimal digits, not '{text}'").format(text=text))
                return None
            return int(text)
        if tag == FLOAT_TAG:
            if LOOKS_VN_GROUPED.match(text):
                self.error(
                    node,
                    path,
                    _(
                        "'{text}' reads as a decimal fraction in YAML; for thousands write {digits} (digits only), for a "
                        "fraction {text}0"
                    ).format(text=text, digits=text.replace(".", "")),
                )
                return None
            if not (PLAIN_DECIMAL.match(text) or PLAIN_INT.match(text)):  # `!!float 5` is five
                self.error(node, path, _("'{text}' is not a finite decimal number").format(text=text))
                return None
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                self.error(node, path, _("'{text}' is not a number").format(text=text))
                return None
        self.error(node, path, _("tag {tag} is not allowed in data files").format(tag=tag))
        return None

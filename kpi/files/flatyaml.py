"""The layout kpi writes its actuals files in, read without composing YAML nodes.

A quarter's file is a few top-level values and one list of records, each of whose values is plain
text or a number, or a list of entries of such values (the values a figure replaced):

    # yaml-language-server: $schema=../../../schemas/actuals.schema.json
    quarter: 2018-Q2
    owner: CCTDC
    records:
      - indicator: A.10
        measure: events
        value: 2
        history:
          - value: 1
            replaced_at: 2018-07-12T10:00:00+00:00

libyaml composes such a file into one Python node, with two position marks, per value, which
was most of the time reading a big ledger took; one regular expression over the whole text reads
it much faster (bench/README.md has the figures).

The reader is a shortcut and never a second opinion. It takes a text only when every line has one
of the layout's shapes (a comment at the margin; `key: value`, or `key:` opening a list, at the
margin, in a record or in an entry, each two spaces further in; a list's items opening with `- `)
and every value is a plain scalar the full reader takes without a word (`yamlscalars.clean_scalar`,
which the full reader uses too). Anything else (quotes, a comment after a value, a blank line, a
duplicate key, `yes`, `10.000`, another indentation) returns None, and the full reader reads the
file and says what is wrong with it. Whatever it takes, it reads as the full reader would:
tests/files/test_flat_yaml.py holds the two to the same data, item positions and findings.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from kpi.files.yamlscalars import UNCLEAN, clean_scalar

# The characters libyaml prints (its IS_PRINTABLE) less its line breaks (U+0085, U+2028, U+2029) and
# the byte-order mark: outside them the full reader has a finding to make, so the shortcut stops.
_CHARACTER = "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
# A plain scalar's first character: not white space and not one of YAML's indicators; a sign only
# before a digit (`-5`), since `- ` opens a list item.
_FIRST = "(?:[^\\s\\-?:,\\[\\]{}#&*!|>'\"%@`\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|[-+](?=[0-9]))"
# Then anything printable but `: ` (a mapping) and ` #` (a comment), ending in neither a space
# (YAML would drop it) nor a colon. One character a step, each alternative its own characters, so
# a line that does not match fails in time linear in its length. (Not a possessive `++`: some
# Python 3.11 releases read `x: 1 #` with it as the value `1 #`.)
_NEITHER_SPACE_NOR_COLON = "[\x21-\x39\x3b-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
_VALUE = f"{_FIRST}(?:{_NEITHER_SPACE_NOR_COLON}|:(?! )| (?!#))*(?<![ :])"
_KEY = "[a-z_][a-z0-9_]*"


@functools.cache
def _line() -> re.Pattern[str]:
    # Compiled when first needed: a run served from the cache reads no YAML at all.
    indents = "|".join(re.escape(indent) for indent in _INDENTS)
    return re.compile(f"^(?:#{_CHARACTER}*|({indents})({_KEY}):(?: ({_VALUE}))?)$", re.MULTILINE)


RECORD_PREFIX = "  - "
"""What precedes a record's first key: the dash, two spaces in (the layout kpi writes)."""

# Each indentation the layout writes: (depth, whether the line begins a list item). Depth 0 is the
# file's own keys, 1 a record's (`records:`), 2 an entry of a record's list (`history:`).
_INDENTS = {"": (0, False), RECORD_PREFIX: (1, True), "    ": (1, False), "      - ": (2, True), "        ": (2, False)}
_DEEPEST = 2


class FlatRead:
    """A file read by the shortcut: its data, and for each top-level list the lines of its items
    (the first, with the dash, and the last; a comment after an item is not part of it)."""

    __slots__ = ("data", "item_lines")

    def __init__(self, data: dict[str, Any], item_lines: dict[str, list[list[int]]]):
        self.data = data
        self.item_lines = item_lines

    def item_positions(self, key: str) -> list[tuple[int, int]]:
        """Line and column of each item of the top-level list `key`, as libyaml marks them: the
        item's mapping starts after the dash."""
        return [(first, _ITEM_COLUMN) for first, _last in self.item_lines[key]]


_ITEM_COLUMN = len(RECORD_PREFIX) + 1


def read_flat(text: str) -> FlatRead | None:
    """`text` read as the full reader would read it, or None when it is not in kpi's layout."""
    if "\n          " in text:  # nested deeper than the layout's lists (a plan, the settings)
        return None
    lines = _line().findall(text)
    # Every line has a shape (a line without one is skipped by findall), and the last one ends.
    if not text.endswith("\n") or len(lines) != text.count("\n"):
        return None
    data: dict[str, Any] = {}
    item_lines: dict[str, list[list[int]]] = {}
    # At each depth, the mapping being read and the list its items go to (None: none open there).
    mappings: list[dict[str, Any] | None] = [data, None, None]
    lists: list[list[Any] | None] = [None, None, None]
    spans: list[list[int]] = []  # the first and last lines of the open top-level list's items
    span = [0, 0]  # the item being read
    opened = False  # the line before was `key:`; YAML reads a list with no item as null
    known: dict[str, Any] = {}  # each distinct value's reading, made once
    for number, (indent, key, text_value) in enumerate(lines, start=1):
        if not key:  # a comment
            continue
        depth, begins_item = _INDENTS[indent]
        if opened and not (begins_item and lists[depth] is not None and not lists[depth]):
            return None
        opened = False
        if begins_item:
            items = lists[depth]
            if items is None:
                return None
            mapping: dict[str, Any] = {}
            items.append(mapping)
            mappings[depth] = mapping
            if depth == 1:
                span = [number, number]
                spans.append(span)
        else:
            found = mappings[depth]
            if found is None or key in found:  # no item to hold it, or a duplicate key
                return None
            mapping = found
        for deeper in range(depth + 1, _DEEPEST + 1):  # a line at this depth ends what was open below it
            mappings[deeper] = lists[deeper] = None
        if depth:
            span[1] = number
        if text_value:
            value = known.get(text_value, UNCLEAN)
            if value is UNCLEAN:
                value = known[text_value] = clean_scalar(text_value)
                if value is UNCLEAN:
                    return None
            mapping[key] = value
            continue
        if depth == _DEEPEST or begins_item:  # a list in an entry, or one opening an item: not the layout
            return None
        new_list: list[Any] = []
        mapping[key] = lists[depth + 1] = new_list
        opened = True
        if depth == 0:
            spans = item_lines[key] = []
    if opened or not data:
        return None
    return FlatRead(data, item_lines)

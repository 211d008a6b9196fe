"""Read a YAML data file safely, remembering where every value stood.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, expands
aliases (a "billion laughs" file), reads floats as binary floats, and forgets line
numbers. Here libyaml parses the text (fast, in C) and one pass over its events
(`kpi.files.yamlevents`) builds plain Python data, refuses what a hand-written data file should
never contain, and keeps the line and column of each value in a few integers for the errors that
point at it. A file in the layout kpi writes its actuals in is read by `flatyaml` instead, to the
same data, and its node tree composed only if a finding asks where something stood.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.flatyaml import FlatRead, read_flat
from kpi.files.inputs import InputKind, read_input
from kpi.files.textfiles import LF, TextStyle, normalised, style_of
from kpi.files.yamlevents import Path_, Positions, Walker
from kpi.files.yamlscalars import (
    LOOKS_VN_GROUPED,
    MERGE_TAG,
    tag_of,
)
from kpi.i18n import _


def looks_vietnamese_grouped(text: str) -> bool:
    """`10.000`, `1.125`: thousands in Vietnamese notation, a fraction to YAML; refused in data files."""
    return bool(LOOKS_VN_GROUPED.match(text))


try:  # libyaml is the fast path; the pure-Python loader gives the same nodes.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """The safe loader, minus work done for every node that kpi's files never need.

    The composer asks the resolver for the tag of every scalar (2.8 million times on a
    200 000-record ledger) and tells it about every step down and up the tree. kpi registers no
    path resolvers, so the steps are no-ops; and each distinct scalar is resolved once, the
    repeats answered by `lru_cache` without a Python call. Same tags, in less time.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    resolve = staticmethod(tag_of)


_NEWLINE = re.compile("\n")


@dataclass
class YamlDocument:
    """A data file's content as plain Python data, and where each value stood in its text."""

    path: Path
    data: Any
    text: str = ""
    """The text read: its lines are shown under findings, its node tree composed again if asked for."""
    problems: list[Finding] = field(default_factory=list)
    """Content the reader refused (duplicate keys, aliases, tags, non-NFC text); the rest was read."""
    flat: FlatRead | None = None
    """What `flatyaml` read, for a file in kpi's own layout."""
    style: TextStyle = LF
    """How the file was written (CRLF, BOM): an edit writes it back so."""
    positions: Positions | None = None
    """Where each value stood, noted while reading (None for a file `flatyaml` read)."""
    _root: yaml.Node | None = None
    _line_starts: array[int] | None = None

    @property
    def root(self) -> yaml.Node | None:
        """The composed node tree, for what edits a file in place. Composed again from the text
        when first asked for: the tree of a 10 000-indicator plan is 3.4 million objects (217 MB),
        which nothing else needs once the data is built, and positions are kept in `positions`."""
        if self._root is None and self.text:
            self._root = yaml.compose(self.text, Loader=_Loader)
        return self._root

    @property
    def lines(self) -> list[str]:
        """The text's lines (a list made on each call: for a small file, an edit)."""
        return self.text.split("\n")

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Best position for a path: the value (or its key), else the nearest parent."""
        probe = tuple(path)
        while probe:
            spot = self._spot(probe, key)
            if spot is not None:
                return Location(self.path, spot[0] + 1, spot[1] + 1)
            probe = probe[:-1]
        return Location(self.path, 1, 1)

    def _spot(self, path: Path_, key: bool) -> tuple[int, int] | None:
        """Line and column (from 0) of the value at `path` (of its key with `key`), or None."""
        if self.positions is not None:
            return self.positions.spot(self.data, path, key=key)
        value_node, key_node = _nodes_at(self.root, path)
        node = (key_node or value_node) if key else value_node
        return None if node is None else (node.start_mark.line, node.start_mark.column)

    def item_positions(self, path: Path_) -> list[tuple[int, int]]:
        """Line and column of each item of the list at `path` (what `locate` gives for each index),
        found in one step: a file's 2 000 records need not each be looked up from the top."""
        if self.flat is not None and len(path) == 1 and path[0] in self.flat.item_lines:
            return self.flat.item_positions(str(path[0]))
        if self.positions is not None:
            return [(line + 1, column + 1) for line, column in self.positions.items(self.data, path)]
        node, _key_node = _nodes_at(self.root, path)
        if not isinstance(node, yaml.SequenceNode):
            return []
        return [(item.start_mark.line + 1, item.start_mark.column + 1) for item in node.value]

    def source_line(self, line: int | None) -> str | None:
        """The text of line `line` (from 1), found through the lines' starts rather than a list of
        every line (281 000 strings, 26 MB, for a 10 000-indicator plan)."""
        if line is None or line < 1:
            return None
        if self._line_starts is None:
            self._line_starts = array("I", [0])
            self._line_starts.extend(match.end() for match in _NEWLINE.finditer(self.text))
        if line > len(self._line_starts):
            return None
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end]

    def finding(
        self,
        path: Path_,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        key: bool = False,
        field_name: str | None = None,
    ) -> Finding:
        location = self.locate(path, key=key)
        return Finding(
            severity=severity,
            location=location,
            field=field_name if field_name is not None else self.label(path),
            message=message,
            source_line=self.source_line(location.line),
        )

    def label(self, path: Path_) -> str:
        """Like `dotted`, but list items that carry an id, code or key are named by it:
        `indicators[A.6].measures[firms].target` rather than `indicators[5].measures[0].target`."""
        text = ""
        node = self.data
        for part in path:
            child: Any = None
            if isinstance(part, int):
                name: str | int = part
                if isinstance(node, list) and 0 <= part < len(node):
                    child = node[part]
                    if isinstance(child, dict):
                        name = next((child[k] for k in ("id", "code", "key") if isinstance(child.get(k), str)), part)
                text += f"[{name}]"
            else:
                child = node.get(part) if isinstance(node, dict) else None
                text += f".{part}" if text else part
            node = child
        return text or "(document)"


def _nodes_at(root: yaml.Node | None, path: Path_) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The node of the value at `path` and, when the path ends in a mapping's key, the key's node.
    As the reader reads: a value is the first of duplicate keys', a key the last one written."""
    node, key_node = root, None
    for part in path:
        key_node = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            value = None
            for candidate, candidate_value in node.value:
                if isinstance(candidate, yaml.ScalarNode) and candidate.tag != MERGE_TAG and candidate.value == part:
                    value = candidate_value if value is None else value
                    key_node = candidate
            node = value
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None, None
        if node is None:
            return None, key_node
    return node, key_node


def dotted(path: Path_) -> str:
    """`('indicators', 3, 'measures', 0, 'target')` -> `indicators[3].measures[0].target`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def read_yaml(path: Path, kind: InputKind) -> YamlDocument:
    """Read one YAML file. Raise DataError when it cannot be read at all (missing, not a regular
    file, over its kind's size cap, not UTF-8, not YAML); content problems are listed in
    `problems` and the rest is read. `style` says how to write it back (CRLF, BOM)."""
    raw = read_bytes(path, kind)
    document = parse_yaml(decode_text(raw, path), path)
    document.style = style_of(raw)
    return document


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Like `read_yaml`, for text already in memory (`path` only names it in findings)."""
    document = YamlDocument(path=path, data=None, text=text)
    flat = read_flat(text)  # kpi's own layout of an actuals file, read without composing nodes
    if flat is not None:
        document.data, document.flat = flat.data, flat
        return document
    loader = _Loader(text)
    walker = Walker(loader)
    try:
        document.data = walker.read()
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_finding(document, exc)]) from None
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives only its offset
        raise DataError([_control_character_finding(document, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Finding(Severity.ERROR, Location(path, 1, 1), "yaml", str(exc))]) from None
    finally:
        loader.dispose()
    document.positions = walker.positions
    # Labelled only now: naming list items by their id needs the data the walk just built.
    document.problems = [
        Finding(
            Severity.ERROR, Location(path, line, column), document.label(where), message, document.source_line(line)
        )
        for where, line, column, message in walker.problems
    ]
    return document


def read_bytes(path: Path, kind: InputKind) -> bytes:
    """A data file's bytes; DataError when it is missing, not a regular file, too big or unreadable."""
    return read_input(path, kind)


def decode_text(raw: bytes, path: Path) -> str:
    """The text of a data file, with LF line breaks: UTF-8, its byte-order mark dropped and CRLF read
    as LF (Notepad, Git for Windows: see `kpi.files.textfiles`); DataError for any other encoding or
    a lone CR (old Mac)."""
    raw = normalised(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _unreadable(path, _("is not valid UTF-8; save it as UTF-8"), line, column) from None
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise _unreadable(
            path, _("has old Mac (CR) line endings; save it with LF (or Windows CRLF) line endings"), line
        )
    return text


def _unreadable(path: Path, message: str, line: int = 1, column: int = 1) -> DataError:
    return DataError([Finding(Severity.ERROR, Location(path, line, column), "file", message)])


def _syntax_finding(document: YamlDocument, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = exc.problem or _("malformed YAML")
    source = document.source_line(line) or ""
    if "\t" in source[: max(column, 1)] or "'\\t'" in problem:
        problem = _("a tab character; YAML indentation must use spaces")
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return Finding(Severity.ERROR, Location(document.path, line, column), "yaml", problem, source)


def _control_character_finding(document: YamlDocument, text: str, exc: yaml.reader.ReaderError) -> Finding:
    position = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Finding(
        Severity.ERROR,
        Location(document.path, line, column),
        "yaml",
        _("control character {code} is not allowed in YAML; delete it").format(code=f"U+{character:04X}"),
        document.source_line(line),
    )

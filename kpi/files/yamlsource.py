"""Read a YAML data file safely, remembering where every value stood.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, expands
aliases (a "billion laughs" file), reads floats as binary floats, and forgets line
numbers. Here libyaml composes the node tree (fast, in C) and one walk over it builds
plain Python data, refuses what a hand-written data file should never contain, and
records the line and column of each value so errors can point at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.inputs import InputKind, read_input
from kpi.i18n import _

MAX_DEPTH = 64
MAX_NUMBER_CHARACTERS = 40  # far beyond the largest figure the models accept (kpi.model.models.MAX_WHOLE_DIGITS)

Path_ = tuple[str | int, ...]

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

_PLAIN_INT = re.compile(r"^[-+]?[0-9]+$")
_PLAIN_DECIMAL = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# 10.000 or 1.069 typed the Vietnamese way would silently read as ten or one point 069.
_LOOKS_VN_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")


def looks_vietnamese_grouped(text: str) -> bool:
    """`10.000`, `1.125`: thousands in Vietnamese notation, a fraction to YAML; refused in data files."""
    return bool(_LOOKS_VN_GROUPED.match(text))


try:  # libyaml is the fast path; the pure-Python loader gives the same nodes.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_MEMO_LIMIT = 1 << 16


class _Loader(_BaseLoader):
    """The safe loader, minus work done for every node that kpi's files never need.

    The composer asks the resolver for the tag of every scalar (2.8 million times on a
    200 000-record ledger) and tells it about every step down and up the tree. kpi registers no
    path resolvers, so the steps are no-ops; and a plain scalar's tag depends only on its text,
    so each distinct text is resolved once. Same tags, a third less time composing.
    """

    _tags: ClassVar[dict[str, str]] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        tags = _Loader._tags
        tag = tags.get(value)
        if tag is None:
            if len(tags) >= _MEMO_LIMIT:  # distinct texts are mostly figures: keep the memory bounded
                tags.clear()
            tag = tags[value] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag


@dataclass
class YamlDocument:
    """A data file's content as plain Python data, with the position of every path."""

    path: Path
    data: Any
    lines: list[str]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    """Content the reader refused (duplicate keys, aliases, tags, non-NFC text); the rest was read."""

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Best position for a path: the value (or its key), else the nearest parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                line, column = table[probe]
                return Location(self.path, line, column)
            if probe in self.positions:
                line, column = self.positions[probe]
                return Location(self.path, line, column)
            probe = probe[:-1]
        return Location(self.path, 1, 1)

    def source_line(self, line: int | None) -> str | None:
        if line is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1]

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


def dotted(path: Path_) -> str:
    """`('indicators', 3, 'measures', 0, 'target')` -> `indicators[3].measures[0].target`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def read_yaml(path: Path, kind: InputKind) -> YamlDocument:
    """Read one YAML file. Raise DataError when it cannot be read at all (missing, not a regular
    file, over its kind's size cap, not UTF-8, not YAML); content problems are listed in
    `problems` and the rest is read."""
    return parse_yaml(decode_text(read_bytes(path, kind), path), path)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Like `read_yaml`, for text already in memory (`path` only names it in findings)."""
    lines = text.split("\n")
    document = YamlDocument(path=path, data=None, lines=lines)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_finding(document, exc)]) from None
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives only its offset
        raise DataError([_control_character_finding(document, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Finding(Severity.ERROR, Location(path, 1, 1), "yaml", str(exc))]) from None
    if root is None:
        document.data = None
        return document
    walker = _Walker(document)
    document.data = walker.build(root, (), 0)
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
    """The text of a data file: UTF-8, no byte-order mark, LF line endings; DataError otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _unreadable(path, _("starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _unreadable(path, _("is not valid UTF-8; save it as UTF-8"), line, column) from None
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise _unreadable(
            path, _("has Windows (CRLF) or old Mac (CR) line endings; save it with LF line endings"), line
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


class _Walker:
    """Turns a composed node tree into plain data, noting positions and refusing trouble."""

    def __init__(self, document: YamlDocument):
        self.document = document
        self.problems: list[tuple[Path_, int, int, str]] = []
        self.seen: set[int] = set()

    def error(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append((path, node.start_mark.line + 1, node.start_mark.column + 1, message))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            # libyaml shares the node an alias points at; expanding it is how alias bombs work.
            self.error(
                node,
                path,
                _(
                    "repeats the value anchored here (&name) through an alias (*name); aliases are not allowed in data "
                    "files, write the value out"
                ),
            )
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.error(node, path, _("nested deeper than {depth} levels").format(depth=MAX_DEPTH))
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self.error(node, path, _("tag {tag} is not allowed").format(tag=node.tag))
                return None
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the only other kind of node
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            self.error(node, path, _("tag {tag} is not allowed").format(tag=node.tag))
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, path, _("keys must be plain names (no merge keys `<<`, no complex keys)"))
                continue
            key = key_node.value
            child = (*path, key)
            self.document.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                self.error(
                    key_node,
                    child,
                    _("duplicate key '{key}'; YAML would silently keep only one of the two values").format(key=key),
                )
                continue
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag, text = node.tag, node.value
        if tag in (_STR_TAG, _TIMESTAMP_TAG):
            # Dates stay text; the models parse them, so `2018-03-20` and `"2018-03-20"` agree.
            if not unicodedata.is_normalized("NFC", text):
                self.error(
                    node,
                    path,
                    _("text is not in Unicode NFC form (Vietnamese letters are decomposed); re-save it NFC-normalised"),
                )
            return text
        if tag == _NULL_TAG:
            return None
        if tag == _BOOL_TAG:
            lowered = text.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            self.error(node, path, _("'{text}' is ambiguous; write true or false").format(text=text))
            return None
        if tag in (_INT_TAG, _FLOAT_TAG) and len(text) > MAX_NUMBER_CHARACTERS:
            # Before any conversion: Python refuses to read an int of over 4 300 digits.
            self.error(
                node,
                path,
                _("a number of {count} characters; no figure needs more than {most}").format(
                    count=len(text), most=MAX_NUMBER_CHARACTERS
                ),
            )
            return None
        if tag == _INT_TAG:
            if not _PLAIN_INT.match(text):
                self.error(node, path, _("write numbers as plain decimal digits, not '{text}'").format(text=text))
                return None
            return int(text)
        if tag == _FLOAT_TAG:
            if _LOOKS_VN_GROUPED.match(text):
                self.error(
                    node,
                    path,
                    _(
                        "'{text}' reads as a decimal fraction in YAML; for thousands write {digits} (digits only), for a "
                        "fraction {text}0"
                    ).format(text=text, digits=text.replace(".", "")),
                )
                return None
            if not (_PLAIN_DECIMAL.match(text) or _PLAIN_INT.match(text)):  # `!!float 5` is five
                self.error(node, path, _("'{text}' is not a finite decimal number").format(text=text))
                return None
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                self.error(node, path, _("'{text}' is not a number").format(text=text))
                return None
        self.error(node, path, _("tag {tag} is not allowed in data files").format(tag=tag))
        return None

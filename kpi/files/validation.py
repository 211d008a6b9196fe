"""Turning pydantic's validation errors into findings that point at the file's line."""

from __future__ import annotations

import difflib
import functools
import types
import typing
from collections.abc import Hashable
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from kpi.errors import Finding
from kpi.files.yamlsource import Path_, YamlDocument
from kpi.i18n import N_, _


@functools.cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    # Building an adapter costs more than validating one small item: build each once.
    return TypeAdapter(model)


def validate_as(model: type[Any], data: Any, document: YamlDocument, base: Path_ = ()) -> tuple[Any, list[Finding]]:
    """Validate `data` (found at `base` in the document); return the value or the findings."""
    try:
        return _adapter(cast(Hashable, model)).validate_python(data), []
    except ValidationError as exc:
        return None, [_finding(document, model, data, base, error) for error in exc.errors()]


def validate_items(
    model: type[Any], items: list[Any], document: YamlDocument, base: Path_
) -> tuple[list[Any], list[int], list[Finding]]:
    """Validate a list of items (at `base`): the valid ones, their positions, and the findings.

    The whole list goes to pydantic in one call; only when something is wrong is it done
    again item by item, so that each finding names its item and the valid ones are kept.
    """
    try:
        return _adapter(list[model]).validate_python(items), list(range(len(items))), []  # type: ignore[valid-type]
    except ValidationError:
        pass
    values, positions, findings = [], [], []
    for index, item in enumerate(items):
        value, item_findings = validate_as(model, item, document, (*base, index))
        findings += item_findings
        if value is not None:
            values.append(value)
            positions.append(index)
    return values, positions, findings


def _finding(document: YamlDocument, model: type[Any], data: Any, base: Path_, error: Any) -> Finding:
    path = _data_path(data, tuple(error["loc"]))
    full = (*base, *path)
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        allowed = _allowed_fields(model, path[:-1])
        hint = difflib.get_close_matches(name, allowed, n=1)
        if hint:
            message = _("unknown field '{name}'; did you mean '{hint}'?").format(name=name, hint=hint[0])
        elif allowed:
            message = _("unknown field '{name}'; allowed here: {allowed}").format(name=name, allowed=", ".join(allowed))
        else:
            message = _("unknown field '{name}'").format(name=name)
        return document.finding(full, message, key=True)
    if kind == "missing":
        return document.finding(full, _("required field is missing"))
    message = _in_words(kind, error)
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    value = _value_at(data, path)
    if isinstance(value, (str, int)) and kind != "missing" and str(value) not in message:
        message = _("{message} (got {value})").format(message=message, value=repr(value))
    return document.finding(full, message[0].lower() + message[1:] if message else message)


_PYDANTIC_WORDS = {
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "decimal_parsing": N_("Input should be a valid decimal"),
    "string_type": N_("Input should be a valid string"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("Input should be a valid boolean"),
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "date_type": N_("Input should be a valid date"),
}
"""pydantic's messages for the usual slips in a file written by hand, each its template word for word."""


def _in_words(kind: str, error: Any) -> str:
    """pydantic's message in the run's language where the catalogue has its template; as pydantic
    wrote it otherwise, and whenever its wording is not the template's (a newer pydantic)."""
    message: str = error["msg"]
    template = _PYDANTIC_WORDS.get(kind)
    if template is None:
        return message
    context = {name: str(value) for name, value in (error.get("ctx") or {}).items()}
    try:
        if template.format(**context) != message:
            return message
        return _(template).format(**context)
    except (KeyError, IndexError, ValueError):
        return message


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep the parts of pydantic's `loc` that are real keys and indexes in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if 0 <= part < len(node) else None
        elif node is None and isinstance(part, str) and not path_is_type_name(part):
            path.append(part)  # a missing field under a present mapping
    return tuple(path)


def path_is_type_name(part: str) -> bool:
    return "[" in part or part[:1].isupper()


def _value_at(data: Any, path: Path_) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _allowed_fields(model: type[Any], path: Path_) -> list[str]:
    """The field names of whichever model sits at `path` below `model`."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X, Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated or (origin in (list, tuple) and args):
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            real = [arg for arg in args if arg is not type(None)]
            annotation = real[0] if len(real) == 1 else annotation
            if len(real) != 1:
                return annotation
        else:
            return annotation

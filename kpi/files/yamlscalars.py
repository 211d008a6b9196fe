"""What a YAML scalar's text means in a kpi data file: its tag, as the safe loader resolves it,
and its value where the reader takes it without a word.

`yamlsource` reads every scalar through these, and `flatyaml` takes a file only when each of its
values is one of them, so that the two readers cannot read a value two ways.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import Any, Final

import yaml

from kpi.model.text import control_character

MAX_NUMBER_CHARACTERS = 40  # far beyond the largest figure the models accept (kpi.model.models.MAX_WHOLE_DIGITS)

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"

PLAIN_INT = re.compile(r"^[-+]?[0-9]+$")
PLAIN_DECIMAL = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# 10.000 or 1.069 typed the Vietnamese way would silently read as ten or one point 069.
LOOKS_VN_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")

_RESOLVER = yaml.resolver.Resolver()  # the safe loader's implicit tags, asked directly
_PLAIN: Final = (True, False)  # a plain scalar's `implicit`, as the composer passes it


@functools.lru_cache(maxsize=1 << 16)
def tag_of(kind: Any, value: Any, implicit: Any) -> Any:
    """A node's tag: for a plain scalar it depends only on its text, for the rest on its kind."""
    return _RESOLVER.resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


class _Unclean:
    """The reading of a scalar the reader has something to say about (or refuses)."""

    def __repr__(self) -> str:
        return "UNCLEAN"


UNCLEAN: Final[Any] = _Unclean()


def clean_value(tag: str, text: str) -> Any:
    """The value of a scalar of `tag` written `text`, as the reader takes it without a finding:
    text (dates stay text; the models parse them) in Unicode NFC without control characters, null, true or false, a whole
    number in plain digits, a decimal in plain notation; UNCLEAN for anything else, which the
    reader reads with its checks (and refuses, or names what is wrong)."""
    if tag in (STR_TAG, TIMESTAMP_TAG):
        if control_character(text) is not None:  # an escape written in quotes ("\e"): refused by the reader
            return UNCLEAN
        return text if text.isascii() or unicodedata.is_normalized("NFC", text) else UNCLEAN
    if tag == NULL_TAG:
        return None
    if tag == BOOL_TAG:
        lowered = text.lower()
        return lowered == "true" if lowered in ("true", "false") else UNCLEAN
    if len(text) > MAX_NUMBER_CHARACTERS:
        return UNCLEAN
    if tag == INT_TAG:
        return int(text) if PLAIN_INT.match(text) else UNCLEAN
    if tag == FLOAT_TAG and not LOOKS_VN_GROUPED.match(text) and (PLAIN_DECIMAL.match(text) or PLAIN_INT.match(text)):
        return Decimal(text)
    return UNCLEAN


def clean_scalar(text: str) -> Any:
    """`clean_value` of a plain (unquoted) scalar."""
    return clean_value(tag_of(yaml.ScalarNode, text, _PLAIN), text)

"""Vietnamese number notation: `.` groups thousands, `,` marks decimals.

`10.000` is ten thousand, `39,89` is thirty-nine point eight nine, `05` is five.
"""

from __future__ import annotations

import re
from decimal import Decimal

# A grouped number needs at least one `.ddd` group; a bare run of digits is a plain number.
_VN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\d])")


def parse_vn_number(text: str) -> Decimal:
    """Parse one Vietnamese-notation number, the whole string: `1.069` -> 1069, `39,89` -> 39.89."""
    cleaned = text.strip()
    match = _VN_NUMBER.fullmatch(cleaned)
    if not match:
        raise ValueError(f"'{text}' is not a number in Vietnamese notation (e.g. 10.000 or 39,89)")
    return _to_decimal(match)


def find_vn_numbers(text: str) -> list[Decimal]:
    """Every number written in a piece of source text, in order."""
    return [_to_decimal(match) for match in _VN_NUMBER.finditer(text)]


def _to_decimal(match: re.Match[str]) -> Decimal:
    whole = match.group(1).replace(".", "")
    fraction = match.group(2)
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


def format_vn_number(value: Decimal | int, places: int | None = None) -> str:
    """Write a number the Vietnamese way: 3989 -> `3.989`, 39.89 -> `39,89`."""
    number = Decimal(value)
    if places is not None:
        number = round(number, places)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_en_number(value: Decimal | int, places: int | None = None) -> str:
    number = Decimal(value)
    if places is not None:
        number = round(number, places)
    whole, _, fraction = f"{abs(number):f}".partition(".")
    sign = "-" if number < 0 else ""
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"

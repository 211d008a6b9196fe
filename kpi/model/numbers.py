"""Numbers read from Vietnamese text and typed input, and written in the reader's notation.

In Vietnamese `.` groups thousands and `,` marks decimals: `10.000` is ten thousand, `39,89` is
thirty-nine point eight nine, `05` is five. The signs of the notation come from Babel (CLDR), never
from a table of our own.
"""

from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal
from typing import Any

from kpi.i18n import _, language

# A grouped number needs at least one `.ddd` group; a bare run of digits is a plain number.
_VN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\d])")


def parse_vn_number(text: str) -> Decimal:
    """Parse one Vietnamese-notation number, the whole string: `1.069` -> 1069, `39,89` -> 39.89."""
    cleaned = text.strip()
    match = _VN_NUMBER.fullmatch(cleaned)
    if not match:
        raise ValueError(_("'{text}' is not a number in Vietnamese notation (e.g. 10.000 or 39,89)").format(text=text))
    return _to_decimal(match)


def find_vn_numbers(text: str) -> list[Decimal]:
    """Every number written in a piece of source text, in order."""
    return [_to_decimal(match) for match in _VN_NUMBER.finditer(text)]


_UNIT_AFTER = re.compile(r"\s*(%|[^\W\d_]+)")


def counted_numbers(text: str) -> list[tuple[Decimal, str | None, int, int]]:
    """Every number in source text with the word that follows it (its unit, `%` included) and
    where it stands: `21 tổ chức` gives (21, 'tổ', 0, 2); a number followed by no word has None."""
    found: list[tuple[Decimal, str | None, int, int]] = []
    for match in _VN_NUMBER.finditer(text):
        unit = _UNIT_AFTER.match(text, match.end())
        found.append((_to_decimal(match), unit.group(1).casefold() if unit else None, match.start(), match.end()))
    return found


# What may stand between two counts of one cell that belong together: a sign, or a word that joins
# them (`84 học viên của 50 tổ chức`, `30 chuyên gia và 30 cán bộ`).
_JOINING_SIGN = re.compile(r"[,;.:()\[\]+\-–—%]")
_JOINING_WORDS = frozenset(
    ["và", "hoặc", "của", "cho", "tại", "trong", "với", "so", "trên", "là", "gồm", "đến", "từ", "về", "thuộc", "mỗi"]
)


def counts_run_together(text: str) -> list[tuple[str, str]]:
    """Two counts written one after the other with nothing between them but words of the first's
    unit, as a scan runs two lines of a cell together: `14.811 đơn 247 đơn sáng chế` gives
    [('14.811 đơn', '247 đơn sáng chế')]. Each as written, from its number to the next number."""
    # A year is no count: Vietnamese groups a count's thousands (2.016), so four bare digits are a year.
    counts = [
        count for count in counted_numbers(text) if count[1] is not None and not _YEAR.fullmatch(text, *count[2:])
    ]
    found = []
    for index, (first, second) in enumerate(itertools.pairwise(counts)):
        between = text[first[3] : second[2]]
        if _JOINING_SIGN.search(between) or set(between.casefold().split()) & _JOINING_WORDS:
            continue
        end = counts[index + 2][2] if index + 2 < len(counts) else len(text)
        found.append((text[first[2] : second[2]].strip(), text[second[2] : end].strip(" ,;.")))
    return found


_YEAR = re.compile(r"(19|20)\d\d")
_ANNOUNCED_TASKS = re.compile(r"\((\d+) đầu việc\)")


def announced_tasks(heading: str) -> int | None:
    """How many tasks ("đầu việc") a heading of the main text announces: `(8 đầu việc)` gives 8."""
    match = _ANNOUNCED_TASKS.search(heading)
    return int(match.group(1)) if match else None


def _to_decimal(match: re.Match[str]) -> Decimal:
    whole = match.group(1).replace(".", "")
    fraction = match.group(2)
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


def format_number(value: Decimal | int, lang: str, places: int | None = None) -> str:
    """In the reader's notation, by CLDR (Babel): `vi` writes 3.989 and 39,89; `en` writes 3,989 and 39.89.

    Every digit the Decimal holds is shown (39.80 stays `39,80`); `places` rounds first.
    """
    number = Decimal(value)
    if places is not None:
        number = round(number, places)
    # CLDR's `#,##0.00…` with every digit the Decimal holds is Python's own `,f` (groups of three, as
    # both languages group); only the symbols are the language's. Babel's formatter does the same,
    # far slower over a big table (tests/model/test_number_notation.py compares the two).
    return _in_notation(format(number, ",f"), lang)


Affixes = tuple[int, tuple[tuple[str, str], tuple[str, str]]]
"""A percent pattern's scale, and its (positive, negative) prefixes and suffixes (`_percent_pattern`)."""

CLDR_NOTATION: dict[str, tuple[tuple[str, str], Affixes]] = {
    "vi": ((".", ","), (2, (("", "-"), ("%", "%")))),
    "en": ((",", "."), (2, (("", "-"), ("%", "%")))),
}
"""What Babel's CLDR data says of kpi's own languages: their grouping and decimal signs, and their
percent pattern's affixes (tests/model/test_number_notation.py holds the two equal). Written out so
that a command that prints numbers does not import Babel and load its locale data (a few
hundredths of a second at every start); any other language asks Babel."""


@functools.cache
def _symbols(lang: str) -> tuple[str, str]:
    """The language's grouping and decimal signs, from CLDR: (".", ",") for vi, (",", ".") for en."""
    if lang in CLDR_NOTATION:
        return CLDR_NOTATION[lang][0]
    return cldr_symbols(lang)


def cldr_symbols(lang: str) -> tuple[str, str]:
    """The language's grouping and decimal signs, as Babel reads them from CLDR."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(lang), get_decimal_symbol(lang)


def format_percent(fraction: Decimal, lang: str) -> str:
    """A fraction as a percentage to two places, in the language's CLDR notation:
    0.3989 -> `39,89%` (vi) or `39.89%` (en)."""
    affixes = CLDR_NOTATION[lang][1] if lang in CLDR_NOTATION else _percent_pattern(lang)[2]
    if affixes is None:  # a pattern not of the `#,##0%` kind: Babel writes it
        pattern, locale, _affixes = _percent_pattern(lang)
        return str(pattern.apply(Decimal(fraction), locale))
    # What Babel's NumberPattern.apply does for such a pattern, at a tenth of its cost (a report
    # writes 30 000 percentages): scale, round half-even to two places, group by three, put the
    # language's signs and the pattern's prefix and suffix for the sign (tests/model/test_number_notation.py
    # compares the two).
    scale, (prefixes, suffixes) = affixes
    negative = int(fraction.is_signed())
    rounded = abs(Decimal(fraction).scaleb(scale)).normalize().quantize(_HUNDREDTH)
    return prefixes[negative] + _in_notation(format(rounded, ",f"), lang) + suffixes[negative]


_HUNDREDTH = Decimal("0.01")


def _in_notation(text: str, lang: str) -> str:
    group, decimal = _symbols(lang)
    return text.translate({ord(","): group, ord("."): decimal}) if (group, decimal) != (",", ".") else text


@functools.cache
def _percent_pattern(lang: str) -> tuple[Any, Any, Affixes | None]:
    """CLDR's percent pattern of the language, held to two places, and its locale: made once per run
    (parsing the locale each time cost more than the writing). With them, for a pattern that groups
    by three and has a whole digit (`#,##0%`, as both languages' do), its scale and its affixes by
    sign, quotes resolved as Babel resolves them; None for any other pattern."""
    import copy

    from babel import Locale

    locale = Locale.parse(lang)
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (2, 2)
    plain = (
        tuple(pattern.grouping) == (3, 3)
        and pattern.int_prec[0] == 1
        and not pattern.exp_prec
        and "@" not in pattern.pattern
        and "¤" not in "".join((*pattern.prefix, *pattern.suffix))
    )
    if not plain:
        return pattern, locale, None

    def unquoted(affix: str) -> str:
        return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", affix)

    (positive_prefix, negative_prefix), (positive_suffix, negative_suffix) = pattern.prefix, pattern.suffix
    affixes = (
        (unquoted(positive_prefix), unquoted(negative_prefix)),
        (unquoted(positive_suffix), unquoted(negative_suffix)),
    )
    return pattern, locale, (pattern.scale, affixes)


def format_vn_number(value: Decimal | int, places: int | None = None) -> str:
    """Write a number the Vietnamese way: 3989 -> `3.989`, 39.89 -> `39,89`."""
    return format_number(value, "vi", places)


def format_en_number(value: Decimal | int, places: int | None = None) -> str:
    return format_number(value, "en", places)


# A figure as a clerk types it. One group after a single separator ("10.000", "1,069") reads as
# ten thousand in Vietnamese and as ten in English: refuse rather than guess.
_PLAIN = re.compile(r"\d+(?:[.,]\d+)?")
_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_VN_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


class AmbiguousNumber(ValueError):
    pass


def parse_entered_number(text: str) -> Decimal:
    """Read a figure typed at the command line or in a CSV file.

    Accepts `850`, `39.89`, `39,89`, `1.069.000`, `1.069,5`, `1,069,000`, `1,069.5` and a
    trailing `%`. Refuses `10.000` and `1,069`, which mean different numbers in Vietnamese and
    English notation, and anything negative.
    """
    cleaned = text.strip().removesuffix("%").strip()
    value = _parse_unsigned(cleaned.removeprefix("-").lstrip(), text)
    if cleaned.startswith("-") and value != 0:  # `-0` is zero, as a calculator would say
        raise ValueError(
            _("'{text}' is negative; recorded figures are counts, rates or levels, never below 0").format(text=text)
        )
    return value


def _parse_unsigned(cleaned: str, text: str) -> Decimal:
    if _AMBIGUOUS.fullmatch(cleaned):
        grouped = cleaned[:-4] + cleaned[-3:]
        decimal = f"{Decimal(cleaned[:-4] + '.' + cleaned[-3:]).normalize():f}"
        if _AMBIGUOUS.fullmatch(decimal):  # 88.125 itself reads two ways; 88.1250 does not
            decimal += "0"
        if language() == "vi":  # the decimal as a Vietnamese reader writes it; read back the same
            decimal = decimal.replace(".", ",")
        raise AmbiguousNumber(
            _(
                "'{text}' is ambiguous: {grouped} if '{mark}' separates thousands, {decimal} if it marks "
                "decimals; write {grouped} or {decimal}"
            ).format(text=text, grouped=grouped, mark=cleaned[-4], decimal=decimal)
        )
    if _PLAIN.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", "."))
    if _VN_GROUPED.fullmatch(cleaned):
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    if _EN_GROUPED.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", ""))
    raise ValueError(_("'{text}' is not a number; write it like 850, 39.89 or 10000").format(text=text))

"""Quarters ("Quý II/2018", "2018-Q2") as values that order and know their dates."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, NamedTuple

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from kpi.i18n import _, language

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
CANONICAL_PATTERN = r"^[0-9]{4}-Q[1-4]$"

_FORMS = [
    re.compile(r"^(?P<year>\d{4})-?Q(?P<q>[1-4])$", re.IGNORECASE),  # 2018-Q2, 2018Q2
    re.compile(r"^Q(?P<q>[1-4])[/-](?P<year>\d{4})$", re.IGNORECASE),  # Q2/2018
    re.compile(r"^Quý\s+(?P<roman>IV|I{1,3})\s*/\s*(?P<year>\d{4})$", re.IGNORECASE),
]
_YEAR_FORM = re.compile(r"^Năm\s+(?P<year>\d{4})$", re.IGNORECASE)


class _YearAndNumber(NamedTuple):
    year: int
    number: int


class Quarter(_YearAndNumber):
    """A calendar quarter. Immutable, hashable, ordered (a tuple underneath, so that sorting and
    hashing hundreds of thousands of them costs what tuples cost)."""

    __slots__ = ()

    def __new__(cls, year: int, number: int) -> Quarter:
        if not 1 <= number <= 4:
            raise ValueError(_("quarter number must be 1 to 4, not {number}").format(number=number))
        if not 1 <= year <= 9999:
            raise ValueError(_("year {year} is outside 1-9999").format(year=year))
        return super().__new__(cls, year, number)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read `2018-Q2`, `2018Q2`, `Q2/2018`, `Quý II/2018`, or `Năm 2018` (its last quarter)."""
        cleaned = " ".join(str(text).split())
        for form in _FORMS:
            match = form.match(cleaned)
            if match:
                groups = match.groupdict()
                number = ROMAN[groups["roman"].upper()] if groups.get("roman") else int(groups["q"])
                return cls(int(groups["year"]), number)
        match = _YEAR_FORM.match(cleaned)
        if match:
            return cls(int(match["year"]), 4)
        raise ValueError(
            _("'{text}' is not a quarter; write it as 2018-Q2 (also accepted: 2018Q2, Q2/2018, Quý II/2018)").format(
                text=text
            )
        )

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def next(self) -> Quarter:
        """The following quarter; ValueError after 9999-Q4, where the calendar of dates ends."""
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def vietnamese(self) -> str:
        roman = {v: k for k, v in ROMAN.items()}[self.number]
        return f"Quý {roman}/{self.year}"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __repr__(self) -> str:
        return f"Quarter({self.year}, {self.number})"

    # pydantic integration: validated from text, written back as `2018-Q2`.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> Quarter:
            if isinstance(value, Quarter):
                return value
            if not isinstance(value, str):
                raise ValueError(_("a quarter is text such as 2018-Q2"))
            return cls.parse(value)

        return core_schema.no_info_plain_validator_function(validate, serialization=core_schema.to_string_ser_schema())

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": CANONICAL_PATTERN, "examples": ["2018-Q2"]}


def quarter_words(quarter: Quarter | str | None, lang: str | None = None) -> str:
    """A quarter as a person reads it, in `lang` (default: the run's language): `Quý II/2018` as the
    plan writes it, or `2018-Q2` as the commands take it; "" for none. The one place a quarter is
    put in words (a text that is no quarter raises ValueError)."""
    if quarter is None:
        return ""
    parsed = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    return parsed.vietnamese() if (lang or language()) == "vi" else str(parsed)

"""Finding indicators by words, with or without Vietnamese diacritics."""

from __future__ import annotations

import unicodedata

from kpi.ledger import Ledger
from kpi.models import Indicator


def fold(text: str) -> str:
    """Lower case without diacritics: `Đào tạo` -> `dao tao`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_indicators(ledger: Ledger, text: str) -> list[Indicator]:
    words = fold(text).split()
    return [i for i in ledger.catalogue.indicators
            if all(word in fold(f"{i.id} {i.title}") for word in words)]

"""Finding indicators and tasks by words, with or without Vietnamese diacritics."""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kpi.files.catalogue import task_owners
from kpi.ledger.load import Ledger
from kpi.model.models import Indicator


class Hit(BaseModel):
    """One row of `kpi find`: an indicator or a task."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["indicator", "task"]
    id: str
    title: str
    owner: str


def fold(text: str) -> str:
    """Lower case without diacritics: `Đào tạo` -> `dao tao`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_indicators(ledger: Ledger, text: str) -> list[Indicator]:
    words = fold(text).split()
    return [i for i in ledger.catalogue.indicators if all(word in fold(f"{i.id} {i.title}") for word in words)]


def find(ledger: Ledger, text: str) -> list[Hit]:
    """Indicators whose ID or title holds every word, then tasks whose ID or text does."""
    words = fold(text).split()
    catalogue = ledger.catalogue
    hits = [
        Hit(kind="indicator", id=i.id, title=catalogue.reading(i.id, i.title), owner=i.owner)
        for i in find_indicators(ledger, text)
    ]
    for task in catalogue.tasks:
        if all(word in fold(f"{task.id} {task.text}") for word in words):
            title = " ".join(task.text.split("\n", 1)[0].split())
            hits.append(Hit(kind="task", id=task.id, title=title, owner=", ".join(task_owners(catalogue, task))))
    return hits

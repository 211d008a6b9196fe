"""The glossary (docs/glossary.md): the office's administrative terms and the words it refuses."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from tests.support.data import REPO

GLOSSARY = REPO / "docs" / "glossary.md"


CATALOGUE = REPO / "kpi" / "locale" / "vi" / "LC_MESSAGES" / "kpi.po"


def glossary() -> list[tuple[str, str, list[str]]]:
    """(English, Vietnamese, refused words) for each row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("Concept", "") or set(cells[0]) <= {"-"}:
            continue
        rows.append((cells[1], cells[2], [word.strip() for word in cells[3].split(";") if word.strip()]))
    return rows


def translations() -> dict[str, str]:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="vi")
    found = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, strings):
            found[msgid] = msgstr
    return found


def refused_in(text: str, term: str, word: str) -> bool:
    """`word` stands in `text` outside every occurrence of `term` (as a whole word, any case)."""
    outside = re.sub(re.escape(term), " ", text, flags=re.IGNORECASE)
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", outside, flags=re.IGNORECASE) is not None

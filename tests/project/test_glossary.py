"""The Vietnamese catalogue follows docs/glossary.md: one term per concept.

Each row of the glossary names a concept in English and Vietnamese and the Vietnamese words not
to use for it. Where the English is itself a message of kpi (a status word, a column heading), its
translation must be the glossary's term; and no translation anywhere may use a refused word,
except inside the term itself ("có nguy cơ" alone is refused, "có nguy cơ chậm tiến độ" is the term).
"""

from __future__ import annotations

from tests.support.glossary import glossary, refused_in, translations


def test_the_glossary_is_read_whole() -> None:
    rows = glossary()
    assert len(rows) >= 25
    assert ("behind", "chậm tiến độ", ["chậm"]) in rows


def test_a_word_the_glossary_names_is_translated_by_its_term() -> None:
    found = translations()
    named = [(english, vietnamese) for english, vietnamese, _refused in glossary() if english in found]
    assert len(named) >= 15  # the status words, the kinds and the column headings at least
    assert [(english, found[english]) for english, _vietnamese in named] == named


def test_no_translation_uses_a_refused_word() -> None:
    offending = [
        (msgid, msgstr, word)
        for msgid, msgstr in translations().items()
        for _english, term, refused in glossary()
        for word in refused
        if refused_in(msgstr, term, word)
    ]
    assert offending == []


def test_the_check_finds_a_refused_word_and_lets_the_term_pass() -> None:
    assert refused_in("tiến độ: chậm", "chậm tiến độ", "chậm")
    assert not refused_in("tiến độ: chậm tiến độ", "chậm tiến độ", "chậm")
    assert refused_in("các số đo của nó", "thước đo", "số đo")
    assert not refused_in("có nguy cơ chậm tiến độ", "có nguy cơ chậm tiến độ", "có nguy cơ")

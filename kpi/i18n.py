"""The language kpi speaks: one at a time, chosen once per run, used by every message.

Messages are written in English in the code and wrapped in `_()`; the Vietnamese catalogue
(`kpi/locale/vi/LC_MESSAGES/kpi.po`) translates them.
"""

from __future__ import annotations

LANGUAGES = ("vi", "en")
_current = "vi"


def set_language(lang: str) -> None:
    """Choose the language of every message from now on."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


def _(message: str) -> str:
    """The message in the current language (the English text itself until a catalogue has it)."""
    return message

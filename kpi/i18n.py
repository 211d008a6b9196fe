"""The language kpi speaks: one at a time, chosen once per run, used by every message.

Messages are written in English in the code and wrapped in `_()` (`ngettext()` when a count
decides the form); the Vietnamese catalogue `kpi/locale/vi/LC_MESSAGES/kpi.po`, compiled to
`kpi.mo` beside it, translates them. English needs no catalogue: a message without a
translation is shown as written. `python -m kpi.i18n_catalogue update` refreshes both files.
"""

from __future__ import annotations

import gettext as _stdlib_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "kpi"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_current = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Choose the language of every message from now on."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Messages in `lang` for the duration: for a report asked for in another language."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


@cache
def _translation(lang: str) -> _stdlib_gettext.NullTranslations:
    if lang == "en":
        return _stdlib_gettext.NullTranslations()
    return _stdlib_gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the current language (the English text itself when untranslated)."""
    return _translation(_current).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language (Vietnamese has one form, English two)."""
    return _translation(_current).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for extraction without translating it (it is translated where used)."""
    return message


def parse_language(text: str | None) -> str | None:
    """`vi`, `vi_VN.UTF-8` -> `vi`; `en-GB` -> `en`; anything else -> None."""
    if not text:
        return None
    code = text.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def route_framework_messages() -> None:
    """Let Typer's own texts ("Options", "Commands", "[default: ...]", "Missing command.") speak
    kpi's language.

    Typer (typer/core.py, typer/rich_utils.py), like click 8.x, does `from gettext import gettext
    as _` and calls it at import (rich_utils' constants) and at help time (core's section titles).
    Binding a gettext *domain* would make the language follow LANGUAGE/LC_MESSAGES, not kpi's
    choice, and leak into subprocesses such as git. So the stdlib's `gettext`/`ngettext` are made
    to resolve through kpi's current translation, which returns every message it does not know
    unchanged: other libraries see no difference. Called before typer is imported; modules
    imported earlier are re-bound too. Texts the Typer-vendored click writes as plain literals
    ("Usage: ", "Error: ", "Missing option") are translated in kpi/cli/framework.py.
    """
    import sys

    originals = (_stdlib_gettext.gettext, _stdlib_gettext.ngettext)
    _stdlib_gettext.gettext = _
    _stdlib_gettext.ngettext = ngettext  # type: ignore[assignment]  # same call, other parameter names
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("typer", "click"):
            continue
        for attribute, replacement in (("_", _), ("gettext", _), ("ngettext", ngettext)):
            if getattr(module, attribute, None) in originals:
                setattr(module, attribute, replacement)

"""Keeping the message catalogues in step with the code (a developer's tool, run from the source tree).

    python -m kpi.i18n_catalogue update   # extract every _() message from kpi/, merge it into
                                          # kpi/locale/vi/LC_MESSAGES/kpi.po, compile kpi.mo
    python -m kpi.i18n_catalogue check    # exit 1 when a message lacks a translation or kpi.mo is stale

After `update`, translate the entries with an empty msgstr (or marked fuzzy) in kpi.po, then run
`update` again to compile them. Both files are committed; kpi.mo ships in the package.
"""

from __future__ import annotations

import io
import string
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from kpi import __version__
from kpi.i18n import DOMAIN, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TRANSLATED = ("vi",)
# Fixed, so that regenerating an unchanged catalogue changes no byte.
_STAMP = datetime(2018, 1, 8)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    """Every message the code wraps, with where it is used."""
    template = Catalog(project="kpi", domain=DOMAIN, creation_date=_STAMP, revision_date=_STAMP, fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE_DIR),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        location = (f"kpi/{Path(filename).as_posix()}", lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def read_catalogue(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="kpi", creation_date=_STAMP, revision_date=_STAMP)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def merged(lang: str) -> Catalog:
    """The language's catalogue with the code's messages: new ones untranslated, gone ones dropped."""
    catalogue = read_catalogue(lang)
    catalogue.update(extract())
    catalogue.obsolete.clear()
    catalogue.creation_date = catalogue.revision_date = _STAMP
    catalogue.fuzzy = False
    catalogue.version = __version__
    catalogue.copyright_holder = "kpi contributors"
    catalogue.language_team = "Vietnamese"
    catalogue.last_translator = "kpi contributors"
    catalogue.header_comment = (
        "# Vietnamese messages of kpi. English is written in the code; this file translates it.\n"
        "# Refresh with: python -m kpi.i18n_catalogue update"
    )
    return catalogue


def po_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, sort_output=False, include_previous=False)
    return buffer.getvalue()


def mo_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def translations(catalogue: Catalog) -> dict[object, object]:
    """What a compiled catalogue must hold: every translated, non-fuzzy message (not the header)."""
    table: dict[object, object] = {}
    for message in catalogue:
        ids, strings = _texts(message.id), _texts(message.string)
        if not ids or message.fuzzy or not strings or not all(strings):
            continue
        if len(ids) > 1:
            for index, form in enumerate(strings):
                table[(ids[0], index)] = form
        else:
            table[ids[0]] = strings[0]
    return table


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple: one text, or the plural forms."""
    if isinstance(value, (tuple, list)):
        return tuple(str(text) for text in value)
    return (str(value),) if value else ()


def compiled(path: Path) -> dict[object, object]:
    """The messages a .mo file holds, as gettext reads them (its header left out: it names the
    Babel version that wrote it)."""
    import gettext

    with path.open("rb") as handle:
        table = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    table.pop("", None)
    return table


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(catalogue: Catalog, wanted: Iterable[Message] | None = None) -> list[str]:
    """What keeps the catalogue from being complete: untranslated, fuzzy, or placeholders that differ."""
    found = []
    wanted_ids = {m.id for m in wanted if m.id} if wanted is not None else None
    present = {m.id for m in catalogue if m.id}
    for message_id in sorted(map(str, (wanted_ids or set()) - present)):
        found.append(f"not in the catalogue: {message_id!r}")
    for message in catalogue:
        if not message.id:
            continue
        ids = _texts(message.id)
        strings = _texts(message.string)
        if not strings or not all(strings):
            found.append(f"untranslated: {ids[0]!r}")
        elif message.fuzzy:
            found.append(f"fuzzy (check the translation, then remove the flag): {ids[0]!r}")
        else:
            expected = placeholders(ids[0])
            for translated in strings:
                if placeholders(translated) != expected:
                    found.append(f"placeholders differ: {ids[0]!r} -> {translated!r}")
    return found


def update() -> None:
    for lang in TRANSLATED:
        catalogue = merged(lang)
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(po_bytes(catalogue))
        mo_path(lang).write_bytes(mo_bytes(read_catalogue(lang)))
        for problem in problems(catalogue):
            print(f"{po_path(lang)}: {problem}", file=sys.stderr)


def check() -> int:
    status = 0
    for lang in TRANSLATED:
        current = read_catalogue(lang)
        found = problems(current, extract())
        if not mo_path(lang).exists() or compiled(mo_path(lang)) != translations(current):
            found.append(f"{mo_path(lang)} is stale; run python -m kpi.i18n_catalogue update")
        for problem in found:
            print(f"{po_path(lang)}: {problem}", file=sys.stderr)
        status = status or (1 if found else 0)
    return status


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
        return 0
    if argv == ["check"]:
        return check()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

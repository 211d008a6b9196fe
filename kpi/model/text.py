"""Which characters kpi takes in free text (notes, evidence, names, titles), in one rule for every way
text comes in: the command line and its prompts, a CSV file, a form, a YAML file written by hand.

No control character (Unicode category Cc: the C0 controls, DEL and the C1 controls) but a tab
and a line break. An escape sequence (ESC) or a bell in a note would reach the terminal, the
spreadsheet and the Word document as it is: the xlsx and docx formats cannot hold one at all.
"""

from __future__ import annotations

import re
import unicodedata

from kpi.i18n import _

ALLOWED_CONTROLS = "\t\n"
"""A tab and a line break: text laid out by a person, which every output can hold."""


def control_character(text: str, allowed: str = ALLOWED_CONTROLS) -> str | None:
    """The first control character of `text` it may not hold, or None."""
    if text.isprintable():  # the usual case, answered in C: no control character at all
        return None
    for character in text:
        if character not in allowed and unicodedata.category(character) == "Cc":
            return character
    return None


def code_point(character: str) -> str:
    """`U+001B`: how a message names a character no one can see."""
    return f"U+{ord(character):04X}"


def visible_controls(text: str, allowed: str = ALLOWED_CONTROLS) -> str:
    """`text` with each control character it may not hold written as its escape (`\\x1b`), for an
    output that must show such text rather than pass it on (or crash on it)."""
    if control_character(text, allowed) is None:
        return text
    return "".join(f"\\x{ord(c):02x}" if c not in allowed and unicodedata.category(c) == "Cc" else c for c in text)


def mail_address(text: str) -> str:
    """One e-mail address as a draft's To or From can carry it (`qlcn@skhcn.gov.vn` or
    `Phòng QLCN <qlcn@skhcn.gov.vn>`), its domain IDNA-encoded when it is not ASCII
    (`sở.vn` -> `xn--s-lym.vn`); ValueError saying what is wrong otherwise.

    A line break would split the header (a second, forged header); a name or domain the mail
    header cannot hold would make an invalid message. The display name may be any text.
    """
    from email.errors import HeaderParseError
    from email.headerregistry import Address, Group, HeaderRegistry

    bad = control_character(text, allowed="") or next((c for c in text if c in "\u2028\u2029"), None)
    if bad is not None:
        raise ValueError(
            _("an address holds {code} (a line break or control character); write it on one line").format(
                code=code_point(bad)
            )
        )
    example = "qlcn@skhcn.hochiminhcity.gov.vn"
    try:
        groups: tuple[Group, ...] = tuple(getattr(HeaderRegistry()("To", text), "groups", ()))
    except (HeaderParseError, IndexError, ValueError):
        groups = ()
    if len(groups) != 1 or groups[0].display_name is not None or len(groups[0].addresses) != 1:
        raise ValueError(
            _("'{text}' is not one e-mail address; write one, e.g. {example}").format(text=text, example=example)
        )
    address = groups[0].addresses[0]
    if not address.username or not address.domain or address.addr_spec.count("@") != 1:
        raise ValueError(
            _("'{text}' is not an e-mail address; write one, e.g. {example}").format(text=text, example=example)
        )
    if not address.username.isascii():
        raise ValueError(
            _(
                "'{text}': the part before @ must be plain ASCII letters, digits and . _ - + (most mail servers refuse other letters)"
            ).format(text=text)
        )
    try:
        domain = address.domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(
            _("'{text}': the domain {domain} is not a valid domain name").format(text=text, domain=address.domain)
        ) from None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(
            _("'{text}': the domain {domain} is not a valid domain name").format(text=text, domain=address.domain)
        )
    return str(Address(display_name=address.display_name, username=address.username, domain=domain))


_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")

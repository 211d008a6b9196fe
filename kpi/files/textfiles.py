"""Line endings and the byte-order mark of the data files people write by hand.

Git for Windows checks text files out with CRLF line endings (`core.autocrlf=true`, its default),
and Notepad or an editor set to Windows line endings saves them so; some save a byte-order mark
(BOM) too. The repository's `.gitattributes` keeps the data files LF in every checkout, but a
clone made before it, or a file written by hand, may still have them. kpi reads such a file as
the same text (the BOM dropped, CRLF read as LF), and when it edits one it writes it back as it
found it: CRLF stays CRLF (the first line break decides), a BOM stays.

An approval fingerprints a file's normalised bytes (no BOM, LF line endings), which are also what
git stores: so an approval made in an LF clone verifies in a CRLF one, and the other way round.
For a file that was LF already, that is its SHA-256 as before, so older approvals still hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextStyle:
    """How a text file was written: its line break, and whether it starts with a BOM."""

    newline: str = "\n"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """`text` (with LF line breaks) in this style, as UTF-8."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        data = text.encode("utf-8")
        return BOM + data if self.bom else data


LF = TextStyle()


def style_of(raw: bytes) -> TextStyle:
    """The style of a file's bytes: CRLF when its first line ends so, a BOM when it starts with one."""
    first = raw.find(b"\n")
    crlf = first > 0 and raw[first - 1 : first] == b"\r"
    return TextStyle("\r\n" if crlf else "\n", raw.startswith(BOM))


def normalised(raw: bytes) -> bytes:
    """The bytes without a BOM, every CRLF as LF (a lone CR stays: it is no Windows line ending)."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    return raw.replace(b"\r\n", b"\n")


def content_sha256(raw: bytes) -> str:
    """The SHA-256 of a file's normalised bytes: the same in an LF and a CRLF checkout."""
    return hashlib.sha256(normalised(raw)).hexdigest()

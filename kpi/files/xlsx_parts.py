"""Counting what an xlsx archive holds, part by part, before openpyxl builds anything of it.

The caps on a form's size on disk (4 MiB) and unpacked (32 MiB) do not bound what reading it
costs: openpyxl turns every element it knows into Python objects, so 32 MiB of empty style
entries (a 61 kB file) took minutes and gigabytes, and two million empty cells in one row a
gigabyte. Here every part of the archive is unpacked as a stream (never more than its declared
size) and read once with expat, counting, without keeping anything; the first limit passed
stops the reading and refuses the form, naming the part and the limit. Each limit is far above
what a form holds, filled in by hand in Excel or LibreOffice (a unit's 37 rows make about 600
cells, 200 shared strings and 60 style entries), and low enough that openpyxl reads a form at
every limit at once in a few seconds and a few hundred MiB:

- every part that looks like XML from its first bytes is well-formed XML in UTF-8 or UTF-16,
  as Excel and LibreOffice write them (anything else, an image, is never parsed), with no document type declaration (no entities: no billion laughs, no
  external files), no element nested deeper than 100 and no tag longer than 64 KiB (an
  element with a million attributes);
- a sheet's cells (`sheetData`): at most 300 000 cells, 16 384 in a row (Excel's columns), 1 000
  elements in a cell (rich text) and 1 000 000 elements in all;
- the shared strings: at most 100 000 strings and 500 000 elements;
- anything else in a part (styles, the workbook, the content types, relationships, a sheet's
  columns, validations and formatting): at most 50 000 elements;
- the whole archive: at most 2 000 000 elements;
- a number in a cell: at most 64 characters (Excel writes at most 17 digits and an exponent), so
  that a figure of 5 000 digits is refused at its sheet and cell, not deep inside openpyxl.

The reading also notes every cell that holds a formula, by sheet and cell: a form records what
was typed, and `kpi.ops.form.entries` refuses a formula where a figure should be.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from kpi.errors import DataError, Finding, Location, Severity
from kpi.i18n import _, language
from kpi.model.numbers import format_number

MAX_DEPTH = 100
MAX_TAG_BYTES = 64 * 1024
MAX_CELLS = 300_000
MAX_ROW_CELLS = 16_384
MAX_CELL_ELEMENTS = 1_000
MAX_SHEET_ELEMENTS = 1_000_000
MAX_STRINGS = 100_000
MAX_STRING_ELEMENTS = 500_000
MAX_OTHER_ELEMENTS = 50_000
MAX_ARCHIVE_ELEMENTS = 2_000_000
MAX_NUMBER_CHARACTERS = 64
MAX_FORMULAS_NOTED = 1_000
CHUNK = 64 * 1024

_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\0", b"\x4c\x6f\xa7\x94")
"""How an XML document can begin: a tag, a byte order mark, UTF-16 or UTF-32 without one, EBCDIC's `<?xm`."""


class _Refused(Exception):
    """A limit passed: the message says which."""


@dataclass
class _Totals:
    elements: int = 0


class _Part:
    """The counts of one part, kept as expat reads it."""

    def __init__(self, totals: _Totals) -> None:
        self.totals = totals
        self.depth = 0
        self.root = ""
        self.sheet_data = False
        """Inside the cells of a sheet: `worksheet/sheetData`."""
        self.strings = False
        """Inside a string of the shared strings: `sst/si`."""
        self.cells = self.row_cells = self.cell_elements = self.sheet_elements = 0
        self.string_count = self.string_elements = self.other = 0
        self.row = self.column = 0
        self.cell_type: str | None = None
        self.in_number = False
        self.number_length = 0
        self.formulas: list[str] = []
        """The cells (`B7`) holding a formula, the first MAX_FORMULAS_NOTED of them."""
        self.long_number: tuple[str, int] | None = None
        """The first cell holding a number longer than MAX_NUMBER_CHARACTERS, and how long."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(_("has elements nested more than {most} deep").format(most=MAX_DEPTH))
        self.totals.elements += 1
        if self.totals.elements > MAX_ARCHIVE_ELEMENTS:
            raise _Refused(
                _("takes the workbook past {most} elements, the most a form may hold").format(
                    most=_number(MAX_ARCHIVE_ELEMENTS)
                )
            )
        if self.depth == 1:
            self.root = local
        elif self.depth == 2:
            self.sheet_data = self.root == "worksheet" and local == "sheetData"
            self.strings = self.root == "sst" and local == "si"
            if self.strings:
                self.string_count += 1
                if self.string_count > MAX_STRINGS:
                    raise _Refused(_more(_("shared strings"), MAX_STRINGS))
        if self.sheet_data and self.depth > 2:
            self._in_cells(local, attributes)
        elif self.strings:
            self.string_elements += 1
            if self.string_elements > MAX_STRING_ELEMENTS:
                raise _Refused(_more(_("elements in its shared strings"), MAX_STRING_ELEMENTS))
        else:
            self.other += 1
            if self.other > MAX_OTHER_ELEMENTS:
                raise _Refused(_more(_("elements besides cells and shared strings"), MAX_OTHER_ELEMENTS))

    def _in_cells(self, local: str, attributes: dict[str, str]) -> None:
        self.sheet_elements += 1
        if self.sheet_elements > MAX_SHEET_ELEMENTS:
            raise _Refused(_more(_("elements in its cells"), MAX_SHEET_ELEMENTS))
        if self.depth == 3:  # a row: numbered by `r`, else the one after the last
            self.row_cells = 0
            self.row = _whole(attributes.get("r")) or self.row + 1
            self.column = 0
        elif self.depth == 4:  # a cell: named by `r`, else the one right of the last
            self.column = _column(attributes.get("r")) or self.column + 1
            self.cell_type = attributes.get("t")
            self.cells += 1
            self.row_cells += 1
            self.cell_elements = 0
            if self.cells > MAX_CELLS:
                raise _Refused(_more(_("cells"), MAX_CELLS))
            if self.row_cells > MAX_ROW_CELLS:
                raise _Refused(_more(_("cells in a row"), MAX_ROW_CELLS))
        else:
            self.cell_elements += 1
            if self.cell_elements > MAX_CELL_ELEMENTS:
                raise _Refused(_more(_("elements in a cell"), MAX_CELL_ELEMENTS))
            if self.depth == 5 and local == "f" and len(self.formulas) < MAX_FORMULAS_NOTED:
                self.formulas.append(self.cell())
            self.in_number = self.depth == 5 and local == "v" and self.cell_type in (None, "n")
            self.number_length = 0

    def cell(self) -> str:
        return f"{_letters(self.column)}{self.row}"

    def text(self, data: str) -> None:
        if self.in_number:
            self.number_length += len(data.strip())
            if self.number_length > MAX_NUMBER_CHARACTERS and self.long_number is None:
                self.long_number = (self.cell(), self.number_length)

    def end(self, name: str) -> None:
        self.in_number = False
        if self.depth == 2:
            self.sheet_data = self.strings = False
        self.depth -= 1

    def doctype(self, *arguments: object) -> None:
        raise _Refused(_("declares a document type (entities); a workbook's parts have none"))


@dataclass(frozen=True)
class Inventory:
    """What the counting noted, by sheet name (or by part, for a part no sheet of the workbook names)."""

    formulas: dict[str, list[str]]
    """The cells holding a formula: `{"Figures": ["I5"]}`."""


def check_parts(path: Path, archive: zipfile.ZipFile) -> Inventory:
    """Read every part of the archive once, counting; DataError naming the part and the limit it passes."""
    totals = _Totals()
    parts: dict[str, _Part] = {}
    for member in archive.infolist():
        if member.is_dir():
            continue
        part = parts[member.filename] = _Part(totals)
        try:
            _scan(archive, member, part)
        except _Refused as refused:
            raise _error(path, _("its part {part} {reason}").format(part=member.filename, reason=refused)) from None
    # Every part is known to be small and plain now: the workbook says which sheet each one is.
    sheets = _sheet_names(archive)
    for name, part in parts.items():
        if part.long_number is not None:
            cell, length = part.long_number
            raise DataError(
                [
                    Finding(
                        Severity.ERROR,
                        Location(path, sheet=sheets.get(name, name), cell=cell),
                        "cell",
                        _("holds a number of {length} characters; no figure has more than a few dozen").format(
                            length=_number(length)
                        ),
                    )
                ]
            )
    return Inventory({sheets.get(name, name): part.formulas for name, part in parts.items() if part.formulas})


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's part (`xl/worksheets/sheet2.xml`) and its name in the workbook (`Figures`)."""
    import posixpath
    import xml.etree.ElementTree as ElementTree

    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return {}
    targets = {}
    for link in links:
        target = link.get("Target", "")
        targets[link.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    names = {}
    for element in workbook.iter():
        if element.tag.rpartition("}")[2] == "sheet" and element.get(relationships) in targets:
            names[posixpath.normpath(targets[element.get(relationships)])] = element.get("name", "")
    return names


def _error(path: Path, message: str) -> DataError:
    return DataError([Finding(Severity.ERROR, Location(path), "file", message)])


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, part: _Part) -> None:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    seen = [0]  # where expat last reported something: a tag, text, a comment

    def mark(*arguments: object) -> None:
        seen[0] = parser.CurrentByteIndex

    def start(name: str, attributes: dict[str, str]) -> None:
        mark()
        part.start(name, attributes)

    parser.StartElementHandler = start
    parser.EndElementHandler = part.end

    def text(data: str) -> None:
        mark()
        part.text(data)

    parser.CharacterDataHandler = text
    parser.CommentHandler = parser.ProcessingInstructionHandler = mark
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = part.doctype
    fed = 0
    try:
        with archive.open(member) as stream:
            chunk = stream.read(CHUNK)
            if not chunk.lstrip(b" \t\r\n").startswith(_XML_STARTS):
                return  # an image, or nothing: no parser reads it as XML
            while chunk:
                parser.Parse(chunk, False)
                fed += len(chunk)
                # A tag (or comment) still open after this many bytes would be parsed at once when it
                # closes, however long: a million attributes take expat and openpyxl minutes.
                if fed - seen[0] > MAX_TAG_BYTES + CHUNK:
                    raise _Refused(
                        _("has a tag longer than {most} bytes (thousands of attributes)").format(
                            most=_number(MAX_TAG_BYTES)
                        )
                    )
                chunk = stream.read(CHUNK)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        # What expat cannot read, another parser might read differently (an encoding it does not
        # know): a part that is not plain XML is refused, never left uncounted.
        raise _Refused(
            _("is not well-formed XML in UTF-8 or UTF-16 ({reason})").format(reason=expat.ErrorString(error.code))
        ) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return  # a damaged or encrypted member: openpyxl refuses it in words of its own


def _more(what: str, most: int) -> str:
    return _("holds more than {most} {what}, the most a form may hold").format(most=_number(most), what=what)


def _number(count: int) -> str:
    return format_number(count, language())


def _whole(text: str | None) -> int:
    return int(text) if text is not None and text.isascii() and text.isdigit() and len(text) < 8 else 0


def _column(reference: str | None) -> int:
    """The column of a cell reference (`AB7` -> 28), 0 when there is none to be read."""
    letters = (reference or "").rstrip("0123456789")
    if not letters or len(letters) > 3 or not (letters.isascii() and letters.isalpha()):
        return 0
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _letters(column: int) -> str:
    text = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        text = chr(ord("A") + rest) + text
    return text

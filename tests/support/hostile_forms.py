"""Forms altered inside their zip archive, each costing kpi far more than its size to read: what a hostile sender could mail in."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

MiB = 1024 * 1024


FIGURES = "sheet2"
"""The form's data sheet, as its zip archive names the part."""
Parts = dict[str, bytes]


def rewritten(source: Path, target: Path, change: Callable[[Parts], None]) -> Path:
    with zipfile.ZipFile(source) as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return target


def _cell(sheet: str, reference: str, xml: bytes) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        name = f"xl/worksheets/{sheet}.xml"
        pattern = re.compile(rb'<c r="%s"[^>]*?(/>|>.*?</c>)' % reference.encode())
        assert pattern.search(parts[name]), f"no {reference} in {name}"
        parts[name] = pattern.sub(lambda _match: xml, parts[name], count=1)

    return change


def _insert(name: str, before: bytes, xml: bytes) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        at = parts[name].index(before)
        parts[name] = parts[name][:at] + xml + parts[name][at:]

    return change


def _shared_strings(count: int) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        parts["xl/sharedStrings.xml"] = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>x</t></si>" * count
            + b"</sst>"
        )
        types, links = "[Content_Types].xml", "xl/_rels/workbook.xml.rels"
        parts[types] = parts[types].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>',
        )
        parts[links] = parts[links].replace(
            b"</Relationships>",
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            b'Target="sharedStrings.xml" Id="rId99"/></Relationships>',
        )

    return change


def _workbook(old: bytes, new: bytes) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        assert old in parts["xl/workbook.xml"]
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(old, new)

    return change


# Each case: what is done to the filled form, and the line kpi must refuse it with.
EXPENSIVE = {
    # 61 kB: six million empty style entries (issue 27: 96-175 s and 3.4 GB before its refusal).
    "six million style entries": (
        _insert("xl/styles.xml", b"</cellXfs>", b"<xf/>" * 6_000_000),
        "its part xl/styles.xml holds more than 50,000 elements besides cells and shared strings",
    ),
    # 78 kB: two million cells in one row (10 s and 1 GB).
    "two million cells in a row": (
        _insert(f"xl/worksheets/{FIGURES}.xml", b'<row r="2">', b'<row r="3">' + b"<c/>" * 2_000_000 + b"</row>"),
        f"its part xl/worksheets/{FIGURES}.xml holds more than 16,384 cells in a row",
    ),
    "four hundred thousand cells": (
        _insert(
            f"xl/worksheets/{FIGURES}.xml",
            b"</sheetData>",
            b"".join(b'<row r="%d">' % (30 + n) + b"<c/>" * 4_000 + b"</row>" for n in range(100)),
        ),
        f"its part xl/worksheets/{FIGURES}.xml holds more than 300,000 cells",
    ),
    # 30 MiB of shared strings (25 s).
    "1.8 million shared strings": (_shared_strings(1_800_000), "its part xl/sharedStrings.xml holds more than 100,000"),
    "a million attributes": (
        _insert("xl/styles.xml", b"</cellXfs>", b"<xf " + b" ".join(b'a%d=">"' % n for n in range(1_000_000)) + b"/>"),
        "its part xl/styles.xml has a tag longer than 65,536 bytes",
    ),
    "a million nested elements": (
        _insert("xl/styles.xml", b"</cellXfs>", b"<a>" * 1_000_000 + b"</a>" * 1_000_000),
        "its part xl/styles.xml has elements nested more than 100 deep",
    ),
    "entities": (
        lambda parts: parts.__setitem__(
            "xl/styles.xml", b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "a">]>' + parts["xl/styles.xml"]
        ),
        "its part xl/styles.xml declares a document type",
    ),
}

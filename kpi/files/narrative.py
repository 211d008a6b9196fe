"""The office's own text of a report, one Markdown file per period: `narrative/2018-Q2.md` in the
data folder, versioned in git like the figures (docs/narrative.md says how to write one).

A report to 30/06/2018 takes `narrative/2018-Q2.md`: the file is named by the quarter the report's
figures end in. This module only finds and reads the file (UTF-8, a BOM and CRLF line endings read
as Word and Notepad on Windows write them); `kpi.compute.narrative` reads the figures it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.textfiles import normalised
from kpi.i18n import _

NARRATIVE_DIR = "narrative"
MAX_BYTES = 1_000_000  # a report's text is a few pages; anything larger is not one


@dataclass(frozen=True)
class NarrativeFile:
    path: Path
    text: str  # LF line endings, no BOM


def narrative_path(data_dir: Path, quarter: str) -> Path:
    """Where the text of the report whose figures end in `quarter` (`2018-Q2`) is written."""
    return data_dir / NARRATIVE_DIR / f"{quarter}.md"


def narrative_files(data_dir: Path) -> list[Path]:
    folder = data_dir / NARRATIVE_DIR
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def read_narrative(path: Path) -> NarrativeFile:
    """The file's text; a file that is not UTF-8 text is refused with its place and the reason."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Finding(Severity.ERROR, Location(path), "narrative", str(exc.strerror or exc))]) from None
    if len(raw) > MAX_BYTES:
        message = _("the text is {size} bytes, more than the {limit} a report's text may have")
        raise DataError(
            [Finding(Severity.ERROR, Location(path), "narrative", message.format(size=len(raw), limit=MAX_BYTES))]
        )
    try:
        text = normalised(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = _("not UTF-8 text (byte {offset}); save it as UTF-8")
        raise DataError(
            [Finding(Severity.ERROR, Location(path, line), "narrative", message.format(offset=exc.start))]
        ) from None
    return NarrativeFile(path, text)


def find_narrative(data_dir: Path, quarter: str) -> NarrativeFile | None:
    path = narrative_path(data_dir, quarter)
    return read_narrative(path) if path.is_file() else None

"""The shortcut for kpi's own layout (kpi/files/flatyaml.py) reads a file exactly as the full
reader does, or leaves it to the full reader.

Whatever text it takes, the full reader reads it without a finding, to the same values of the
same types and the same record positions, and an edit finds the records where the node tree puts
them; the data a person sees (`kpi check`, `kpi status`) therefore cannot depend on which reader
read a file. And the files `kpi record` writes do take the shortcut: otherwise the speed it brings
would be lost without anyone seeing it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kpi.files.yamlsource as yamlsource
from kpi.errors import DataError
from kpi.files.actuals_edit import _layout, _layout_of_lines
from kpi.files.flatyaml import read_flat
from tests.support import GOLDEN, kpi_process

GOLDEN_ACTUALS = GOLDEN / "synthetic" / "data" / "actuals"

LAYOUT = """\
# yaml-language-server: $schema=../../../schemas/actuals.schema.json
quarter: 2018-Q2
owner: QLCN
records:
  - indicator: B.1
    measure: firms
    value: 1069
    recorded_by: Lan
    recorded_at: 2018-07-10T09:00:00+00:00
    history:
      - value: 1000
        recorded_by: Lan
        recorded_at: 2018-07-02T08:00:00+00:00
        replaced_at: 2018-07-10T09:00:00+00:00
      - value: 1068
        replaced_at: 2018-07-10T09:00:00+00:00
  - indicator: B.8
    done: 2018-05-02
    evidence: Quyết định số 15/QĐ-SKHCN
"""


def full_reading(text: str) -> tuple[Any, list[Any], dict[str, list[tuple[int, int]]]] | None:
    """What the full reader makes of `text`: typed data, findings, each top-level list's item
    positions; None when it refuses the text outright."""
    real = yamlsource.read_flat
    yamlsource.read_flat = lambda text: None  # type: ignore[assignment]
    try:
        document = yamlsource.parse_yaml(text, Path("q.yaml"))
    except DataError:
        return None
    finally:
        yamlsource.read_flat = real
    lists = {}
    if isinstance(document.data, dict):
        lists = {
            key: document.item_positions((key,)) for key, value in document.data.items() if isinstance(value, list)
        }
    return typed(document.data), document.problems, lists


def typed(value: Any) -> Any:
    """Values with their types, so that 1, 1.0 and "1" (or Decimal 1.0 and 1.00) never compare equal."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, repr(value))


def assert_read_alike(text: str) -> bool:
    """The shortcut's reading of `text` is the full reader's; True when it took the text."""
    flat = read_flat(text)
    if flat is None:
        return False
    full = full_reading(text)
    assert full is not None, "the shortcut took a text the full reader refuses"
    data, problems, lists = full
    assert problems == [], "the shortcut took a text the full reader has findings on"
    assert typed(flat.data) == data
    assert {key: flat.item_positions(key) for key in flat.item_lines} == lists
    # An edit finds the records where the node tree puts them, from the lines the shortcut noted.
    if "records" in flat.item_lines:
        assert _layout_of_lines(text, flat.item_lines["records"]) == _layout(text)
    # And parse_yaml, which takes the shortcut, answers positions as the full reader does.
    document = yamlsource.parse_yaml(text, Path("q.yaml"))
    for key in lists:
        assert document.locate((key, 0, "indicator")) == full_location(text, (key, 0, "indicator"))
    return True


def full_location(text: str, path: tuple[str | int, ...]) -> Any:
    real = yamlsource.read_flat
    yamlsource.read_flat = lambda text: None  # type: ignore[assignment]
    try:
        return yamlsource.parse_yaml(text, Path("q.yaml")).locate(path)
    finally:
        yamlsource.read_flat = real


def test_the_layout_takes_the_shortcut_and_reads_as_the_full_reader() -> None:
    assert assert_read_alike(LAYOUT)


@pytest.mark.parametrize(
    "commented",
    [
        LAYOUT.replace("  - indicator: B.8", "# checked by Lan\n  - indicator: B.8"),  # between records
        LAYOUT + "# end of the quarter's figures\n",  # a footer
        LAYOUT.replace("      - value: 1068", "# the first correction\n      - value: 1068"),  # inside a record
    ],
)
def test_comments_at_the_margin_are_read_past_as_the_full_reader_reads_past_them(commented: str) -> None:
    assert assert_read_alike(commented)


def test_every_kept_synthetic_file_takes_the_shortcut() -> None:
    files = sorted(GOLDEN_ACTUALS.rglob("*.yaml"))
    assert len(files) > 100
    assert all(assert_read_alike(path.read_text(encoding="utf-8")) for path in files)


def test_a_file_kpi_record_writes_takes_the_shortcut(minimal_data: Path) -> None:
    environment = {**os.environ, "KPI_DATA": str(minimal_data), "KPI_LANG": "en"}
    for arguments in (
        ["B.1", "-q", "2018-Q2", "--value", "1069", "--evidence", "Công văn số 12/SKHCN"],
        ["B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--evidence", "Quyết định 15/QĐ-SKHCN"],
        ["B.1", "-q", "2018-Q2", "--value", "1070", "--replace"],  # the replaced 1069 is kept in its history
    ):
        done = kpi_process(None, "record", *arguments, "--by", "Lan", "--no-commit", environment=environment)
        assert done.returncode == 0, done.stderr
    written = next((minimal_data / "actuals" / "2018-Q2").glob("*.yaml")).read_text(encoding="utf-8")
    assert "1069" in written and "1070" in written and "history:" in written and "2018-05-02" in written
    assert assert_read_alike(written)


@pytest.mark.parametrize(
    "value",
    [
        "yes",  # a boolean to YAML 1.1, ambiguous to a person: the full reader says so
        "10.000",  # ten thousand the Vietnamese way, ten to YAML: refused
        "'quoted'",
        '"quoted"',
        "5 # a comment",
        "a: b",
        "x:",
        "&anchor 5",
        "*alias",
        "!!str 5",
        "|",
        ">",
        "- 5",
        "0x1A",
        "1_000",
        ".inf",
        "1:30",
        "Tie\u0302\u0301ng",  # Vietnamese letters decomposed (NFD)
        "a\x85b",  # a line break to YAML 1.1
        "a\u2028b",
        "a\ufeffb",
        "a\x01b",
        "a\tb",
        "=",
        "<<",
    ],
)
def test_a_value_the_full_reader_has_words_for_leaves_the_file_to_it(value: str) -> None:
    text = LAYOUT.replace("value: 1069", f"value: {value}")
    assert read_flat(text) is None
    # ... and reading it still names the problem, with its line.
    document = None
    try:
        document = yamlsource.parse_yaml(text, Path("q.yaml"))
    except DataError:
        return
    assert document.problems or typed(document.data)["records"][0]["value"] != ("int", "1069")


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("  - indicator: B.8", "\n  - indicator: B.8"),  # a blank line
        lambda text: text.replace("    measure: firms", "    measure: firms\n    measure: sessions"),  # duplicate
        lambda text: text.replace("owner: QLCN", "owner: QLCN\nowner: KHTC"),
        lambda text: text.replace("  - ", "- ").replace("    ", "  "),  # another indentation
        lambda text: text.replace("records:\n", "records:\n  # the quarter's figures\n"),  # an indented comment
        lambda text: text.rstrip("\n"),  # no newline at the end
        lambda text: text.replace("    evidence: Quyết định số 15/QĐ-SKHCN", "    evidence:"),  # null
        lambda text: text + "note:\n",  # an empty list is null to YAML, at the end ...
        lambda text: text.replace("owner: QLCN", "note:\nowner: QLCN"),  # ... or before another key
        lambda text: text.replace("value: 1069", "value: 1069\n      more: 1"),
        lambda text: text.replace("      - value: 1068", "      - value: 1068\n        more:\n          - a: 1"),
        lambda text: text.replace(
            "    history:\n      - value: 1000", "    history:\n    notes: x\n      - value: 1000"
        ),
        lambda text: text.replace("  - indicator: B.8", "  - history:\n      - value: 1\n    indicator: B.8"),
        lambda text: text.replace("      - value: 1068", "      - value: 1068\n      - value: 1068\n        value: 2"),
        # an entry's line after the next record began: that record opened no list
        lambda text: text.replace("    evidence: Quyết định số 15/QĐ-SKHCN", "        evidence: x"),
        lambda text: text.replace("    evidence: Quyết định số 15/QĐ-SKHCN", "      - evidence: x"),
        lambda text: "---\n" + text,
        lambda text: "",
        lambda text: "# only a comment\n",
    ],
)
def test_anything_outside_the_layout_is_left_to_the_full_reader(change: Any) -> None:
    assert read_flat(change(LAYOUT)) is None


_SCALARS = st.sampled_from(
    [
        "B.1", "2018-Q2", "1069", "42.4", "0", "-5", "+5", "0755", ".5", "1e5", "10.000", "1.125", "yes", "No",
        "true", "FALSE", "~", "null", "Null", "2018-07-10", "2018-07-10T09:00:00+00:00", "a:b", "a#b", "C#",
        "http://x.vn/a?b=1", "a, b [c] {d}", "Tiếng Việt", "Tie\u0302\u0301ng", "…", "\u00a0x", "x\u00a0", "-x",
        "?x", ":x", "%x", "@x", "`x", "…: x", "1" * 41, "9" * 40,
    ]
)  # fmt: skip
# Mostly values the layout holds, so that many texts take the shortcut and are compared.
_VALUES = st.one_of(
    st.sampled_from(["B.1", "QLCN", "2018-Q2", "1069", "42.4", "2018-05-02", "2018-07-10T09:00:00+00:00", "Lan"]),
    st.sampled_from(["B.1", "QLCN", "2018-Q2", "1069", "42.4", "2018-05-02", "2018-07-10T09:00:00+00:00", "Lan"]),
    st.sampled_from(["B.1", "QLCN", "2018-Q2", "1069", "42.4", "2018-05-02", "2018-07-10T09:00:00+00:00", "Lan"]),
    _SCALARS,
    st.text(min_size=1, max_size=8),
)
_KEYS = st.sampled_from(["indicator", "measure", "value", "done", "evidence", "note", "y", "null", "on", "a_1"])


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """Texts in the layout and around it: some values and keys YAML reads in surprising ways,
    repeated keys, and now and then a line changed at random."""
    lines = []
    if draw(st.booleans()):
        lines.append("# " + draw(st.text(max_size=20)).replace("\n", " "))
    # Keys mostly distinct (a repeated one is left to the full reader, as tested above).
    distinct = draw(st.integers(0, 4)) > 0
    header = draw(st.lists(st.tuples(_KEYS, _VALUES), max_size=3, unique_by=(lambda kv: kv[0]) if distinct else None))
    lines += [f"{key}: {value}" for key, value in header]
    if draw(st.booleans()):
        lines.append(f"{draw((st.just('records') | _KEYS).filter(lambda key: key not in dict(header)))}:")
        for _ in range(draw(st.integers(1, 3))):
            fields = draw(
                st.lists(
                    st.tuples(_KEYS, _VALUES),
                    min_size=1,
                    max_size=4,
                    unique_by=(lambda kv: kv[0]) if distinct else None,
                )
            )
            for index, (key, value) in enumerate(fields):
                lines.append(("  - " if index == 0 else "    ") + f"{key}: {value}")
            if draw(st.integers(0, 2)) == 0:  # a list of entries in the record, as `history:` is
                lines.append(f"    {draw(_KEYS)}:")
                for _ in range(draw(st.integers(1, 2))):
                    entry = draw(
                        st.lists(st.tuples(_KEYS, _VALUES), min_size=1, max_size=3, unique_by=lambda kv: kv[0])
                    )
                    for index, (key, value) in enumerate(entry):
                        lines.append(("      - " if index == 0 else "        ") + f"{key}: {value}")
                if draw(st.booleans()):
                    lines.append(f"    {draw(_KEYS)}: {draw(_VALUES)}")  # the record goes on after the list
    if lines and draw(st.integers(0, 3)) == 0:
        where = draw(st.integers(0, len(lines) - 1))
        lines[where] = draw(st.sampled_from(["", " ", "   x: 1", "  -", "\t", "x", "x: 1 #", "  - - 1"]))
    return "".join(line + "\n" for line in lines)


@settings(max_examples=500, deadline=None)
@given(_documents())
@example(LAYOUT)
@example("x: 1 #\n")  # a comment after a value; Python 3.11.2's possessive `*+` took it into the value
def test_any_text_the_shortcut_takes_reads_as_the_full_reader_reads_it(text: str) -> None:
    assert_read_alike(text)

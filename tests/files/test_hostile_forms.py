"""Issue 27: forms that cost far more than their size, form cells kpi misread, and a journal read like no other file.

Each hostile form is made at test time from a real one (`kpi form`, filled in with openpyxl) by
rewriting one part of its archive, and imported by kpi in a real process under a memory limit
(RLIMIT_AS) and a generous time limit: a refusal must come as exit 2 with a located message,
never a traceback, an internal error, minutes or gigabytes.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.support import kpi_process
from tests.support.forms import FORM_CATALOGUE, fill, make_form
from tests.support.hostile_forms import EXPENSIVE, FIGURES, MiB, _cell, _insert, _shared_strings, _workbook, rewritten

MEMORY_LIMIT = 1024 * MiB
"""Address space, not resident memory: Python, openpyxl and lxml map about 300 MiB before reading anything."""
CPU_LIMIT = 20
"""Seconds of processor time kpi may spend on one hostile file: the kernel stops it beyond that
(RLIMIT_CPU), and the test then fails on its exit code. A budget of work, not a stopwatch: it holds
however busy the machine is."""


@pytest.fixture
def data(minimal_data: Path) -> Path:
    (minimal_data / "plan2018.yaml").write_text(FORM_CATALOGUE, encoding="utf-8")
    return minimal_data


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


HIDDEN = "sheet3"
"""The parts of the figures' sheet and of the hidden one, as openpyxl saves the filled form."""


@pytest.mark.parametrize("case", list(EXPENSIVE), ids=list(EXPENSIVE))
def test_a_form_that_costs_far_more_than_its_size_is_refused_quickly(
    data: Path,
    tmp_path: Path,
    case: str,
) -> None:
    change, expected = EXPENSIVE[case]
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}})
    hostile = rewritten(form, tmp_path / "hostile.xlsx", change)
    assert hostile.stat().st_size < 4 * MiB
    result = kpi_process(
        data, "record", "--from", str(hostile), "--dry-run", env={"KPI_NO_CACHE": "1"}, preexec_fn=_limited
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("kpi: hostile.xlsx: error: file: " + expected), result.stderr
    assert "Traceback" not in result.stderr


# Cells kpi misread: each is refused at its sheet and cell, with exit 2.
MISREAD = {
    "a figure of 1E+28": (
        _cell(FIGURES, "I5", b'<c r="I5" t="n"><v>1E+28</v></c>'),
        ":Figures!I5: error: value: has more than 15 digits before the decimal point",
    ),
    "a figure of sixteen digits": (
        _cell(FIGURES, "I5", b'<c r="I5" t="n"><v>1234567890123456</v></c>'),
        ":Figures!I5: error: value: has more than 15 digits before the decimal point",
    ),
    "a typed figure of sixteen digits": (
        _cell(FIGURES, "I5", b'<c r="I5" t="inlineStr"><is><t>1234567890123456</t></is></c>'),
        ":Figures!I5: error: value: has more than 15 digits before the decimal point",
    ),
    "a figure of seven decimals": (
        _cell(FIGURES, "I5", b'<c r="I5" t="n"><v>1.1234567</v></c>'),
        ":Figures!I5: error: value: has more than 6 decimal places",
    ),
    "a number of 5 000 digits in the hidden sheet": (
        _cell(HIDDEN, "B9", b'<c r="B9" t="n"><v>' + b"9" * 5000 + b"</v></c>"),
        ":kpi-form!B9: error: cell: holds a number of 5,000 characters",
    ),
    "a plan period of 5 000 digits in the hidden sheet": (
        _cell(HIDDEN, "B11", b'<c r="B11" t="inlineStr"><is><t>' + b"9" * 5000 + b"</t></is></c>"),
        ":kpi-form!B11: error: period_end: names no plan period",
    ),
    "the hidden sheet shown": (
        _workbook(b'state="veryHidden"', b'state="visible"'),
        ": error: file: its sheet 'kpi-form' was unhidden",
    ),
    "a formula with its result": (
        _cell(FIGURES, "I5", b'<c r="I5"><f>800+50</f><v>850</v></c>'),
        ":Figures!I5: error: formula: holds a formula",
    ),
    "a formula without a result": (
        _cell(FIGURES, "I6", b'<c r="I6"><f>1+1</f></c>'),
        ":Figures!I6: error: formula: holds a formula",
    ),
    "#REF! as evidence": (
        _cell(FIGURES, "L5", b'<c r="L5" t="e"><f>#REF!</f><v>#REF!</v></c>'),
        ":Figures!L5: error: formula: holds a formula",
    ),
    "a formula in the hidden sheet": (
        _cell(HIDDEN, "B3", b'<c r="B3" t="str"><f>"QL"&amp;"CN"</f><v>QLCN</v></c>'),
        ":kpi-form!B3: error: formula: holds a formula",
    ),
}


@pytest.mark.parametrize("case", list(MISREAD), ids=list(MISREAD))
def test_a_cell_kpi_cannot_take_as_typed_is_refused_at_its_sheet_and_cell(
    data: Path,
    tmp_path: Path,
    case: str,
) -> None:
    change, expected = MISREAD[case]
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}, ("B.4", "rate"): {"value": 50}})
    hostile = rewritten(form, tmp_path / "hostile.xlsx", change)
    result = kpi_process(data, "record", "--from", str(hostile), env={"KPI_NO_CACHE": "1"}, preexec_fn=_limited)
    assert result.returncode == 2, result.stderr
    assert "kpi: hostile.xlsx" + expected in result.stderr, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (data / "actuals" / "2018-Q2").exists()


def test_a_form_at_every_limit_at_once_is_still_read_within_the_budget(data: Path, tmp_path: Path) -> None:
    """Just under the limits: 300 000 cells, 100 000 shared strings, 49 000 style entries."""
    form = fill(make_form(data), {("B.1", "firms"): {"value": 850}})
    cells = b"".join(b'<row r="%d">' % (20 + n) + b"<c/>" * 2_990 + b"</row>" for n in range(100))
    steps = [
        _insert(f"xl/worksheets/{FIGURES}.xml", b"</sheetData>", cells),
        _shared_strings(99_000),
        _insert("xl/styles.xml", b"</cellXfs>", b"<xf/>" * 49_000),
    ]
    big = rewritten(form, tmp_path / "big.xlsx", lambda parts: [step(parts) for step in steps] and None)
    result = kpi_process(
        data, "record", "--from", str(big), "--dry-run", env={"KPI_NO_CACHE": "1"}, preexec_fn=_limited
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("would be recorded: B.1 (Enterprises trained) 2018-Q2 = 850")


@pytest.mark.parametrize("what", ["a FIFO", "a symlink to /dev/zero", "over the cap"])
def test_a_cache_entry_that_is_not_a_small_regular_file_is_never_read(tmp_path: Path, what: str) -> None:
    from kpi.files.cache import Cache
    from kpi.files.inputs import InputKind

    cache = Cache(tmp_path / "cache")
    key = "ab" * 32  # a key is a hash of the file's bytes (it seals the entry)
    cache.put("slot", key, b"{}")
    entry = cache._path("slot", key)
    entry.unlink()
    if what == "a FIFO":
        os.mkfifo(entry)
    elif what == "over the cap":
        with entry.open("wb") as stream:
            stream.truncate(InputKind.CACHE.limit + 1)
    else:
        entry.symlink_to("/dev/zero")
    signal.alarm(CPU_LIMIT)  # a read that blocked on the FIFO or never ended fails the test instead of hanging it
    try:
        assert cache.get("slot", key, lambda entry: entry) is None
    finally:
        signal.alarm(0)


@pytest.mark.parametrize(
    ("what", "expected"), [("a FIFO", "is a pipe or socket, not a journal"), ("a device", "is a device")]
)
def test_a_journal_that_is_not_a_regular_file_stops_a_recording_at_once(data: Path, what: str, expected: str) -> None:
    journal = data / "actuals" / ".kpi-journal.json"
    if what == "a FIFO":
        os.mkfifo(journal)
    else:
        journal.symlink_to("/dev/zero")
    result = kpi_process(
        data,
        "record",
        "B.1",
        "-q",
        "2018-Q2",
        "-m",
        "firms",
        "--value",
        "5",
        env={"KPI_NO_CACHE": "1"},
        preexec_fn=_limited,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        "kpi: error: a recording was interrupted, but its journal mini/actuals/.kpi-journal.json cannot be read ("
        + expected
    ), result.stderr

"""What every test shares: English messages unless a test asks for Vietnamese, no test touching the
repository's own data, the data folders most tests start from, and the markers a developer selects
by (`process` is set here on every test whose module runs kpi in a real process).

Helpers live in tests/support (one runner in-process, one in a process, the data and catalogues,
documents read back); no test module imports another (tests/project/test_layout.py holds it)."""

from __future__ import annotations

import inspect
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.data import copy_shipped, write_catalogue


@pytest.fixture(autouse=True)
def _no_real_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads or writes the repository's data unless it copies it first."""
    monkeypatch.setenv("KPI_DATA", str(tmp_path / "no-data-folder-here"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read kpi's messages in English (the text in the code), in-process and in
    subprocesses alike, unless they ask for Vietnamese with the `vietnamese` fixture or --lang vi.
    The shipped default, Vietnamese, is tested in test_i18n.py."""
    from kpi.i18n import set_language

    monkeypatch.setenv("KPI_LANG", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _sigpipe_kept() -> Iterator[None]:
    """kpi's `main` sets SIGPIPE to its default action (so `kpi status | head` ends quietly); a test
    that calls it in this process must not leave pytest itself to die later on a closed pipe."""
    if not hasattr(signal, "SIGPIPE"):  # Windows
        yield
        return
    number = signal.SIGPIPE  # kept: a test may take the name away, as on Windows
    before = signal.getsignal(number)
    yield
    signal.signal(number, before)


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run in kpi's default language, Vietnamese."""
    from kpi.i18n import set_language

    monkeypatch.setenv("KPI_LANG", "vi")
    set_language("vi")


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder."""
    return copy_shipped(tmp_path / "data")


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A small, valid data folder: four indicators of program B."""
    return write_catalogue(tmp_path / "mini")


@pytest.fixture
def make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`make(indicator(...), ...)`: a 2018 plan of these indicators in tmp_path (tests/support/ledger.py), read without the cache."""
    from tests.support.ledger import make_ledger

    monkeypatch.setenv("KPI_NO_CACHE", "1")
    return lambda *indicators: make_ledger(tmp_path / "data", *indicators)


def spawns_processes(module: object) -> bool:
    """A module that runs kpi (or Python) in a real process: it holds a helper of tests.support marked
    `spawns` (kpi_process, kpi_started, run_on_a_terminal, crashes.in_repo), or its source names
    `sys.executable`."""
    if any(getattr(value, "spawns_kpi", False) for value in vars(module).values() if callable(value)):
        return True
    try:
        return "sys.executable" in inspect.getsource(module)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of a module that spawns kpi is marked `process`, unless the module marks its own
    tests (tests/files/test_hostile_corpus.py marks only the cases it runs as a process)."""
    marks_its_own = {
        item.module.__name__ for item in items if getattr(item, "module", None) and item.get_closest_marker("process")
    }
    known: dict[str, bool] = {name: False for name in marks_its_own}
    for item in items:
        module = getattr(item, "module", None)
        if module is None:
            continue
        if module.__name__ not in known:
            known[module.__name__] = spawns_processes(module)
        if known[module.__name__]:
            item.add_marker(pytest.mark.process)

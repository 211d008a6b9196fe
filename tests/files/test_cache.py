"""The cache of parsed data: faster, and never wrong — every edit is seen, a broken cache is rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpi.files.cache import CACHE_DIR
from tests.support import kpi, kpi_process


def b1_quarters(folder: Path) -> dict[str, float]:
    result = kpi(folder, "status", "--as-of", "2018-12-31", "-f", "json")
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout)["rows"] if r["id"] == "B.1")
    return row["measures"][0]["quarters"]


def record(folder: Path, *args: str) -> None:
    result = kpi(folder, "record", *args)
    assert result.exit_code == 0, result.output


def entries(folder: Path) -> list[Path]:
    return sorted((folder / CACHE_DIR).glob("*.json"))


def test_a_report_fills_the_cache_and_keeps_it_out_of_git(minimal_data: Path) -> None:
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    b1_quarters(minimal_data)
    # the catalogue, its IDs (for completing one at the shell), the one actuals file, and the verdict
    # that the files hold no figure twice
    assert len(entries(minimal_data)) == 4
    assert (minimal_data / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_an_edit_by_hand_is_seen_at_once_even_when_size_and_time_stay_the_same(minimal_data: Path) -> None:
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    assert b1_quarters(minimal_data) == {"2018-Q2": 850.0}
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("value: 850", "value: 851"), encoding="utf-8")
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # an editor that keeps the timestamp
    assert b1_quarters(minimal_data) == {"2018-Q2": 851.0}


def test_a_recording_is_seen_at_once(minimal_data: Path) -> None:
    record(minimal_data, "B.1", "-q", "2018-Q1", "--value", "800")
    assert b1_quarters(minimal_data) == {"2018-Q1": 800.0}
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    record(minimal_data, "B.1", "-q", "2018-Q1", "--value", "810", "--replace")
    assert b1_quarters(minimal_data) == {"2018-Q1": 810.0, "2018-Q2": 850.0}


def test_a_catalogue_edit_is_seen_at_once(minimal_data: Path) -> None:
    def target() -> str:
        result = kpi(minimal_data, "show", "B.1", "--lang", "en")
        return [line for line in result.stdout.splitlines() if line.strip().startswith("target:")][-1]

    assert target().endswith("10,000")
    plan = minimal_data / "plan2018.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 10000", "target: 12000"), encoding="utf-8")
    assert target().endswith("12,000")


def test_a_file_made_invalid_is_reported_not_served_from_the_cache(minimal_data: Path) -> None:
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    b1_quarters(minimal_data)
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 850", "value: -850"), encoding="utf-8")
    result = kpi(minimal_data, "status")
    assert result.exit_code == 2
    assert "records[0].value" in result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b'{"figures": [["B.1"]',
        b'{"figures": [[1, 2, 3, 4, 5]], "places": []}',
        b'{"figures": [["B.1", null, "2018-Q2", "850", null]], "places": [[1, 1]]}',
    ],
    ids=["empty", "text", "truncated", "wrong types", "wrong shape"],
)
def test_a_broken_cache_is_rebuilt_without_a_word(minimal_data: Path, damage: bytes) -> None:
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    expected = kpi(minimal_data, "status", "-f", "json").stdout
    for entry in entries(minimal_data):
        entry.write_bytes(damage)
    result = kpi(minimal_data, "status", "-f", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == expected
    # Rebuilt: a seal line, then the JSON it seals.
    assert all(
        entry.read_bytes() != damage and json.loads(entry.read_bytes().partition(b"\n")[2])
        for entry in entries(minimal_data)
    )


def test_the_cache_can_be_moved_or_turned_off(
    minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    b1_quarters(minimal_data)
    assert not (minimal_data / CACHE_DIR).exists()
    monkeypatch.delenv("KPI_NO_CACHE")
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path / "elsewhere"))
    b1_quarters(minimal_data)
    assert not (minimal_data / CACHE_DIR).exists()
    assert len(list((tmp_path / "elsewhere").glob("*.json"))) == 2  # the catalogue and its IDs


def test_an_unwritable_cache_costs_speed_not_results(
    minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KPI_CACHE_DIR", str(blocker / "cache"))
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    assert b1_quarters(minimal_data) == {"2018-Q2": 850.0}


def test_one_entry_per_file_however_often_it_changes(minimal_data: Path) -> None:
    for quarter in ("2018-Q1", "2018-Q2", "2018-Q3"):
        record(minimal_data, "B.1.1", "-q", quarter, "--value", "5")
    for value in ("6", "7", "8"):
        record(minimal_data, "B.1.1", "-q", "2018-Q1", "--value", value, "--replace")
        b1_quarters(minimal_data)
    # the catalogue, its IDs, three actuals files, and one verdict on duplicates
    assert len(entries(minimal_data)) == 6


def test_a_figure_recorded_twice_is_found_though_the_files_were_clean_before(minimal_data: Path) -> None:
    """The verdict "no figure twice" is remembered for the files as they were; a file changed or
    added by hand is judged again."""
    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    assert b1_quarters(minimal_data) == {"2018-Q2": 850.0}
    again = minimal_data / "actuals" / "2018-Q2" / "SHTT.yaml"
    again.write_text("quarter: 2018-Q2\nowner: SHTT\nrecords:\n  - indicator: B.1\n    value: 851\n", encoding="utf-8")
    result = kpi(minimal_data, "status", "-f", "json")
    assert result.exit_code == 2
    assert "SHTT.yaml:4:5" in result.stderr and "QLCN.yaml" in result.stderr


class _Planted:
    """What an attacker would place in the cache if kpi still read pickles: unpickling it runs code."""

    def __init__(self, witness: Path):
        self.witness = witness

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.witness), "ran"))  # type: ignore[return-value]


def test_a_file_planted_in_the_cache_never_runs(minimal_data: Path, tmp_path: Path) -> None:
    import pickle

    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    expected = kpi(minimal_data, "status", "-f", "json").stdout
    witness = tmp_path / "witness"
    for entry in entries(minimal_data):
        entry.write_bytes(pickle.dumps(_Planted(witness)))
    result = kpi(minimal_data, "status", "-f", "json")
    assert result.exit_code == 0 and result.stdout == expected
    assert not witness.exists()
    # Rebuilt as JSON, under its seal line.
    assert all(entry.read_bytes().partition(b"\n")[2].startswith(b"{") for entry in entries(minimal_data))


def test_a_change_to_kpi_s_code_makes_every_entry_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpi.files import cache

    before = cache.Cache.key("catalogue", b"same bytes")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the checks")
    assert cache.Cache.key("catalogue", b"same bytes") != before


@pytest.mark.posix
def test_a_fifo_in_place_of_an_entry_is_passed_by(minimal_data: Path) -> None:
    import os

    record(minimal_data, "B.1", "-q", "2018-Q2", "--value", "850")
    b1_quarters(minimal_data)
    for entry in entries(minimal_data):
        entry.unlink()
        os.mkfifo(entry)  # reading it would wait for a writer that never comes
    result = kpi_process(minimal_data, "status", "-f", "csv", timeout=60)
    assert result.returncode == 0, result.stderr
    assert all(entry.is_file() for entry in entries(minimal_data))  # rebuilt as regular files


def test_a_cached_plan_is_read_back_from_the_cache_not_parsed_again(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds each Decimal as its exact text; reading it back must not take that for a
    quoted number in a data file and throw the entry away (it did: every run parsed the plan)."""
    import kpi.ledger.load as ledger_module
    from kpi.files.cache import Cache

    cache = Cache.for_data(shipped_copy)
    plan = shipped_copy / "plan2018.yaml"
    first, _key = ledger_module._catalogue(plan, cache)

    def parsed_again(*args: object) -> None:
        raise AssertionError("the plan was parsed again: its cache entry did not read back")

    monkeypatch.setattr(ledger_module, "parse_yaml", parsed_again)
    again, _key = ledger_module._catalogue(plan, cache)
    assert again == first
    assert again.indicator("B.1") is not None and again.indicator("B.1").measures[0].target == 10000

"""The whole ledger in memory: catalogue, settings and recorded figures, validated.

`load_ledger` is what every report starts from. It checks everything `kpi check` would call
an error, and keeps what passed in the cache (`kpi.cache`) so that the next report over the
same files skips the parsing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kpi.bulk import collector_paused
from kpi.cache import Cache
from kpi.cache_entries import actuals_check_decoder, decode_catalogue, encode_actuals_check, encode_catalogue
from kpi.catalogue import actuals_from_document, catalogue_from_document
from kpi.checks import check_actuals_file, check_catalogue, check_settings, duplicate_findings
from kpi.datadir import CATALOGUE_FILE, SETTINGS_FILE, actuals_files
from kpi.errors import DataError, Finding, Severity
from kpi.figures import Figure
from kpi.inputs import InputKind
from kpi.models import Catalogue, Indicator, Settings
from kpi.quarters import Quarter
from kpi.yamlsource import decode_text, parse_yaml, read_bytes, read_yaml


@dataclass
class Ledger:
    catalogue: Catalogue
    settings: Settings = field(default_factory=Settings)
    figures: list[Figure] = field(default_factory=list)

    def indicator(self, indicator_id: str) -> Indicator | None:
        """Look an indicator up by ID, ignoring case."""
        return self.catalogue.indicator(indicator_id)


def load_ledger(data_dir: Path, cache: Cache | None = None) -> Ledger:
    """Read and validate everything; raise DataError listing every error if anything is wrong."""
    cache = cache if cache is not None else Cache.for_data(data_dir)
    with collector_paused():
        catalogue, catalogue_key = _catalogue(data_dir, cache)
        settings = load_settings(data_dir)
        figures = _figures(data_dir, catalogue, catalogue_key, cache)
    return Ledger(catalogue=catalogue, settings=settings, figures=figures)


def load_catalogue(data_dir: Path, cache: Cache | None = None) -> Catalogue:
    """The plan catalogue alone, checked; raise DataError listing its errors."""
    with collector_paused():
        return _catalogue(data_dir, cache if cache is not None else Cache.for_data(data_dir))[0]


def load_settings(data_dir: Path) -> Settings:
    """`settings.yaml`, or the defaults when there is none; raise DataError when it is invalid."""
    path = data_dir / SETTINGS_FILE
    if not os.path.lexists(path):
        return Settings()
    settings, findings = check_settings(read_yaml(path, InputKind.SETTINGS))
    errors = _errors_only(findings)
    if errors:
        raise DataError(errors)
    return settings if settings is not None else Settings()


def _catalogue(data_dir: Path, cache: Cache) -> tuple[Catalogue, str]:
    path = data_dir / CATALOGUE_FILE
    raw = read_bytes(path, InputKind.CATALOGUE)
    key = Cache.key("catalogue", raw)
    slot = f"catalogue:{path.resolve()}"
    cached = cache.get(slot, key, decode_catalogue)
    if cached is not None:
        return cached, key
    # Parsed from the very bytes that were hashed, so an edit made meanwhile cannot be cached
    # under the old key.
    read = catalogue_from_document(parse_yaml(decode_text(raw, path), path))
    errors = _errors_only(read.findings)
    if read.catalogue is None or errors:
        raise DataError(errors or read.findings)
    errors = _errors_only(check_catalogue(read))
    if errors:
        raise DataError(errors)
    cache.put(slot, key, encode_catalogue(read.catalogue))
    return read.catalogue, key


def _figures(data_dir: Path, catalogue: Catalogue, catalogue_key: str, cache: Cache) -> list[Figure]:
    """Every actuals file checked on its own (or taken from the cache), then duplicates across files."""
    errors: list[Finding] = []
    figures: list[Figure] = []
    first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]] = {}
    for path in actuals_files(data_dir):
        try:
            raw = read_bytes(path, InputKind.ACTUALS)
        except DataError as exc:
            errors += exc.findings
            continue
        # The checks depend on the catalogue and on where the file lies, so both are in the key.
        key = Cache.key("actuals", catalogue_key, path.relative_to(data_dir).as_posix(), raw)
        slot = f"actuals:{path.resolve()}"
        checked = cache.get(slot, key, actuals_check_decoder(path))
        if checked is None:
            try:
                read = actuals_from_document(parse_yaml(decode_text(raw, path), path))
            except DataError as exc:
                errors += exc.findings
                continue
            checked = check_actuals_file(catalogue, read)
            file_errors = _errors_only([*read.findings, *checked.findings])
            if file_errors:
                errors += file_errors
                continue
            checked.findings, checked.lines = [], None  # warnings are for `kpi check`; keep the entry small
            cache.put(slot, key, encode_actuals_check(checked))
        errors += duplicate_findings(checked, first_seen)
        figures += checked.figures
    if errors:
        raise DataError(errors)
    return figures


def _errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]

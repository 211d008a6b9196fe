"""The whole ledger in memory: catalogue, settings and recorded figures, validated.

`load_ledger` is what every report starts from. It checks everything `kpi check` would call
an error, and keeps what passed in the cache (`kpi.files.cache`) so that the next report over the
same files skips the parsing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.bulk import collector_paused
from kpi.files.cache import Cache
from kpi.files.catalogue import actuals_from_document, catalogue_from_document, quarter_of_folder
from kpi.files.datadir import SETTINGS_FILE, actuals_files, plan_files
from kpi.files.inputs import InputKind
from kpi.files.yamlsource import decode_text, parse_yaml, read_bytes, read_yaml
from kpi.i18n import _
from kpi.ledger.actuals_rules import ActualsFileCheck, check_actuals_file, duplicate_findings
from kpi.ledger.cache_entries import actuals_check_decoder, decode_catalogue, encode_actuals_check, encode_catalogue
from kpi.ledger.catalogue_ids import remember_ids
from kpi.ledger.plan_names import names_its_year, plan_name_findings
from kpi.ledger.plan_rules import check_catalogue
from kpi.ledger.plans import plan_for_year, plan_in_force
from kpi.ledger.printed_text import printed_text_findings
from kpi.ledger.settings_rules import check_settings
from kpi.ledger.year_actuals import OfficialFigure, official_index
from kpi.model.figures import Figure
from kpi.model.models import Catalogue, Indicator, Settings
from kpi.model.quarters import Quarter


@dataclass
class Ledger:
    catalogue: Catalogue
    """The plan in force: the latest one as loaded, the one of the reporting date after `in_force`."""
    settings: Settings = field(default_factory=Settings)
    figures: list[Figure] = field(default_factory=list)
    plans: list[Catalogue] = field(default_factory=list)
    """Every yearly plan, oldest first (just `catalogue` when built from one)."""

    def __post_init__(self) -> None:
        if not self.plans:
            self.plans = [self.catalogue]

    def indicator(self, indicator_id: str) -> Indicator | None:
        """Look an indicator up by ID, ignoring case."""
        return self.catalogue.indicator(indicator_id)

    @cached_property
    def official_years(self) -> dict[tuple[str, str], dict[int, list[OfficialFigure]]]:
        """Every year figure the plans state, by indicator and measure (see `year_actuals`)."""
        return official_index(self.plans)

    def in_force(self, day: date) -> Ledger:
        """The same ledger read against the plan in force on `day`."""
        plan = plan_in_force(self.plans, day)
        return self if plan is self.catalogue else replace(self, catalogue=plan)


def load_ledger(data_dir: Path, cache: Cache | None = None) -> Ledger:
    """Read and validate everything; raise DataError listing every error if anything is wrong."""
    cache = cache if cache is not None else Cache.for_data(data_dir)
    with collector_paused():
        plans = _plans(data_dir, cache)
        settings = load_settings(data_dir)
        figures = _figures(data_dir, plans, cache)
    return Ledger(catalogue=plans[-1][0], settings=settings, figures=figures, plans=[plan for plan, _key in plans])


def load_plans(data_dir: Path, cache: Cache | None = None) -> list[Catalogue]:
    """Every yearly plan, oldest first, checked; raise DataError listing their errors."""
    with collector_paused():
        return [plan for plan, _key in _plans(data_dir, cache if cache is not None else Cache.for_data(data_dir))]


def load_catalogue(data_dir: Path, cache: Cache | None = None) -> Catalogue:
    """The latest yearly plan, checked with the others; raise DataError listing their errors."""
    with collector_paused():
        return _plans(data_dir, cache if cache is not None else Cache.for_data(data_dir))[-1][0]


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


def _plans(data_dir: Path, cache: Cache) -> list[tuple[Catalogue, str]]:
    """Every yearly plan with its cache key, oldest first; raise DataError listing every error."""
    paths = plan_files(data_dir)
    if not paths:
        raise DataError([Finding(Severity.ERROR, Location(data_dir), "plan", _("no plan<year>.yaml in this folder"))])
    plans, errors = [], []
    for path in paths:
        try:
            plans.append(_catalogue(path, cache))
        except DataError as exc:
            errors += exc.findings
    if errors:
        raise DataError(errors)
    return sorted(plans, key=lambda plan: plan[0].plan.year)


def _catalogue(path: Path, cache: Cache) -> tuple[Catalogue, str]:
    raw = read_bytes(path, InputKind.CATALOGUE)
    key = Cache.key("catalogue", raw)
    slot = f"catalogue:{path.resolve()}"
    cached = cache.get(slot, key, decode_catalogue)
    if cached is not None:
        if not names_its_year(path, cached):  # the cache holds content, not names: asked every time
            raise DataError(plan_name_findings(catalogue_from_document(parse_yaml(decode_text(raw, path), path))))
        return cached, key
    # Parsed from the very bytes that were hashed, so an edit made meanwhile cannot be cached
    # under the old key.
    read = catalogue_from_document(parse_yaml(decode_text(raw, path), path))
    errors = _errors_only(read.findings)
    if read.catalogue is None or errors:
        raise DataError(errors or read.findings)
    errors = _errors_only([*check_catalogue(read), *printed_text_findings(read), *plan_name_findings(read)])
    if errors:
        raise DataError(errors)
    cache.put(slot, key, encode_catalogue(read.catalogue))
    remember_ids(cache, path, raw, read.catalogue)  # for completing an ID at the shell
    return read.catalogue, key


def _figures(data_dir: Path, plans: list[tuple[Catalogue, str]], cache: Cache) -> list[Figure]:
    """Every actuals file checked on its own against the plan of its quarter's year (or taken from
    the cache), then duplicates across files."""
    errors: list[Finding] = []
    checks: list[ActualsFileCheck] = []
    file_keys: list[str] = []
    keys = {id(plan): key for plan, key in plans}
    for path in actuals_files(data_dir):
        catalogue = plan_for_year([plan for plan, _key in plans], _year_of_folder(path, plans[-1][0].plan.year))
        catalogue_key = keys[id(catalogue)]
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
        checks.append(checked)
        file_keys.append(key)
    errors += _duplicates(data_dir, checks, file_keys, cache, clean=not errors)
    if errors:
        raise DataError(errors)
    return [figure for checked in checks for figure in checked.figures]


def _duplicates(
    data_dir: Path, checks: list[ActualsFileCheck], file_keys: list[str], cache: Cache, *, clean: bool
) -> list[Finding]:
    """Figures recorded twice across files. The same files (the same keys, in the same order) were
    found free of them before when the cache says so: that is remembered, never a duplicate found."""
    key = Cache.key("duplicates", *file_keys)
    slot = f"duplicates:{data_dir.resolve()}"
    if cache.get(slot, key, _no_duplicates) is not None:
        return []
    first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]] = {}
    findings = [finding for checked in checks for finding in duplicate_findings(checked, first_seen)]
    if clean and checks and not findings:
        cache.put(slot, key, NO_DUPLICATES)
    return findings


NO_DUPLICATES = b'{"duplicates":0}'


def _no_duplicates(data: bytes) -> bool:
    if data != NO_DUPLICATES:
        raise ValueError("not a verdict this code writes")
    return True


def _year_of_folder(path: Path, fallback: int) -> int:
    """The year of the quarter folder an actuals file lies in (`2018-Q2/`); a folder that names
    no quarter is refused by the file's own checks, against the latest plan."""
    quarter = quarter_of_folder(path)
    return quarter.year if quarter is not None else fallback


def _errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]

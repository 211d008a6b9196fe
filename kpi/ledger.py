"""The whole ledger in memory: catalogue, settings and recorded actuals, validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kpi.catalogue import read_actuals, read_catalogue
from kpi.checks import check_actuals, check_catalogue
from kpi.datadir import CATALOGUE_FILE, actuals_files
from kpi.errors import DataError, Finding, Severity
from kpi.models import ActualsFile, Catalogue, Indicator, Settings
from kpi.validation import validate_as
from kpi.yamlsource import read_yaml

SETTINGS_FILE = "settings.yaml"


@dataclass
class Ledger:
    catalogue: Catalogue
    settings: Settings = field(default_factory=Settings)
    actuals: list[ActualsFile] = field(default_factory=list)

    def indicator(self, indicator_id: str) -> Indicator | None:
        """Look an indicator up by ID, ignoring case."""
        return self.catalogue.indicator(indicator_id)


def load_ledger(data_dir: Path) -> Ledger:
    """Read and validate everything; raise DataError listing every error if anything is wrong."""
    catalogue = load_catalogue(data_dir)
    errors: list[Finding] = []
    settings = _read_settings(data_dir, errors)
    actuals_reads = [read_actuals(path) for path in actuals_files(data_dir)]
    for actuals_read in actuals_reads:
        errors += actuals_read.findings
    errors += check_actuals(catalogue, actuals_reads)
    errors = _errors_only(errors)
    if errors:
        raise DataError(errors)
    actuals = [r.actuals for r in actuals_reads if r.actuals is not None]
    return Ledger(catalogue=catalogue, settings=settings, actuals=actuals)


def load_catalogue(data_dir: Path) -> Catalogue:
    """The plan catalogue alone, checked; raise DataError listing its errors."""
    read = read_catalogue(data_dir / CATALOGUE_FILE)
    errors = _errors_only(read.findings)
    if read.catalogue is None or errors:
        raise DataError(errors or read.findings)
    errors = _errors_only(check_catalogue(read))
    if errors:
        raise DataError(errors)
    return read.catalogue


def load_settings(data_dir: Path) -> Settings:
    """`settings.yaml`, or the defaults when there is none; raise DataError when it is invalid."""
    errors: list[Finding] = []
    settings = _read_settings(data_dir, errors)
    errors = _errors_only(errors)
    if errors:
        raise DataError(errors)
    return settings


def _read_settings(data_dir: Path, errors: list[Finding]) -> Settings:
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return Settings()
    document = read_yaml(path)
    errors += document.problems
    settings, findings = validate_as(Settings, document.data or {}, document)
    errors += findings
    return settings if settings is not None else Settings()


def _errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]

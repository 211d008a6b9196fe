"""What `kpi check` has read, handed to each check of the registry in turn, and the report it fills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kpi.errors import DataError, Finding, Severity
from kpi.files.catalogue import CatalogueRead
from kpi.files.inputs import InputKind
from kpi.files.yamlsource import YamlDocument, read_yaml
from kpi.model.figures import Figure
from kpi.model.models import Catalogue


@dataclass
class CheckReport:
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.NOTE]


@dataclass
class CheckRun:
    """The files of one `kpi check`, as read so far. Every check is a function of this alone
    (`registry.CHECKS`); the checks run in the registry's order, each seeing the report as the
    ones before it left it."""

    data_dir: Path
    whole_folder: bool
    """True when no files were named: the whole data folder, its approvals and journal included."""
    today: date | None
    report: CheckReport
    files: list[Path] = field(default_factory=list)
    """Every file named or found, as given (the office's texts included)."""
    plans: list[CatalogueRead] = field(default_factory=list)
    """The plans that read, in the order given."""
    catalogues: list[Catalogue] = field(default_factory=list)
    """The plans to check actuals and texts against, oldest first."""
    settings: list[YamlDocument] = field(default_factory=list)
    actuals_paths: list[Path] = field(default_factory=list)
    """Read by the actuals check itself, one at a time."""
    figures: list[Figure] = field(default_factory=list)
    """The valid recorded figures, once the actuals check has read them."""

    def read(self, path: Path, kind: InputKind) -> YamlDocument | None:
        """A file's YAML, or None when it cannot be read (said in the report, at once)."""
        try:
            return read_yaml(path, kind)
        except DataError as exc:
            self.report.unreadable.append(path)
            self.report.findings += exc.findings
            return None

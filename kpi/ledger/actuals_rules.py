"""The rules an actuals file must satisfy on its own, and a figure recorded twice across files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kpi.errors import Finding, Location, Severity
from kpi.files.catalogue import (
    ActualsRead,
    quarter_of_folder,
)
from kpi.i18n import _
from kpi.ledger.findings import (
    WARNING,
    unknown_name,
)
from kpi.ledger.rules import record_problems, resolve_measure
from kpi.model.figures import Figure
from kpi.model.models import Catalogue
from kpi.model.quarters import Quarter


@dataclass
class ActualsFileCheck:
    """One actuals file checked on its own: its findings and its valid figures, with where each is."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    places: list[tuple[int, int, int]] = field(default_factory=list)
    """For each figure: line, column and position in `records`, to point at a duplicate."""
    lines: list[str] | None = None
    """The file's text, to show a duplicate's line; None once the check is kept for later."""


def check_actuals_file(catalogue: Catalogue, read: ActualsRead, today: date | None = None) -> ActualsFileCheck:
    """Every rule that one file can break by itself (duplicates across files are `duplicate_findings`)."""
    actuals, document = read.actuals, read.document
    checked = ActualsFileCheck(document.path, lines=document.lines)
    if actuals is None:
        return checked
    findings = checked.findings
    owners = {o.code for o in catalogue.owners}
    folder_quarter = quarter_of_folder(document.path)
    if folder_quarter is not None and folder_quarter != actuals.quarter:
        findings.append(
            document.finding(
                ("quarter",),
                _("file says {quarter} but lies in the folder for {folder}").format(
                    quarter=actuals.quarter, folder=folder_quarter
                ),
            )
        )
    if actuals.owner not in owners:
        findings.append(document.finding(("owner",), unknown_name(_("owner"), actuals.owner, owners)))
    elif document.path.stem != actuals.owner:
        findings.append(
            document.finding(
                ("owner",),
                _("file says owner {owner} but is named {name}; name it {owner}.yaml").format(
                    owner=actuals.owner, name=document.path.name
                ),
            )
        )
    record_places = document.item_positions(("records",))
    for record, index in zip(actuals.records, read.record_index):
        path = ("records", index)
        problems = record_problems(catalogue, actuals.quarter, record, today)
        for field_name, message in problems:
            findings.append(document.finding((*path, field_name), message))
        indicator = catalogue.indicator(record.indicator)
        if indicator is None:
            continue
        if actuals.owner != indicator.owner and actuals.owner not in indicator.co_owners:
            findings.append(
                document.finding(
                    (*path, "indicator"),
                    _("{id} belongs to {owner}, not {file_owner}").format(
                        id=indicator.id, owner=indicator.owner, file_owner=actuals.owner
                    ),
                    severity=WARNING,
                )
            )
        try:
            key = None if record.done is not None else resolve_measure(indicator, record.measure).key
        except ValueError:
            continue
        line, column = record_places[index] if index < len(record_places) else (1, 1)
        evidence = record.evidence if record.done is not None else None
        checked.figures.append(
            Figure(indicator.id, key, actuals.quarter, record.value, record.done, record.arrived_on(), evidence)
        )
        checked.places.append((line, column, index))
    return checked


def duplicate_findings(
    checked: ActualsFileCheck, first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]]
) -> list[Finding]:
    """A figure recorded twice for the same quarter, in this file or an earlier one."""
    findings = []
    path = checked.path
    for figure, (line, column, index) in zip(checked.figures, checked.places):
        earlier = first_seen.setdefault(figure.identity, (path, line, column))
        if earlier[0] is not path or earlier[1:] != (line, column):
            name = figure.indicator + (f".{figure.measure}" if figure.measure else "")
            source_line = checked.lines[line - 1] if checked.lines and line <= len(checked.lines) else None
            findings.append(
                Finding(
                    Severity.ERROR,
                    Location(path, line, column),
                    f"records[{index}]",
                    _(
                        "{name} is already recorded for {quarter} at {where}; keep one (kpi record --replace keeps "
                        "the history)"
                    ).format(name=name, quarter=figure.quarter, where=Location(*earlier)),
                    source_line,
                )
            )
    return findings

"""Several files recorded in one command (`kpi record --from FOLDER`): each on its own, all its figures or none.

A clerk receives the units' forms by mail and saves them in a folder. Each file is read and recorded
as `kpi record --from FILE` records it, through `kpi.ops.recording.record_entries` (the journal, the
lock, one commit per file): a file with an error changes nothing, and the next file is tried all the
same. What came in and what was refused is returned, file by file, for a summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from kpi.errors import KpiError, UsageError
from kpi.i18n import _
from kpi.model.quarters import Quarter
from kpi.ops.record_model import Action, Entry, Problem, RecordingResult
from kpi.ops.recording import record_entries

READABLE = (".xlsx", ".csv")
"""What a folder is searched for: the units' forms (kpi form) and CSV files."""


@dataclass(frozen=True)
class Arrived:
    """What one unit sent for one quarter, from one file."""

    owner: str
    quarter: Quarter
    figures: int
    """Recorded or replaced (figures already there, saying the same, are not counted)."""
    unchanged: int
    received: date
    """The day it came in: the day given with --received, else the day it was recorded."""
    due: date
    """The quarter's due day (`reporting.due_days` after it ends)."""

    @property
    def late(self) -> bool:
        return self.received > self.due


@dataclass
class FileOutcome:
    path: Path
    result: RecordingResult | None = None
    refusal: list[str] = field(default_factory=list)
    """Every problem of a refused file, one line each (at its sheet!cell or line); empty when recorded."""
    arrived: list[Arrived] = field(default_factory=list)


@dataclass
class Batch:
    files: list[FileOutcome]
    skipped: list[Path]
    """Files of the folder that are neither a form nor a CSV file (a scan, a letter): left alone."""

    @property
    def refused(self) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.refusal]


def files_to_record(given: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files named, and the forms and CSV files of each folder named (by name; hidden files and
    Excel's `~$` lock files left out); and the other files of those folders, skipped."""
    chosen: list[Path] = []
    skipped: list[Path] = []
    for path in given:
        if str(path) != "-" and path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))),
                key=lambda p: p.name.casefold(),
            )
            found = [p for p in inside if p.suffix.casefold() in READABLE]
            if not found:
                raise UsageError(_("{folder} holds no form (.xlsx) or CSV file to record").format(folder=path))
            chosen += found
            skipped += [p for p in inside if p.suffix.casefold() not in READABLE]
        else:
            chosen.append(path)
    if len(chosen) > 1 and any(str(path) == "-" for path in chosen):
        raise UsageError(_("--from - reads standard input, and only alone; name the other files in another command"))
    return chosen, skipped


def read_file_entries(
    data_dir: Path,
    path: Path,
    quarter: Quarter | None,
    owner: str | None,
    recorded_by: str,
    encoding: str | None,
) -> tuple[list[Entry], list[Problem]]:
    """The entries of one file (a unit's form, or a CSV file) and what reading it found wrong."""
    from kpi.ops.form.entries import is_workbook, read_form_entries

    if is_workbook(path):
        if encoding is not None:
            raise UsageError(_("--encoding is for a CSV file; a form (xlsx) says its own"))
        return read_form_entries(path, data_dir, quarter=quarter, owner=owner, recorded_by=recorded_by)
    from kpi.ops.csv_entries import read_entries

    return read_entries(path, quarter, recorded_by, encoding or "utf-8")


def record_files(
    data_dir: Path,
    paths: list[Path],
    *,
    quarter: Quarter | None,
    owner: str | None,
    recorded_by: str,
    encoding: str | None,
    received: date | None,
    replace_figures: bool,
    commit: bool,
    dry_run: bool,
    today: date,
    due_days: int,
) -> list[FileOutcome]:
    """Record each file on its own, all or nothing (one commit each); a refusal is kept, and the next file tried."""
    outcomes = []
    for path in paths:
        outcome = FileOutcome(path)
        try:
            entries, found = read_file_entries(data_dir, path, quarter, owner, recorded_by, encoding)
            if received is not None:
                entries = [e if e.received_on is not None else replace(e, received_on=received) for e in entries]
            outcome.result = record_entries(
                data_dir,
                entries,
                replace=replace_figures,
                commit=commit,
                dry_run=dry_run,
                today=today,
                commit_source=path.name,
                found=found,
            )
        except KpiError as refusal:
            if refusal.exit_code != 2:  # a bug, or the lock held by another recorder: stop here
                raise
            outcome.refusal = refusal.lines()
        else:
            outcome.arrived = _arrived(outcome.result, due_days)
        outcomes.append(outcome)
    return outcomes


def _arrived(result: RecordingResult, due_days: int) -> list[Arrived]:
    """Per unit and quarter of the file's form (a late milestone counts with its form's quarter)."""
    from kpi.compute.reporting import due_day

    groups: dict[tuple[str, Quarter], list[tuple[bool, date]]] = {}
    for outcome in result.outcomes:
        record = outcome.record
        day = record.received_on or (record.recorded_at.date() if record.recorded_at else date.today())
        form_quarter = outcome.entry.reported_for or outcome.quarter
        groups.setdefault((outcome.path.stem, form_quarter), []).append((outcome.action is Action.UNCHANGED, day))
    return [
        Arrived(
            owner=owner,
            quarter=quarter,
            figures=sum(1 for unchanged, _day in items if not unchanged),
            unchanged=sum(1 for unchanged, _day in items if unchanged),
            received=max(day for _unchanged, day in items),
            due=due_day(quarter, due_days),
        )
        for (owner, quarter), items in groups.items()
    ]

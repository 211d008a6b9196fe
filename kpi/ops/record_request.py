"""`kpi record`'s policy, apart from its command line: one request, as given, carried out.

Who records (`--by`, else settings, else git's or the login name), whether a recording is a commit
(in a git work tree, unless `--no-commit` or `record.commit: false`), one figure or the rows of a
file (`--from`), several files each on its own, what is missing asked for (when a prompt is there)
or refused, a milestone's day done by default, and the day the unit sent it. The command line parses
the options into a RecordRequest, calls `record`, and says what came of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from kpi.errors import UsageError
from kpi.i18n import _
from kpi.model.quarters import Quarter, quarter_words
from kpi.ops.record_files import FileOutcome
from kpi.ops.record_model import Entry, RecordingResult

Prompt = Callable[[Entry, bool, bool], Entry]
"""Asks for what a request lacks: (the entry as given, whether its quarter was given, whether a
milestone done was asked for) -> the entry complete."""


@dataclass(frozen=True)
class RecordRequest:
    """`kpi record`'s options, parsed: one figure (indicator, quarter, value or done), or files (`from_files`)."""

    indicator: str | None = None
    quarter: Quarter | None = None
    value: Decimal | None = None
    percent: bool = False
    """The value was written as a percentage (`39,89%`)."""
    measure: str | None = None
    done: bool = False
    day: date | None = None
    """The day a milestone was done (`--date`)."""
    evidence: str | None = None
    note: str | None = None
    source: str | None = None
    by: str | None = None
    owner: str | None = None
    replace: bool = False
    commit: bool | None = None
    """None: as the settings and the data folder say."""
    from_files: list[Path] = field(default_factory=list)
    encoding: str | None = None
    received: date | None = None
    dry_run: bool = False


@dataclass
class Recorded:
    """What came of a request: one recording (`result`), or several files each on its own (`files`)."""

    result: RecordingResult | None = None
    files: list[FileOutcome] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """Files in a folder given that are neither a form nor a CSV file."""

    @property
    def several(self) -> bool:
        return self.result is None


def record(data_dir: Path, request: RecordRequest, *, today: date, prompt: Prompt | None = None) -> Recorded:
    """Carry out the request: every figure of it recorded, or none (RecordRefused lists why); with
    several files, each all or none. `prompt`, when a person is there to answer, fills in what is
    missing; without it a missing indicator, quarter or figure is refused."""
    from kpi.ledger.load import load_settings
    from kpi.ops.recording import record_entries, who_records

    settings = load_settings(data_dir)
    recorder = request.by or settings.record.recorded_by or who_records(data_dir)
    commit = request.commit
    if commit is None:
        from kpi.files.trail import work_tree

        # In a git work tree each recording is a commit, unless --no-commit or record.commit: false says not.
        commit = settings.record.commit and work_tree(data_dir) is not None
    if request.from_files:
        from kpi.ops.record_files import files_to_record, read_file_entries, record_files

        paths, skipped = files_to_record(request.from_files)
        if len(paths) > 1 or skipped or any(str(path) != "-" and path.is_dir() for path in request.from_files):
            outcomes = record_files(
                data_dir,
                paths,
                quarter=request.quarter,
                owner=request.owner,
                recorded_by=recorder,
                encoding=request.encoding,
                received=request.received,
                replace_figures=request.replace,
                commit=commit,
                dry_run=request.dry_run,
                today=today,
                due_days=settings.reporting.due_days,
            )
            return Recorded(files=outcomes, skipped=skipped)
        # A unit's form (kpi form): --quarter and --owner say which form is expected.
        entries, found = read_file_entries(
            data_dir, paths[0], request.quarter, request.owner, recorder, request.encoding
        )
        source_name: str | None = paths[0].name
    else:
        found = []
        entries = [_entry(request, recorder, today, prompt)]
        source_name = None
    if request.received is not None:
        sent = request.received
        entries = [e if e.received_on is not None else dataclasses.replace(e, received_on=sent) for e in entries]
    result = record_entries(
        data_dir,
        entries,
        replace=request.replace,
        commit=commit,
        dry_run=request.dry_run,
        today=today,
        commit_source=source_name,
        found=found,
    )
    return Recorded(result=result)


def _entry(request: RecordRequest, recorder: str, today: date, prompt: Prompt | None) -> Entry:
    """The one figure asked for, complete: what is missing asked for, or refused."""
    done = request.done or request.day is not None
    missing = request.indicator is None or request.quarter is None or (request.value is None and not done)
    # One request, as given; the prompt fills in what is missing, the command line must not lack it.
    given = Entry(
        indicator=request.indicator or "",
        quarter=request.quarter,
        measure=request.measure,
        value=request.value,
        done=request.day,
        evidence=request.evidence,
        note=request.note,
        source=request.source,
        recorded_by=recorder,
        owner=request.owner,
        percent=request.percent,
    )
    if missing and prompt is not None:
        return prompt(given, request.quarter is not None, done)
    if request.indicator is None:
        raise UsageError(_("which indicator? give its ID, e.g. kpi record B.1 --quarter 2018-Q2 --value 850"))
    if request.quarter is None:
        raise UsageError(_("--quarter is missing, e.g. --quarter 2018-Q2"))
    if request.value is None and not done:
        raise UsageError(_("--value is missing (or --done for a milestone)"))
    day = request.day
    if done and day is None:
        from kpi.ops.recording import default_done_date

        day = default_done_date(request.quarter, today)
        if day is None:
            raise UsageError(
                _("{quarter} is over: give --date, the day it was done").format(quarter=quarter_words(request.quarter))
            )
    return dataclasses.replace(given, done=day)

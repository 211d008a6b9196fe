"""Recording quarterly actuals: every entry is checked first, then all are written or none.

The order matters and is the point of this module:

1. each entry is checked against the catalogue (indicator, measure, quarter, value and its
   unit, owner);
2. the actuals lock is taken, so concurrent recorders queue instead of overwriting each other;
3. the quarter's files are read again under the lock, and an entry that is already recorded
   is refused unless the caller asked to replace it (the old figure then goes to `history`);
   the problems of steps 1 and 3 are reported together, in the order of the input, so a file
   with several mistakes is refused once, naming every one;
4. every changed file is edited in memory and read back to prove it says what was meant;
5. only then is anything written: first the journal (`kpi.files.journal`: what every file holds now
   and will hold), then atomically file by file, then with `commit` the commit of exactly those
   files; a failure puts everything back, and a crash is finished or undone by the next command.

The request and its outcome are `kpi.ops.record_model`'s, step 1 is `kpi.ops.record_checks`, the
words (commit message, figures in a sentence) `kpi.ops.record_words`.

One request object, `Entry`, comes in whichever way a figure is entered (the command line, the
prompt, a CSV file: `kpi.ops.csv_entries`), and all take this one path; each step is done by the
stage it belongs to: the rules in `kpi.ledger.rules`, the lock in `kpi.files.locking`, the edit
in `kpi.files.actuals_edit`, the writing in `kpi.files.journal` and `kpi.files.atomic`, the
commit in `kpi.files.trail`.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.actuals_edit import UneditableRecord, edit_actuals, new_actuals_text
from kpi.files.bulk import collector_paused
from kpi.files.cache import Cache
from kpi.files.catalogue import ActualsRead, actuals_from_document, quarter_of_folder, read_actuals
from kpi.files.datadir import ACTUALS_DIR, actuals_files
from kpi.files.inputs import InputKind, read_input
from kpi.files.locking import actuals_lock
from kpi.files.textfiles import LF
from kpi.files.yamlsource import parse_yaml
from kpi.i18n import _, language
from kpi.ledger.plans import plan_for_year
from kpi.ledger.rules import resolve_measure
from kpi.ledger.year_actuals import OfficialFigure, official_figure, official_index
from kpi.model.models import Catalogue, Indicator, Record, ReplacedValue
from kpi.model.quarters import Quarter, quarter_words
from kpi.ops.record_checks import Prepared, prepare
from kpi.ops.record_model import Action, EditNotVerified, Entry, Outcome, Problem, RecordingResult, RecordRefused
from kpi.ops.record_words import by_words, commit_message, figure_words, measure_name


@collector_paused()  # a quarter's files are read, edited and read back: many objects, no cycles
def record_entries(
    data_dir: Path,
    entries: list[Entry],
    *,
    replace: bool = False,
    commit: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    now: datetime | None = None,
    lock_timeout: float = 60.0,
    commit_source: str | None = None,
    found: list[Problem] | None = None,
) -> RecordingResult:
    """Record every entry or none; raise RecordRefused listing every problem, `found` (what reading
    the input already found wrong) included, in the order of the input."""
    from kpi.files import journal
    from kpi.ledger.load import load_plans

    today = today or date.today()
    now = now or datetime.now().astimezone().replace(microsecond=0)
    # A dry run writes nothing at all: no lock file, no cache entry, no settling of a crash.
    plans = load_plans(data_dir, Cache(None) if dry_run else None)
    prepared, problems = prepare(plans, entries, today, now)
    problems = [*(found or []), *problems]
    with nullcontext() if dry_run else actuals_lock(data_dir, lock_timeout):
        if dry_run and journal.pending(data_dir):
            raise journal.RecoveryBlocked(
                _(
                    "a recording was interrupted and is still pending ({journal}); run kpi record without --dry-run, "
                    "or kpi status, to settle it first (this dry run wrote nothing)"
                ).format(journal=Location(journal.journal_path(data_dir)))
            )
        settled = None if dry_run else journal.settle(data_dir)
        existing = _existing(data_dir, plans, prepared)
        problems += _frozen(data_dir, [item for item in prepared if not _already_there(item, existing)])
        outcomes, clashes = _plan(data_dir, prepared, existing, replace, now)
        problems += clashes
        if problems:
            raise RecordRefused(sorted(problems, key=Problem.sort_key), settled)
        changes = _edited_texts(outcomes, existing)
        result = RecordingResult(outcomes, written=list(changes), dry_run=dry_run, settled=settled)
        result.closed = _into_closed_years(plans, outcomes)
        if dry_run or not changes:
            return result
        root, message = None, None
        if commit:
            from kpi.files import trail

            root = trail.require_work_tree(data_dir)
            trail.check_committable(root, list(changes))
            message = commit_message([o for o in outcomes if o.action is not Action.UNCHANGED], commit_source)
        # Each file as it was written: a CRLF file (Notepad, Git for Windows) stays CRLF, a BOM stays.
        styles = {path: read.document.style for path, read in existing.reads.items()}
        intent = journal.begin(
            data_dir,
            {path: styles.get(path, LF).encode(new_text) for path, (_old, new_text) in changes.items()},
            message,
        )
        result.commit = journal.carry_out(data_dir, intent, root)
        return result


def _into_closed_years(plans: list[Catalogue], outcomes: list[Outcome]) -> list[tuple[Outcome, OfficialFigure]]:
    """The figures recorded for a year whose official figure a plan states: the year is closed."""
    index = official_index(plans)
    closed = []
    for outcome in outcomes:
        if outcome.action is Action.UNCHANGED or outcome.measure is None:
            continue
        official = official_figure(index, outcome.indicator, outcome.measure, outcome.quarter.year)
        if official is not None:
            closed.append((outcome, official))
    return closed


def who_records(data_dir: Path) -> str:
    """Who is recording when nobody said: git's user name (config or GIT_AUTHOR_NAME), else the login name."""
    import getpass

    from kpi.files.trail import git_user_name

    name = git_user_name(data_dir)
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, as in some containers
        return "unknown"


def default_done_date(quarter: Quarter, today: date) -> date | None:
    """Today when it falls in the quarter; otherwise the date must be given."""
    return today if quarter.first_day <= today <= quarter.last_day else None


def latest_before(
    data_dir: Path, catalogue: Catalogue, indicator_id: str, measure: str | None, quarter: Quarter
) -> tuple[Quarter, Record] | None:
    """The most recent record of a measure before `quarter`, to offer as a default; unreadable files are skipped."""
    indicator = catalogue.indicator(indicator_id)
    if indicator is None:
        return None
    best: tuple[Quarter, Record] | None = None
    for path in actuals_files(data_dir):
        folder_quarter = quarter_of_folder(path)
        if folder_quarter is None or folder_quarter >= quarter or (best and folder_quarter <= best[0]):
            continue
        read = read_actuals(path)
        if read.actuals is None:
            continue
        for record in read.actuals.records:
            if _identity_key(catalogue.indicator(record.indicator), record, catalogue) == (indicator.id, measure):
                best = (read.actuals.quarter, record)
    return best


# ---------------------------------------------------------------- step 3: against what is recorded


@dataclass
class _Existing:
    reads: dict[Path, ActualsRead] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    folders: dict[Quarter, Path] = field(default_factory=dict)
    by_identity: dict[tuple[str, str | None, Quarter], tuple[Path, int, Record]] = field(default_factory=dict)


def _already_there(item: Prepared, existing: _Existing) -> bool:
    """The figure is recorded already, saying the same: re-importing an approved quarter's form is no change."""
    found = existing.by_identity.get((item.indicator.id, item.measure, item.quarter))
    return found is not None and _says_the_same(found[2], item.record)


def _frozen(data_dir: Path, prepared: list[Prepared]) -> list[Problem]:
    """Entries for a quarter approved for their unit: refused until it is reopened (read under the lock)."""
    from kpi.compute.approvals import approval_of
    from kpi.files.approvals_file import load_approvals

    events = load_approvals(data_dir)
    problems = []
    for item in prepared:
        approval = approval_of(events, item.quarter, item.owner)
        if approval is not None:
            problems.append(
                Problem(
                    item.entry,
                    "quarter",
                    _(
                        '{quarter} is approved for {owner} ({by}, {day}); reopen it first: kpi reopen {quarter_id}{unit} --reason "..."'
                    ).format(
                        quarter=quarter_words(item.quarter),
                        owner=item.owner,
                        by=approval.by,
                        day=_day_words(approval.at.date()),
                        quarter_id=item.quarter,
                        unit=f" -u {item.owner}" if approval.owner is not None else "",  # a whole quarter reopens whole
                    ),
                )
            )
    return problems


def _day_words(day: date) -> str:
    from kpi.model.words import date_words

    return date_words(day, language())


def _existing(data_dir: Path, plans: list[Catalogue], prepared: list[Prepared]) -> _Existing:
    """The recorded state of the quarters being written, read under the lock; unreadable files stop us.

    Read in full: each file an entry may be written to (its unit's), and any other file of its
    quarter whose text could name one of the entries' indicators. A file that cannot is not
    parsed: at 10 000 indicators that is most of a quarter's 1.3 MB, and recording one figure
    then reads one unit's file instead of eight."""
    quarters = {item.quarter for item in prepared}
    written = {(item.quarter, item.owner) for item in prepared}
    # An indicator is found ignoring case (`Catalogue.indicator`), so the text is searched casefolded;
    # a backslash could spell any letter in a double-quoted YAML string, so such a file is read.
    needles = {item.indicator.id.casefold() for item in prepared}
    existing = _Existing()
    errors: list[Finding] = []
    for path in actuals_files(data_dir):
        quarter = quarter_of_folder(path)
        if quarter not in quarters:
            continue
        existing.folders.setdefault(quarter, path.parent)
        if (quarter, path.stem) not in written and not _could_name(path, needles):
            continue
        read = read_actuals(path)
        errors += [f for f in read.findings if f.severity is Severity.ERROR]
        if read.actuals is None:
            continue
        existing.reads[path], existing.texts[path] = read, "\n".join(read.document.lines)
        assert quarter is not None  # it is one of `quarters`
        catalogue = plan_for_year(plans, quarter.year)
        for record, index in zip(read.actuals.records, read.record_index):
            indicator_id, measure = _identity_key(catalogue.indicator(record.indicator), record, catalogue)
            if indicator_id:
                existing.by_identity.setdefault((indicator_id, measure, quarter), (path, index, record))
    if errors:
        raise DataError(errors)
    return existing


def _could_name(path: Path, needles: set[str]) -> bool:
    """Whether the file's text could hold a record of one of these indicators (IDs casefolded);
    True when it cannot be read as text, so that reading it reports why."""
    try:
        text = read_input(path, InputKind.ACTUALS).decode("utf-8").casefold()
    except (DataError, UnicodeDecodeError):
        return True
    if "\\" in text:
        return True
    # The whole ID, not a part of a longer one: `b.1` must not find `b.10` or `b.1.2`.
    return any(re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w.])", text) for needle in needles)


def _identity_key(indicator: Indicator | None, record: Record, catalogue: Catalogue) -> tuple[str, str | None]:
    if indicator is None:
        return ("", None)
    if record.done is not None:
        return (indicator.id, None)
    try:
        return (indicator.id, resolve_measure(indicator, record.measure).key)
    except ValueError:
        return ("", None)


def _plan(
    data_dir: Path, prepared: list[Prepared], existing: _Existing, replace: bool, now: datetime
) -> tuple[list[Outcome], list[Problem]]:
    outcomes: list[Outcome] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None, Quarter], Entry] = {}
    for item in prepared:
        identity = (item.indicator.id, item.measure, item.quarter)
        name = measure_name(item.indicator.id, item.indicator_label())
        if identity in seen:
            where = seen[identity].origin
            problems.append(
                Problem(
                    item.entry,
                    "indicator",
                    (
                        _("{name} {quarter} is given twice (also at line {line})").format(
                            name=name, quarter=quarter_words(item.quarter), line=where.line
                        )
                        if where and where.line
                        else _("{name} {quarter} is given twice").format(name=name, quarter=quarter_words(item.quarter))
                    ),
                )
            )
            continue
        seen[identity] = item.entry
        if identity not in existing.by_identity:
            folder = existing.folders.get(item.quarter, data_dir / ACTUALS_DIR / str(item.quarter))
            outcomes.append(
                Outcome(
                    item.entry,
                    item.indicator.id,
                    item.measure,
                    item.quarter,
                    item.record,
                    None,
                    folder / f"{item.owner}.yaml",
                    Action.ADDED,
                    item.indicator_label(),
                )
            )
            continue
        path, _index, old = existing.by_identity[identity]
        if _says_the_same(old, item.record):
            outcomes.append(
                Outcome(
                    item.entry,
                    item.indicator.id,
                    item.measure,
                    item.quarter,
                    old,
                    old,
                    path,
                    Action.UNCHANGED,
                    item.indicator_label(),
                )
            )
        elif replace:
            outcomes.append(
                Outcome(
                    item.entry,
                    item.indicator.id,
                    item.measure,
                    item.quarter,
                    _replacement(old, item.record, now),
                    old,
                    path,
                    Action.REPLACED,
                    item.indicator_label(),
                )
            )
        else:
            problems.append(
                Problem(
                    item.entry,
                    "indicator",
                    _(
                        "{name} is already recorded for {quarter}: {figure}{by} in {file}; "
                        "rerun with --replace to overwrite it (the old figure is kept in its history)"
                    ).format(
                        name=name,
                        quarter=quarter_words(item.quarter),
                        figure=figure_words(old),
                        by=by_words(old),
                        file=path.name,
                    ),
                )
            )
    return outcomes, problems


def _says_the_same(old: Record, new: Record) -> bool:
    return (
        old.value == new.value
        and old.done == new.done
        and all(
            getattr(new, name) in (None, getattr(old, name)) for name in ("evidence", "note", "source", "received_on")
        )
    )


def _replacement(old: Record, new: Record, now: datetime) -> Record:
    kept = ReplacedValue(
        value=old.value, done=old.done, recorded_by=old.recorded_by, recorded_at=old.recorded_at, replaced_at=now
    )
    given = {name: getattr(new, name) for name in ("evidence", "note", "source") if getattr(new, name) is not None}
    return old.model_copy(
        update={
            "value": new.value,
            "done": new.done,
            "recorded_by": new.recorded_by,
            "recorded_at": new.recorded_at,
            "received_on": new.received_on or old.received_on,
            "history": [*old.history, kept],
            **given,
        }
    )


# ---------------------------------------------------------------- steps 4 and 5: edit, verify, write


def _edited_texts(outcomes: list[Outcome], existing: _Existing) -> dict[Path, tuple[str | None, str]]:
    """For each file that changes: (its text now, or None if it is new; its new text), verified."""
    by_path: dict[Path, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.action is not Action.UNCHANGED:
            by_path.setdefault(outcome.path, []).append(outcome)
    changes: dict[Path, tuple[str | None, str]] = {}
    for path, changed in by_path.items():
        read = existing.reads.get(path)
        old_text = existing.texts.get(path)
        base = old_text if old_text is not None else new_actuals_text(changed[0].quarter, path.stem)
        replaced = {
            existing.by_identity[(o.indicator, o.measure, o.quarter)][1]: o.record
            for o in changed
            if o.action is Action.REPLACED
        }
        appended = [o.record for o in changed if o.action is Action.ADDED]
        try:
            # Where the records stand in the text kpi read (a new file has neither): the lines the
            # layout reader noted, else the file's node tree.
            document = read.document if read is not None and old_text is not None else None
            record_lines = document.flat.item_lines.get("records") if document and document.flat else None
            composed = document.root if document is not None and not record_lines else None
            new_text = edit_actuals(base, appended, replaced, composed, record_lines)
        except UneditableRecord as exc:
            where = (
                read.document.finding(
                    ("records", min(replaced)),
                    _("cannot be rewritten automatically ({reason}); edit it by hand").format(reason=exc),
                )
                if read and replaced
                else None
            )
            raise DataError([where] if where else [Finding(Severity.ERROR, Location(path), "file", str(exc))]) from None
        recorded = list(zip(read.actuals.records, read.record_index)) if read and read.actuals else []
        expected = [replaced.get(raw, record) for record, raw in recorded]
        _verify(path, new_text, [*expected, *appended])
        changes[path] = (old_text, new_text)
    return changes


def _verify(path: Path, text: str, expected: list[Record]) -> None:
    try:
        read = actuals_from_document(parse_yaml(text, path))
    except DataError as exc:
        raise EditNotVerified(
            _("refusing to write {path}: the edited file would not parse ({reason})").format(path=path, reason=exc)
        ) from None
    errors = [f for f in read.findings if f.severity is Severity.ERROR]
    written = read.actuals.records if read.actuals else []
    if errors or [r.model_dump() for r in written] != [r.model_dump() for r in expected]:
        raise EditNotVerified(
            _("refusing to write {path}: the edited file would not read back as intended").format(path=path)
        )

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

One request object, `Entry`, comes in whichever way a figure is entered (the command line, the
prompt, a CSV file: `kpi.ops.csv_entries`), and all take this one path; each step is done by the
stage it belongs to: the rules in `kpi.ledger.rules`, the lock in `kpi.files.locking`, the edit
in `kpi.files.actuals_edit`, the writing in `kpi.files.journal` and `kpi.files.atomic`, the
commit in `kpi.files.trail`.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path

from kpi.errors import DataError, Finding, KpiError, Location, Severity, field_word
from kpi.files.actuals_edit import UneditableRecord, edit_actuals, new_actuals_text
from kpi.files.bulk import collector_paused
from kpi.files.cache import Cache
from kpi.files.catalogue import ActualsRead, actuals_from_document, quarter_of_folder, read_actuals
from kpi.files.datadir import ACTUALS_DIR, actuals_files
from kpi.files.escaping import commit_line, commit_name
from kpi.files.inputs import InputKind, read_input
from kpi.files.journal import Settled
from kpi.files.locking import actuals_lock
from kpi.files.textfiles import LF
from kpi.files.yamlsource import parse_yaml
from kpi.i18n import _, language
from kpi.ledger.plans import plan_for_year
from kpi.ledger.rules import is_percent, record_problems, resolve_measure, unknown_indicator
from kpi.ledger.year_actuals import Basis, OfficialFigure, official_figure, official_index
from kpi.model.models import Catalogue, Indicator, Measure, Record, ReplacedValue, measure_label
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.text import code_point, control_character


@dataclass(frozen=True)
class Entry:
    """One figure someone wants recorded, as they gave it."""

    indicator: str
    quarter: Quarter | None
    """None only when it could not be read (then `unread` says why)."""
    measure: str | None = None
    value: Decimal | None = None
    done: date | None = None
    evidence: str | None = None
    note: str | None = None
    source: str | None = None
    recorded_by: str | None = None
    received_on: date | None = None
    """The day the unit sent it, when that was before it is recorded."""
    owner: str | None = None
    origin: Location | None = None
    """Where the entry was written (a CSV file's line, a form's row: its `line` is the row's number); None for
    the command line."""
    percent: bool = False
    """The value was written with a `%` sign."""
    unread: tuple[tuple[str, str], ...] = ()
    """(field, reason) for each cell that could not be read; such an entry is checked, never recorded."""
    columns: tuple[tuple[str, str], ...] = ()
    """(field, spreadsheet column letter) where the entry came from a CSV file or a form, to name the cell."""
    reported_for: Quarter | None = None
    """A late milestone from the form of this quarter, recorded under `quarter`, the one it was done in."""


def entered_figure(text: str) -> tuple[Decimal, bool]:
    """A figure as typed, and whether it carried a `%` sign: `39,89%` -> (39.89, True)."""
    from kpi.model.numbers import parse_entered_number

    return parse_entered_number(text), text.strip().endswith("%")


@dataclass(frozen=True)
class Problem:
    entry: Entry | None
    field: str
    message: str
    where: Location | None = None
    """Where the problem lies when no entry holds it (a CSV file's header)."""

    def line(self) -> str:
        origin = self.entry.origin if self.entry is not None else self.where
        if origin is not None and origin.sheet is not None:
            # A workbook's cell names the column itself: `QLCN-2018-Q2.xlsx:Số liệu!I7: error: value: ...`.
            column = dict(self.entry.columns).get(self.field) if self.entry is not None else None
            if column and origin.line is not None:
                origin = replace(origin, cell=f"{column}{origin.line}")
            return Finding(Severity.ERROR, origin, self.field, self.message).headline()
        if origin is not None:
            return Finding(Severity.ERROR, origin, self._field(), self.message).headline()
        # Typed on the command line (or at its prompts): named by the option that gave it.
        option = _OPTIONS.get(self.field)
        return _("error: {message}").format(message=f"{option}: {self.message}" if option else self.message)

    def _field(self) -> str:
        column = dict(self.entry.columns).get(self.field) if self.entry is not None else None
        return in_column(field_word(self.field), column) if column else self.field

    def sort_key(self) -> int:
        origin = self.entry.origin if self.entry is not None else self.where
        return origin.line or 0 if origin is not None else 0


_OPTIONS = {
    "indicator": "ID",
    "quarter": "--quarter",
    "value": "--value",
    "measure": "--measure",
    "done": "--date",
    "owner": "--owner",
    "received_on": "--received",
    "evidence": "--evidence",
    "note": "--note",
    "source": "--source",
    "recorded_by": "--by",
}


def in_column(field: str, letter: str) -> str:
    """A field of a CSV file named with its spreadsheet column: `value (column D)`."""
    return _("{field} (column {letter})").format(field=field, letter=letter)


class RecordRefused(KpiError):
    """Nothing was written; every reason is listed."""

    def __init__(self, problems: list[Problem], settled: Settled | None = None):
        self.problems = problems
        self.settled = settled
        """An interrupted recording settled before the refusal (said first)."""
        super().__init__("; ".join(p.line() for p in problems))

    def lines(self) -> list[str]:
        return [*([self.settled.notice()] if self.settled else []), *(problem.line() for problem in self.problems)]


class EditNotVerified(KpiError):
    """The edited text would not read back as intended: a bug, so nothing is written."""

    exit_code = 3


class Action(str, Enum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    indicator: str
    measure: str | None
    quarter: Quarter
    record: Record
    previous: Record | None
    path: Path
    action: Action
    label: str | None = None
    """The measure's name as a person reads it (`measure_label`); None for a milestone."""


@dataclass
class RecordingResult:
    outcomes: list[Outcome]
    written: list[Path] = field(default_factory=list)
    commit: str | None = None
    dry_run: bool = False
    settled: Settled | None = None
    """An interrupted recording finished or undone before this one."""
    closed: list[tuple[Outcome, OfficialFigure]] = field(default_factory=list)
    """Figures recorded for a year a plan states the official figure of (closed): it stands, they
    do not change it."""


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
    prepared, problems = _prepare(plans, entries, today, now)
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


def closed_year_warning(outcome: Outcome, official: OfficialFigure) -> str:
    """What a figure recorded into a closed year is told: the official figure stands, and how to change it."""
    from kpi.files.datadir import plan_file_name

    year = outcome.quarter.year
    template = (
        _(
            "warning: {year} is closed: {file} states its official figure of {name}, {value}, closed from the "
            "quarters; the figure for {quarter} does not change it until kpi year close {year} is run again"
        )
        if official.basis is Basis.QUARTERS
        else _(
            "warning: {year} is closed: {file} states its official figure of {name}, {value}, entered by hand; "
            "the figure for {quarter} does not change it (edit it there if it must)"
        )
    )
    return template.format(
        year=year,
        file=plan_file_name(official.plan_year),
        name=_name(outcome.indicator, outcome.label),
        value=format_number(official.value, language()),
        quarter=quarter_words(outcome.quarter),
    )


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
            if _identity_key(indicator, record, catalogue) == (indicator.id, measure):
                best = (read.actuals.quarter, record)
    return best


# ---------------------------------------------------------------- step 1: each entry on its own


@dataclass(frozen=True)
class _Prepared:
    entry: Entry
    indicator: Indicator
    measure: str | None
    quarter: Quarter
    owner: str
    record: Record

    def indicator_label(self) -> str | None:
        """The measure's name as a person reads it; None for a milestone."""
        measure = next((m for m in self.indicator.measures if m.key == self.measure), None)
        return measure_label(measure) if measure is not None else self.measure


def _prepare(
    plans: list[Catalogue], entries: list[Entry], today: date, now: datetime
) -> tuple[list[_Prepared], list[Problem]]:
    prepared: list[_Prepared] = []
    problems: list[Problem] = []
    for entry in map(_nfc, entries):
        # A figure is checked against the plan of its quarter's year: the 2018 plan for 2018-Q4,
        # the 2019 plan (its new indicators, without the retired ones) for 2019-Q1.
        catalogue = plan_for_year(plans, entry.quarter.year if entry.quarter is not None else plans[-1].plan.year)
        entry = _measure_by_key(catalogue, entry)
        if entry.unread or entry.quarter is None:
            problems += [Problem(entry, name, message) for name, message in entry.unread]
            problems += _what_can_be_checked(catalogue, entry)
            continue
        value, unit_problems = _in_unit(catalogue, entry)
        problems += _control_problems(entry)  # refused with the rest; never written
        try:
            record = Record(
                indicator=entry.indicator,
                measure=entry.measure,
                value=value,
                done=entry.done,
                evidence=entry.evidence,
                note=entry.note,
                source=entry.source,
                recorded_by=entry.recorded_by,
                recorded_at=now,
                received_on=entry.received_on,
            )
        except ValueError as exc:
            problems.append(Problem(entry, "record", _first_error(exc)))
            continue
        found = [*record_problems(catalogue, entry.quarter, record, today), *unit_problems]
        problems += [Problem(entry, name, message) for name, message in found]
        indicator = catalogue.indicator(entry.indicator)
        if found or indicator is None:
            continue
        owner = _owner(catalogue, indicator, entry, problems)
        if owner is None:
            continue
        measure = None if record.done is not None else resolve_measure(indicator, record.measure).key
        # Written with the catalogue's spelling of the ID and always with the measure key, so the
        # record stays unambiguous if a measure is added later.
        record = record.model_copy(update={"indicator": indicator.id, "measure": measure})
        prepared.append(_Prepared(entry, indicator, measure, entry.quarter, owner, record))
    return prepared, problems


def _what_can_be_checked(catalogue: Catalogue, entry: Entry) -> list[Problem]:
    """For an entry with unreadable cells: whatever the readable ones already get wrong."""
    if not entry.indicator:
        return []
    indicator = catalogue.indicator(entry.indicator)
    if indicator is None:
        return [Problem(entry, "indicator", unknown_indicator(catalogue, entry.indicator))]
    if entry.measure is not None and entry.done is None:
        try:
            resolve_measure(indicator, entry.measure)
        except ValueError as exc:
            return [Problem(entry, "measure", str(exc))]
    return []


def _in_unit(catalogue: Catalogue, entry: Entry) -> tuple[Decimal | None, list[tuple[str, str]]]:
    """The value as the measure's unit stores it, and what is wrong with it there.

    A percentage is stored as written (39.89 for 39,89 %). Typed without a `%` sign, a value
    below 1 for a percentage is read as a fraction: 0,3989 is 39,89 %; write `0,5%` for half a
    percent. A `%` sign on a count is refused: 3 % of firms is not 3 firms.
    """
    indicator = catalogue.indicator(entry.indicator)
    if entry.value is None or indicator is None:
        return entry.value, []
    try:
        measure: Measure = resolve_measure(indicator, entry.measure)
    except ValueError:
        return entry.value, []  # record_problems names the measure problem
    if not is_percent(measure):
        if entry.percent:
            return entry.value, [
                (
                    "value",
                    _("{value} % has a % sign, but {id} ({measure}) counts {unit}; give the number of {unit}").format(
                        value=format_number(entry.value, language()),
                        id=indicator.id,
                        measure=measure_label(measure),
                        unit=measure.unit,
                    ),
                )
            ]
        return entry.value, []
    if not entry.percent and 0 < entry.value < 1:
        percent = entry.value.scaleb(2)
        return (percent.quantize(Decimal(1)) if percent == percent.to_integral_value() else percent), []
    return entry.value, []


def _measure_by_key(catalogue: Catalogue, entry: Entry) -> Entry:
    """A measure a person named by its label (in either language) as its key, which files hold."""
    indicator = catalogue.indicator(entry.indicator)
    if entry.measure is None or indicator is None or any(m.key == entry.measure for m in indicator.measures):
        return entry
    try:
        return replace(entry, measure=resolve_measure(indicator, entry.measure, by_label=True).key)
    except ValueError:
        return entry  # refused with its choices where the record is checked


def _nfc(entry: Entry) -> Entry:
    """Text as the reader wants it: composed Unicode (a Mac keyboard may send it decomposed), and
    line breaks as `\n` (a CSV cell or a form's cell typed on Windows holds `\r\n`)."""
    import unicodedata

    def composed(text: str | None) -> str | None:
        return unicodedata.normalize("NFC", text.replace("\r\n", "\n")) if text else text

    return replace(
        entry,
        evidence=composed(entry.evidence),
        note=composed(entry.note),
        source=composed(entry.source),
        recorded_by=composed(entry.recorded_by),
    )


def _control_problems(entry: Entry) -> list[Problem]:
    """Text no file, report or terminal should carry: a control character (ESC, BEL, ...) in a note,
    the evidence, the source or the recorder's name, as a CSV cell or a form's cell is refused."""
    problems = []
    for name in _TEXT_FIELDS:
        text = getattr(entry, name)
        if text and any("\ud800" <= character <= "\udfff" for character in text):
            # Bytes that are not UTF-8 on the command line reach Python as lone surrogates.
            problems.append(Problem(entry, name, _("is not valid UTF-8 text; type it again in UTF-8")))
            continue
        control = control_character(text) if text else None
        if control is not None:
            problems.append(
                Problem(
                    entry,
                    name,
                    _("control character {code} in the text; delete it (a tab and a line break are allowed)").format(
                        code=code_point(control)
                    ),
                )
            )
    return problems


_TEXT_FIELDS = ("evidence", "note", "source", "recorded_by")


def _owner(catalogue: Catalogue, indicator: Indicator, entry: Entry, problems: list[Problem]) -> str | None:
    if entry.owner is None:
        return indicator.owner
    codes = {o.code.casefold(): o.code for o in catalogue.owners}
    owner = codes.get(entry.owner.casefold())
    allowed = [indicator.owner, *indicator.co_owners]
    if owner not in allowed:
        problems.append(
            Problem(
                entry,
                "owner",
                _("{id} is reported by {owners}, not {owner}").format(
                    id=indicator.id, owners=_(" or ").join(allowed), owner=entry.owner
                ),
            )
        )
        return None
    return owner


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        details = errors()
        if details:
            return str(details[0]["msg"]).removeprefix("Value error, ")
    return str(exc)


# ---------------------------------------------------------------- step 3: against what is recorded


@dataclass
class _Existing:
    reads: dict[Path, ActualsRead] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    folders: dict[Quarter, Path] = field(default_factory=dict)
    by_identity: dict[tuple[str, str | None, Quarter], tuple[Path, int, Record]] = field(default_factory=dict)


def _already_there(item: _Prepared, existing: _Existing) -> bool:
    """The figure is recorded already, saying the same: re-importing an approved quarter's form is no change."""
    found = existing.by_identity.get((item.indicator.id, item.measure, item.quarter))
    return found is not None and _says_the_same(found[2], item.record)


def _frozen(data_dir: Path, prepared: list[_Prepared]) -> list[Problem]:
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


def _existing(data_dir: Path, plans: list[Catalogue], prepared: list[_Prepared]) -> _Existing:
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
    data_dir: Path, prepared: list[_Prepared], existing: _Existing, replace: bool, now: datetime
) -> tuple[list[Outcome], list[Problem]]:
    outcomes: list[Outcome] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None, Quarter], Entry] = {}
    for item in prepared:
        identity = (item.indicator.id, item.measure, item.quarter)
        name = _name(item.indicator.id, item.indicator_label())
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
                        by=_by(old),
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


def figure(record: Record) -> str:
    """A record's figure in the commit trailers' fixed form: `850`, `39.89`, or `done 2018-03-20`."""
    if record.done is not None:
        return f"done {record.done.isoformat()}"
    assert record.value is not None
    return format(record.value, "f")


def figure_words(record: Record) -> str:
    """A record's figure in a sentence of the run's language: `1.069`, `39,89`, `hoàn thành ngày 20/03/2018`
    (Vietnamese) or `1,069`, `39.89`, `done on 2018-03-20` (English)."""
    from kpi.model.dates import written_date

    if record.done is not None:
        return _("done on {day}").format(day=written_date(record.done))
    assert record.value is not None
    return format_number(record.value, language())


def _by(record: Record) -> str:
    from kpi.model.dates import written_date

    who, when = record.recorded_by, record.recorded_at
    if who and when:
        return " " + _("(by {name} on {day})").format(name=who, day=written_date(when.date()))
    if who:
        return " " + _("(by {name})").format(name=who)
    if when:
        return " " + _("(on {day})").format(day=written_date(when.date()))
    return ""


def _name(indicator_id: str, label: str | None) -> str:
    """`B.1 (Doanh nghiệp được đào tạo)`: an indicator and the name of its measure, as a person reads them."""
    return f"{indicator_id} ({label})" if label else indicator_id


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


def commit_message(outcomes: list[Outcome], source: str | None = None) -> str:
    """The commit's subject and trailers. The subject is for a person reading `git log`, in the run's
    language (`Ghi nhận B.1 (Doanh nghiệp …) Quý II/2018: 850`); the trailers are the machine format
    `kpi.files.trail.read_trail` reads back, the same in every language. Nothing reads the subject."""
    english = language() == "en"

    def name(outcome: Outcome) -> str:
        if english:  # the trailers' own words: `B.1 firms`
            return f"{outcome.indicator} {outcome.measure}" if outcome.measure else outcome.indicator
        return _name(outcome.indicator, outcome.label)

    def shown(record: Record) -> str:
        return figure(record) if english else figure_words(record)

    if len(outcomes) == 1:
        outcome = outcomes[0]
        if outcome.action is Action.REPLACED and outcome.previous is not None:
            subject = _("Replace {name} for {quarter}: {previous} -> {figure}").format(
                name=name(outcome),
                quarter=quarter_words(outcome.quarter),
                previous=shown(outcome.previous),
                figure=shown(outcome.record),
            )
        else:
            subject = _("Record {name} for {quarter}: {figure}").format(
                name=name(outcome), quarter=quarter_words(outcome.quarter), figure=shown(outcome.record)
            )
    else:
        quarters = ", ".join(quarter_words(q) for q in sorted({o.quarter for o in outcomes}))
        replaced = sum(1 for o in outcomes if o.action is Action.REPLACED)
        subject = _("Record {count} figures for {quarters}").format(count=len(outcomes), quarters=quarters)
        if source:
            subject = _("{subject} from {file}").format(subject=subject, file=commit_name(source))
        if replaced:
            subject = _("{subject} ({count} replaced)").format(subject=subject, count=replaced)
    subject = commit_line(subject)  # one line whatever the names in it hold
    blocks = []
    for outcome in outcomes:
        values = {
            "Indicator": outcome.indicator,
            "Measure": outcome.measure,
            "Quarter": str(outcome.quarter),
            "Value": figure(outcome.record),
            "Previous": figure(outcome.previous) if outcome.previous is not None else "none",
            "Recorded-by": outcome.record.recorded_by,
        }
        blocks += [f"{key}: {_one_line(value)}" for key, value in values.items() if value]
    return f"{subject}\n\n" + "\n".join(blocks) + "\n"


def _one_line(text: str) -> str:
    return commit_line(text)

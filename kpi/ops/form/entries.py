"""A unit's form, filled in and sent back, read into entries (`kpi record --from FILE.xlsx`).

The workbook is checked before a single figure is read: that it is an xlsx archive of sensible
size (its unpacked size is capped before anything is unpacked), that its hidden sheet says it is
a kpi form of this layout, for the owner and quarter asked for, and that nobody moved, inserted or
deleted a row or a column or edited an ID. Made from an older catalogue, it is accepted as long as
no row that carries a figure changed there since (each row keeps a fingerprint of the catalogue's
words for it). Then every input cell is read as `kpi.ops.csv_entries` reads a CSV row: each cell
that cannot be read is kept with its reason, to be listed with everything else wrong in the form
by `kpi.ops.recording`, each at its sheet and cell. Empty rows record nothing: not reported is
not zero. A late milestone's row (due before the form's quarter) takes a day done from its due
quarter to the form's quarter's end, and is recorded under the quarter that day falls in.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kpi.errors import DataError, Finding, Location, Severity
from kpi.i18n import _, language
from kpi.model.dates import parse_entered_date
from kpi.model.models import Catalogue, within_limits
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.words import date_words
from kpi.ops.csv_entries import MAX_CELL_CHARACTERS
from kpi.ops.form import layout
from kpi.ops.form.read import Form, cell_text, check_identity, check_layout, open_form, word_key
from kpi.ops.record_model import Entry, Problem, entered_figure


def is_workbook(path: Path) -> bool:
    """`--from` names a form (xlsx) rather than a CSV file: by its name."""
    return path.suffix.casefold() in (".xlsx", ".xlsm", ".xls", ".ods")


def read_form_entries(
    path: Path,
    data_dir: Path,
    *,
    quarter: Quarter | None = None,
    owner: str | None = None,
    recorded_by: str | None = None,
) -> tuple[list[Entry], list[Problem]]:
    """Every filled-in row of the form as an Entry, and what is wrong with the form as a whole.

    A form that is not one, for another owner or quarter than asked for (`owner`, `quarter`: the
    command line's, if given), or whose layout was altered raises DataError (or UsageError), listing
    every reason, before any value is read.
    """
    from kpi.ledger.load import load_plans
    from kpi.ledger.plans import plan_in_force

    form = open_form(path)
    check_identity(form, quarter, owner)
    catalogue = plan_in_force(load_plans(data_dir), form.quarter.last_day)
    grey = check_layout(form, catalogue)
    entries, problems = _entries(form, recorded_by, _late_rows(form, catalogue))
    # Typing into a grey cell leaves the layout whole: said with every other mistake, all at once.
    problems = [Problem(None, finding.field, finding.message, where=finding.location) for finding in grey] + problems
    problems += _catalogue_changes(form, data_dir, catalogue, entries)
    if not entries and not problems:
        raise DataError(
            [
                Finding(
                    Severity.ERROR,
                    Location(path, sheet=form.sheet),
                    "row",
                    _("no figure is filled in; nothing to record"),
                )
            ]
        )
    return entries, problems


# ---------------------------------------------------------------- the figures


def _late_rows(form: Form, catalogue: Catalogue) -> dict[int, date]:
    """The rows of late milestones (due before the form's quarter), each with the first day its day done may be.

    Which rows are late follows from the catalogue, as when the form was made: a row whose deadline
    changed since is refused by its fingerprint (`_catalogue_changes`)."""
    from kpi.compute.forms import late_from

    late = {}
    for row, indicator, measure, _fingerprint in form.rows:
        first = late_from(catalogue, catalogue.indicator(indicator), form.quarter) if measure is None else None
        if first is not None:
            late[row] = first
    return late


def _entries(form: Form, recorded_by: str | None, late: dict[int, date]) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    done_word, not_done_word = (word_key(word) for word in layout.done_words(form.language))
    columns = tuple(
        (name, layout.letter(column))
        for name, column in (
            ("indicator", "indicator"),
            ("measure", "measure"),
            ("quarter", "indicator"),
            ("owner", "indicator"),
            ("value", "value"),
            ("state", "done"),
            ("done", "done_on"),
            ("evidence", "evidence"),
            ("note", "note"),
        )
    )
    for row, indicator, measure, _fingerprint in form.rows:
        origin = Location(form.path, line=row, sheet=form.sheet, cell=f"A{row}")
        unread: list[tuple[str, str]] = []
        evidence = _text(form, row, "evidence", unread)
        note = _text(form, row, "note", unread)
        value: Decimal | None = None
        done: date | None = None
        percent = False
        if measure is not None:
            cell = form.value(row, "value")
            if cell is None:
                if evidence or note:
                    unread.append(("value", _("is empty, but the row has evidence or a note: give the figure")))
            else:
                value, percent = _figure(cell, (row, layout.COLUMNS.index("value") + 1) in form.percent, unread)
        else:
            state, day = form.value(row, "done"), form.value(row, "done_on")
            said = word_key(cell_text(state)) if state is not None else None
            if said is not None and said not in (done_word, not_done_word):
                unread.append(
                    (
                        "state",
                        _("'{text}' is not one of the list's choices: '{done}' or '{not_done}'").format(
                            text=cell_text(state),
                            done=layout.done_words(form.language)[0],
                            not_done=layout.done_words(form.language)[1],
                        ),
                    )
                )
            elif said == not_done_word:
                if day is not None:
                    unread.append(("done", _("gives a day, but the milestone is marked not done")))
                elif evidence or note:
                    unread.append(("state", _("a milestone not done records nothing; clear its evidence and note")))
            elif said == done_word and day is None:
                unread.append(("done", _("is empty: give the day the milestone was done")))
            elif day is None and (evidence or note):
                unread.append(("state", _("is empty, but the row has evidence or a note: is it done, and when?")))
            if day is not None and said != not_done_word:
                done = _day(day, unread)
        home = form.quarter
        if done is not None and row in late:
            # A late milestone is recorded under the quarter it was done in, from its due quarter to this one.
            if late[row] <= done <= form.quarter.last_day:
                home = Quarter.containing(done)
            else:
                unread.append(("done", _late_day_refused(form, done, late[row])))
        if value is None and done is None and not unread:
            continue  # not reported: nothing to record
        entries.append(
            Entry(
                indicator=indicator,
                quarter=home,
                reported_for=form.quarter if home != form.quarter else None,
                measure=measure,
                value=value,
                done=done,
                evidence=evidence,
                note=note,
                recorded_by=recorded_by,
                owner=form.owner,
                origin=origin,
                percent=percent,
                unread=tuple(unread),
                columns=columns,
            )
        )
    return entries, problems


def _late_day_refused(form: Form, done: date, first: date) -> str:
    lang = language()
    return _(
        "{day} is not between {first} and {last}: a late milestone takes the day it was done, from the first "
        "day of the quarter it was due in to the end of {quarter}"
    ).format(
        day=date_words(done, lang),
        first=date_words(first, lang),
        last=date_words(form.quarter.last_day, lang),
        quarter=quarter_words(form.quarter, lang),
    )


def _figure(cell: Any, shown_as_percent: bool, unread: list[tuple[str, str]]) -> tuple[Decimal | None, bool]:
    if isinstance(cell, bool):
        unread.append(("value", _("is TRUE or FALSE, not a number")))
        return None, False
    if isinstance(cell, (datetime, date, time)):
        unread.append(("value", _("is a date, not a number; type the figure")))
        return None, False
    if isinstance(cell, (int, float)):
        try:
            number = Decimal(str(cell))
        except InvalidOperation:  # pragma: no cover - a cell holds no infinities
            unread.append(("value", _("is not a number")))
            return None, False
        if not number.is_finite():  # pragma: no cover
            unread.append(("value", _("is not a number")))
            return None, False
        if number < 0:
            unread.append(
                (
                    "value",
                    _("'{text}' is negative; recorded figures are counts, rates or levels, never below 0").format(
                        text=format_number(number, language())
                    ),
                )
            )
            return None, False
        if shown_as_percent:
            number = number.scaleb(2)
        try:  # before normalising: 1E+28 cannot be brought to a whole number within Decimal's 28 digits
            within_limits(number)
        except ValueError as exc:
            unread.append(("value", str(exc)))
            return None, False
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return number, shown_as_percent
    try:
        figure, percent = entered_figure(str(cell))
        within_limits(figure)  # here, so that the refusal names this cell, not the row's first
    except ValueError as exc:
        unread.append(("value", str(exc)))
        return None, False
    return figure, percent


def _day(cell: Any, unread: list[tuple[str, str]]) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, str):
        try:
            return parse_entered_date(cell)
        except ValueError as exc:
            unread.append(("done", str(exc)))
            return None
    unread.append(("done", _("'{text}' is not a date; type the day it was done, e.g. 20/05/2018").format(text=cell)))
    return None


def _text(form: Form, row: int, column: str, unread: list[tuple[str, str]]) -> str | None:
    cell = form.value(row, column)
    if cell is None:
        return None
    if isinstance(cell, (datetime, date)):
        text = (cell.date() if isinstance(cell, datetime) else cell).isoformat()
    elif isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    else:
        text = str(cell)
    text = unicodedata.normalize("NFC", text.strip())
    if any(unicodedata.category(character) == "Cc" and character not in "\t\n\r" for character in text):
        unread.append((column, _("holds a control character; delete it")))
        return None
    if len(text) > MAX_CELL_CHARACTERS:
        unread.append(
            (
                column,
                _("a cell of {count} characters; a cell holds at most {most}").format(
                    count=format_number(len(text), language()), most=format_number(MAX_CELL_CHARACTERS, language())
                ),
            )
        )
        return None
    return text or None


# ---------------------------------------------------------------- against the catalogue of today


def _catalogue_changes(form: Form, data_dir: Path, catalogue: Catalogue, entries: list[Entry]) -> list[Problem]:
    """A form made from an older catalogue is accepted unless a row it records from changed there since
    (`catalogue`: the plan in force for the form's quarter now)."""
    from kpi.compute.forms import catalogue_digest, measure_of, row_fingerprint

    if form.keys.get("catalogue") == f"sha256:{catalogue_digest(data_dir)}":
        return []
    quarter = form.quarter
    fingerprints = {(row, indicator): fingerprint for row, indicator, _measure, fingerprint in form.rows}
    problems = []
    for entry in entries:
        assert entry.origin is not None and entry.origin.line is not None  # every form entry has its row
        indicator = catalogue.indicator(entry.indicator)
        now = row_fingerprint(catalogue, indicator, measure_of(indicator, entry.measure), quarter)
        if now != fingerprints.get((entry.origin.line, entry.indicator)):
            problems.append(
                Problem(
                    entry,
                    "indicator",
                    _(
                        "{name} changed in the catalogue since this form was made (its title, unit, target, plan, "
                        "owner or kind); make a new form: kpi form -u {owner} -q {quarter}"
                    ).format(
                        name=f"{entry.indicator} {entry.measure}" if entry.measure else entry.indicator,
                        owner=form.owner,
                        quarter=quarter,
                    ),
                )
            )
    return problems

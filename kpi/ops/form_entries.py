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

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.inputs import InputKind, MiB, read_input
from kpi.files.xlsx_parts import Inventory, check_parts
from kpi.i18n import _, language
from kpi.model.dates import parse_entered_date
from kpi.model.models import Catalogue, measure_label, within_limits
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.words import date_words
from kpi.ops import form_layout as layout
from kpi.ops.csv_entries import MAX_CELL_CHARACTERS
from kpi.ops.recording import Entry, Problem, entered_figure

MAX_UNPACKED = 32 * MiB
"""Every member of the archive together, as its directory declares them (the reader never unpacks more)."""
MAX_MEMBERS = 1_000
MAX_ROWS = 5_000
"""As many as a CSV import may hold."""
MARGIN_ROWS = 100
MARGIN_COLUMNS = 13
"""How far below and to the right of the form a cell typed there is noticed (up to column Z)."""


@dataclass
class _Form:
    """What the hidden sheet says, and the cells of the figures' sheet (only those with something in them)."""

    path: Path
    keys: dict[str, str]
    rows: list[tuple[int, str, str | None, str]]
    """(row on the figures' sheet, indicator, measure, fingerprint), top to bottom."""
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    """Cells shown as a percentage (Excel stores 39,89 % as 0.3989)."""
    formulas: list[str] = field(default_factory=list)
    """Cells of the figures' sheet that hold a formula (`I5`)."""

    @property
    def owner(self) -> str:
        return self.keys["owner"]

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.keys["quarter"])

    @property
    def sheet(self) -> str:
        return self.keys["sheet"]

    @property
    def language(self) -> str:
        return self.keys["language"]

    def at(self, row: int, column: str) -> Location:
        return Location(self.path, line=row, sheet=self.sheet, cell=f"{layout.letter(column)}{row}")

    def value(self, row: int, column: str) -> Any:
        return self.cells.get((row, layout.COLUMNS.index(column) + 1))


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

    form = _open(path)
    _check_identity(form, quarter, owner)
    catalogue = plan_in_force(load_plans(data_dir), form.quarter.last_day)
    grey = _check_layout(form, catalogue)
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


# ---------------------------------------------------------------- opening the archive


def _open(path: Path) -> _Form:
    if path.suffix.casefold() in (".xls", ".ods"):
        raise _refused(path, _("is not an xlsx workbook; save it as Excel .xlsx (File > Save As) and send that"))
    raw = read_input(path, InputKind.FORM)
    inventory = _check_archive(path, raw)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about what it drops (extensions LibreOffice adds); the form's cells are what counts.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a corrupt workbook fails anywhere in openpyxl's parsers: never a traceback
        raise _refused(path, _("cannot be read as an xlsx workbook ({reason})").format(reason=_reason(exc))) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read(path, workbook, inventory)
    except DataError:
        raise
    except Exception as exc:
        raise _refused(path, _("cannot be read as an xlsx workbook ({reason})").format(reason=_reason(exc))) from None
    finally:
        workbook.close()


def _check_archive(path: Path, raw: bytes) -> Inventory:
    """An xlsx is a zip archive: refuse anything else, one that would unpack to more than the cap, and
    one whose parts hold more than a form can need (`kpi.files.xlsx_parts`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _refused(
            path, _("is not an xlsx workbook (it is not a zip archive); send the form as kpi form wrote it")
        ) from None
    with archive:
        members = archive.infolist()
        _check_sizes(path, members)
        # What openpyxl would build of each part, counted before it builds anything.
        return check_parts(path, archive)


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise _refused(
            path,
            _("holds {count} parts; a form has about a dozen").format(count=format_number(len(members), language())),
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED:
        raise _refused(
            path,
            _("would unpack to {size} bytes, more than the {limit} a form may hold").format(
                size=format_number(unpacked, language()), limit=format_number(MAX_UNPACKED, language())
            ),
        )


def _read(path: Path, workbook: Any, inventory: Inventory) -> _Form:
    if layout.HIDDEN_SHEET not in workbook.sheetnames:
        raise _refused(
            path,
            _(
                "is not a form from kpi form: it has no sheet '{sheet}' (it may have been copied into another workbook)"
            ).format(sheet=layout.HIDDEN_SHEET),
        )
    keys: dict[str, str] = {}
    places: dict[str, str] = {}
    rows: list[tuple[int, str, str | None, str]] = []
    hidden = workbook[layout.HIDDEN_SHEET]
    if getattr(hidden, "sheet_state", "visible") == "visible":
        # kpi form hides it, and Excel keeps it hidden; LibreOffice lets it be shown, and then edited.
        raise _refused(
            path,
            _(
                "its sheet '{sheet}' was unhidden, so what it says about the form may have been edited; "
                "make a new form with kpi form"
            ).format(sheet=layout.HIDDEN_SHEET),
        )
    findings: list[Finding] = [
        _at_hidden(path, cell, "formula", _("holds a formula; the form's own sheet holds none"))
        for cell in inventory.formulas.get(layout.HIDDEN_SHEET, [])
    ]
    if findings:
        raise DataError(findings)
    # Bounded: a forged sheet dimension (A1:XFD1048576) would otherwise make openpyxl pad billions of empty cells.
    bounded = hidden.iter_rows(max_row=layout.TABLE_ROW + MAX_ROWS + 1, max_col=4, values_only=True)
    for number, cells in enumerate(bounded, start=1):
        texts = [_plain(cell) for cell in cells[:4]] + [""] * (4 - len(cells[:4]))
        if number < layout.TABLE_ROW:
            if texts[0]:
                keys[texts[0]], places[texts[0]] = texts[1], f"B{number}"
        elif number > layout.TABLE_ROW and any(texts):
            rows.append((_int(texts[0]), texts[1], texts[2] or None, texts[3].removeprefix("sha256:")))
        if len(rows) > MAX_ROWS:
            findings.append(_at_hidden(path, f"A{number}", "rows", _("more rows than a form can have")))
            break
    findings += _hidden_problems(path, keys, places, rows)
    if findings:
        raise DataError(findings)
    form = _Form(path, keys, rows)
    form.formulas = inventory.formulas.get(form.sheet, [])
    if form.sheet not in workbook.sheetnames:
        raise _refused(
            path, _("has no sheet '{sheet}' any more; the form's layout was changed").format(sheet=form.sheet)
        )
    last = layout.FIRST_ROW + len(rows) - 1
    # What is typed around the form is looked for a little way beyond it: enough to see rows or columns added.
    for line in workbook[form.sheet].iter_rows(
        max_row=last + MARGIN_ROWS, max_col=len(layout.COLUMNS) + MARGIN_COLUMNS
    ):
        for cell in line:
            value = getattr(cell, "value", None)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            form.cells[(cell.row, cell.column)] = value
            if "%" in (getattr(cell, "number_format", None) or ""):
                form.percent.add((cell.row, cell.column))
    return form


def _hidden_problems(
    path: Path, keys: dict[str, str], places: dict[str, str], rows: list[tuple[int, str, str | None, str]]
) -> list[Finding]:
    """The hidden sheet as `kpi.ops.form` writes it, or why not."""

    def at(key: str, message: str) -> Finding:
        return _at_hidden(path, places.get(key, "A1"), key, message)

    expected = {
        "format": layout.FORMAT,
        "layout": layout.LAYOUT_VERSION,
        "header_row": str(layout.HEADER_ROW),
        "columns": ",".join(layout.COLUMNS),
    }
    problems = []
    if keys.get("format") != layout.FORMAT:
        return [at("format", _("does not say it is a kpi form"))]
    for key, wanted in expected.items():
        if keys.get(key) != wanted:
            problems.append(
                at(
                    key,
                    _(
                        "{key} is '{found}', this version of kpi reads '{wanted}': the form was made by another "
                        "version of kpi, or edited; make a new one with kpi form"
                    ).format(key=key, found=keys.get(key, ""), wanted=wanted),
                )
            )
    try:
        Quarter.parse(keys.get("quarter", ""))
    except ValueError as exc:
        problems.append(at("quarter", str(exc)))
    if not keys.get("owner"):
        problems.append(at("owner", _("names no owner unit")))
    if keys.get("language") not in ("vi", "en"):
        problems.append(at("language", _("names no language kpi speaks")))
    if not re.fullmatch(r"[0-9]{4}", keys.get("period_end", "")):
        problems.append(at("period_end", _("names no plan period")))
    if not keys.get("sheet"):
        problems.append(at("sheet", _("names no sheet of figures")))
    numbers = [row[0] for row in rows]
    if keys.get("rows") != str(len(rows)) or numbers != list(range(layout.FIRST_ROW, layout.FIRST_ROW + len(rows))):
        problems.append(at("rows", _("its table of rows was changed")))
    return problems


# ---------------------------------------------------------------- identity and layout


def _check_identity(form: _Form, quarter: Quarter | None, owner: str | None) -> None:
    findings = []
    if owner is not None and owner.casefold() != form.owner.casefold():
        findings.append(
            _finding(
                Location(form.path),
                "owner",
                _("is the form of {owner}, not of {asked}").format(owner=form.owner, asked=owner),
            )
        )
    if quarter is not None and quarter != form.quarter:
        findings.append(
            _finding(
                Location(form.path),
                "quarter",
                _("is the form for {quarter}, not for {asked}").format(
                    quarter=quarter_words(form.quarter), asked=quarter_words(quarter)
                ),
            )
        )
    if findings:
        raise DataError(findings)


def _check_layout(form: _Form, catalogue: Catalogue) -> list[Finding]:
    """Headers, IDs and nothing outside the form's cells: otherwise a cell may not mean what it says,
    and nothing is read (DataError). Returned: input typed into a row's grey cells, which the
    layout survives."""
    findings, grey = [], []
    headers = layout.headers(form.quarter, form.language, int(form.keys["period_end"]))
    for column in layout.COLUMNS:
        found = _plain(form.value(layout.HEADER_ROW, column))
        if found != headers[column]:
            findings.append(
                _finding(
                    form.at(layout.HEADER_ROW, column),
                    "header",
                    _("is '{found}'; the form had '{wanted}' here: a column was moved, inserted or deleted").format(
                        found=found, wanted=headers[column]
                    ),
                )
            )
    from kpi.compute.forms import measure_of

    for row, indicator, measure, _fingerprint in form.rows:
        # The measure's column shows its label in the form's language (its key on a form made before labels).
        known = measure_of(catalogue.indicator(indicator), measure) if measure else None
        label = measure_label(known, form.language) if known is not None else measure or ""
        for column, wanted in (("indicator", indicator), ("measure", label)):
            found = _plain(form.value(row, column))
            if found != wanted and not (column == "measure" and found == measure):
                findings.append(
                    _finding(
                        form.at(row, column),
                        column,
                        _(
                            "is '{found}'; the form had '{wanted}' here: a row was moved, inserted or deleted, "
                            "or the ID was edited"
                        ).format(found=found, wanted=wanted),
                    )
                )
    last = layout.FIRST_ROW + len(form.rows) - 1
    kinds = {row: measure for row, _indicator, measure, _fingerprint in form.rows}
    for (row, number), value in sorted(form.cells.items()):
        where = Location(form.path, line=row, sheet=form.sheet, cell=_coordinate(row, number))
        if row >= layout.HEADER_ROW and (row > last or number > len(layout.COLUMNS)):
            findings.append(
                _finding(
                    where,
                    "cell",
                    _("'{value}' lies outside the form's rows and columns; the form's layout was changed").format(
                        value=_plain(value)[:40]
                    ),
                )
            )
        elif row >= layout.FIRST_ROW:
            name = layout.COLUMNS[number - 1]
            inputs = layout.FIGURE_INPUTS if kinds.get(row) is not None else layout.MILESTONE_INPUTS
            if name in layout.INPUTS and name not in inputs:
                grey.append(_finding(where, name, _("this row has no such input (a grey cell); leave it empty")))
    for cell in form.formulas:
        # A formula's cached result is whatever the spreadsheet last computed (or nothing, or #REF!):
        # a form records what was typed, so it is refused wherever it stands.
        row = int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        grey.append(
            _finding(
                Location(form.path, line=row, sheet=form.sheet, cell=cell),
                "formula",
                _("holds a formula; type the figure, day or text itself: a form records what was typed"),
            )
        )
    if findings:
        raise DataError(findings + grey)
    return grey


# ---------------------------------------------------------------- the figures


def _late_rows(form: _Form, catalogue: Catalogue) -> dict[int, date]:
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


def _entries(form: _Form, recorded_by: str | None, late: dict[int, date]) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    done_word, not_done_word = (_key(word) for word in layout.done_words(form.language))
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
            said = _key(_plain(state)) if state is not None else None
            if said is not None and said not in (done_word, not_done_word):
                unread.append(
                    (
                        "state",
                        _("'{text}' is not one of the list's choices: '{done}' or '{not_done}'").format(
                            text=_plain(state),
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


def _late_day_refused(form: _Form, done: date, first: date) -> str:
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


def _text(form: _Form, row: int, column: str, unread: list[tuple[str, str]]) -> str | None:
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


def _catalogue_changes(form: _Form, data_dir: Path, catalogue: Catalogue, entries: list[Entry]) -> list[Problem]:
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


# ---------------------------------------------------------------- small helpers


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _refused(path: Path, message: str) -> DataError:
    return DataError([Finding(Severity.ERROR, Location(path), "file", message)])


def _finding(where: Location, field_name: str, message: str) -> Finding:
    return Finding(Severity.ERROR, where, field_name, message)


def _at_hidden(path: Path, cell: str, key: str, message: str) -> Finding:
    return Finding(Severity.ERROR, Location(path, sheet=layout.HIDDEN_SHEET, cell=cell), key, message)

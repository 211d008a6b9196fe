"""Step 1 of a recording (`kpi.ops.recording`): each entry checked on its own against the catalogue
of its quarter's year (indicator, measure, quarter, value and its unit, owner, the text it carries),
before anything is locked or read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from kpi.i18n import _, language
from kpi.ledger.plans import plan_for_year
from kpi.ledger.rules import is_percent, record_problems, resolve_measure, unknown_indicator
from kpi.model.models import Catalogue, Indicator, Measure, Record, measure_label
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter
from kpi.model.text import code_point, control_character
from kpi.ops.record_model import Entry, Problem

# ---------------------------------------------------------------- step 1: each entry on its own


@dataclass(frozen=True)
class Prepared:
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


def prepare(
    plans: list[Catalogue], entries: list[Entry], today: date, now: datetime
) -> tuple[list[Prepared], list[Problem]]:
    prepared: list[Prepared] = []
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
        prepared.append(Prepared(entry, indicator, measure, entry.quarter, owner, record))
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

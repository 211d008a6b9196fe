"""What makes one recorded figure acceptable; shared by `kpi check` and `kpi record`."""

from __future__ import annotations

import unicodedata
from datetime import date

from kpi.i18n import LANGUAGES, _, language
from kpi.model.models import Catalogue, Indicator, Measure, PlanInfo, Record, measure_label
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.vocabulary import Kind

_COUNT_KINDS = {Kind.CUMULATIVE, Kind.ANNUAL, Kind.GROWTH, Kind.SHARE}


def effective_kind(indicator: Indicator, measure: Measure) -> Kind:
    return measure.kind or indicator.kind


def is_percent(measure: Measure) -> bool:
    return measure.unit.lstrip().startswith("%")


def measure_choices(indicator: Indicator) -> str:
    """An indicator's measures as a person names them: their labels in the run's language, quoted
    (a label may hold a comma)."""
    return "; ".join(f"“{measure_label(m)}”" for m in indicator.measures) or _("none")


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def resolve_measure(indicator: Indicator, key: str | None, by_label: bool = False) -> Measure:
    """The measure a record means, by its key (or, `by_label`, as a person types it on the command
    line: its label in either language, any case); raise ValueError with the choices when unclear."""
    if key is None:
        if len(indicator.measures) == 1:
            return indicator.measures[0]
        if not indicator.measures:
            raise ValueError(_("{id} has no measures to record a value for").format(id=indicator.id))
        raise ValueError(
            _("{id} has several measures; name one: {choices}").format(
                id=indicator.id, choices=measure_choices(indicator)
            )
        )
    for measure in indicator.measures:
        if measure.key == key:
            return measure
    wanted = _folded(key)
    named = [
        m
        for m in indicator.measures
        if by_label and any(_folded(measure_label(m, lang)) == wanted for lang in LANGUAGES)
    ]
    if len(named) == 1:
        return named[0]
    raise ValueError(
        _("{id} has no measure '{key}'; its measures: {choices}").format(
            id=indicator.id, key=key, choices=measure_choices(indicator)
        )
    )


def _day(day: date) -> str:
    from kpi.model.words import date_words

    return date_words(day, language())


def _kind(kind: Kind) -> str:
    from kpi.model.words import kind_word

    return kind_word(kind)


def _number(value: object) -> str:
    from decimal import Decimal

    from kpi.model.numbers import format_number

    return format_number(Decimal(str(value)), language())


def unknown_indicator(catalogue: Catalogue, indicator_id: str) -> str:
    """`no indicator 'B.9' in the catalogue; did you mean B.1?`"""
    from kpi.files.catalogue import nearest_ids

    message = _("no indicator '{id}' in the catalogue").format(id=indicator_id)
    near = [i for i in nearest_ids(catalogue, indicator_id) if catalogue.indicator(i) is not None]
    return message + "; " + _("did you mean {ids}?").format(ids=", ".join(near)) if near else message


def due_quarter(indicator: Indicator, plan_year: int) -> Quarter:
    """The quarter a milestone is due in: its deadline, else the plan year's last quarter."""
    return indicator.deadline or Quarter(plan_year, 4)


def quarter_problems(plan: PlanInfo, quarter: Quarter, today: date | None = None) -> list[str]:
    """Why nothing can be asked or recorded for `quarter`: outside the plan period, or not begun by
    `today`. The one rule for record, form, reporting and remind."""
    problems = []
    if not plan.period_start <= quarter.year <= plan.period_end:
        problems.append(
            _("{quarter} lies outside the plan period {start}-{end}").format(
                quarter=quarter_words(quarter), start=plan.period_start, end=plan.period_end
            )
        )
    if today is not None and quarter.first_day > today:
        problems.append(
            _("{quarter} has not started yet (today is {today})").format(
                quarter=quarter_words(quarter), today=_day(today)
            )
        )
    return problems


def _received_problems(quarter: Quarter, record: Record, today: date | None) -> list[tuple[str, str]]:
    """The day a figure was sent lies between the quarter's first day (or the milestone's day) and today."""
    received = record.received_on
    if received is None:
        return []
    if today is not None and received > today:
        return [("received_on", _("{day} is in the future").format(day=_day(received)))]
    if received < quarter.first_day:
        return [
            (
                "received_on",
                _("{day} is before {quarter} began ({first})").format(
                    day=_day(received), quarter=quarter_words(quarter), first=_day(quarter.first_day)
                ),
            )
        ]
    if record.done is not None and received < record.done:
        return [
            (
                "received_on",
                _("{day} is before the milestone was done ({done})").format(day=_day(received), done=_day(record.done)),
            )
        ]
    return []


def record_problems(
    catalogue: Catalogue, quarter: Quarter, record: Record, today: date | None = None
) -> list[tuple[str, str]]:
    """Every reason the record cannot stand, as (field, message) pairs; empty when it is fine."""
    plan = catalogue.plan
    problems: list[tuple[str, str]] = [("quarter", reason) for reason in quarter_problems(plan, quarter, today)]
    problems += _received_problems(quarter, record, today)
    indicator = catalogue.indicator(record.indicator)
    if indicator is None:
        problems.append(("indicator", unknown_indicator(catalogue, record.indicator)))
        return problems
    if indicator.retired is not None:
        problems.append(
            (
                "indicator",
                _("{id} is retired in the {year} plan ({why}); nothing is recorded for it from {year}").format(
                    id=indicator.id, year=plan.year, why=indicator.retired
                ),
            )
        )
        return problems
    if record.done is not None:
        if indicator.kind is not Kind.MILESTONE:
            problems.append(
                (
                    "done",
                    _("{id} is a {kind} indicator, not a milestone; record a value").format(
                        id=indicator.id, kind=_kind(indicator.kind)
                    ),
                )
            )
        if record.measure is not None:
            problems.append(("measure", _("a milestone done record names no measure")))
        if today is not None and record.done > today:
            problems.append(("done", _("{day} is in the future").format(day=_day(record.done))))
        elif not quarter.first_day <= record.done <= quarter.last_day:
            home = (
                Quarter.containing(record.done)
                if catalogue.plan.period_start <= record.done.year <= catalogue.plan.period_end
                else None
            )
            message = _("{day} is not in {quarter} ({first} to {last})").format(
                day=_day(record.done),
                quarter=quarter_words(quarter),
                first=_day(quarter.first_day),
                last=_day(quarter.last_day),
            )
            if home is not None:
                message += "; " + _("record it under {quarter}").format(quarter=quarter_words(home))
            problems.append(("done", message))
        return problems
    if indicator.kind is Kind.MILESTONE and not indicator.measures:
        problems.append(
            (
                "value",
                _("{id} is a milestone with nothing to count; record it done, with its date").format(id=indicator.id),
            )
        )
        return problems
    try:
        measure = resolve_measure(indicator, record.measure)
    except ValueError as exc:
        problems.append(("measure", str(exc)))
        return problems
    value = record.value
    assert value is not None  # the model guarantees value or done
    if is_percent(measure) and value > 100:
        from kpi.model.words import with_percent_sign

        problems.append(
            (
                "value",
                _("{value} is above {hundred} for {id} ({measure})").format(
                    value=_number(value),
                    hundred=with_percent_sign("100", language()),
                    id=indicator.id,
                    measure=measure_label(measure),
                ),
            )
        )
    elif (
        effective_kind(indicator, measure) in _COUNT_KINDS
        and not is_percent(measure)
        and value != value.to_integral_value()
    ):
        problems.append(
            (
                "value",
                _("{id} ({measure}) counts {unit}; {value} is not a whole number").format(
                    id=indicator.id, measure=measure_label(measure), unit=measure.unit, value=_number(value)
                ),
            )
        )
    return problems

"""The words of a recording: a figure as the commit trailers write it and as a sentence says it,
the commit message (subject and trailers, `kpi.files.trailers`), and the warning for a figure
recorded into a closed year.
"""

from __future__ import annotations

from kpi.files import trailers
from kpi.files.escaping import commit_line, commit_name
from kpi.i18n import _, language
from kpi.ledger.year_actuals import Basis, OfficialFigure
from kpi.model.models import Record
from kpi.model.numbers import format_number
from kpi.model.quarters import quarter_words
from kpi.ops.record_model import Action, Outcome


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
        name=measure_name(outcome.indicator, outcome.label),
        value=format_number(official.value, language()),
        quarter=quarter_words(outcome.quarter),
    )


def figure(record: Record) -> str:
    """A record's figure in the commit trailers' fixed form: `850`, `39.89`, or `done 2018-03-20`."""
    return trailers.figure_text(record.value, record.done)


def figure_words(record: Record) -> str:
    """A record's figure in a sentence of the run's language: `1.069`, `39,89`, `hoàn thành ngày 20/03/2018`
    (Vietnamese) or `1,069`, `39.89`, `done on 2018-03-20` (English)."""
    from kpi.model.dates import written_date

    if record.done is not None:
        return _("done on {day}").format(day=written_date(record.done))
    assert record.value is not None
    return format_number(record.value, language())


def by_words(record: Record) -> str:
    from kpi.model.dates import written_date

    who, when = record.recorded_by, record.recorded_at
    if who and when:
        return " " + _("(by {name} on {day})").format(name=who, day=written_date(when.date()))
    if who:
        return " " + _("(by {name})").format(name=who)
    if when:
        return " " + _("(on {day})").format(day=written_date(when.date()))
    return ""


def measure_name(indicator_id: str, label: str | None) -> str:
    """`B.1 (Doanh nghiệp được đào tạo)`: an indicator and the name of its measure, as a person reads them."""
    return f"{indicator_id} ({label})" if label else indicator_id


def commit_message(outcomes: list[Outcome], source: str | None = None) -> str:
    """The commit's subject and trailers. The subject is for a person reading `git log`, in the run's
    language (`Ghi nhận B.1 (Doanh nghiệp …) Quý II/2018: 850`); the trailers are the machine format
    `kpi.files.trail.read_trail` reads back, the same in every language. Nothing reads the subject."""
    english = language() == "en"

    def name(outcome: Outcome) -> str:
        if english:  # the trailers' own words: `B.1 firms`
            return f"{outcome.indicator} {outcome.measure}" if outcome.measure else outcome.indicator
        return measure_name(outcome.indicator, outcome.label)

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
    blocks = [
        trailers.figure_block(
            outcome.indicator,
            outcome.measure,
            str(outcome.quarter),
            figure(outcome.record),
            figure(outcome.previous) if outcome.previous is not None else trailers.NO_FIGURE,
            outcome.record.recorded_by,
        )
        for outcome in outcomes
    ]
    return trailers.figures_message(subject, blocks)

"""The appendix (Phụ lục I) as rows: program, section, indicator and measure lines, in the
plan's order, each carrying the figures `kpi status` computed for it.

An indicator with one measure carries its figures on its own line; one with several gets a
line per measure beneath it, so every spreadsheet cell holds one number.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Literal

from pydantic import Field

from kpi.compute.approvals import in_force
from kpi.compute.asof import ReportingDate
from kpi.compute.document_date import judged_at_document
from kpi.compute.narrative import field_names, named
from kpi.compute.overdue import OverdueItem, overdue_items
from kpi.compute.reporting import YearReporting
from kpi.compute.status_rows import IndicatorStatus, MeasureStatus, Number, Row, StatusReport
from kpi.files.narrative import NarrativeFile
from kpi.ledger.load import Ledger
from kpi.ledger.year_actuals import Basis
from kpi.model.approvals import ApprovalEvent
from kpi.model.figures import Figure
from kpi.model.models import DocumentSettings, Owner
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind, Status

LineKind = Literal["program", "section", "indicator", "measure"]
EXPECTS_FIGURES = frozenset((Kind.CUMULATIVE, Kind.ANNUAL, Kind.THRESHOLD, Kind.GROWTH))
"""Kinds of measure a unit reports a figure for every quarter (as `kpi reporting` counts them)."""


class Unit(Row):
    """An owner unit by code and full name, for a heading line to name once."""

    code: str
    name: str
    name_en: str


class ReportLine(Row):
    kind: LineKind
    program: str
    tt: str = Field(description="The row number as printed in the appendix (A, I, 1.1, (3))")
    content: str
    content_en: str | None = Field(default=None, description="Program lines: the English title")
    level: int = Field(description="Indent: 0 for program and section lines and top-level indicators")
    indicator: str | None = Field(default=None, description="Indicator ID on indicator and measure lines")
    measure: str | None = None
    unit: str | None = None
    target_is_percent: bool = Field(default=False, description="The target is a percentage (30 means 30 %)")
    values_are_percent: bool = Field(default=False, description="Actuals and plan are percentages")
    target_is_factor: bool = Field(default=False, description="The target is a growth factor (2 means ×2)")
    target: Number | None = None
    actuals: dict[int, Number] = Field(default_factory=dict, description="The years before the plan year, by year")
    plan_actual: Number | None = Field(default=None, description="Recorded for the plan year up to the reporting date")
    to_date: Number | None = None
    percent_of_period: Number | None = Field(default=None, description="to_date / target, a fraction")
    plan: Number | None = Field(default=None, description="The plan year's planned figure")
    plan_progress: Number | None = Field(default=None, description="plan_actual / plan, a fraction")
    deadline: str | None = None
    owner: str | None = Field(default=None, description="Indicator lines: the lead unit's code")
    status: Status | None = None
    overdue: bool = False
    days_late: int | None = None
    notes: str | None = None
    expects_figure: bool = Field(
        default=False, description="A figure is due every quarter, so a plan year without one is 'not reported'"
    )
    provisional: bool = Field(
        default=False, description="plan_actual counts a quarter not approved yet (kpi approve): it may change"
    )
    provisional_years: list[int] = Field(
        default_factory=list,
        description="Years before the plan year whose actual is worked out from the quarters, the year not closed",
    )
    plan_year_closed: bool = Field(
        default=False, description="The plan year's actual is official (closed, or stated in a plan): not provisional"
    )
    done: date | None = Field(default=None, description="A milestone: the day it was recorded done")
    evidence: str | None = Field(default=None, description="A milestone done: its evidence, e.g. the decision")
    show_owner: bool = Field(default=False, description="The heading names several units: say which leads this one")
    leads: list[Unit] = Field(
        default_factory=list,
        description="Program and section lines: the units leading the indicators under them; an indicator line "
        "under a heading that names several: its own",
    )

    @property
    def has_figures(self) -> bool:
        return self.kind == "measure" or (self.kind == "indicator" and self.unit is not None)


class ReportHeader(Row):
    governing_body: str | None
    issuer: str
    plan_number: str = Field(description="The plan's number; `…` while the plan is a draft not yet issued")
    plan_title: str
    signed: date | None
    as_of: date
    reporting_date: ReportingDate | None = Field(default=None, description="Where as_of came from, when known")
    period_start: int
    period_end: int
    plan_year: int
    document: DocumentSettings = Field(
        default_factory=DocumentSettings, description="The report's own number, date, recipients and signer"
    )
    lateness_day: date | None = Field(
        default=None,
        description="A report dated after as_of: the day its lateness is judged at (its date), over the "
        "deadlines that fell by as_of and the figures recorded by then",
    )
    unreported: list[str] = Field(
        default_factory=list,
        description="Quarters of as_of's year, ended by as_of, for which no figure at all is recorded",
    )


class StatusCounts(Row):
    """How many indicators of one program (or owner) stand at each status."""

    code: str
    label: str = Field(default="", description="A program as the plan numbers it (A, 5): what documents print")
    name: str
    name_en: str
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class NarrativeFigure(Row):
    """A figure the office's text names (`{B.1.value}`), as the report's date has it; the writers
    write it in the report's language. No indicator, measure or figure: a blank to fill."""

    field: str
    value: Number | None = None
    unit: str = ""
    status: Status | None = None


class Narrative(Row):
    """The office's text for the report's period (`narrative/2018-Q2.md`), Markdown as written,
    with the figures it names."""

    source: str = Field(description="The file, as a person finds it in the data folder: narrative/2018-Q2.md")
    text: str
    figures: dict[str, NarrativeFigure] = Field(default_factory=dict, description="By the name as written: B.1.value")


class AppendixReport(Row):
    header: ReportHeader
    period_elapsed: Number
    programs: list[str] = Field(description="Program codes in the report, in the plan's order")
    lines: list[ReportLine]
    by_program: list[StatusCounts]
    by_owner: list[StatusCounts]
    overdue: list[OverdueItem]
    reporting: YearReporting | None = Field(
        default=None, description="Who has reported in the reporting date's year, quarter by quarter"
    )
    narrative: Narrative | None = Field(
        default=None, description="The office's text for the period; none written: its sections with blanks"
    )
    references: dict[str, str] = Field(
        default_factory=dict,
        description="Each indicator's ID -> how the plan numbers it (A.4, D.II.1; 6.(7) for task (7) of part II, "
        "section 6): what documents print, the ID staying the machine formats' and the CLI's",
    )

    def reference(self, indicator: str) -> str:
        """An indicator as the documents name it: the plan's own numbering, never a code kpi made."""
        return self.references.get(indicator, indicator)


def build_report(
    ledger: Ledger,
    status: StatusReport,
    number: str | None = None,
    signed: date | None = None,
    approvals: list[ApprovalEvent] | None = None,
    reporting: YearReporting | None = None,
    narrative: NarrativeFile | None = None,
) -> AppendixReport:
    """Lay `status` (already filtered to the programs wanted) out as the appendix, framed as the
    settings' document; `number` and `signed` (--number, --date) override theirs for this report.
    A plan-year figure counting a quarter not in `approvals` (none: no quarter approved) is provisional.
    A report dated after `status.as_of` judges lateness at its date (`kpi.compute.document_date`)."""
    document = _document(ledger.settings.document, number, signed)
    status = judged_at_document(ledger, status, document.signed)
    catalogue = ledger.catalogue
    records = _Records(ledger, status.as_of, in_force(approvals or []))
    plan = catalogue.plan
    rows_by_program: dict[str, list[IndicatorStatus]] = {}
    for row in status.rows:
        rows_by_program.setdefault(row.program, []).append(row)
    indicators = {i.id: i for i in catalogue.indicators}
    lines: list[ReportLine] = []
    programs = [p for p in catalogue.programs if p.code in rows_by_program]
    labels = catalogue.program_labels()
    for program in programs:
        lines.append(
            ReportLine(
                kind="program",
                program=program.code,
                # as the plan heads its section: `5.` (a bare 5 would read as a row of the table)
                tt=labels[program.code] if labels[program.code] == program.code else f"{labels[program.code]}.",
                content=catalogue.reading(program.code, program.title),
                content_en=program.title_en,
                level=0,
            )
        )
        section_titles = {s.code: catalogue.reading(f"{program.code}.{s.code}", s.title) for s in program.sections}
        current_section: str | None = None
        for row in rows_by_program[program.code]:
            if row.section is not None and row.section != current_section:
                current_section = row.section
                lines.append(
                    ReportLine(
                        kind="section",
                        program=program.code,
                        tt=row.section,
                        content=section_titles.get(row.section, ""),
                        level=0,
                    )
                )
            indicator = indicators[row.id]
            cells = indicator.source.cells
            title = catalogue.reading(row.id, row.title)
            lines.extend(
                records.mark(
                    _indicator_lines(row, title, indicator.tt or "", cells.notes if cells else None, plan.year)
                )
            )
    _name_leads(lines, {o.code: o for o in catalogue.owners})
    return AppendixReport(
        header=ReportHeader(
            governing_body=plan.governing_body,
            issuer=plan.issuer,
            plan_number=plan.number or "…",  # an administrative form's blank for a number not given yet
            plan_title=plan.title,
            signed=plan.signed,
            as_of=status.as_of,
            reporting_date=status.reporting_date,
            period_start=plan.period_start,
            period_end=plan.period_end,
            plan_year=plan.year,
            document=document,
            lateness_day=document.signed if document.signed and document.signed > status.as_of else None,
            unreported=unreported_quarters(ledger, status.as_of),
        ),
        period_elapsed=status.period_elapsed,
        programs=[p.code for p in programs],
        lines=lines,
        by_program=[
            _counts(p.code, catalogue.reading(p.code, p.title), p.title_en, rows_by_program[p.code]).model_copy(
                update={"label": labels[p.code]}
            )
            for p in programs
        ],
        by_owner=[
            _counts(o.code, o.name_vi, o.name_en, rows)
            for o in catalogue.owners
            if (rows := [r for r in status.rows if r.owner == o.code])
        ],
        overdue=[
            item.model_copy(update={"title": catalogue.reading(item.id, item.title)}) for item in overdue_items(status)
        ],
        reporting=reporting,
        narrative=_narrative(narrative, status) if narrative is not None else None,
        references=catalogue.references(),
    )


def _narrative(text: NarrativeFile, status: StatusReport) -> Narrative:
    """The office's text with every figure it names read at the report's date."""
    figures: dict[str, NarrativeFigure] = {}
    for name in field_names(text.text):
        key = text.text[name.start + 1 : name.end - 1].strip()
        found = named(name, status)
        if found is None:
            figures[key] = NarrativeFigure(field=name.field)
        elif found.measure is None:
            figures[key] = NarrativeFigure(field=name.field, status=found.row.status)
        else:
            measure = found.measure
            value = {"value": measure.to_date, "rate": measure.percent_of_period, "target": measure.target}
            figures[key] = NarrativeFigure(field=name.field, value=value.get(name.field), unit=measure.unit)
    return Narrative(source=f"{text.path.parent.name}/{text.path.name}", text=text.text, figures=figures)


def unreported_quarters(ledger: Ledger, as_of: date) -> list[str]:
    """The quarters of `as_of`'s year ended by it for which nothing at all is recorded (a year
    before the first plan's is the plan's own, stated: none): the report says so, where it would
    otherwise read as if the figures were there."""
    if as_of.year < ledger.plans[0].plan.year:
        return []
    recorded = {figure.quarter for figure in ledger.figures}
    quarters = [Quarter(as_of.year, number) for number in (1, 2, 3, 4)]
    return [str(q) for q in quarters if q.last_day <= as_of and q not in recorded]


class _Records:
    """What the recorded figures add to a line: a milestone's day and evidence, whether a plan-year
    figure counts a quarter not approved yet."""

    def __init__(self, ledger: Ledger, as_of: date, approved: list[ApprovalEvent]) -> None:
        self.year = ledger.catalogue.plan.year
        self.owners = {i.id: i.owner for i in ledger.catalogue.indicators}
        self.done: dict[str, Figure] = {}
        # indicator -> measure -> the plan year's quarters with a figure: a line looks up its own
        # indicator, not every figure of the ledger (that scan made the html report quadratic).
        self.quarters: dict[str, dict[str | None, set[Quarter]]] = {}
        for figure in ledger.figures:
            if figure.done is not None and figure.done <= as_of:
                earlier = self.done.get(figure.indicator)
                if earlier is None or earlier.done is None or figure.done < earlier.done:
                    self.done[figure.indicator] = figure
            elif figure.value is not None and figure.quarter.year == self.year and figure.quarter.first_day <= as_of:
                self.quarters.setdefault(figure.indicator, {}).setdefault(figure.measure, set()).add(figure.quarter)
        self.approved = {(event.quarter, event.owner) for event in approved}

    def mark(self, lines: list[ReportLine]) -> list[ReportLine]:
        marked = []
        for line in lines:
            update: dict[str, object] = {}
            if line.indicator is not None and line.kind == "indicator" and line.indicator in self.done:
                figure = self.done[line.indicator]
                update |= {"done": figure.done, "evidence": figure.evidence}
            if line.has_figures and line.plan_actual is not None and line.indicator is not None:
                owner = self.owners.get(line.indicator)
                by_measure = self.quarters.get(line.indicator, {})
                quarters = set().union(*(q for m, q in by_measure.items() if line.measure in (None, m)))
                update["provisional"] = not line.plan_year_closed and any(
                    (q, owner) not in self.approved and (q, None) not in self.approved for q in quarters
                )
            marked.append(line.model_copy(update=update) if update else line)
        return marked


def _name_leads(lines: list[ReportLine], owners: dict[str, Owner]) -> None:
    """Each section line (a program line, for a program without sections) names the units leading
    the indicators under it, so the report gives each unit's full name once per section; where it
    names several, each indicator line under it names its own unit, by name as well (a document names
    a unit by its name, never by the catalogue's code: issue 30)."""
    heading: ReportLine | None = None
    under: list[tuple[int, ReportLine]] = []
    for position, line in enumerate(lines):
        if line.kind == "program" or line.kind == "section":
            heading = line
        elif line.kind == "indicator" and heading is not None and line.owner in owners:
            under.append((position, heading))
            unit = owners[line.owner]
            if all(lead.code != unit.code for lead in heading.leads):
                heading.leads.append(Unit(code=unit.code, name=unit.name_vi, name_en=unit.name_en))
    for position, heading in under:
        if len(heading.leads) > 1:
            line = lines[position]
            unit = owners[line.owner or ""]
            lead = Unit(code=unit.code, name=unit.name_vi, name_en=unit.name_en)
            lines[position] = line.model_copy(update={"show_owner": True, "leads": [lead]})


def _document(settings: DocumentSettings, number: str | None, signed: date | None) -> DocumentSettings:
    overrides: dict[str, object] = {}
    if number is not None:
        overrides["number"] = number
    if signed is not None:
        overrides["signed"] = signed
    return settings.model_copy(update=overrides)


def _indicator_lines(row: IndicatorStatus, title: str, tt: str, notes: str | None, plan_year: int) -> list[ReportLine]:
    common = dict(program=row.program, indicator=row.id)
    owner = {"owner": row.owner}
    head = dict(
        kind="indicator",
        tt=tt,
        content=title,
        level=row.level,
        deadline=row.deadline,
        status=row.status,
        overdue=row.overdue,
        days_late=row.days_late,
        notes=notes,
        **owner,
        **common,
    )
    if len(row.measures) == 1:
        return [ReportLine.model_validate({**head, **_figures(row.measures[0], plan_year)})]
    lines = [ReportLine.model_validate(head)]
    for measure in row.measures:
        lines.append(
            ReportLine.model_validate(
                {
                    "kind": "measure",
                    "tt": "",
                    "content": measure.label,
                    "level": row.level + 1,
                    "measure": measure.key,
                    "status": measure.status,
                    **common,
                    **_figures(measure, plan_year),
                }
            )
        )
    return lines


def _figures(measure: MeasureStatus, plan_year: int) -> dict[str, object]:
    percent = measure.unit.lstrip().startswith("%")
    return {
        "unit": measure.unit,
        # A share's target is a percentage of a population, while its actuals may be counts.
        "target_is_percent": percent or measure.kind is Kind.SHARE,
        "values_are_percent": percent,
        "target_is_factor": measure.kind is Kind.GROWTH,
        "target": measure.target,
        "actuals": {year: value for year, value in measure.actuals.items() if year < plan_year},
        "plan_actual": measure.plan_actual,
        "to_date": measure.to_date,
        "percent_of_period": measure.percent_of_period,
        "plan": measure.plan,
        "plan_progress": measure.plan_progress,
        "expects_figure": (measure.kind in EXPECTS_FIGURES),
        "provisional_years": [
            year for year, basis in measure.actual_basis.items() if basis is Basis.PROVISIONAL and year < plan_year
        ],
        "plan_year_closed": measure.actual_basis.get(plan_year, Basis.PROVISIONAL) is not Basis.PROVISIONAL,
    }


def _counts(code: str, name: str, name_en: str, rows: list[IndicatorStatus]) -> StatusCounts:
    tally = Counter(row.status for row in rows)
    return StatusCounts(code=code, name=name, name_en=name_en, counts={s: tally[s] for s in Status if tally[s]})

"""The ledger laid out as tables with keys: every yearly plan, every record, every approval, and the
status rows `kpi status` computes for the reporting date.

The tables are data (names, typed columns, keys, rows); the writers in this package turn them into
CSV with a Table Schema and into SQLite. Column names and descriptions are English and stable: other
tools read them. Numbers stay Decimal here, so each writer can write their exact text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from kpi.compute.asof import AsOfSource, ReportingDate
from kpi.compute.status import compute_status
from kpi.compute.status_rows import StatusReport
from kpi.errors import DataError
from kpi.files.approvals_file import load_approvals
from kpi.files.catalogue import read_actuals
from kpi.files.datadir import ACTUALS_DIR, actuals_files
from kpi.ledger.load import Ledger
from kpi.ledger.plans import plan_for_year
from kpi.ledger.rules import resolve_measure
from kpi.ledger.year_actuals import Basis, stated_basis
from kpi.model.models import Catalogue, in_language
from kpi.model.vocabulary import Kind, Status

ColumnType = Literal["string", "integer", "number", "boolean", "date", "datetime"]
"""Table Schema's names: `number` is an exact decimal (Decimal in memory, its text on disk)."""

Cell = str | int | Decimal | bool | date | datetime | None

_KINDS = tuple(kind.value for kind in Kind)
_STATUSES = tuple(status.value for status in Status)
_QUARTER = r"^[0-9]{4}-Q[1-4]$"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rows: list[tuple[Cell, ...]] = field(default_factory=list)

    def add(self, **cells: Cell) -> None:
        """One row, by column name; every column must be given."""
        self.rows.append(tuple(cells.pop(column.name) for column in self.columns))
        assert not cells, f"no such columns in {self.name}: {sorted(cells)}"


@dataclass
class Export:
    as_of: date
    source: AsOfSource | None
    plan_year: int
    title: str
    tables: list[Table]

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)


def _c(name: str, kind: ColumnType, description: str, **options: Any) -> Column:
    return Column(name, kind, description, **options)


def _key(*names: str) -> tuple[str, ...]:
    return names


PLAN_YEAR = _c("plan_year", "integer", "Year of the yearly plan (plan<year>.yaml) this row belongs to", required=True)
INDICATOR = _c("indicator", "string", "Indicator ID, e.g. B.1 or D.II.1", required=True)
MEASURE = _c("measure", "string", "Measure key within the indicator, e.g. firms", required=True)


def _tables() -> list[Table]:
    """Every table, empty, in the order a reader meets them (referenced tables first)."""
    return [
        Table(
            "reporting_date",
            "The reporting date the status tables are computed at, and where it came from",
            (
                _c("as_of", "date", "The reporting date", required=True),
                _c("source", "string", "option, settings, latest_quarter, catalogue or today", required=True),
                _c("latest_quarter", "string", "The latest quarter with a recorded figure", pattern=_QUARTER),
                _c("records_after", "integer", "Records left out of status: their quarter begins after as_of"),
                _c("plan_year", "integer", "Year of the plan in force at as_of", required=True),
                _c("period_elapsed", "number", "Share of the plan period elapsed at as_of (whole quarters), 0 to 1"),
            ),
            _key("as_of"),
        ),
        Table(
            "plan_documents",
            "One row per yearly plan: its number, signing date and period",
            (
                _c("year", "integer", "The year the plan covers", required=True),
                _c("number", "string", "Number and symbol, e.g. 62/KH-SKHCN; empty while not issued"),
                _c("title", "string", "Title", required=True),
                _c("issuer", "string", "Issuing body", required=True),
                _c("governing_body", "string", "Body above the issuer"),
                _c("signed", "date", "Day signed; empty while not issued"),
                _c("period_start", "integer", "First year of the plan period", required=True),
                _c("period_end", "integer", "Last year of the plan period", required=True),
                _c("source_file", "string", "The plan's transcribed text"),
            ),
            _key("year"),
        ),
        Table(
            "owners",
            "Owner units named by each plan",
            (
                PLAN_YEAR,
                _c("owner", "string", "Unit code, e.g. QLCN", required=True),
                _c("name_vi", "string", "Name in Vietnamese", required=True),
                _c("name_en", "string", "Name in English", required=True),
            ),
            _key("plan_year", "owner"),
            (ForeignKey(("plan_year",), "plan_documents", ("year",)),),
        ),
        Table(
            "programs",
            "Programs (A-E of the appendix, S5 and S6 of the main text) of each plan",
            (
                PLAN_YEAR,
                _c("program", "string", "Program code", required=True),
                _c("title", "string", "Title verbatim from the source", required=True),
                _c("title_en", "string", "Title in English", required=True),
                _c("owner", "string", "Lead unit"),
                _c("main_text_section", "integer", "Section of part II of the main text", required=True),
            ),
            _key("plan_year", "program"),
            (ForeignKey(("plan_year",), "plan_documents", ("year",)),),
        ),
        Table(
            "catalogue",
            "Indicators of each plan, as the plan states them",
            (
                PLAN_YEAR,
                INDICATOR,
                _c("program", "string", "Program code", required=True),
                _c("section", "string", "Section of the program (I, II...)"),
                _c("tt", "string", "Row number as printed (TT)"),
                _c("parent", "string", "ID of the parent indicator in the same plan"),
                _c("title", "string", "Title verbatim from the source", required=True),
                _c("owner", "string", "Lead unit code", required=True),
                _c("co_owners", "string", "Co-owner unit codes, separated by '; '"),
                _c("partners", "string", "Co-operating bodies named in notes, separated by '; '"),
                _c("kind", "string", "What progress means: the indicator's arithmetic", required=True, choices=_KINDS),
                _c("deadline", "string", "Deadline quarter", pattern=_QUARTER),
                _c("sum_of_children", "boolean", "The source's figures are the sum of its children", required=True),
                _c("notes", "string", "The source's notes cell"),
                _c("reading", "string", "Why this reading differs from a literal transcription"),
                _c("retired", "string", "Why (and by which decision) it is no longer tracked from this plan's year"),
                _c("source_line", "integer", "Line in the source document", required=True),
                _c("source_document", "string", "The source document, when not the plan's own"),
                _c("recovered", "string", "For rows the source lost: what they were rebuilt from"),
            ),
            _key("plan_year", "indicator"),
            (
                ForeignKey(("plan_year", "program"), "programs", ("plan_year", "program")),
                ForeignKey(("plan_year", "owner"), "owners", ("plan_year", "owner")),
            ),
        ),
        Table(
            "measures",
            "The quantities each indicator tracks, with the period target as published",
            (
                PLAN_YEAR,
                INDICATOR,
                MEASURE,
                _c("label", "string", "The measure's name in Vietnamese, as a person reads it"),
                _c("label_en", "string", "The measure's name in English"),
                _c("unit", "string", "Unit as the source writes it: DN, dự án, %...", required=True),
                _c(
                    "kind",
                    "string",
                    "The measure's arithmetic (its own kind, else the indicator's)",
                    required=True,
                    choices=_KINDS,
                ),
                _c(
                    "direction",
                    "string",
                    "Thresholds: at_least, at_most or within",
                    choices=("at_least", "at_most", "within"),
                ),
                _c("upper", "number", "direction within: the top of the band"),
                _c(
                    "quantity",
                    "string",
                    "flow (summed over quarters; empty means the same for counts), stock (kept: the latest stands) "
                    "or scope (what another measure covers: not an output)",
                    choices=("flow", "stock", "scope"),
                ),
                _c("target", "number", "The period target as published (revisions in targets)"),
                _c("target_basis", "string", "How the target was derived when the source gives no single number"),
                _c("stated_to_date", "number", "Total of the years before the plan year, as the source states it"),
                _c("stated_percent", "number", "Share of the period target as the source states it, in percent"),
                _c("stated_factor", "number", "Growth factor as the source states it"),
            ),
            _key("plan_year", "indicator", "measure"),
            (ForeignKey(("plan_year", "indicator"), "catalogue", ("plan_year", "indicator")),),
        ),
        Table(
            "targets",
            "Each measure's period target: revision 0 as published, then every revision by a decision",
            (
                PLAN_YEAR,
                INDICATOR,
                MEASURE,
                _c("revision", "integer", "0: as published; 1, 2...: revisions, oldest first", required=True),
                _c("target", "number", "The target from `effective` on", required=True),
                _c("previous", "number", "The target in force before this revision"),
                _c("effective", "date", "First day this target is in force; empty for the published one"),
                _c("decision", "string", "Number of the decision that revised it"),
                _c("decided", "date", "Date of that decision"),
            ),
            _key("plan_year", "indicator", "measure", "revision"),
            (ForeignKey(("plan_year", "indicator", "measure"), "measures", ("plan_year", "indicator", "measure")),),
        ),
        Table(
            "plans",
            "Planned figure of each measure by year, as each yearly plan states it",
            (
                PLAN_YEAR,
                INDICATOR,
                MEASURE,
                _c("year", "integer", "The year planned for", required=True),
                _c("planned", "number", "The planned figure; empty: a plan figure still to be filled in"),
            ),
            _key("plan_year", "indicator", "measure", "year"),
            (ForeignKey(("plan_year", "indicator", "measure"), "measures", ("plan_year", "indicator", "measure")),),
        ),
        Table(
            "stated_actuals",
            "Official year-end actuals each yearly plan states, by measure and year",
            (
                PLAN_YEAR,
                INDICATOR,
                MEASURE,
                _c("year", "integer", "The year", required=True),
                _c("actual", "number", "The official figure for the year", required=True),
                _c(
                    "basis",
                    "string",
                    "How the plan's figure was obtained: official (entered by hand from the year's report) or "
                    "quarters (closed from the four quarters by kpi year close)",
                    required=True,
                    choices=("official", "quarters"),
                ),
            ),
            _key("plan_year", "indicator", "measure", "year"),
            (ForeignKey(("plan_year", "indicator", "measure"), "measures", ("plan_year", "indicator", "measure")),),
        ),
        Table(
            "records",
            "Every figure and milestone recorded in data/actuals, whatever the reporting date",
            (
                _c("file", "string", "The actuals file, quarter/owner.yaml", required=True),
                _c("position", "integer", "Position of the record in the file, from 1", required=True),
                _c("quarter", "string", "The quarter reported", required=True, pattern=_QUARTER),
                _c("owner", "string", "The unit whose file holds it", required=True),
                _c("plan_year", "integer", "Year of the plan the quarter is read against", required=True),
                INDICATOR,
                _c(
                    "measure",
                    "string",
                    "Measure key (in measures, with plan_year and indicator); empty for a milestone done",
                ),
                _c("value", "number", "The quarter's figure, in the measure's unit; empty for a milestone done"),
                _c("done", "date", "Milestones: the day it was done"),
                _c("evidence", "string", "E.g. the number of the approving decision"),
                _c("note", "string", "Note"),
                _c("source", "string", "Where the figure comes from"),
                _c("recorded_by", "string", "Who recorded it"),
                _c("recorded_at", "datetime", "When it was recorded"),
                _c(
                    "received_on",
                    "date",
                    "The day the unit sent it, when before it was recorded (on time is judged by it)",
                ),
                _c(
                    "arrived_on",
                    "date",
                    "The day it came in, as kpi reporting judges on time: received_on, else the first recorded_at",
                ),
                _c(
                    "replaced",
                    "integer",
                    "How many earlier figures it replaced (kept in the file's history)",
                    required=True,
                ),
            ),
            _key("file", "position"),
            (ForeignKey(("plan_year", "indicator"), "catalogue", ("plan_year", "indicator")),),
        ),
        Table(
            "approvals",
            "Quarters approved and reopened (data/approvals.yaml), oldest first",
            (
                _c("event", "integer", "Position of the event in the file, from 1", required=True),
                _c("action", "string", "approve or reopen", required=True, choices=("approve", "reopen")),
                _c("quarter", "string", "The quarter", required=True, pattern=_QUARTER),
                _c("owner", "string", "The unit; empty: every unit of the quarter"),
                _c("person", "string", "Who approved or reopened it", required=True),
                _c("at", "datetime", "When", required=True),
                _c("reason", "string", "Why a quarter was reopened"),
            ),
            _key("event"),
        ),
        Table(
            "approval_files",
            "The files each approval froze, with their SHA-256",
            (
                _c("event", "integer", "The approval (approvals.event)", required=True),
                _c("file", "string", "The actuals file, quarter/owner.yaml", required=True),
                _c("sha256", "string", "SHA-256 of the file's bytes when approved", required=True),
            ),
            _key("event", "file"),
            (ForeignKey(("event",), "approvals", ("event",)),),
        ),
        Table(
            "approval_missing",
            "The units each approval made with --with-missing accepted without everything the quarter expected",
            (
                _c("event", "integer", "The approval (approvals.event)", required=True),
                _c("owner", "string", "The unit", required=True),
                _c("missing", "integer", "How many expected figures and milestones it had not sent", required=True),
                _c("expected", "integer", "How many the quarter expected of it (kpi reporting)", required=True),
            ),
            _key("event", "owner"),
            (ForeignKey(("event",), "approvals", ("event",)),),
        ),
        Table(
            "status",
            "Each indicator at the reporting date: the rows of `kpi status --format json`",
            (
                _c("as_of", "date", "The reporting date", required=True),
                PLAN_YEAR,
                INDICATOR,
                _c("program", "string", "Program code", required=True),
                _c("section", "string", "Section of the program"),
                _c("parent", "string", "Parent indicator ID"),
                _c("level", "integer", "Depth under its parents, 0 at the top", required=True),
                _c("title", "string", "Title verbatim from the source", required=True),
                _c("owner", "string", "Lead unit code", required=True),
                _c("kind", "string", "The indicator's arithmetic", required=True, choices=_KINDS),
                _c("deadline", "string", "Deadline quarter", pattern=_QUARTER),
                _c("due", "string", "Deadline, or the plan year's last quarter when none", pattern=_QUARTER),
                _c("due_assumed", "boolean", "The source gives no deadline: due is the plan year's end", required=True),
                _c("status", "string", "The indicator's status word", required=True, choices=_STATUSES),
                _c("overdue", "boolean", "Late at the reporting date", required=True),
                _c("days_late", "integer", "Days since the due quarter ended, when overdue"),
                _c("done_on", "date", "Milestones: the day recorded done"),
                _c("reason", "string", "What the status rests on, in the language of the run"),
            ),
            _key("as_of", "indicator"),
            (
                ForeignKey(("as_of",), "reporting_date", ("as_of",)),
                ForeignKey(("plan_year", "indicator"), "catalogue", ("plan_year", "indicator")),
            ),
        ),
        Table(
            "status_measures",
            "Each measure at the reporting date: the measures of `kpi status --format json`; fractions are 0 to 1",
            (
                _c("as_of", "date", "The reporting date", required=True),
                PLAN_YEAR,
                INDICATOR,
                MEASURE,
                _c("label", "string", "The measure's name in the export's language"),
                _c("unit", "string", "Unit", required=True),
                _c("kind", "string", "The measure's arithmetic", required=True, choices=_KINDS),
                _c("target", "number", "The period target in force at the reporting date"),
                _c("to_date", "number", "Cumulative: the sum to the reporting date; otherwise the latest value"),
                _c("percent_of_period", "number", "to_date / target, a fraction"),
                _c(
                    "period_elapsed",
                    "number",
                    "Share of the plan period elapsed, a fraction (a cumulative measure: at judged_at)",
                    required=True,
                ),
                _c("pace", "number", "percent_of_period / period_elapsed"),
                _c("year_progress", "number", "Annual: the latest full year against the yearly target"),
                _c("trend", "number", "Observed compound annual growth rate"),
                _c("trend_required", "number", "The compound annual growth rate the target asks for"),
                _c("trend_ratio", "number", "trend / |trend_required|, signed by direction"),
                _c("plan", "number", "The plan year's planned figure"),
                _c("plan_actual", "number", "Recorded for the plan year up to the reporting date"),
                _c("plan_progress", "number", "plan_actual / plan, a fraction"),
                _c(
                    "plan_met",
                    "boolean",
                    "The plan year's figure meets its plan; empty until it reaches the due quarter",
                ),
                _c("judged_at", "date", "Cumulative: the last day its figures cover, where its pace is judged"),
                _c("needed_per_quarter", "number", "What each remaining quarter must add to reach the target"),
                _c("status", "string", "The measure's status word", required=True, choices=_STATUSES),
                _c(
                    "reason",
                    "string",
                    "Why a figure is missing or what the status rests on, in the language of the run",
                ),
            ),
            _key("as_of", "indicator", "measure"),
            (
                ForeignKey(("as_of", "indicator"), "status", ("as_of", "indicator")),
                ForeignKey(("plan_year", "indicator", "measure"), "measures", ("plan_year", "indicator", "measure")),
            ),
        ),
        Table(
            "status_actuals",
            "Each measure's yearly actuals as the status counts them, with how each was obtained",
            (
                _c("as_of", "date", "The reporting date", required=True),
                PLAN_YEAR,
                INDICATOR,
                MEASURE,
                _c("year", "integer", "The year", required=True),
                _c("actual", "number", "The year's figure", required=True),
                _c(
                    "basis",
                    "string",
                    "official (stated in a plan, entered by hand), quarters (closed from the four quarters by kpi "
                    "year close) or provisional (from the quarters recorded so far: the year is not closed)",
                    required=True,
                    choices=("official", "quarters", "provisional"),
                ),
            ),
            _key("as_of", "indicator", "measure", "year"),
            (ForeignKey(("as_of", "indicator", "measure"), "status_measures", ("as_of", "indicator", "measure")),),
        ),
    ]


def table_names() -> list[str]:
    return [table.name for table in _tables()]


def build_export(ledger: Ledger, data_dir: Path, when: ReportingDate) -> Export:
    """Every table, filled from the ledger (every yearly plan), the actuals files, the approvals and
    the status rows at `when`, computed by the same function `kpi status` uses."""
    status = compute_status(ledger, when)
    tables = _tables()
    by_name = {table.name: table for table in tables}
    by_name["reporting_date"].add(
        as_of=when.day,
        source=when.source.value,
        latest_quarter=when.latest_quarter,
        records_after=when.records_after,
        plan_year=status.plan_year,
        period_elapsed=status.period_elapsed,
    )
    for plan in ledger.plans:
        _plan_rows(plan, by_name)
    _record_rows(ledger, data_dir, by_name["records"])
    _approval_rows(data_dir, by_name["approvals"], by_name["approval_files"], by_name["approval_missing"])
    _status_rows(status, by_name["status"], by_name["status_measures"], by_name["status_actuals"])
    return Export(
        as_of=when.day,
        source=when.source,
        plan_year=status.plan_year,
        title=ledger.catalogue.plan.title,
        tables=tables,
    )


def _joined(items: list[str]) -> str | None:
    return "; ".join(items) if items else None


def _plan_rows(catalogue: Catalogue, tables: dict[str, Table]) -> None:
    plan = catalogue.plan
    year = plan.year
    tables["plan_documents"].add(
        year=year,
        number=plan.number,
        title=plan.title,
        issuer=plan.issuer,
        governing_body=plan.governing_body,
        signed=plan.signed,
        period_start=plan.period_start,
        period_end=plan.period_end,
        source_file=plan.source_file,
    )
    for owner in catalogue.owners:
        tables["owners"].add(plan_year=year, owner=owner.code, name_vi=owner.name_vi, name_en=owner.name_en)
    for program in catalogue.programs:
        tables["programs"].add(
            plan_year=year,
            program=program.code,
            title=program.title,
            title_en=program.title_en,
            owner=program.owner,
            main_text_section=program.main_text_section,
        )
    for indicator in catalogue.indicators:
        tables["catalogue"].add(
            plan_year=year,
            indicator=indicator.id,
            program=indicator.program,
            section=indicator.section,
            tt=indicator.tt,
            parent=indicator.parent,
            title=indicator.title,
            owner=indicator.owner,
            co_owners=_joined(indicator.co_owners),
            partners=_joined(indicator.partners),
            kind=indicator.kind.value,
            deadline=str(indicator.deadline) if indicator.deadline else None,
            sum_of_children=indicator.sum_of_children,
            notes=in_language(indicator.notes, "vi"),
            reading=in_language(indicator.reading, "vi"),
            retired=indicator.retired,
            source_line=indicator.source.line,
            source_document=indicator.source.document,
            recovered=in_language(indicator.source.recovered, "vi"),
        )
        for measure in indicator.measures:
            key: dict[str, Cell] = {"plan_year": year, "indicator": indicator.id, "measure": measure.key}
            tables["measures"].add(
                **key,
                label=measure.label.vi if measure.label is not None else None,
                label_en=measure.label.en if measure.label is not None else None,
                unit=measure.unit,
                kind=(measure.kind or indicator.kind).value,
                direction=measure.direction,
                upper=measure.upper,
                quantity=measure.quantity,
                target=measure.target,
                target_basis=measure.target_basis,
                stated_to_date=measure.stated_to_date,
                stated_percent=measure.stated_percent,
                stated_factor=measure.stated_factor,
            )
            if measure.target is not None:
                tables["targets"].add(
                    **key, revision=0, target=measure.target, previous=None, effective=None, decision=None, decided=None
                )
            for number, revision in enumerate(measure.revisions, 1):
                tables["targets"].add(
                    **key,
                    revision=number,
                    target=revision.target,
                    previous=revision.previous,
                    effective=revision.effective,
                    decision=revision.decision,
                    decided=revision.decided,
                )
            for planned_year, planned in sorted(measure.plans.items()):
                tables["plans"].add(**key, year=planned_year, planned=planned)
            for actual_year, actual in sorted(measure.actuals.items()):
                tables["stated_actuals"].add(
                    **key, year=actual_year, actual=actual, basis=stated_basis(measure, actual_year).value
                )


def _record_rows(ledger: Ledger, data_dir: Path, table: Table) -> None:
    """Each actuals file read again in full (the ledger keeps only what status needs), against the
    plan of its quarter's year, as the ledger read it; the ledger has checked every file already."""
    for path, actuals in _actuals(data_dir):
        catalogue = plan_for_year(ledger.plans, actuals.quarter.year)
        name = path.relative_to(data_dir / ACTUALS_DIR).as_posix()
        for position, record in enumerate(actuals.records, 1):
            indicator = catalogue.indicator(record.indicator)
            assert indicator is not None  # load_ledger refused the data otherwise
            measure = None if record.done is not None else resolve_measure(indicator, record.measure).key
            table.add(
                file=name,
                position=position,
                quarter=str(actuals.quarter),
                owner=actuals.owner,
                plan_year=catalogue.plan.year,
                indicator=indicator.id,
                measure=measure,
                value=record.value,
                done=record.done,
                evidence=record.evidence,
                note=record.note,
                source=record.source,
                recorded_by=record.recorded_by,
                recorded_at=record.recorded_at,
                received_on=record.received_on,
                arrived_on=record.arrived_on(),
                replaced=len(record.history),
            )


def _actuals(data_dir: Path) -> Iterator[tuple[Path, Any]]:
    for path in actuals_files(data_dir):
        read = read_actuals(path)
        if read.actuals is None or read.findings:
            raise DataError(read.findings)
        yield path, read.actuals


def _approval_rows(data_dir: Path, approvals: Table, files: Table, missing: Table) -> None:
    for number, event in enumerate(load_approvals(data_dir), 1):
        approvals.add(
            event=number,
            action=event.action,
            quarter=str(event.quarter),
            owner=event.owner,
            person=event.by,
            at=event.at,
            reason=event.reason,
        )
        for name, digest in sorted(event.files.items()):
            files.add(event=number, file=name, sha256=digest)
        for unit in event.missing:
            missing.add(event=number, owner=unit.owner, missing=unit.missing, expected=unit.expected)


def _status_rows(report: StatusReport, indicators: Table, measures: Table, actuals: Table) -> None:
    """The status rows as `kpi status --format json` dumps them, field for field: no arithmetic here."""
    for row in report.rows:
        fields = row.model_dump(exclude={"measures", "id"})
        indicators.add(as_of=report.as_of, plan_year=report.plan_year, indicator=row.id, **_plain(fields))
        for measure in row.measures:
            values = measure.model_dump(exclude={"key", "actuals", "actual_basis", "quarters"})
            measures.add(
                as_of=report.as_of, plan_year=report.plan_year, indicator=row.id, measure=measure.key, **_plain(values)
            )
            for year, actual in sorted(measure.actuals.items()):
                basis = measure.actual_basis.get(year, Basis.OFFICIAL)
                actuals.add(
                    as_of=report.as_of,
                    plan_year=report.plan_year,
                    indicator=row.id,
                    measure=measure.key,
                    year=year,
                    actual=actual,
                    basis=basis.value,
                )


def _plain(fields: dict[str, Any]) -> dict[str, Cell]:
    return {name: value.value if isinstance(value, Enum) else value for name, value in fields.items()}

"""The ledger laid out as tables with keys: every yearly plan, every record, every approval, and the
status rows `kpi status` computes for the reporting date.

Each column is declared once, here: its name, type, description and, where the row's source does
not hold it under the same name, how its cell is read (`get`); filling a table (`kpi.exports.build`),
its Table Schema and its SQLite table are derived from that. The writers in this package turn them into
CSV with a Table Schema and into SQLite. Column names and descriptions are English and stable: other
tools read them. Numbers stay Decimal here, so each writer can write their exact text.
"""

from __future__ import annotations

from typing import Any

from kpi.exports.table import Column, ColumnType, ForeignKey, Table
from kpi.model.models import in_language
from kpi.model.vocabulary import Kind, Status

_KINDS = tuple(kind.value for kind in Kind)
_STATUSES = tuple(status.value for status in Status)
_QUARTER = r"^[0-9]{4}-Q[1-4]$"


def _c(name: str, kind: ColumnType, description: str, **options: Any) -> Column:
    return Column(name, kind, description, **options)


def _key(*names: str) -> tuple[str, ...]:
    return names


PLAN_YEAR = _c("plan_year", "integer", "Year of the yearly plan (plan<year>.yaml) this row belongs to", required=True)
INDICATOR = _c("indicator", "string", "Indicator ID, e.g. B.1 or D.II.1", required=True)
MEASURE = _c("measure", "string", "Measure key within the indicator, e.g. firms", required=True)


def empty_tables() -> list[Table]:
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
                _c("co_owners", "string", "Co-owner unit codes, separated by '; '", get=lambda r: _joined(r.co_owners)),
                _c(
                    "partners",
                    "string",
                    "Co-operating bodies named in notes, separated by '; '",
                    get=lambda r: _joined(r.partners),
                ),
                _c("kind", "string", "What progress means: the indicator's arithmetic", required=True, choices=_KINDS),
                _c(
                    "deadline",
                    "string",
                    "Deadline quarter",
                    pattern=_QUARTER,
                    get=lambda r: r.deadline and str(r.deadline),
                ),
                _c("sum_of_children", "boolean", "The source's figures are the sum of its children", required=True),
                _c("notes", "string", "The source's notes cell", get=lambda r: in_language(r.notes, "vi")),
                _c(
                    "reading",
                    "string",
                    "Why this reading differs from a literal transcription",
                    get=lambda r: in_language(r.reading, "vi"),
                ),
                _c("retired", "string", "Why (and by which decision) it is no longer tracked from this plan's year"),
                _c("source_line", "integer", "Line in the source document", required=True, get=lambda r: r.source.line),
                _c(
                    "source_document",
                    "string",
                    "The source document, when not the plan's own",
                    get=lambda r: r.source.document,
                ),
                _c(
                    "recovered",
                    "string",
                    "For rows the source lost: what they were rebuilt from",
                    get=lambda r: in_language(r.source.recovered, "vi"),
                ),
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
                _c(
                    "label",
                    "string",
                    "The measure's name in Vietnamese, as a person reads it",
                    get=lambda r: r.label and r.label.vi,
                ),
                _c("label_en", "string", "The measure's name in English", get=lambda r: r.label and r.label.en),
                _c("unit", "string", "Unit as the source writes it: DN, dự án, %...", required=True),
                _c(
                    "kind",
                    "string",
                    "The measure's arithmetic (its own kind, else the indicator's)",
                    required=True,
                    choices=_KINDS,
                    get=lambda r: r.kind or r.of.kind,
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
                    get=lambda r: r.arrived_on(),
                ),
                _c(
                    "replaced",
                    "integer",
                    "How many earlier figures it replaced (kept in the file's history)",
                    required=True,
                    get=lambda r: len(r.history),
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
                _c("person", "string", "Who approved or reopened it", required=True, get=lambda r: r.by),
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
    return [table.name for table in empty_tables()]


def _joined(items: list[str]) -> str | None:
    return "; ".join(items) if items else None

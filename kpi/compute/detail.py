"""`kpi show`: one indicator or task in full, every figure with its arithmetic written out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from kpi.compute.asof import ReportingDate
from kpi.compute.status import compute_status, indicator_row
from kpi.compute.status_rows import IndicatorStatus, MeasureStatus
from kpi.errors import UsageError
from kpi.files.catalogue import find_task, nearest_ids, task_owners, task_section
from kpi.i18n import _, language, ngettext
from kpi.ledger.arithmetic import as_percent, show, stated_versus_computed, written
from kpi.ledger.load import Ledger
from kpi.ledger.year_actuals import Basis, provisional_years
from kpi.model.dates import written_date
from kpi.model.models import AppendixCells, Indicator, Measure, TargetRevision, Task, in_language, measure_label
from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Kind, Status
from kpi.model.words import kind_word


def _steps(plan_year: int) -> dict[str, str]:
    """What each step of the arithmetic is called where a person reads it (`percent of period: ...`)."""
    return {
        "actuals": _("actuals"),
        "recorded": _("recorded"),
        "target": _("target"),
        "to_date": _("to date"),
        "percent_of_period": _("percent of period"),
        "period_elapsed": _("period elapsed"),
        "pace": _("pace"),
        "still_needed": _("still needed"),
        "year_progress": _("latest full year against its target"),
        "trend": _("yearly growth against the rate needed (R)"),
        # Keyed by year, as the plan names its column: plan_<year>.
        f"plan_{plan_year}": _("{year} plan").format(year=plan_year),
        "note": _("note"),
    }


def source_cells(cells: AppendixCells) -> list[tuple[str, str, str]]:
    """The source's appendix cells in the order of its columns, as (field, label, verbatim text):
    the yearly columns named by year (`actual_<year>`, `Actual <year>`), empty cells left out."""
    labels = {
        "tt": _("No."),
        "content": _("Content"),
        "target": _("target"),
        "rate": _("rate achieved"),
        "deadline": _("Deadline"),
        "notes": _("Notes"),
    }
    out: list[tuple[str, str, str]] = []
    for name, value in cells:
        if name == "actuals":
            out += [(f"actual_{year}", _("Actual {year}").format(year=year), text) for year, text in value.items()]
        elif name == "plans":
            out += [(f"plan_{year}", _("{year} plan").format(year=year), text) for year, text in value.items()]
        elif value:
            out.append((name, labels[name], value))
    return [(name, label, text) for name, label, text in out if text]


def _status(status: Status) -> str:
    from kpi.model.words import status_word

    return status_word(status, language())


class Detail(BaseModel):
    model_config = ConfigDict(frozen=True)

    indicator: Indicator
    status: IndicatorStatus
    arithmetic: dict[str, dict[str, str]] = Field(
        description="By measure, each step of the arithmetic (fixed English keys) and its sum written out"
    )
    warnings: list[str]
    source_text: list[str]
    plan_year: int = Field(description="Year of the plan in force at the reporting date")
    revisions: list[str] = Field(default_factory=list, description="Every revision of a target, oldest first")
    reporting_date: ReportingDate | None = None

    def lines(self) -> list[str]:
        i, s = self.indicator, self.status
        owner = (
            _("owner {owner} (with {co_owners})").format(owner=i.owner, co_owners=", ".join(i.co_owners))
            if i.co_owners
            else _("owner {owner}").format(owner=i.owner)
        )
        out = [
            f"{i.id}  {s.title}",  # as the errata read it, as everywhere; the source's cells below quote it verbatim
            "  "
            + _("program {program}, section {section}, kind {kind}, {owner}").format(
                program=i.program, section=i.section or "–", kind=kind_word(i.kind), owner=owner
            ),
        ]
        if i.partners:
            out.append("  " + _("partners: {partners}").format(partners=", ".join(i.partners)))
        if i.retired:
            out.append("  " + _("retired in the {year} plan: {why}").format(year=self.plan_year, why=i.retired))
        standing = _("deadline {quarter}; status: {status}").format(
            quarter=quarter_words(s.deadline) or "–", status=_status(s.status)
        )
        if s.days_late:
            standing += ", " + ngettext("{days} day late", "{days} days late", s.days_late).format(days=s.days_late)
        out.append("  " + standing + (f" ({s.reason})" if s.reason else ""))
        out.append(
            "  "
            + (_("source: line {line} (recovered)") if i.source.recovered else _("source: line {line}")).format(
                line=i.source.line
            )
        )
        if i.source.cells:
            out += [f"    {label}: {value}" for _name, label, value in source_cells(i.source.cells)]
        else:
            out += [f"    {line}" for line in self.source_text]
        if i.source.recovered:
            out.append("    " + _("recovered: {how}").format(how=in_language(i.source.recovered)))
        steps = _steps(self.plan_year)
        for measure in s.measures:
            out.append(
                "  "
                + _("measure “{label}” ({unit}, {kind}): {status}").format(
                    label=measure.label, unit=measure.unit, kind=kind_word(measure.kind), status=_status(measure.status)
                )
            )
            out += [f"    {steps[step]}: {text}" for step, text in self.arithmetic.get(measure.key, {}).items()]
        out += ["  " + _("target revised: {revision}").format(revision=r) for r in self.revisions]
        out += ["  " + _("warning: {message}").format(message=w) for w in self.warnings]
        if i.notes:
            out.append("  " + _("notes: {notes}").format(notes=in_language(i.notes)))
        if i.reading:
            out.append("  " + _("reading: {reading}").format(reading=in_language(i.reading)))
        return out

    def fields(self) -> list[tuple[str, str]]:
        """The same facts as (field, value) rows, for a key/value table (markdown, CSV...)."""
        i, s = self.indicator, self.status
        rows = [
            ("id", i.id),
            ("title", i.title),
            ("program", i.program),
            ("section", i.section or ""),
            ("kind", i.kind.value),
            ("owner", i.owner),
            ("co_owners", ", ".join(i.co_owners)),
            ("partners", ", ".join(i.partners)),
            ("deadline", str(s.deadline or "")),
            ("status", s.status.value),
            ("days_late", str(s.days_late or "")),
            ("reason", s.reason or ""),
            ("source_line", str(i.source.line)),
            ("recovered", in_language(i.source.recovered) or ""),
        ]
        rows += [
            (f"source.{name}", value)
            for name, _label, value in (
                source_cells(i.source.cells) if i.source.cells else [("text", "", i.source.text or "")]
            )
            if value
        ]
        for measure in s.measures:
            rows.append((f"{measure.key}.status", measure.status.value))
            rows.append((f"{measure.key}.unit", measure.unit))
            rows += [(f"{measure.key}.{step}", text) for step, text in self.arithmetic.get(measure.key, {}).items()]
        rows += [("revision", revision) for revision in self.revisions]
        rows += [("warning", warning) for warning in self.warnings]
        rows.append(("notes", in_language(i.notes) or ""))
        rows.append(("reading", in_language(i.reading) or ""))
        rows.append(("retired", i.retired or ""))
        return [(name, value) for name, value in rows if value]


class TaskDetail(BaseModel):
    """A numbered task of the plan's main text, with the indicators that measure it as they stand."""

    model_config = ConfigDict(frozen=True)

    task: Task
    section: int
    programs: list[str]
    owners: list[str]
    measured_by: list[IndicatorStatus]
    reporting_date: ReportingDate | None = None

    def lines(self) -> list[str]:
        t = self.task
        out = [
            _("{id}  task of section {section} of the plan's main text").format(id=t.id, section=self.section),
            "  "
            + _("program {programs}, owner {owners}").format(
                programs=", ".join(self.programs) or "–", owners=", ".join(self.owners) or "–"
            ),
        ]
        if t.deadline is not None:
            out.append("  " + _("deadline {quarter}").format(quarter=quarter_words(t.deadline)))
        out.append("  " + _("source: line {line}").format(line=t.line))
        out += [f"    {line}" for line in t.text.split("\n")]
        out.append("  " + _("measured by:"))
        out += [f"    {status_line(row)}" for row in self.measured_by]
        return out

    def fields(self) -> list[tuple[str, str]]:
        t = self.task
        rows = [
            ("id", t.id),
            ("section", str(self.section)),
            ("program", ", ".join(self.programs)),
            ("owner", ", ".join(self.owners)),
            ("deadline", str(t.deadline or "")),
            ("source_line", str(t.line)),
            ("text", t.text),
        ]
        rows += [(f"measured_by.{row.id}", status_line(row).removeprefix(row.id).strip()) for row in self.measured_by]
        return [(name, value) for name, value in rows if value]


def status_line(row: IndicatorStatus) -> str:
    """`B.9  Đào tạo cộng đồng…: pending (no period target…)`: one indicator as it stands."""
    late = (
        ", " + ngettext("{days} day late", "{days} days late", row.days_late).format(days=row.days_late)
        if row.days_late
        else ""
    )
    reason = f" ({row.reason})" if row.reason else ""
    return f"{row.id}  {row.title}: {_status(row.status)}{late}{reason}"


def lookup(ledger: Ledger, wanted: str, as_of: date) -> Detail | TaskDetail:
    """An indicator or a task by ID, any case; an unknown ID is refused with the nearest ones."""
    ledger = ledger.in_force(as_of)
    if ledger.indicator(wanted) is None and find_task(ledger.catalogue, wanted) is not None:
        return describe_task(ledger, wanted, as_of)
    return describe(ledger, wanted, as_of)


def describe_task(ledger: Ledger, task_id: str, as_of: date) -> TaskDetail:
    ledger = ledger.in_force(as_of)
    catalogue = ledger.catalogue
    task = find_task(catalogue, task_id)
    if task is None:
        raise unknown_id(ledger, task_id)
    rows = {row.id: row for row in compute_status(ledger, as_of).rows}
    measured = [rows[i.id] for i in map(catalogue.indicator, task.measured_by) if i is not None and i.id in rows]
    programs = list(dict.fromkeys(row.program for row in measured))
    return TaskDetail(
        task=task,
        section=task_section(task),
        programs=programs,
        owners=task_owners(catalogue, task),
        measured_by=measured,
    )


def unknown_id(ledger: Ledger, wanted: str) -> UsageError:
    """`no indicator 'B.11.3'; did you mean B.11.1?`, or a pointer to `kpi find` when nothing is close."""
    what = (
        _("no task '{id}'")
        if wanted.strip()[:1] in ("T", "t") and wanted.strip()[1:2].isdigit()
        else _("no indicator '{id}'")
    ).format(id=wanted)
    near = nearest_ids(ledger.catalogue, wanted)
    if near:
        return UsageError(what + "; " + _("did you mean {ids}?").format(ids=", ".join(near)))
    return UsageError(what + "; " + _("`kpi find WORDS` searches the titles"))


def describe(ledger: Ledger, indicator_id: str, as_of: date) -> Detail:
    ledger = ledger.in_force(as_of)
    indicator = ledger.indicator(indicator_id)
    if indicator is None:
        raise unknown_id(ledger, indicator_id)
    row = indicator_row(ledger, indicator, as_of)
    cells = indicator.source.cells
    source_text = (
        [f"{name}: {value}" for name, _label, value in source_cells(cells)]
        if cells
        else (indicator.source.text or "").split("\n")
    )
    measures = {m.key: m for m in indicator.measures}
    return Detail(
        indicator=indicator,
        status=row,
        source_text=source_text,
        arithmetic={m.key: spell_out(m, ledger.catalogue.plan.year, as_of) for m in row.measures},
        plan_year=ledger.catalogue.plan.year,
        revisions=[_revision_text(m, r) for m in indicator.measures for r in m.revisions],
        warnings=[f"{key}: {message}" for m in measures.values() for key, message in stated_versus_computed(m)],
    )


def spell_out(measure: MeasureStatus, plan_year: int, as_of: date | None = None) -> dict[str, str]:
    """The sums behind each figure, by step, in the run's language: `3.989 / 10.000 = 39,89%`. A full
    year not closed yet is marked `2018 2.400 (tạm tính)`, an official one says where it came from."""
    fmt = written
    provisional = set(provisional_years(measure.actual_basis, as_of)) if as_of is not None else set()

    def pct(value: Decimal) -> str:
        return as_percent(value * 100)

    steps: dict[str, str] = {}
    if measure.actuals:
        marks = {  # how each year's figure was obtained, said beside it
            Basis.OFFICIAL: _("(official, stated by the plan)"),
            Basis.QUARTERS: _("(official, closed from its quarters)"),
        }

        def mark(year: int) -> str:
            if year in provisional:
                return " " + _("(provisional)")
            how = measure.actual_basis.get(year)
            return " " + marks[how] if how in marks else ""

        steps["actuals"] = ", ".join(f"{year} {fmt(v)}{mark(year)}" for year, v in measure.actuals.items())
    if measure.quarters:
        steps["recorded"] = ", ".join(f"{quarter_words(q)} {fmt(v)}" for q, v in measure.quarters.items())
    if measure.target is not None:
        steps["target"] = ("×" if measure.kind is Kind.GROWTH else "") + fmt(measure.target)
    if measure.to_date is not None and len(measure.actuals) > 1 and measure.percent_of_period is not None:
        steps["to_date"] = f"{' + '.join(fmt(v) for v in measure.actuals.values())} = {fmt(measure.to_date)}"
    if measure.percent_of_period is not None and measure.target and measure.to_date is not None:
        steps["percent_of_period"] = (
            f"{fmt(measure.to_date)} / {fmt(measure.target)} = {pct(measure.percent_of_period)}"
        )
        steps["period_elapsed"] = pct(measure.period_elapsed)
        steps["pace"] = (
            f"{pct(measure.percent_of_period)} / {pct(measure.period_elapsed)} = "
            f"{show(measure.pace, 3) if measure.pace is not None else '–'}"
        )
    if measure.needed_per_quarter is not None and measure.target is not None and measure.to_date is not None:
        steps["still_needed"] = _("({target} - {to_date}) per remaining quarter = {needed}").format(
            target=fmt(measure.target), to_date=fmt(measure.to_date), needed=show(measure.needed_per_quarter, 2)
        )
    if measure.year_progress is not None:
        steps["year_progress"] = pct(measure.year_progress)
    if measure.trend is not None and measure.trend_required is not None and measure.trend_ratio is not None:
        lower_is_better = measure.trend and measure.trend_ratio and (measure.trend > 0) != (measure.trend_ratio > 0)
        sign = "-" if lower_is_better else ""  # lower is better: falling is progress
        steps["trend"] = (
            f"{sign}{pct(measure.trend)} / |{pct(measure.trend_required)}| = {show(measure.trend_ratio, 2)}"
        )
    if measure.plan is not None:
        # Nothing reported for the plan year is not 0: it reads "not reported / 100".
        done = _("not reported") if measure.plan_actual is None else fmt(measure.plan_actual)
        progress = f" = {pct(measure.plan_progress)}" if measure.plan_progress is not None else ""
        steps[f"plan_{plan_year}"] = f"{done} / {fmt(measure.plan)}{progress}"
    if measure.reason:
        steps["note"] = measure.reason
    return steps


def _revision_text(measure: Measure, revision: TargetRevision) -> str:
    """`firms: 10.000 → 12.000 from 01/03/2019 (decision 123/QĐ-UBND of 15/02/2019)`."""
    return _("{measure}: {previous} → {target} from {effective} (decision {decision} of {decided})").format(
        measure=measure_label(measure),
        previous=written(revision.previous),
        target=written(revision.target),
        effective=written_date(revision.effective),
        decision=revision.decision,
        decided=written_date(revision.decided),
    )

"""`kpi show`: one indicator or task in full, every figure with its arithmetic written out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from kpi.arithmetic import show, stated_versus_computed
from kpi.asof import ReportingDate
from kpi.catalogue import find_task, nearest_ids, task_owners, task_section
from kpi.errors import UsageError
from kpi.i18n import _
from kpi.ledger import Ledger
from kpi.models import Indicator, Task
from kpi.numbers import format_en_number, format_vn_number
from kpi.status import IndicatorStatus, MeasureStatus, compute_status


class Detail(BaseModel):
    model_config = ConfigDict(frozen=True)

    indicator: Indicator
    status: IndicatorStatus
    arithmetic: dict[str, list[str]]
    warnings: list[str]
    source_text: list[str]
    reporting_date: ReportingDate | None = None

    def lines(self) -> list[str]:
        i, s = self.indicator, self.status
        out = [f"{i.id}  {i.title}", f"  program {i.program}, section {i.section or '–'}, kind {i.kind.value}, "
                                    f"owner {i.owner}" + (f" (with {', '.join(i.co_owners)})" if i.co_owners else "")]
        if i.partners:
            out.append(f"  partners: {', '.join(i.partners)}")
        out.append(f"  deadline {s.deadline or '–'}; status as of now: {s.status.value}"
                   + (f", {s.days_late} days late" if s.days_late else "") + (f" ({s.reason})" if s.reason else ""))
        out.append(f"  source: line {i.source.line}" + (" (recovered)" if i.source.recovered else ""))
        out += [f"    {line}" for line in self.source_text]
        if i.source.recovered:
            out.append(f"    recovered: {i.source.recovered}")
        for measure in s.measures:
            out.append(f"  measure {measure.key} ({measure.unit}, {measure.kind.value}): {measure.status.value}")
            out += [f"    {line}" for line in self.arithmetic.get(measure.key, [])]
        out += [f"  warning: {w}" for w in self.warnings]
        if i.notes:
            out.append(f"  notes: {i.notes}")
        return out

    def fields(self) -> list[tuple[str, str]]:
        """The same facts as (field, value) rows, for a key/value table (markdown, CSV...)."""
        i, s = self.indicator, self.status
        rows = [("id", i.id), ("title", i.title), ("program", i.program), ("section", i.section or ""),
                ("kind", i.kind.value), ("owner", i.owner), ("co_owners", ", ".join(i.co_owners)),
                ("partners", ", ".join(i.partners)), ("deadline", str(s.deadline or "")),
                ("status", s.status.value), ("days_late", str(s.days_late or "")), ("reason", s.reason or ""),
                ("source_line", str(i.source.line)), ("recovered", i.source.recovered or "")]
        rows += [(f"source.{name}", value) for name, value in
                 (i.source.cells.model_dump().items() if i.source.cells else [("text", i.source.text)]) if value]
        for measure in s.measures:
            rows.append((f"{measure.key}.status", measure.status.value))
            rows.append((f"{measure.key}.unit", measure.unit))
            for line in self.arithmetic.get(measure.key, []):
                name, _sep, value = line.partition(": ")
                rows.append((f"{measure.key}.{name.replace(' ', '_')}", value))
        rows += [("warning", warning) for warning in self.warnings]
        rows.append(("notes", i.notes or ""))
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
        out = [_("{id}  task of section {section} of the plan's main text").format(id=t.id, section=self.section),
               "  " + _("program {programs}, owner {owners}").format(programs=", ".join(self.programs) or "–",
                                                                   owners=", ".join(self.owners) or "–")]
        if t.deadline is not None:
            out.append("  " + _("deadline {quarter}").format(quarter=t.deadline))
        out.append("  " + _("source: line {line}").format(line=t.line))
        out += [f"    {line}" for line in t.text.split("\n")]
        out.append("  " + _("measured by:"))
        out += [f"    {status_line(row)}" for row in self.measured_by]
        return out

    def fields(self) -> list[tuple[str, str]]:
        t = self.task
        rows = [("id", t.id), ("section", str(self.section)), ("program", ", ".join(self.programs)),
                ("owner", ", ".join(self.owners)), ("deadline", str(t.deadline or "")), ("source_line", str(t.line)),
                ("text", t.text)]
        rows += [(f"measured_by.{row.id}", status_line(row).removeprefix(row.id).strip()) for row in self.measured_by]
        return [(name, value) for name, value in rows if value]


def status_line(row: IndicatorStatus) -> str:
    """`B.9  Đào tạo cộng đồng…: pending (no period target…)`: one indicator as it stands."""
    late = _(", {days} days late").format(days=row.days_late) if row.days_late else ""
    reason = f" ({row.reason})" if row.reason else ""
    return f"{row.id}  {row.title}: {row.status.value}{late}{reason}"


def lookup(ledger: Ledger, wanted: str, as_of: date, lang: str = "vi") -> Detail | TaskDetail:
    """An indicator or a task by ID, any case; an unknown ID is refused with the nearest ones."""
    if ledger.indicator(wanted) is None and find_task(ledger.catalogue, wanted) is not None:
        return describe_task(ledger, wanted, as_of)
    return describe(ledger, wanted, as_of, lang)


def describe_task(ledger: Ledger, task_id: str, as_of: date) -> TaskDetail:
    catalogue = ledger.catalogue
    task = find_task(catalogue, task_id)
    if task is None:
        raise unknown_id(ledger, task_id)
    rows = {row.id: row for row in compute_status(ledger, as_of).rows}
    measured = [rows[i.id] for i in map(catalogue.indicator, task.measured_by) if i is not None and i.id in rows]
    programs = list(dict.fromkeys(row.program for row in measured))
    return TaskDetail(task=task, section=task_section(task), programs=programs,
                      owners=task_owners(catalogue, task), measured_by=measured)


def unknown_id(ledger: Ledger, wanted: str) -> UsageError:
    """`no indicator 'B.11.3'; did you mean B.11.1?`, or a pointer to `kpi find` when nothing is close."""
    what = (_("no task '{id}'") if wanted.strip()[:1] in ("T", "t") and wanted.strip()[1:2].isdigit()
            else _("no indicator '{id}'")).format(id=wanted)
    near = nearest_ids(ledger.catalogue, wanted)
    if near:
        return UsageError(what + "; " + _("did you mean {ids}?").format(ids=", ".join(near)))
    return UsageError(what + "; " + _("`kpi find WORDS` searches the titles"))


def describe(ledger: Ledger, indicator_id: str, as_of: date, lang: str = "vi") -> Detail:
    indicator = ledger.indicator(indicator_id)
    if indicator is None:
        raise unknown_id(ledger, indicator_id)
    row = next(r for r in compute_status(ledger, as_of).rows if r.id == indicator.id)
    cells = indicator.source.cells
    source_text = ([f"{name}: {value}" for name, value in cells.model_dump().items() if value] if cells
                   else (indicator.source.text or "").split("\n"))
    measures = {m.key: m for m in indicator.measures}
    return Detail(
        indicator=indicator, status=row, source_text=source_text,
        arithmetic={m.key: spell_out(m, lang) for m in row.measures},
        warnings=[f"{key}: {message}" for m in measures.values() for key, message in stated_versus_computed(m)],
    )


def spell_out(measure: MeasureStatus, lang: str = "vi") -> list[str]:
    """The sums behind each figure: `3.989 / 10.000 = 39,89 %`."""
    fmt = format_vn_number if lang == "vi" else format_en_number

    def pct(value: Decimal) -> str:
        return show(value * 100, 2, lang) + " %"

    lines = []
    if measure.actuals:
        lines.append("actuals: " + ", ".join(f"{year} {fmt(v)}" for year, v in measure.actuals.items()))
    if measure.quarters:
        lines.append("recorded: " + ", ".join(f"{q} {fmt(v)}" for q, v in measure.quarters.items()))
    if measure.target is not None:
        lines.append(f"target: {fmt(measure.target)}")
    if measure.to_date is not None and len(measure.actuals) > 1 and measure.percent_of_period is not None:
        lines.append(f"to date: {' + '.join(fmt(v) for v in measure.actuals.values())} = {fmt(measure.to_date)}")
    if measure.percent_of_period is not None and measure.target and measure.to_date is not None:
        lines.append(f"percent of period: {fmt(measure.to_date)} / {fmt(measure.target)} = "
                     f"{pct(measure.percent_of_period)}")
        lines.append(f"period elapsed: {pct(measure.period_elapsed)}; pace: {pct(measure.percent_of_period)} / "
                     f"{pct(measure.period_elapsed)} = {show(measure.pace, 3, lang) if measure.pace is not None else '–'}")
    if measure.needed_per_quarter is not None and measure.target is not None and measure.to_date is not None:
        lines.append(f"still needed: ({fmt(measure.target)} - {fmt(measure.to_date)}) per remaining quarter = "
                     f"{show(measure.needed_per_quarter, 2, lang)}")
    if measure.year_progress is not None:
        lines.append(f"latest full year against its target: {pct(measure.year_progress)}")
    if measure.plan_2018 is not None:
        done = measure.actual_2018 or Decimal(0)
        progress = f" = {pct(measure.plan_2018_progress)}" if measure.plan_2018_progress is not None else ""
        lines.append(f"2018 plan: {fmt(done)} / {fmt(measure.plan_2018)}{progress}")
    if measure.reason:
        lines.append(f"note: {measure.reason}")
    return lines

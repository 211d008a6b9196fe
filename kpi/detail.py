"""`kpi show`: one indicator in full, every figure with its arithmetic written out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from kpi.arithmetic import show, stated_versus_computed
from kpi.asof import ReportingDate
from kpi.errors import UsageError
from kpi.ledger import Ledger
from kpi.models import Indicator
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


def describe(ledger: Ledger, indicator_id: str, as_of: date, lang: str = "vi") -> Detail:
    indicator = ledger.indicator(indicator_id)
    if indicator is None:
        raise UsageError(f"no indicator '{indicator_id}'; try `kpi find`")
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

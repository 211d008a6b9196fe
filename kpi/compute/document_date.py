"""The date a document judges at: a report speaks of a period, and is signed after it.

A report dated 05/07/2018 reports the figures to 30/06/2018 (the last quarter ended before its
date, unless `--as-of` says otherwise), and judges lateness at the close of that period: a
deadline that fell within the period (its quarter ended by 30/06/2018) and was not recorded met
by 30/06/2018 is late, and its days late are counted to the report's date. So on the shipped
data the report of 05/07/2018 lists A.4, A.10.5, A.12.1 and S6.7 (due Quý I, 96 days late) and
B.10, C.1 and S6.4 (due Quý II, 5 days late), while `kpi status --as-of 2018-06-30` still reads
the Quý II items as due that day. A deadline after the period (Quý III) is not late in it, and
nothing recorded after the period counts, however late the signing.

The verdicts themselves are `compute_status`'s: this module asks it about the report's date,
over the figures the period counts and against the period's own plan, and takes from that answer
only the lateness of the rows whose deadline the period covers.
"""

from __future__ import annotations

from datetime import date

from kpi.compute.asof import counted_figures
from kpi.compute.status import compute_status, summarise
from kpi.compute.status_rows import IndicatorStatus, StatusReport
from kpi.ledger.load import Ledger
from kpi.model.quarters import Quarter


def judged_at_document(ledger: Ledger, status: StatusReport, signed: date | None) -> StatusReport:
    """`status` (at the period's end) with the lateness of a document dated `signed`; unchanged when
    the document has no date or is dated on or before the period's end."""
    end = status.as_of
    if signed is None or signed <= end:
        return status
    period = ledger.in_force(end)
    year = period.catalogue.plan.year
    closed = Ledger(
        catalogue=period.catalogue,
        settings=period.settings,
        figures=counted_figures(period.figures, end),  # nothing recorded after the period counts
        plans=[plan for plan in period.plans if plan.plan.year <= year],  # the period's plan, not the next
    )
    late = {row.id: row for row in compute_status(closed, signed).rows}
    rows = [_judged(row, late.get(row.id), end) for row in status.rows]
    return status.model_copy(update={"rows": rows, "summary": summarise(period, rows)})


def _judged(row: IndicatorStatus, at_signing: IndicatorStatus | None, end: date) -> IndicatorStatus:
    """The row at the period's end, late (with its days to the signing) when its deadline fell
    within the period and it was still unmet at the period's end."""
    if at_signing is None or not at_signing.overdue or at_signing.due is None:
        return row
    if Quarter.parse(at_signing.due).last_day > end:  # due after the period: not late in it
        return row
    return row.model_copy(
        update={
            "status": at_signing.status,
            "overdue": True,
            "days_late": at_signing.days_late,
            "reason": at_signing.reason,
        }
    )

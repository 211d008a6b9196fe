"""What to remind each owner unit of for a quarter: the figures and milestones it still owes for
that quarter, and what is already late and since when. Plain data; `kpi.ops.remind` writes it."""

from __future__ import annotations

from datetime import date, timedelta

from kpi.compute.ledger import Ledger
from kpi.compute.reporting import Arrival, ExpectedItem, reporting
from kpi.compute.status import OverdueItem, Row, compute_overdue
from kpi.model.quarters import Quarter


class Reminder(Row):
    owner: str
    name: str
    address: str | None
    quarter: str
    due: date
    owed: list[ExpectedItem]
    late: list[OverdueItem]

    def late_since(self, item: OverdueItem) -> date:
        """The first day an item was late: the day after its due quarter ended."""
        return Quarter.parse(item.due).last_day + timedelta(days=1)


def reminders(ledger: Ledger, quarter: Quarter, as_of: date, owners: list[str] | None = None) -> list[Reminder]:
    """One reminder per unit that owes something for `quarter` or is late at `as_of`, in the plan's order of units."""
    report = reporting(ledger, quarter, owners)
    late = compute_overdue(ledger, as_of).items
    addresses = ledger.settings.reminders.addresses
    names = {owner.code: owner.name_vi for owner in ledger.in_force(quarter.last_day).catalogue.owners}
    wanted = [row.owner for row in report.owners]
    out = []
    for code in wanted:
        owed = [
            item for row in report.owners if row.owner == code for item in row.items if item.arrival is Arrival.MISSING
        ]
        owner_late = [item for item in late if item.owner == code]
        if owed or owner_late:
            out.append(
                Reminder(
                    owner=code,
                    name=names.get(code, code),
                    address=addresses.get(code),
                    quarter=report.quarter,
                    due=report.due,
                    owed=owed,
                    late=owner_late,
                )
            )
    return out

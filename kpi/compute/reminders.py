"""What to remind each owner unit of for a quarter: the figures and milestones it still owes for
that quarter, and what is already late and since when. Plain data; `kpi.ops.remind` writes it."""

from __future__ import annotations

from datetime import date, timedelta

from kpi.compute.ledger import Ledger
from kpi.compute.reporting import Arrival, ExpectedItem, reporting
from kpi.compute.status import OverdueItem, Row, compute_overdue
from kpi.i18n import language
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
    owed = {row.owner: [item for item in row.items if item.arrival is Arrival.MISSING] for row in report.owners}
    catalogue = ledger.in_force(quarter.last_day).catalogue
    late = [
        item.model_copy(update={"title": catalogue.reading(item.id, item.title)})  # as the reports print it
        for item in compute_overdue(ledger, as_of).items
        if not owners or item.owner.casefold() in _codes(owners)
    ]
    addresses = ledger.settings.reminders.addresses
    out = []
    # Every unit the plan names, in its order: one that owes nothing this quarter may still be late.
    for unit in ledger.in_force(quarter.last_day).catalogue.owners:
        unit_owed, unit_late = owed.get(unit.code, []), [item for item in late if item.owner == unit.code]
        if unit_owed or unit_late:
            out.append(
                Reminder(
                    owner=unit.code,
                    name=unit.name_in(language()),  # the reminder is written in the run's language
                    address=addresses.get(unit.code),
                    quarter=report.quarter,
                    due=report.due,
                    owed=unit_owed,
                    late=unit_late,
                )
            )
    return out


def _codes(owners: list[str]) -> set[str]:
    return {code.casefold() for code in owners}

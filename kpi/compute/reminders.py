"""What to remind each owner unit of for a quarter: the figures and milestones it still owes for
that quarter, and what is already late and since when. Plain data; `kpi.ops.remind` writes it.

Lateness is judged at the quarter's last day, not at the data's reporting date: the reminder for
2018-Q2 names every milestone due in 2018-Q1 or before and not done by 30/06/2018 (late since
01/04/2018), as the unit's form does, even before anything of 2018-Q2 is recorded. The quarter's
own milestones are owed, not late. A later day (`--as-of`, a second reminder after the due day)
judges at that day instead; a milestone of the quarter late by then is listed once, as late. A
milestone recorded done, whenever, is not asked for again (as on the form)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field

from kpi.compute.overdue import OverdueItem, compute_overdue
from kpi.compute.reporting import Arrival, ExpectedItem, reporting
from kpi.compute.status_rows import Row
from kpi.i18n import language
from kpi.ledger.load import Ledger
from kpi.model.models import Catalogue
from kpi.model.quarters import Quarter


class Reminder(Row):
    owner: str
    name: str
    address: str | None
    quarter: str
    due: date
    judged: date = Field(description="The day lateness is judged at: the quarter's last day unless asked otherwise")
    owed: list[ExpectedItem]
    late: list[OverdueItem]
    measure_names: dict[str, str] = Field(
        default_factory=dict, description="Each owed measure's words (its label, else its key), by indicator:key"
    )
    references: dict[str, str] = Field(
        default_factory=dict, description="Each indicator as the plan numbers it (6.(7) for S6.7), by ID"
    )

    def reference(self, indicator: str) -> str:
        """An indicator as the letter names it: the plan's numbering, not kpi's ID (issue 30)."""
        return self.references.get(indicator, indicator)

    def late_since(self, item: OverdueItem) -> date:
        """The first day an item was late: the day after its due quarter ended."""
        return Quarter.parse(item.due).last_day + timedelta(days=1)


def reminders(
    ledger: Ledger, quarter: Quarter, as_of: date | None = None, owners: list[str] | None = None
) -> list[Reminder]:
    """One reminder per unit that owes something for `quarter` or is late at `as_of` (default: the
    quarter's last day), in the plan's order of units."""
    judged = as_of if as_of is not None else quarter.last_day
    report = reporting(ledger, quarter, owners)
    catalogue = ledger.in_force(quarter.last_day).catalogue
    done = {figure.indicator for figure in ledger.figures if figure.done is not None}
    late = [
        item.model_copy(update={"title": catalogue.reading(item.id, item.title)})  # as the reports print it
        for item in compute_overdue(ledger, judged).items
        if (not owners or item.owner.casefold() in _codes(owners)) and item.id not in done
    ]
    listed_late = {item.id for item in late}
    owed = {
        row.owner: [
            item
            for item in row.items
            if item.arrival is Arrival.MISSING and not (item.measure is None and item.indicator in listed_late)
        ]
        for row in report.owners
    }
    addresses = ledger.settings.reminders.addresses
    out = []
    references = catalogue.references()
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
                    judged=judged,
                    owed=unit_owed,
                    late=unit_late,
                    measure_names={
                        f"{item.indicator}:{item.measure}": measure_words(catalogue, item.indicator, item.measure)
                        for item in unit_owed
                        if item.measure is not None
                    },
                    references={
                        code: references.get(code, code)
                        for code in [*(item.indicator for item in unit_owed), *(item.id for item in unit_late)]
                    },
                )
            )
    return out


def measure_words(catalogue: Catalogue, indicator: str, key: str) -> str:
    """A measure as a unit reads it: its label, else its key (the one place a reminder names a measure)."""
    return catalogue.measure_label(indicator, key) or key


def _codes(owners: list[str]) -> set[str]:
    return {code.casefold() for code in owners}

"""A recorded figure as the reports use it, reduced to what they need.

Status, overdue and show need only which measure, which quarter, and the value or the date
it was done; keeping that (not the whole validated record) makes a ledger of 200 000 records
small in memory and quick to load from the cache.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from kpi.model.quarters import Quarter


class Figure(NamedTuple):
    indicator: str
    """The catalogue's spelling of the ID."""
    measure: str | None
    """The measure's key; None for a milestone done."""
    quarter: Quarter
    value: Decimal | None
    done: date | None
    recorded_on: date | None = None
    """The day it was recorded (`recorded_at`), when the file says; for the on-time rate."""
    evidence: str | None = None
    """A milestone's evidence (the decision's number), for the report's line."""

    @property
    def identity(self) -> tuple[str, str | None, Quarter]:
        """What may be recorded only once."""
        return (self.indicator, self.measure, self.quarter)

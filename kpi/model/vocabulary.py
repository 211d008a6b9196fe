"""The ledger's words: kinds of indicator and status words.

Plain enums in a module that imports nothing heavy, so the command line can offer them as
choices without loading the models.
"""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    """What progress means for an indicator; each kind has its own arithmetic."""

    CUMULATIVE = "cumulative"  # counts summed over the plan period against a period target
    ANNUAL = "annual"  # each year's count against a yearly target
    THRESHOLD = "threshold"  # a value that must stay at or above (below) a bar
    MILESTONE = "milestone"  # a deliverable: done or not, by its deadline
    GROWTH = "growth"  # a yearly growth rate against a factor each year
    SHARE = "share"  # a share of a population the source never counts
    ACTIVITY = "activity"  # ongoing work with no quantified target


class Status(str, Enum):
    """The status words, from best to worst; docs/progress.md says when each is given."""

    DONE = "done"  # a count or a deliverable complete
    ACHIEVED = "achieved"  # a level or a yearly rate at or past its bar (Open SDG: target achieved)
    ON_TRACK = "on track"
    PENDING = "pending"
    AT_RISK = "at risk"  # Open SDG: progress made but acceleration needed
    BEHIND = "behind"  # Open SDG: limited progress
    MOVING_AWAY = "moving away"  # Open SDG: deterioration (R < 0)
    OVERDUE = "overdue"
    NOT_COMPUTABLE = "not computable"
    NO_DATA = "no data"

"""`data/approvals.yaml`: who approved which quarter (for one unit or all), and every reopening.

An approval freezes a quarter's files: it keeps each file's SHA-256, so `kpi check` can tell a
figure changed by hand afterwards; `kpi record` refuses to change an approved quarter until it is
reopened, with a reason. Events are only ever appended: the file is the approvals' history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from kpi.i18n import _
from kpi.model.models import StrictModel
from kpi.model.quarters import Quarter


class MissingAtApproval(StrictModel):
    """A unit approved without everything the quarter expected of it (`kpi approve --with-missing`)."""

    owner: str = Field(min_length=1, description="The unit")
    missing: int = Field(ge=1, description="How many of the figures and milestones it expected were not sent")
    expected: int = Field(ge=1, description="How many the quarter expected of the unit (kpi reporting)")

    @model_validator(mode="after")
    def _at_most_expected(self) -> MissingAtApproval:
        if self.missing > self.expected:
            raise ValueError(
                _("{missing} missing of {expected} expected: no more can be missing than were expected").format(
                    missing=self.missing, expected=self.expected
                )
            )
        return self


class ApprovalEvent(StrictModel):
    action: Literal["approve", "reopen"]
    quarter: Quarter
    owner: str | None = Field(default=None, description="The unit; none: every unit of the quarter")
    by: str = Field(min_length=1)
    at: datetime
    reason: str | None = Field(default=None, description="Why a quarter is reopened")
    files: dict[str, str] = Field(
        default_factory=dict, description="Approvals: each approved file (quarter/owner.yaml) and its SHA-256"
    )
    missing: list[MissingAtApproval] = Field(
        default_factory=list,
        description="Approvals made with --with-missing: each unit approved without everything the quarter "
        "expected of it, and how much it lacked then",
    )

    @model_validator(mode="after")
    def _reason_for_reopen(self) -> ApprovalEvent:
        if self.action == "reopen" and not (self.reason or "").strip():
            raise ValueError(_("a reopening needs a reason"))
        if self.action == "reopen" and self.missing:
            raise ValueError(_("a reopening approves nothing: it has no missing units"))
        owners = [unit.owner for unit in self.missing]
        if len(set(owners)) != len(owners):
            raise ValueError(_("a unit is named twice among the missing"))
        if self.owner is not None and any(owner != self.owner for owner in owners):
            raise ValueError(
                _("an approval for {owner} can only be missing figures of {owner}").format(owner=self.owner)
            )
        return self


class ApprovalsFile(StrictModel):
    events: list[ApprovalEvent] = Field(default_factory=list)

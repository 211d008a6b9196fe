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

    @model_validator(mode="after")
    def _reason_for_reopen(self) -> ApprovalEvent:
        if self.action == "reopen" and not (self.reason or "").strip():
            raise ValueError(_("a reopening needs a reason"))
        return self


class ApprovalsFile(StrictModel):
    events: list[ApprovalEvent] = Field(default_factory=list)

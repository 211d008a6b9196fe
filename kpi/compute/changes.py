"""What changed between two reporting dates: the verdicts that moved, each sorted into one kind of change.

One function for every surface: `kpi status --since` prints it, the site's home page shows it
("what changed since the previous quarter"). It compares two status reports, so it reads nothing
again: the caller computes each report once and may use them for other things too.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from kpi.compute.asof import last_quarter_end_before
from kpi.compute.status import compute_status
from kpi.compute.status_rows import Row, StatusReport
from kpi.ledger.load import Ledger
from kpi.model.vocabulary import Status

ChangeKind = Literal["done", "overdue", "improved", "worsened", "changed"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("done", "overdue", "improved", "worsened", "changed")
"""In the order a reader wants them: what was finished, what fell late, then better and worse."""

# From best to worst, as a director reads the words. `not computable` and `no data` are not verdicts on
# the work: a move between them and a verdict counts as better or worse by where the verdict stands.
_RANK = {
    Status.DONE: 0,
    Status.ACHIEVED: 0,
    Status.ON_TRACK: 1,
    Status.PENDING: 2,
    Status.NOT_COMPUTABLE: 3,
    Status.NO_DATA: 3,
    Status.AT_RISK: 4,
    Status.BEHIND: 5,
    Status.MOVING_AWAY: 6,
    Status.OVERDUE: 7,
}
_FINISHED = frozenset((Status.DONE, Status.ACHIEVED))


class VerdictChange(Row):
    id: str
    title: str
    program: str
    owner: str
    before: Status = Field(description="The verdict at `since`")
    after: Status = Field(description="The verdict at `as_of`")
    change: ChangeKind = Field(
        description="done: now done or achieved; overdue: newly overdue; improved / worsened: a better or worse "
        "verdict; changed: another word of the same weight (not computable and no data)"
    )


class ChangeReport(Row):
    since: date
    as_of: date
    changes: list[VerdictChange] = Field(description="In the plan's order")


def previous_quarter_end(as_of: date) -> date:
    """Where "since the previous quarter" starts: 31/03/2018 for 30/06/2018 and for 15/05/2018."""
    return last_quarter_end_before(as_of)


def kind_of_change(before: Status, after: Status) -> ChangeKind | None:
    """How a move from `before` to `after` reads; None when the verdict did not move."""
    if before is after:
        return None
    if after is Status.OVERDUE:
        return "overdue"
    if after in _FINISHED and before not in _FINISHED:
        return "done"
    if _RANK[after] < _RANK[before]:
        return "improved"
    if _RANK[after] > _RANK[before]:
        return "worsened"
    return "changed"


def verdict_changes(before: StatusReport, after: StatusReport) -> ChangeReport:
    """The indicators tracked at both dates whose verdict moved (one added or retired between them is not
    a change of verdict)."""
    earlier = {row.id: row.status for row in before.rows}
    changes = []
    for row in after.rows:
        if row.id not in earlier:
            continue
        change = kind_of_change(earlier[row.id], row.status)
        if change is not None:
            changes.append(
                VerdictChange(
                    id=row.id,
                    title=row.title,
                    program=row.program,
                    owner=row.owner,
                    before=earlier[row.id],
                    after=row.status,
                    change=change,
                )
            )
    return ChangeReport(since=before.as_of, as_of=after.as_of, changes=changes)


def changes_since(ledger: Ledger, since: date, as_of: date) -> ChangeReport:
    """The verdicts that moved between `since` and `as_of` (`since` before `as_of`)."""
    return verdict_changes(compute_status(ledger, since), compute_status(ledger, as_of))


def change_words() -> dict[ChangeKind, str]:
    """Each kind of change as a heading, in the run's language."""
    from kpi.i18n import _

    return {
        "done": _("done or achieved"),
        "overdue": _("newly overdue"),
        "improved": _("improved"),
        "worsened": _("worsened"),
        "changed": _("changed"),
    }

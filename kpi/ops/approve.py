"""Approving a quarter (for one unit or all), which freezes its files, and reopening it with a reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kpi.compute.approvals import approval_of, fingerprints, in_force
from kpi.compute.ledger import load_catalogue
from kpi.errors import UsageError
from kpi.files.approvals_file import append_event, load_approvals
from kpi.files.locking import actuals_lock
from kpi.i18n import _, language
from kpi.model.approvals import ApprovalEvent
from kpi.model.quarters import Quarter
from kpi.model.words import date_words, quarter_text


def approve(data_dir: Path, quarter: Quarter, owner: str | None, by: str, now: datetime) -> ApprovalEvent:
    """Record the approval of `quarter` (one unit's files, or all), with each file's fingerprint."""
    owner = _known_owner(data_dir, owner)
    with actuals_lock(data_dir, 60.0):
        events = load_approvals(data_dir)
        frozen = [e for e in in_force(events) if e.quarter == quarter and e.owner in (None, owner)]
        if frozen:
            raise UsageError(
                _("{what} is approved already ({who})").format(what=_what(quarter, owner), who=_who(frozen[0]))
            )
        files = fingerprints(data_dir, quarter, owner)
        if not files:
            raise UsageError(
                _("nothing is recorded for {what}: there is nothing to approve").format(what=_what(quarter, owner))
            )
        event = ApprovalEvent(action="approve", quarter=quarter, owner=owner, by=by, at=now, files=files)
        append_event(data_dir, events, event)
    return event


def reopen(data_dir: Path, quarter: Quarter, owner: str | None, by: str, reason: str, now: datetime) -> ApprovalEvent:
    """Undo the approval of `quarter` (one unit's, or the whole quarter's), saying why."""
    owner = _known_owner(data_dir, owner)
    if not reason.strip():
        raise UsageError(_('a reopening needs a reason: --reason "..."'))
    with actuals_lock(data_dir, 60.0):
        events = load_approvals(data_dir)
        approved = [e for e in in_force(events) if e.quarter == quarter and (owner is None or e.owner == owner)]
        if not approved:
            whole = approval_of(events, quarter, owner) if owner is not None else None
            if whole is not None:
                raise UsageError(
                    _("{what} is approved for every unit; reopen the whole quarter (without --owner)").format(
                        what=quarter_text(str(quarter), language())
                    )
                )
            raise UsageError(_("{what} is not approved").format(what=_what(quarter, owner)))
        event = ApprovalEvent(action="reopen", quarter=quarter, owner=owner, by=by, at=now, reason=reason.strip())
        append_event(data_dir, events, event)
    return event


def describe(event: ApprovalEvent) -> str:
    """`2018-Q2 for QLCN, approved by Nguyễn Văn A on 2018-07-15`, in the run's language."""
    return _("{what}, approved by {who}").format(what=_what(event.quarter, event.owner), who=_who(event))


def _what(quarter: Quarter, owner: str | None) -> str:
    text = quarter_text(str(quarter), language())
    return _("{quarter} for {owner}").format(quarter=text, owner=owner) if owner else text


def _who(event: ApprovalEvent) -> str:
    return _("{by} on {day}").format(by=event.by, day=date_words(event.at.date(), language()))


def _known_owner(data_dir: Path, owner: str | None) -> str | None:
    if owner is None:
        return None
    known = {o.code.casefold(): o.code for o in load_catalogue(data_dir).owners}
    if owner.casefold() not in known:
        raise UsageError(
            _("unknown owner '{code}'; known: {known}").format(code=owner, known=", ".join(sorted(known.values())))
        )
    return known[owner.casefold()]

"""Approving a quarter (for one unit or all), which freezes its files, and reopening it with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kpi.compute.approvals import approval_of, fingerprints, in_force
from kpi.compute.ledger import load_catalogue
from kpi.errors import DataError, Location, UsageError
from kpi.files import trail
from kpi.files.approvals_file import append_event, approvals_path, load_approvals
from kpi.files.atomic import write_bytes_atomic
from kpi.files.datadir import ACTUALS_DIR
from kpi.files.locking import actuals_lock
from kpi.i18n import _, language
from kpi.model.approvals import ApprovalEvent
from kpi.model.quarters import Quarter
from kpi.model.text import code_point, control_character
from kpi.model.words import date_words, quarter_text


@dataclass(frozen=True)
class Decided:
    """An approval or reopening as written, and its commit when one was made."""

    event: ApprovalEvent
    commit: str | None


def approve(
    data_dir: Path, quarter: Quarter, owner: str | None, by: str, now: datetime, commit: bool = False
) -> Decided:
    """Record the approval of `quarter` (one unit's files, or all), with each file's fingerprint.

    With `commit`, the approval is also a git commit of `approvals.yaml` alone, whose trailers
    `kpi log` reads back beside the recordings.
    """
    owner = _known_owner(data_dir, owner)
    _plain_text("--by", by)
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
        _require_valid(data_dir, sorted(files))
        if commit:
            _require_committed(data_dir, sorted(files))
        event = ApprovalEvent(action="approve", quarter=quarter, owner=owner, by=by, at=now, files=files)
        return Decided(event, _write(data_dir, events, event, commit))


def reopen(
    data_dir: Path, quarter: Quarter, owner: str | None, by: str, reason: str, now: datetime, commit: bool = False
) -> Decided:
    """Undo the approval of `quarter` (one unit's, or the whole quarter's), saying why (committed as `approve`)."""
    owner = _known_owner(data_dir, owner)
    if not reason.strip():
        raise UsageError(_('a reopening needs a reason: --reason "..."'))
    _plain_text("--by", by)
    _plain_text("--reason", reason)
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
        return Decided(event, _write(data_dir, events, event, commit))


def _require_valid(data_dir: Path, names: list[str]) -> None:
    """An approval vouches for its files: each must pass `kpi check` (its findings for these files),
    or nothing is approved and every error is named at its line."""
    from kpi.compute.checks import check
    from kpi.compute.ledger import load_plans

    load_plans(data_dir)  # the plans they are checked against, as every command reads them (DataError)
    errors = check(data_dir, [data_dir / ACTUALS_DIR / name for name in names]).errors
    if errors:
        raise DataError(errors)


def _plain_text(option: str, text: str) -> None:
    """Who approves and why go into approvals.yaml and the commit: no control characters there."""
    control = control_character(text)
    if control is not None:
        raise UsageError(
            _("{option}: control character {code} in the text; delete it (a tab and a line break are allowed)").format(
                option=option, code=code_point(control)
            )
        )


def _require_committed(data_dir: Path, names: list[str]) -> None:
    """An approval committed to git vouches for figures git holds: a file git does not have (or
    holds otherwise) would be frozen at a content no clone has, and fail `kpi check` there."""
    root = trail.require_work_tree(data_dir)
    for name in names:
        path = data_dir / ACTUALS_DIR / name
        if trail.uncommitted(root, [path]):
            raise UsageError(
                _(
                    "{file} has changes that are not committed; commit the figures first (kpi record --commit "
                    "records and commits), or approve with --no-commit"
                ).format(file=Location(path))
            )


def _write(data_dir: Path, events: list[ApprovalEvent], event: ApprovalEvent, commit: bool) -> str | None:
    """Append the event; with `commit`, commit exactly the approvals file, or leave it as it was.

    Whether git can commit is asked before the file is touched; if the commit still fails, the
    old text is put back, so an approval is never half made (written but not in the history).
    """
    if not commit:
        append_event(data_dir, events, event)
        return None
    path = approvals_path(data_dir)
    root = trail.require_work_tree(data_dir)
    trail.check_committable(root, [path])
    old = path.read_bytes() if path.exists() else None
    append_event(data_dir, events, event)
    try:
        return trail.commit_files(root, [path], trail.approval_message(event))
    except trail.GitError:
        trail.unstage(root, [path])
        if old is None:
            path.unlink()
        else:
            write_bytes_atomic(path, old)
        raise


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

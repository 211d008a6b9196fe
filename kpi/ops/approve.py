"""Approving a quarter (for one unit or all), which freezes its files, and reopening it with a reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kpi.compute.approvals import approval_of, fingerprints, in_force
from kpi.compute.reporting import reporting
from kpi.errors import DataError, Location, UsageError
from kpi.files import journal, trail
from kpi.files.approvals_file import approvals_bytes, approvals_path, load_approvals
from kpi.files.datadir import ACTUALS_DIR
from kpi.files.locking import actuals_lock
from kpi.i18n import _, language, ngettext
from kpi.ledger.load import Ledger, load_catalogue, load_ledger
from kpi.model.approvals import ApprovalEvent, MissingAtApproval
from kpi.model.numbers import format_number
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.text import code_point, control_character
from kpi.model.words import date_words


@dataclass(frozen=True)
class MissingUnit:
    """A unit that has not sent everything a quarter expects of it."""

    owner: str
    missing: int
    expected: int


@dataclass(frozen=True)
class Decided:
    """An approval or reopening as written, and its commit when one was made."""

    event: ApprovalEvent
    commit: str | None
    missing: list[MissingUnit] = field(default_factory=list)
    """Units approved without all their figures (`--with-missing`)."""
    settled: journal.Settled | None = None
    """A change a crash interrupted, finished or undone first."""


def approve(
    data_dir: Path,
    quarter: Quarter,
    owner: str | None,
    by: str,
    now: datetime,
    commit: bool = False,
    with_missing: bool = False,
) -> Decided:
    """Record the approval of `quarter` (one unit's files, or all), with each file's fingerprint.

    An approval freezes the quarter: a figure sent afterwards is refused. So a unit that has not
    sent everything the quarter expects of it (`kpi reporting`) is named, and the approval refused
    (a usage error), unless `with_missing` says to approve without its figures; `Decided.missing`
    names them then.

    With `commit`, the approval is also a git commit of `approvals.yaml` alone, whose trailers
    `kpi log` reads back beside the recordings.
    """
    owner = _known_owner(data_dir, owner)
    _plain_text("--by", by)
    with actuals_lock(data_dir, 60.0):
        settled = journal.settle(data_dir)  # a change a crash interrupted since the command began (said first)
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
        _require_valid(data_dir, sorted(files))  # what it freezes passes kpi check
        missing = missing_units(load_ledger(data_dir), quarter, owner)
        if missing and not with_missing:
            raise UsageError(_missing_refusal(quarter, owner, missing))
        if commit:
            _require_committed(data_dir, sorted(files))
        event = ApprovalEvent(
            action="approve",
            quarter=quarter,
            owner=owner,
            by=by,
            at=now,
            files=files,
            missing=[MissingAtApproval(owner=u.owner, missing=u.missing, expected=u.expected) for u in missing],
        )
        return Decided(event, _write(data_dir, events, event, commit), missing, settled)


def missing_units(ledger: Ledger, quarter: Quarter, owner: str | None = None) -> list[MissingUnit]:
    """The units (or this one) with figures or milestones of `quarter` still missing, as `kpi
    reporting` counts them, in the plan's order."""
    report = reporting(ledger, quarter, [owner] if owner else None)
    return [MissingUnit(row.owner, row.missing, row.expected) for row in report.owners if row.missing]


def missing_text(missing: Sequence[MissingUnit | MissingAtApproval]) -> str:
    """`QLKH (19 of 19 missing), CCTDC (1 of 1 missing)`, in the run's language."""
    lang = language()
    return ", ".join(
        _("{owner} ({missing} of {expected} missing)").format(
            owner=unit.owner, missing=format_number(unit.missing, lang), expected=format_number(unit.expected, lang)
        )
        for unit in missing
    )


def _missing_refusal(quarter: Quarter, owner: str | None, missing: list[MissingUnit]) -> str:
    text = ngettext(
        "{what}: {count} unit has not sent everything the quarter expects: {units}",
        "{what}: {count} units have not sent everything the quarter expects: {units}",
        len(missing),
    ).format(what=_what(quarter, owner), count=len(missing), units=missing_text(missing))
    advice = _(
        "an approved quarter refuses figures sent later; wait for them (kpi remind), approve unit by unit "
        "(--owner), or pass --with-missing to approve without them"
    )
    return f"{text}; {advice}"


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
        settled = journal.settle(data_dir)
        events = load_approvals(data_dir)
        approved = [e for e in in_force(events) if e.quarter == quarter and (owner is None or e.owner == owner)]
        if not approved:
            whole = approval_of(events, quarter, owner) if owner is not None else None
            if whole is not None:
                raise UsageError(
                    _("{what} is approved for every unit; reopen the whole quarter (without --owner)").format(
                        what=quarter_words(quarter, language())
                    )
                )
            raise UsageError(_("{what} is not approved").format(what=_what(quarter, owner)))
        event = ApprovalEvent(action="reopen", quarter=quarter, owner=owner, by=by, at=now, reason=reason.strip())
        return Decided(event, _write(data_dir, events, event, commit), settled=settled)


def _require_valid(data_dir: Path, names: list[str]) -> None:
    """An approval vouches for its files: each must pass `kpi check` (its findings for these files),
    or nothing is approved and every error is named at its line."""
    from kpi.compute.checks import check
    from kpi.ledger.load import load_plans

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
    paths = [data_dir / ACTUALS_DIR / name for name in names]
    loose = [path for path in paths if trail.uncommitted(root, [path])]
    if loose:
        raise UsageError(
            ngettext(
                "{files} has changes that are not committed (recorded with --no-commit, or edited by hand); "
                "commit them first (git commit {names}), or approve with --no-commit",
                "{files} have changes that are not committed (recorded with --no-commit, or edited by hand); "
                "commit them first (git commit {names}), or approve with --no-commit",
                len(loose),
            ).format(
                files=", ".join(str(Location(path)) for path in loose),
                names=" ".join(trail.in_tree(root, path) for path in loose),
            )
        )


def _write(data_dir: Path, events: list[ApprovalEvent], event: ApprovalEvent, commit: bool) -> str | None:
    """Append the event; with `commit`, commit exactly the approvals file, or leave it as it was.

    Whether git can commit is asked before the file is touched. Then it goes as a recording does
    (`kpi.files.journal`): the journal first, then the file, then the commit; a failed commit puts
    the old text back, and a crash anywhere is finished (the commit landed, or is made now) or
    undone by the next command, so an approval is never in force here while absent from git.
    """
    path = approvals_path(data_dir)
    root, message = None, None
    if commit:
        root = trail.require_work_tree(data_dir)
        trail.check_committable(root, [path])
        message = trail.approval_message(event)
    intent = journal.begin(data_dir, {path: approvals_bytes(data_dir, [*events, event])}, message)
    return journal.carry_out(data_dir, intent, root)


def describe(event: ApprovalEvent) -> str:
    """`2018-Q2 for QLCN, approved by Nguyễn Văn A on 2018-07-15`, in the run's language."""
    return _("{what}, approved by {who}").format(what=_what(event.quarter, event.owner), who=_who(event))


def _what(quarter: Quarter, owner: str | None) -> str:
    text = quarter_words(quarter, language())
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

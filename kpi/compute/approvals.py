"""Which quarters are approved now, and whether their files still hold what was approved."""

from __future__ import annotations

import os
from pathlib import Path

from kpi.files.datadir import ACTUALS_DIR
from kpi.files.inputs import InputKind, read_input
from kpi.files.textfiles import content_sha256
from kpi.model.approvals import ApprovalEvent
from kpi.model.quarters import Quarter


def in_force(events: list[ApprovalEvent]) -> list[ApprovalEvent]:
    """The approvals not reopened since: the latest event for each quarter and unit, if an approval.
    Reopening a whole quarter reopens every unit's approval of it too."""
    latest: dict[tuple[Quarter, str | None], ApprovalEvent] = {}
    for event in events:
        if event.action == "reopen" and event.owner is None:
            for key in [key for key in latest if key[0] == event.quarter]:
                del latest[key]
        latest[(event.quarter, event.owner)] = event
    return [event for event in latest.values() if event.action == "approve"]


def approval_of(events: list[ApprovalEvent], quarter: Quarter, owner: str) -> ApprovalEvent | None:
    """The approval that freezes this unit's figures for the quarter, if any."""
    return next(
        (e for e in in_force(events) if e.quarter == quarter and e.owner in (None, owner)),
        None,
    )


def fingerprints(data_dir: Path, quarter: Quarter, owner: str | None) -> dict[str, str]:
    """SHA-256 of each actuals file of the quarter (one unit's, or all), by its path under actuals/: of
    its normalised bytes (no BOM, LF line endings; `kpi.files.textfiles`), so that an approval made
    in an LF checkout verifies in a CRLF one (Git for Windows), and an LF file's is its plain SHA-256.

    Each file is read as every actuals file is (`kpi.files.inputs`): a regular file under the
    actuals' cap, else DataError at its first line (a FIFO, a device, a directory named like a
    file, a file too big): never read without end, never taken for an absent file."""
    folder = data_dir / ACTUALS_DIR / str(quarter)
    paths = [folder / f"{owner}.yaml"] if owner is not None else sorted(folder.glob("*.yaml"))
    return {
        f"{quarter}/{path.name}": content_sha256(read_input(path, InputKind.ACTUALS))
        for path in paths
        if os.path.lexists(path)
    }


def changed_since(data_dir: Path, approval: ApprovalEvent) -> list[str]:
    """The files (quarter/owner.yaml) whose content differs from what was approved, added or removed."""
    now = fingerprints(data_dir, approval.quarter, approval.owner)
    return sorted(name for name in now.keys() | approval.files.keys() if now.get(name) != approval.files.get(name))


def intact_approvals(
    data_dir: Path, events: list[ApprovalEvent]
) -> tuple[list[ApprovalEvent], list[tuple[ApprovalEvent, str]]]:
    """The approvals in force whose files still hold what was approved, and (approval, file) for
    each file changed since: a figure edited by hand after its approval is vouched for by nobody."""
    intact, broken = [], []
    for approval in in_force(events):
        changed = changed_since(data_dir, approval)
        if changed:
            broken += [(approval, name) for name in changed]
        else:
            intact.append(approval)
    return intact, broken

"""Reading `data/approvals.yaml` with every finding at its line, and appending an event to it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from kpi.errors import DataError, Finding
from kpi.files.datadir import APPROVALS_FILE
from kpi.files.inputs import InputKind, read_input
from kpi.files.textfiles import LF, style_of
from kpi.files.validation import validate_as
from kpi.files.yamlsource import read_yaml
from kpi.model.approvals import ApprovalEvent, ApprovalsFile

HEADER = (
    "# yaml-language-server: $schema=../schemas/approvals.schema.json\n"
    "# Quarters approved and reopened, oldest first: written by `kpi approve` and `kpi reopen`.\n"
    "# An approval keeps each file's SHA-256; kpi check fails when a file changes without a reopening.\n"
)


def approvals_path(data_dir: Path) -> Path:
    return data_dir / APPROVALS_FILE


def read_approvals(data_dir: Path) -> tuple[list[ApprovalEvent], list[Finding]]:
    """Every event, or none and the findings (file:line) when the file does not validate."""
    path = approvals_path(data_dir)
    if not os.path.lexists(path):
        return [], []
    document = read_yaml(path, InputKind.APPROVALS)
    data = document.data if document.data is not None else {}
    approvals, findings = validate_as(ApprovalsFile, data, document)
    findings = [*document.problems, *findings]
    return (approvals.events if approvals is not None and not findings else []), findings


def load_approvals(data_dir: Path) -> list[ApprovalEvent]:
    """Every event; raise DataError when the file does not validate."""
    events, findings = read_approvals(data_dir)
    if findings:
        raise DataError(findings)
    return events


def approvals_text(events: list[ApprovalEvent]) -> str:
    """The whole file holding these events."""
    rows = [_plain(e) for e in events]
    return HEADER + yaml.safe_dump({"events": rows}, allow_unicode=True, sort_keys=False, width=4096)


def approvals_bytes(data_dir: Path, events: list[ApprovalEvent]) -> bytes:
    """The file's new bytes, written back as it was found: CRLF (a Git for Windows checkout) stays CRLF."""
    path = approvals_path(data_dir)
    style = style_of(read_input(path, InputKind.APPROVALS)) if os.path.lexists(path) else LF
    return style.encode(approvals_text(events))


def _plain(event: ApprovalEvent) -> dict[str, Any]:
    row: dict[str, Any] = {"action": event.action, "quarter": str(event.quarter), "owner": event.owner}
    row.update(by=event.by, at=event.at.isoformat())
    if event.reason is not None:
        row["reason"] = event.reason
    if event.files:
        row["files"] = dict(sorted(event.files.items()))
    if event.missing:
        row["missing"] = [unit.model_dump() for unit in event.missing]
    return row

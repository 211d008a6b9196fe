"""`approvals.yaml` against the plans, and every approved file still holding what was approved."""

from __future__ import annotations

from pathlib import Path

from kpi.compute.checks.run import CheckRun
from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.datadir import (
    ACTUALS_DIR,
)
from kpi.files.inputs import InputKind, read_input
from kpi.files.yamlsource import read_yaml
from kpi.i18n import _
from kpi.ledger.findings import (
    unknown_name,
)
from kpi.model.approvals import ApprovalEvent
from kpi.model.dates import written_date
from kpi.model.models import Catalogue
from kpi.model.quarters import quarter_words


def approval_findings(data_dir: Path, catalogues: list[Catalogue] | None = None) -> list[Finding]:
    """`approvals.yaml` as it must be (its units and quarters those of the plans), and every
    approved file still holding what was approved."""
    from kpi.compute.approvals import changed_since, fingerprints, in_force
    from kpi.files.approvals_file import read_approvals

    events, findings = read_approvals(data_dir)
    if events and catalogues:
        findings += _approvals_against_plans(data_dir, events, catalogues)
    said: set[str] = set()  # a file under a unit's and the whole quarter's approval is named once
    order = {id(event): index for index, event in enumerate(events)}  # the file's order is the events' order
    for approval in sorted(in_force(events), key=lambda event: order[id(event)], reverse=True):
        try:
            now = fingerprints(data_dir, approval.quarter, approval.owner)
            changed = changed_since(data_dir, approval)
        except DataError as exc:  # a file that cannot be read as an actuals file: said once, at its line
            findings += [finding for finding in exc.findings if finding not in findings]
            continue
        for name in changed:
            if name in said:
                continue
            said.add(name)
            if name not in now:
                what = _("removed since {quarter} was approved ({by}, {day}) and not reopened")
            elif name not in approval.files:
                what = _("added to {quarter} after it was approved ({by}, {day}) and not reopened")
            else:
                what = _("changed since {quarter} was approved ({by}, {day}) and not reopened")
            unit = f" -u {approval.owner}" if approval.owner is not None else ""
            path = data_dir / ACTUALS_DIR / name
            line = _first_changed_line(path, approval.files[name]) if name in now and name in approval.files else 1
            findings.append(
                Finding(
                    Severity.ERROR,
                    Location(path, line),
                    "approval",
                    what.format(
                        quarter=quarter_words(approval.quarter), by=approval.by, day=written_date(approval.at.date())
                    )
                    + "; "
                    + _('put it back, or kpi reopen {quarter}{unit} --reason "..."').format(
                        quarter=approval.quarter, unit=unit
                    ),
                )
            )
    return findings


def _approvals_against_plans(data_dir: Path, events: list[ApprovalEvent], catalogues: list[Catalogue]) -> list[Finding]:
    """An event for a unit no plan knows, or for a quarter outside the plan period, approves nothing
    kpi records: a typo, or an edit by hand. Each is an error at its line."""
    from kpi.files.approvals_file import approvals_path

    document = read_yaml(approvals_path(data_dir), InputKind.APPROVALS)
    owners = {owner.code for catalogue in catalogues for owner in catalogue.owners}
    first = min(catalogue.plan.period_start for catalogue in catalogues)
    last = max(catalogue.plan.period_end for catalogue in catalogues)
    findings = []
    for index, event in enumerate(events):
        if event.owner is not None and event.owner not in owners:
            findings.append(document.finding(("events", index, "owner"), unknown_name(_("owner"), event.owner, owners)))
        for position, unit in enumerate(event.missing):
            if unit.owner not in owners:
                findings.append(
                    document.finding(
                        ("events", index, "missing", position, "owner"), unknown_name(_("owner"), unit.owner, owners)
                    )
                )
        if not first <= event.quarter.year <= last:
            findings.append(
                document.finding(
                    ("events", index, "quarter"),
                    _("{quarter} lies outside the plan period {first}–{last}").format(
                        quarter=event.quarter, first=first, last=last
                    ),
                )
            )
    return findings


def _first_changed_line(path: Path, approved_sha256: str) -> int:
    """The first line of `path` that differs from the content approved, when git still holds that
    content (an approval commits only figures git holds); else line 1."""
    from kpi.files.trail import committed_version

    approved = committed_version(path, approved_sha256)
    if approved is None:
        return 1
    from kpi.files.textfiles import normalised  # a BOM or CRLF line endings are no change

    old = normalised(approved).decode("utf-8", errors="replace").splitlines()
    try:
        now = read_input(path, InputKind.ACTUALS)
    except DataError:
        return 1
    new = normalised(now).decode("utf-8", errors="replace").splitlines()
    for number, (before, after) in enumerate(zip(old, new), start=1):
        if before != after:
            return number
    return min(len(old), len(new)) + 1


def approvals(run: CheckRun) -> list[Finding]:
    """The approvals of the whole data folder (none when only some files are checked); a finding
    already made (an actuals file that cannot be read) is not said twice."""
    if not run.whole_folder:
        return []
    return [f for f in approval_findings(run.data_dir, run.catalogues) if f not in run.report.findings]

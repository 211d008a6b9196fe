"""What `kpi report`, `kpi site` and `kpi status` show, gathered by one core call each from the
ledger and the data folder: the command line parses, calls one of these, and renders.

Approvals vouch for a quarter's figures only while its files are as approved: the approvals whose
files changed since are handed back (`changed`), for the command to warn of, and their figures are
shown as provisional. Who has reported is read from the ledger, hand-written figures dated from git.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `kpi status` needs none of the report's and the site's machinery (jinja2, markdown)
    from datetime import date
    from pathlib import Path

    from kpi.compute.asof import ReportingDate
    from kpi.compute.changes import ChangeReport
    from kpi.compute.reporting import ReportingReport, YearReporting
    from kpi.compute.status_rows import StatusReport
    from kpi.ledger.load import Ledger
    from kpi.model.approvals import ApprovalEvent
    from kpi.model.vocabulary import Kind, Status
    from kpi.reports.layout import AppendixReport
    from kpi.reports.site_pages import SiteData

ChangedApprovals = list[tuple["ApprovalEvent", str]]
"""Approvals, each with an actuals file (by its name under actuals/) changed since it was approved."""


def vouching_approvals(data_dir: Path) -> tuple[list[ApprovalEvent], ChangedApprovals]:
    """The approvals whose files are as approved, and those whose files changed since (`kpi check`
    names those as an error; their quarters' figures are provisional again)."""
    from kpi.compute.approvals import intact_approvals
    from kpi.files.approvals_file import load_approvals

    return intact_approvals(data_dir, load_approvals(data_dir))


def year_reporting(ledger: Ledger, data_dir: Path, day: date) -> YearReporting:
    """Who has reported in the reporting date's year, hand-written figures dated from git."""
    from kpi.compute.history_days import days_from_history
    from kpi.compute.reporting import reporting_year

    return reporting_year(ledger, day.year, None, lambda quarter: days_from_history(data_dir, ledger, quarter))


@dataclass
class Appendix:
    report: AppendixReport
    changed: ChangedApprovals


def appendix(
    ledger: Ledger,
    when: ReportingDate,
    data_dir: Path,
    programs: list[str] | None,
    number: str | None,
    issued: date | None,
) -> Appendix:
    """`kpi report`: the appendix at the reporting date, with the approvals, who has reported and the
    quarter's narrative (data/narrative), for the programs asked for (all: None)."""
    from kpi.compute.status import compute_status, filter_rows
    from kpi.files.narrative import find_narrative
    from kpi.model.quarters import Quarter
    from kpi.reports.layout import build_report

    status = filter_rows(compute_status(ledger, when), ledger, programs=programs)
    approvals, changed = vouching_approvals(data_dir)  # what is not approved yet is provisional
    narrative = find_narrative(data_dir, str(Quarter.containing(status.as_of)))
    built = build_report(
        ledger, status, number, issued, approvals, year_reporting(ledger, data_dir, when.day), narrative
    )
    return Appendix(built, changed)


@dataclass
class Site:
    data: SiteData
    changed: ChangedApprovals


def site(ledger: Ledger, when: ReportingDate, data_dir: Path, languages: tuple[str, ...]) -> Site:
    """`kpi site`: everything the site shows, in these languages (the first the run's), with the
    recordings git holds when the data folder is in a git work tree."""
    from kpi.files.trail import git_installed, read_trail, work_tree
    from kpi.reports.site import gather

    trail = read_trail(data_dir) if git_installed() and work_tree(data_dir) is not None else []
    approvals, changed = vouching_approvals(data_dir)
    return Site(gather(ledger, when, approvals, year_reporting(ledger, data_dir, when.day), trail, languages), changed)


@dataclass
class StatusView:
    """`kpi status`: the status rows, the years counted provisional in them, and who has reported for
    the reporting date's quarter (None when not asked for). With `--since`: the verdicts that moved."""

    report: StatusReport
    unclosed: list[int] = field(default_factory=list)
    reporting: ReportingReport | None = None
    changes: ChangeReport | None = None


def status(
    ledger: Ledger,
    when: ReportingDate,
    data_dir: Path,
    *,
    programs: list[str] | None = None,
    owners: list[str] | None = None,
    kind: Kind | None = None,
    only: Status | None = None,
    since: date | None = None,
    with_reporting: bool = False,
) -> StatusView:
    """The status at the reporting date, filtered; with `since` (before the reporting date), the
    verdicts that changed from then to it (with `only`, those that left or came to that status); with `with_reporting`, who has reported for the quarter
    (by unit, for the `owners` asked for)."""
    from kpi.compute.status import compute_status, filter_rows
    from kpi.ledger.year_actuals import provisional_years

    if since is not None:
        from kpi.compute.changes import verdict_changes

        before = filter_rows(compute_status(ledger, since), ledger, programs, owners, kind)
        after = filter_rows(compute_status(ledger, when), ledger, programs, owners, kind)
        changes = verdict_changes(before, after)
        if only is not None:  # a change is the chosen status's when it leaves it as much as when it comes to it
            changes = changes.model_copy(
                update={"changes": [c for c in changes.changes if only in (c.before, c.after)]}
            )
        return StatusView(after, changes=changes)
    report = filter_rows(compute_status(ledger, when), ledger, programs, owners, kind, only)
    unclosed = sorted(
        {y for row in report.rows for m in row.measures for y in provisional_years(m.actual_basis, report.as_of)}
    )
    view = StatusView(report, unclosed)
    if with_reporting:
        from kpi.compute.history_days import days_from_history
        from kpi.compute.reporting import reporting
        from kpi.model.quarters import Quarter

        current = Quarter.containing(when.day)
        history = days_from_history(data_dir, ledger, current)
        view.reporting = reporting(ledger, current, owners, history)
    return view

"""A recording interrupted and not settled yet."""

from __future__ import annotations

from kpi.compute.checks.run import CheckRun
from kpi.errors import Finding, Location, Severity
from kpi.files.journal import journal_path, pending
from kpi.i18n import _


def interrupted_recording(run: CheckRun) -> list[Finding]:
    """An error while the journal holds a recording: check never settles it (it runs in CI and
    hooks), it says so."""
    if not run.whole_folder or not pending(run.data_dir):
        return []
    return [
        Finding(
            Severity.ERROR,
            Location(journal_path(run.data_dir), 1, 1),
            "journal",
            _(
                "a recording was interrupted and is not settled yet; any command that reads the ledger "
                "(kpi status, for one) finishes or undoes it"
            ),
        )
    ]

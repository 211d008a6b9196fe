"""The ledger's own rules (`kpi.ledger`) as `kpi check` runs them: every finding, the warnings and
notes included (loading the ledger keeps only the errors)."""

from __future__ import annotations

from kpi.compute.checks.run import CheckRun
from kpi.errors import Finding
from kpi.ledger.plan_rules import check_catalogue
from kpi.ledger.printed_text import printed_text_findings
from kpi.ledger.settings_rules import check_settings


def settings(run: CheckRun) -> list[Finding]:
    """Each settings file read (`check_settings`)."""
    return [finding for document in run.settings for finding in check_settings(document)[1]]


def plan_rules(run: CheckRun) -> list[Finding]:
    """Each plan's own rules (`check_catalogue`)."""
    return [finding for read in run.plans for finding in check_catalogue(read)]


def source_text(run: CheckRun) -> list[Finding]:
    """Each plan's text as printed (`printed_text_findings`)."""
    return [finding for read in run.plans for finding in printed_text_findings(read)]

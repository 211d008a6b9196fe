"""Every check `kpi check` runs, in the order it runs them. Each is a function of the files read
(`CheckRun`) to its findings; a new rule is a function in the module of its subject, listed here.

The order matters only among findings at the same place of the same file (the report is sorted
by file, line and column, keeping the order of the rest): a plan's own rules come first, then what
the source says against itself, then what needs the actuals, the approvals and the texts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kpi.compute.checks.actuals import actuals, official_years
from kpi.compute.checks.approvals import approvals
from kpi.compute.checks.journal import interrupted_recording
from kpi.compute.checks.ledger_rules import plan_rules, settings, source_text
from kpi.compute.checks.narrative import narrative
from kpi.compute.checks.plan_files import labels, plan_file_rules
from kpi.compute.checks.run import CheckRun
from kpi.compute.checks.source_rows import source_rows
from kpi.errors import Finding

Check = Callable[[CheckRun], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (
    settings,
    plan_rules,
    source_rows,
    source_text,
    labels,
    plan_file_rules,
    actuals,  # keeps the figures for the checks below
    official_years,
    approvals,
    narrative,
    interrupted_recording,
)

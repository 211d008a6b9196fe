"""`kpi check`: every rule the data must satisfy beyond its schema, reported all at once.

The checks are functions of the files read (`run.CheckRun`), one module per subject, listed in
`registry.CHECKS`, which `runner.check` runs in order."""

from kpi.compute.checks.run import CheckReport
from kpi.compute.checks.runner import check, summarise

__all__ = ["CheckReport", "check", "summarise"]

"""What tests share, so that no test module imports another (tests/project/test_layout.py holds it):

- `runner.kpi`: kpi in this process (CliRunner); `process.kpi_process`: kpi in a real process;
  the same arguments for both: `(data, *args, lang=, env=, cwd=, input=, expect=)`.
- `data`: the repository's paths, the shipped data, the minimal catalogues.
- `ledger`: small synthetic catalogues written indicator by indicator.
- `git`: a private git identity, `git(...)`, a folder committed.
- `documents`: a report read back (xlsx, docx, html, pdf).
- the rest by subject: `forms`, `hostile_forms`, `crashes`, `checks`, `status`, `cycle`, `reporting`,
  `english`, `glossary`, `browser`, `cli`.
"""

from tests.support.data import (
    GOLDEN,
    HOSTILE,
    MINIMAL_CATALOGUE,
    REPO,
    SHIPPED_DATA,
    SOURCE_TEXT,
    TWO_MEASURES,
    by_year,
    copy_shipped,
    write_actuals,
    write_catalogue,
)
from tests.support.git import commit_all, git, use_git_as
from tests.support.process import kpi_process, kpi_started, run_on_a_terminal
from tests.support.runner import kpi

__all__ = [
    "GOLDEN",
    "HOSTILE",
    "MINIMAL_CATALOGUE",
    "REPO",
    "SHIPPED_DATA",
    "SOURCE_TEXT",
    "TWO_MEASURES",
    "by_year",
    "commit_all",
    "copy_shipped",
    "git",
    "kpi",
    "kpi_process",
    "kpi_started",
    "run_on_a_terminal",
    "use_git_as",
    "write_actuals",
    "write_catalogue",
]

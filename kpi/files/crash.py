"""Fault injection for the crash tests: the steps of a recording where a test may end the process."""

from __future__ import annotations

import os

CRASH_VARIABLE = "KPI_TEST_CRASH_AT"


def crash_point(step: str) -> None:
    """With KPI_TEST_CRASH_AT=<step> the process ends here at once, as `kill -9` would end it (no
    cleanup, no exception handler, no flushed output)."""
    if os.environ.get(CRASH_VARIABLE) == step:
        os._exit(137)

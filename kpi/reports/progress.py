"""How a report writer tells how far it has got, for a progress bar the command line draws."""

from __future__ import annotations

from collections.abc import Callable

Step = Callable[[str, int, int], None]
"""Told `(what, done, total)` as a writer goes; the core never draws one."""

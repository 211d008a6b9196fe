"""Loading many files at once, and running a command, without the cyclic garbage collector.

Parsing a big ledger allocates millions of small objects that live on and hold no cycles;
the collector would walk them again and again. It is paused while files are read, and afterwards runs only over objects made
later: what was read is frozen (`gc.freeze`), so the reports computed from it (200 000
figures sorted into dictionaries) do not make the collector walk the whole ledger again and
again. Frozen objects are still freed when nothing refers to them; only a cycle among them
would stay until the process ends, and a ledger holds none.

The command line pauses it for a whole command too (kpi.cli.shared): a report's lines and
cells, made after the ledger was read, are just as long-lived and as free of garbage cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()

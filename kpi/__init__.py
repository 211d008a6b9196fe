"""kpi: a command-line KPI ledger over flat YAML files.

The library lives here; ``kpi.cli`` is a thin Typer surface over it.
"""

__version__ = "0.1.0"

"""The commands every help and option test goes through."""

from __future__ import annotations

COMMANDS = ["check", "schema", "status", "overdue", "show", "find", "record", "log", "report"]

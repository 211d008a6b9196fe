"""How arguments read in `--help`: `ID`, `[PATH]...`, not `{ID}` or `paths... <list[Path]>`."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument


class WordArgument(TyperArgument):
    """An argument shown by its metavar alone, as a word: `ID`, `[ID]`, `[PATH]...`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar is not None else super().display_type_rich(ctx)

    def _rich_display_name(self) -> str:
        name = self.display_name_raw
        return f"{name}..." if self.nargs != 1 else name

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return f"{name}..." if self.nargs != 1 else name

"""`kpi log`: the audit trail of the actuals, read back from git."""

from __future__ import annotations

from typing import Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Format, Lang, LangOption, OutputFormat, complete_id
from kpi.cli.shared import state_of
from kpi.errors import UsageError

_HEADERS = {
    "en": ["When", "Who", "Indicator", "Quarter", "Change", "Commit"],
    "vi": ["Thời gian", "Người ghi", "Chỉ tiêu", "Quý", "Thay đổi", "Commit"],
}


@app.command("log")
def log(
    ctx: typer.Context,
    indicator: Annotated[str | None, typer.Argument(metavar="ID", autocompletion=complete_id, help="Only this indicator.")] = None,
    quarter: Annotated[str | None, typer.Option("--quarter", "-q", metavar="QUARTER", help="Only this quarter, e.g. 2018-Q2.")] = None,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
) -> None:
    """Who recorded what and when, old value to new, newest first (from the git history).

    Commits made by hand show their subject; `git log -p data/actuals` shows them in full.
    """
    from kpi.cli.render import emit
    from kpi.quarters import Quarter
    from kpi.trail import TrailEntry, read_trail

    canonical = None
    if quarter is not None:
        try:
            canonical = str(Quarter.parse(quarter))
        except ValueError as exc:
            raise UsageError(f"--quarter: {exc}") from None
    entries = read_trail(state_of(ctx).data_dir(), indicator, canonical)
    if output_format is OutputFormat.json:
        from pydantic import TypeAdapter

        typer.echo(TypeAdapter(list[TrailEntry]).dump_json(entries, indent=2).decode())
        return
    rows = []
    for entry in entries:
        if entry.indicator is None:
            name, change = "", f"(by hand) {entry.subject}"
        else:
            name = f"{entry.indicator} {entry.measure}" if entry.measure else entry.indicator
            change = entry.value or "" if entry.previous in (None, "none") else f"{entry.previous} → {entry.value}"
        rows.append([entry.date.strftime("%Y-%m-%d %H:%M"), entry.recorded_by or entry.author, name,
                     entry.quarter or "", change, entry.commit[:10]])
    text = emit(_HEADERS[lang.value], rows, output_format.value)
    if text is not None:
        typer.echo(text)

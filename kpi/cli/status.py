"""`kpi status`: where each indicator stands, with a summary per program."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli import app
from kpi.cli.options import (
    AsOf,
    Format,
    KindOption,
    Lang,
    LangOption,
    OutputFormat,
    Owners,
    Programs,
    StatusOption,
    Wide,
    YearOption,
)
from kpi.cli.shared import heading, load, settled_data_dir
from kpi.i18n import _
from kpi.model.vocabulary import Kind, Status

if TYPE_CHECKING:
    from kpi.compute.asof import ReportingDate
    from kpi.ledger.load import Ledger


@app.command(
    help=_("Percent of period, pace against time elapsed, progress on the year's plan and status, per indicator.")
)
def status(
    ctx: typer.Context,
    program: Programs = None,
    owner: Owners = None,
    kind: KindOption = None,
    only: StatusOption = None,
    as_of: AsOf = None,
    year: YearOption = None,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
    wide: Wide = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help=_(
                "List only the verdicts that changed between DATE (YYYY-MM-DD or DD/MM/YYYY) and the reporting date: "
                "done, newly overdue, improved, worsened. With --status, the changes from or to that status (at "
                "risk, say: those that came to it and those that left it)."
            ),
        ),
    ] = None,
) -> None:
    from kpi.cli.render import dump_json, emit
    from kpi.cli.tables import PROVISIONAL_MARK, status_table, summary_table
    from kpi.compute.status import compute_status, filter_rows
    from kpi.ledger.year_actuals import provisional_years

    ledger, when = load(ctx, as_of, year)
    if since is not None:
        _changes(ledger, when, since, program, owner, kind, only, output_format, lang.value, wide)
        return
    report = filter_rows(compute_status(ledger, when), ledger, program, owner, kind, only)
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
        return
    headers, rows, styles = status_table(report, lang.value, output_format.value)
    title = heading(_("Status as of {day}"), when)
    typer.echo(emit(headers, rows, output_format.value, styles, title=title, wide=wide))
    unclosed = sorted(
        {y for row in report.rows for m in row.measures for y in provisional_years(m.actual_basis, report.as_of)}
    )
    if unclosed and output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain):
        typer.echo(
            "\n"
            + _(
                "{mark} provisional: counts the actuals of {years} worked out from the quarters; not closed yet "
                "(kpi year close)"
            ).format(mark=PROVISIONAL_MARK, years=", ".join(map(str, unclosed)))
        )
    if output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain):
        headers, rows = summary_table(report, lang.value)
        typer.echo("\n" + emit(headers, rows, output_format.value, wide=wide))
        if not program and not kind and not only:  # a line per unit: who has reported for the quarter
            from kpi.cli.tables import reporting_lines
            from kpi.compute.history_days import days_from_history
            from kpi.compute.reporting import reporting
            from kpi.model.quarters import Quarter

            current = Quarter.containing(when.day)
            history = days_from_history(settled_data_dir(ctx), ledger, current)
            lines = reporting_lines(reporting(ledger, current, owner, history), lang.value)
            if lines:
                typer.echo("\n" + "\n".join(lines))


def _changes(
    ledger: Ledger,
    when: ReportingDate,
    since_text: str,
    program: list[str] | None,
    owner: list[str] | None,
    kind: Kind | None,
    only: Status | None,
    output_format: OutputFormat,
    lang: str,
    wide: bool,
) -> None:
    """`kpi status --since DATE`: the verdicts that moved, one line each, grouped by kind of change."""
    from kpi.cli.options import parse_date
    from kpi.cli.render import dump_json, emit
    from kpi.compute.asof import day_text
    from kpi.compute.changes import CHANGE_KINDS, change_words, verdict_changes
    from kpi.compute.status import compute_status, filter_rows
    from kpi.errors import UsageError
    from kpi.model.words import status_word

    since = parse_date(since_text)
    if since >= when.day:
        raise UsageError(
            _("--since {since} is not before the reporting date {day}").format(
                since=day_text(since), day=day_text(when.day)
            )
        )
    before = filter_rows(compute_status(ledger, since), ledger, program, owner, kind)
    after = filter_rows(compute_status(ledger, when), ledger, program, owner, kind)
    report = verdict_changes(before, after)
    if only is not None:  # a change is the chosen status's when it leaves it as much as when it comes to it
        report = report.model_copy(update={"changes": [c for c in report.changes if only in (c.before, c.after)]})
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
        return
    machine = output_format in (OutputFormat.csv, OutputFormat.tsv)
    words = change_words()
    order = {change: index for index, change in enumerate(CHANGE_KINDS)}
    changes = sorted(report.changes, key=lambda c: order[c.change])  # stable: the plan's order within a kind
    if machine:
        headers = ["change", "id", "title", "owner", "before", "after"]
        rows = [[c.change, c.id, c.title, c.owner, c.before.value, c.after.value] for c in changes]
    else:
        headers = [_("Change"), _("ID"), _("Title"), _("Owner"), _("Before"), _("After")]
        rows = [
            [words[c.change], c.id, c.title, c.owner, status_word(c.before, lang), status_word(c.after, lang)]
            for c in changes
        ]
    title = _("Verdicts changed from {since} to {day}").format(since=day_text(since), day=day_text(when.day))
    if not rows and not machine:
        typer.echo(title + "\n" + _("No verdict changed."))
        return
    typer.echo(emit(headers, rows, output_format.value, title=None if machine else title, wide=wide))

"""`kpi status`: where each indicator stands, with a summary per program."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli.framework import command
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
from kpi.cli.shared import heading, load, state_of
from kpi.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from kpi.compute.asof import ReportingDate
    from kpi.compute.changes import ChangeReport


@command(help=_("Percent of period, pace against time elapsed, progress on the year's plan and status, per indicator."))
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
    from kpi.reports.gather import status as status_view

    ledger, when = load(ctx, as_of, year)
    since_day = _since(since, when) if since is not None else None
    text = output_format in (OutputFormat.table, OutputFormat.markdown, OutputFormat.plain)
    view = status_view(
        ledger,
        when,
        state_of(ctx).data_dir(),
        programs=program,
        owners=owner,
        kind=kind,
        only=only,
        since=since_day,
        with_reporting=text and not program and not kind and not only,  # who has reported, a line per unit
    )
    if view.changes is not None:
        assert since_day is not None
        _changes(view.changes, when, since_day, output_format, lang.value, wide)
        return
    report = view.report
    if output_format is OutputFormat.json:
        typer.echo(dump_json(report))
        return
    headers, rows, styles = status_table(report, lang.value, output_format.value)
    title = heading(_("Status as of {day}"), when)
    typer.echo(emit(headers, rows, output_format.value, styles, title=title, wide=wide))
    if view.unclosed and text:
        typer.echo(
            "\n"
            + _(
                "{mark} provisional: counts the actuals of {years} worked out from the quarters; not closed yet "
                "(kpi year close)"
            ).format(mark=PROVISIONAL_MARK, years=", ".join(map(str, view.unclosed)))
        )
    if text:
        headers, rows = summary_table(report, lang.value)
        typer.echo("\n" + emit(headers, rows, output_format.value, wide=wide))
        if view.reporting is not None:
            from kpi.cli.tables import reporting_lines

            lines = reporting_lines(view.reporting, lang.value)
            if lines:
                typer.echo("\n" + "\n".join(lines))


def _since(text: str, when: ReportingDate) -> date:
    """`--since`: a day before the reporting date."""
    from kpi.cli.options import parse_date
    from kpi.compute.asof import day_text
    from kpi.errors import UsageError

    since = parse_date(text)
    if since >= when.day:
        raise UsageError(
            _("--since {since} is not before the reporting date {day}").format(
                since=day_text(since), day=day_text(when.day)
            )
        )
    return since


def _changes(
    report: ChangeReport, when: ReportingDate, since: date, output_format: OutputFormat, lang: str, wide: bool
) -> None:
    """`kpi status --since DATE`: the verdicts that moved, one line each, grouped by kind of change."""
    from kpi.cli.render import dump_json, emit
    from kpi.compute.asof import day_text
    from kpi.compute.changes import CHANGE_KINDS, change_words
    from kpi.model.words import status_word

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

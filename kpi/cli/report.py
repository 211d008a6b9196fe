"""`kpi report`: the appendix table filled in to a date, as xlsx, docx, pdf, html, markdown or CSV."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli import app
from kpi.cli.options import AsOf, Lang, LangOption, Programs, YearOption, parse_date
from kpi.cli.shared import load, state_of
from kpi.i18n import _, ngettext
from kpi.model.quarters import quarter_words
from kpi.reports.output import ReportFormat

if TYPE_CHECKING:
    from datetime import date

    from kpi.compute.reporting import YearReporting
    from kpi.ledger.load import Ledger
    from kpi.model.approvals import ApprovalEvent
    from kpi.reports.progress import Step


@app.command(
    help=_(
        "The plan's appendix (Phụ lục I) with actuals to the reporting date, framed as the Department's report: "
        "a spreadsheet with a summary and a sheet per program, a Word document, a PDF, a web page, or markdown and "
        "CSV from the same rows."
    )
)
def report(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help=_(
                "Write here; the extension picks the format (.xlsx .docx .pdf .html .md .csv). '-' or none: "
                "standard output."
            ),
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help=_("xlsx, docx, pdf, html, md or csv (default: from the file name).")),
    ] = None,
    program: Programs = None,
    as_of: AsOf = None,
    year: YearOption = None,
    lang: LangOption = Lang.vi,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            metavar="NUMBER",
            help=_(
                "The report's number: 15 (followed by document.symbol in settings.yaml) or whole, 15/BC-SKHCN "
                "(default: document.number in settings.yaml, else a blank to fill in)."
            ),
        ),
    ] = None,
    signed: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=_(
                "The report's date, YYYY-MM-DD or DD/MM/YYYY (default: document.signed in settings.yaml, else a blank "
                "to fill in). Without --as-of the report covers the quarters ended before it (to 30/06/2018 for "
                "05/07/2018), and it judges lateness at it."
            ),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace FILE if it exists."))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help=_("No progress bar and no 'wrote FILE' line."))] = False,
) -> None:
    from kpi.errors import UsageError
    from kpi.reports.output import choose_format, refuse_overwrite, render, write_report

    issued = parse_date(signed) if signed is not None else None
    to_stdout = output is None or str(output) == "-"
    chosen = choose_format(output_format, None if to_stdout else output)
    if to_stdout and chosen in (ReportFormat.xlsx, ReportFormat.docx, ReportFormat.pdf) and sys.stdout.isatty():
        raise UsageError(
            _("an {format} report is binary: pass -o FILE.{format}, or pipe standard output to a file").format(
                format=chosen.value
            )
        )
    if output is not None and not to_stdout:
        refuse_overwrite(output, force)  # before the work, not after it
    with _progress(quiet) as step:
        step(_("reading the data"), 0, 3)
        ledger, when = load(ctx, as_of, year, issued, document=True)
        step(_("computing status"), 1, 3)
        from kpi.compute.status import compute_status, filter_rows
        from kpi.reports.layout import build_report

        status = filter_rows(compute_status(ledger, when), ledger, programs=program)

        approvals = _approvals_vouching(state_of(ctx).data_dir())  # what is not approved yet is provisional
        from kpi.files.narrative import find_narrative
        from kpi.model.quarters import Quarter

        narrative = find_narrative(state_of(ctx).data_dir(), str(Quarter.containing(status.as_of)))
        appendix = build_report(ledger, status, number, issued, approvals, _reporting(ctx, ledger, when.day), narrative)
        _warn_unreported(appendix.header.unreported, when.day)
        step(_("writing {format}").format(format=chosen.value), 2, 3)
        data = render(appendix, chosen, lang.value, step)
        if to_stdout:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            assert output is not None
            write_report(output, data, replace=force)
    if not to_stdout and not quiet:
        from kpi.compute.asof import day_text

        lines = ngettext("{count} line", "{count} lines", len(appendix.lines)).format(count=len(appendix.lines))
        typer.echo(
            "kpi: "
            + _("wrote {file} ({format}, {lines}, as of {day})").format(
                file=output, format=chosen.value, lines=lines, day=day_text(when.day)
            ),
            err=True,
        )


def _warn_unreported(quarters: list[str], day: date) -> None:
    """Say on stderr what the report itself says when its period has no figure at all (the report
    also names a single quarter left without any)."""
    from kpi.model.quarters import Quarter

    ended = [Quarter(day.year, n) for n in (1, 2, 3, 4) if Quarter(day.year, n).last_day <= day]
    if quarters and len(quarters) == len(ended):
        from kpi.i18n import language

        listed = ", ".join(quarter_words(quarter, language()) for quarter in quarters)
        typer.echo(
            "kpi: "
            + _(
                "warning: no figure is recorded for {quarters}; the report says so, and reads them as not reported"
            ).format(quarters=listed),
            err=True,
        )


def _approvals_vouching(data_dir: Path) -> list[ApprovalEvent]:
    """The approvals whose files are as approved; a file changed since makes its quarter's figures
    provisional again, and the report says so on stderr (kpi check names it as an error)."""
    from kpi.compute.approvals import intact_approvals
    from kpi.errors import Location
    from kpi.files.approvals_file import load_approvals
    from kpi.files.datadir import ACTUALS_DIR

    intact, broken = intact_approvals(data_dir, load_approvals(data_dir))
    for approval, name in broken:
        typer.echo(
            "kpi: "
            + _("warning: {file} changed since {quarter} was approved; its figures are shown as provisional").format(
                file=Location(data_dir / ACTUALS_DIR / name), quarter=approval.quarter
            ),
            err=True,
        )
    return intact


def _reporting(ctx: typer.Context, ledger: Ledger, day: date) -> YearReporting:
    """Who has reported in the reporting date's year, hand-written figures dated from git."""
    from kpi.compute.history_days import days_from_history
    from kpi.compute.reporting import reporting_year

    data_dir = state_of(ctx).data_dir()
    return reporting_year(ledger, day.year, None, lambda quarter: days_from_history(data_dir, ledger, quarter))


@contextmanager
def _progress(quiet: bool = False) -> Iterator[Step]:
    """A transient bar on stderr when a person is watching; nothing at all when piped."""
    from rich.console import Console

    console = Console(stderr=True, no_color="NO_COLOR" in os.environ or None)
    if quiet or not console.is_terminal:
        yield lambda what, done, total: None
        return
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def step(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield step

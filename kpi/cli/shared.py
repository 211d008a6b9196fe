"""What every command shares: state from the global options, and the one error handler."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kpi.cli.framework import LocalisedGroup
from kpi.errors import KpiError
from kpi.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from kpi.compute.asof import ReportingDate
    from kpi.ledger.load import Ledger
    from kpi.model.quarters import Quarter

EXIT_INTERNAL = 3


@dataclass
class State:
    data: Path | None = None
    debug: bool = False

    def data_dir(self) -> Path:
        from kpi.files.datadir import find_data_dir

        return find_data_dir(self.data)


def _is_cli_control_flow(exc: BaseException) -> bool:
    # Usage errors, --help and typer.Exit belong to the CLI framework (Typer ships its own copy
    # of click, so their classes are matched by origin rather than imported).
    return type(exc).__module__.split(".")[0] in ("click", "typer")


class KpiGroup(LocalisedGroup):
    """Turns the core's exceptions into one clear message and an exit code; no tracebacks."""

    def get_params(self, ctx: Any) -> list[Any]:
        # Typer writes the help of its completion options as plain English literals.
        params: list[Any] = super().get_params(ctx)
        helps = {
            "install_completion": _("Install completion for the current shell."),
            "show_completion": _("Show completion for the current shell, to copy it or customize the installation."),
        }
        for param in params:
            if param.name in helps:
                param.help = helps[param.name]
        return params

    def invoke(self, ctx: Any) -> Any:
        from kpi.files.bulk import collector_paused

        try:
            # A command is a short process whose objects live until it ends: the cyclic collector
            # would only walk them again and again (a 10 000-indicator report spent 1.7 s of 4.5 s
            # in it, and freed nothing: the peak memory is the same without it).
            with collector_paused():
                return super().invoke(ctx)
        except KpiError as exc:
            for line in exc.lines():
                typer.echo(f"kpi: {line}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            typer.echo("kpi: " + _("interrupted"), err=True)
            ctx.exit(130)
        except Exception as exc:
            if _is_cli_control_flow(exc):
                raise
            state = ctx.find_object(State)
            if state is not None and state.debug:
                raise
            typer.echo(
                "kpi: "
                + _("internal error: {error}: {message} (rerun with --debug for details)").format(
                    error=type(exc).__name__, message=exc
                ),
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def state_of(ctx: typer.Context) -> State:
    state = ctx.find_object(State)
    return state if state is not None else State()


def load(
    ctx: typer.Context,
    as_of_text: str | None,
    year: int | None = None,
    signed: date | None = None,
    document: bool = False,
) -> tuple[Ledger, ReportingDate]:
    """The validated ledger, read against the plan in force on the reporting date, and that date,
    warning on stderr when recorded figures fall after it. `year` is `--year`: its last day. With
    `document` (a report), the reporting date follows the report's own date, `signed` or else
    `document.signed` in settings (see `reporting_date`)."""
    from datetime import date

    from kpi.cli.options import parse_date
    from kpi.compute.asof import not_counted_warning, reporting_date
    from kpi.errors import UsageError
    from kpi.ledger.load import load_ledger

    if as_of_text and year is not None:
        raise UsageError(_("give --as-of or --year, not both"))
    option = date(year, 12, 31) if year is not None else parse_date(as_of_text) if as_of_text else None
    ledger = load_ledger(settled_data_dir(ctx))
    if document and signed is None:
        signed = ledger.settings.document.signed
    when = reporting_date(ledger, date.today(), option, signed if document else None)
    warning = not_counted_warning(when)
    if warning is not None:
        typer.echo("kpi: " + _("warning: {message}").format(message=warning), err=True)
    return ledger.in_force(when.day), when


def chosen_quarter(text: str | None, when: ReportingDate, ledger: Ledger) -> Quarter:
    """`--quarter` as given, else the quarter of the reporting date, or the first plan's first
    quarter while the date lies before it (before anything is recorded the date is the end of the
    last year of stated actuals, which the plan itself reports), or the period's last quarter
    after it. A malformed quarter, one outside
    the plan period or not begun yet is a usage error, as `kpi record` would refuse it."""
    from datetime import date

    from kpi.errors import UsageError
    from kpi.ledger.rules import quarter_problems
    from kpi.model.quarters import Quarter

    try:
        quarter = Quarter.parse(text) if text else Quarter.containing(when.day)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    first_plan_year, period_end = ledger.plans[0].plan.year, ledger.plans[-1].plan.period_end
    if not text and quarter.year < first_plan_year:
        quarter = Quarter(first_plan_year, 1)
    elif not text and quarter.year > period_end:  # a date past the plan period: its last quarter
        quarter = Quarter(period_end, 4)
    problems = quarter_problems(ledger.in_force(quarter.last_day).catalogue.plan, quarter, date.today())
    if problems:
        raise UsageError(problems[0])
    return quarter


def settled_data_dir(ctx: typer.Context, strict: bool = False) -> Path:
    """The data folder, once a recording a crash interrupted is finished or undone (one line on
    stderr says which). When it cannot be settled, a reading command warns and reads the files as
    they are; `strict` (a recording) refuses instead."""
    from kpi.files.journal import RecoveryBlocked, settle_pending

    data_dir = state_of(ctx).data_dir()
    try:
        settled = settle_pending(data_dir)
    except RecoveryBlocked as exc:
        if strict:
            raise
        typer.echo(
            "kpi: "
            + _("warning: {message}").format(
                message=_("{problem}; the figures shown read the files as they are").format(problem=exc)
            ),
            err=True,
        )
        return data_dir
    if settled is not None:
        typer.echo("kpi: " + settled.notice(), err=True)
    return data_dir


def heading(title: str, when: ReportingDate) -> str:
    """A heading with the reporting date in the language's notation and where it came from:
    `Status as of 2018-03-31 (latest recorded quarter: 2018-Q1)`; `title` has a `{day}` placeholder."""
    from kpi.compute.asof import day_text, source_text

    return _("{title} ({source})").format(title=title.format(day=day_text(when.day)), source=source_text(when))

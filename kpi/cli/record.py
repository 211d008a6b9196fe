"""`kpi record`: add a quarter's figure (or a milestone done) to the actuals, nothing lost."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli import app
from kpi.cli.options import Lang, LangOption, complete_id, complete_owner
from kpi.cli.shared import settled_data_dir, state_of
from kpi.errors import UsageError
from kpi.i18n import _
from kpi.model.quarters import quarter_words

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal

    from kpi.model.quarters import Quarter
    from kpi.ops.record_files import FileOutcome
    from kpi.ops.recording import RecordingResult


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command(
    short_help=_("Record a quarterly actual, or a milestone done."),
    help=_(
        "Record a quarterly actual, or a milestone done.\n\n"
        "Examples:\n\n"
        '  kpi record B.1 --quarter 2018-Q2 --value 850 --by "Nguyễn Văn A"\n\n'
        '  kpi record A.4 --quarter 2018-Q1 --done --date 2018-03-20 --evidence "QĐ 123/QĐ-UBND"\n\n'
        "  kpi record --from shtt-2018-Q2.csv --quarter 2018-Q2\n\n"
        "  kpi record --from QLCN-2018-Q2.xlsx\n\n"
        "  kpi record --from received/2018-Q2/\n\n"
        "Anything missing is asked for when stdin is a terminal. The same figure recorded twice is "
        "refused unless --replace. In a git work tree each recording is a commit (--no-commit: not). "
        "Exit 0 recorded (or unchanged), 2 refused: nothing written (with several files: one or more "
        "refused, the others recorded)."
    ),
)
def record(
    ctx: typer.Context,
    indicator: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", autocompletion=complete_id, help=_("Indicator ID, e.g. B.1 (asked for when missing).")
        ),
    ] = None,
    quarter: Annotated[
        str | None,
        typer.Option("--quarter", "-q", metavar="QUARTER", help=_("2018-Q2, 2018Q2, Q2/2018 or Quý II/2018.")),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(
            "--value", metavar="NUMBER", help=_("The figure: 850, 39,89 or 39.89 (no thousands separator needed).")
        ),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option("--measure", "-m", metavar="KEY", help=_("Measure key, when the indicator has several.")),
    ] = None,
    done: Annotated[bool, typer.Option("--done", help=_("A milestone was completed (with --date)."))] = False,
    done_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=_("Day the milestone was done, 2018-03-20 or 20/03/2018 (default: today, if within the quarter)."),
        ),
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", metavar="EVIDENCE", help=_("E.g. the number of the approving decision."))
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="NOTE", help=_("Free text kept with the record."))
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", metavar="SOURCE", help=_("Where the figure comes from, e.g. a report's number.")),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME", help=_("Who records (default: settings, git user.name, login name).")),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            "-u",
            metavar="CODE",
            autocompletion=complete_owner,
            help=_("Record into a co-owner's file instead of the owner's; with a form, the unit it must be for."),
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help=_("Overwrite a figure already recorded; the old one is kept in history."))
    ] = False,
    commit: Annotated[
        bool | None,
        typer.Option(
            "--commit/--no-commit",
            help=_(
                "Commit the changed file to git (default: when the data lies in a git work tree, unless "
                "record.commit is false in settings)."
            ),
            show_default=False,
        ),
    ] = None,
    from_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            metavar="FILE|FOLDER",
            help=_(
                "Record every row of a CSV file, or every figure of a unit's form (FILE.xlsx, from kpi form): "
                "all or none. Repeat it, or name a folder, to record several files, each on its own."
            ),
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="utf-8|cp1258|cp1252",
            help=_(
                "The CSV's encoding: utf-8 (Excel's CSV UTF-8; the default), or the Windows code page of Excel's "
                "plain CSV: cp1258 on a Vietnamese Windows, cp1252 on a Western one."
            ),
            show_default=False,
        ),
    ] = None,
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            metavar="DATE",
            help=_(
                "The day the unit sent the figures, when it was before today (by e-mail, on paper): "
                "kpi reporting judges on time by it."
            ),
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Check everything, write nothing."))] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", help=_("No confirmation lines; the exit code tells (refusals still go to stderr).")),
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    """Record a quarterly actual, or a milestone done (the help text above, in the run's language)."""
    import datetime

    from kpi.ledger.load import load_settings
    from kpi.ops.recording import Entry, record_entries, who_records

    # A dry run writes nothing, so it settles nothing either (it refuses while a crash is unsettled).
    data_dir = state_of(ctx).data_dir() if dry_run else settled_data_dir(ctx, strict=True)
    settings = load_settings(data_dir)
    recorder = by or settings.record.recorded_by or who_records(data_dir)
    today = datetime.date.today()
    parsed_quarter = _quarter(quarter) if quarter else None
    chosen_encoding = _encoding(encoding) if encoding is not None else None
    if chosen_encoding is not None and not from_files:
        raise UsageError(_("--encoding says how a CSV file given with --from is written; give --from FILE.csv"))
    if commit is None:
        from kpi.files.trail import work_tree

        # In a git work tree each recording is a commit, unless --no-commit or record.commit: false says not.
        commit = settings.record.commit and work_tree(data_dir) is not None
    if from_files:
        if indicator or value is not None or done or done_date:
            raise UsageError(_("--from records the rows of a file; give no ID, --value, --done or --date with it"))
        from kpi.ops.record_files import files_to_record, read_file_entries

        paths, skipped = files_to_record(from_files)
        if len(paths) > 1 or skipped or any(str(path) != "-" and path.is_dir() for path in from_files):
            _record_several(
                data_dir,
                paths,
                skipped,
                quarter=parsed_quarter,
                owner=owner,
                recorder=recorder,
                encoding=chosen_encoding,
                received=_date(received, "--received") if received is not None else None,
                replace=replace,
                commit=commit,
                dry_run=dry_run,
                today=today,
                due_days=settings.reporting.due_days,
                quiet=quiet,
            )
            return
        # A unit's form (kpi form): --quarter and --owner say which form is expected.
        entries, found = read_file_entries(data_dir, paths[0], parsed_quarter, owner, recorder, chosen_encoding)
        source_name = paths[0].name
    else:
        found = []
        figure_value, percent = _value(value) if value is not None else (None, False)
        day = _date(done_date) if done_date else None
        if figure_value is not None and (done or day):
            raise UsageError(_("give --value for a figure or --done/--date for a milestone, not both"))
        done = done or day is not None
        missing = indicator is None or parsed_quarter is None or (figure_value is None and not done)
        # One request, as given; the prompt fills in what is missing, the command line must not lack it.
        given = Entry(
            indicator=indicator or "",
            quarter=parsed_quarter,
            measure=measure,
            value=figure_value,
            done=day,
            evidence=evidence,
            note=note,
            source=source,
            recorded_by=recorder,
            owner=owner,
            percent=percent,
        )
        if missing and stdin_is_terminal():
            from kpi.cli.record_prompt import ask

            entry = ask(
                data_dir,
                given,
                known_quarter=parsed_quarter is not None,
                wants_done=done,
                today=today,
            )
        else:
            if indicator is None:
                raise UsageError(_("which indicator? give its ID, e.g. kpi record B.1 --quarter 2018-Q2 --value 850"))
            if parsed_quarter is None:
                raise UsageError(_("--quarter is missing, e.g. --quarter 2018-Q2"))
            if figure_value is None and not done:
                raise UsageError(_("--value is missing (or --done for a milestone)"))
            if done and day is None:
                from kpi.ops.recording import default_done_date

                day = default_done_date(parsed_quarter, today)
                if day is None:
                    raise UsageError(
                        _("{quarter} is over: give --date, the day it was done").format(
                            quarter=quarter_words(parsed_quarter)
                        )
                    )
            entry = dataclasses.replace(given, done=day)
        entries = [entry]
        source_name = None
    if received is not None:
        sent = _date(received, "--received")
        entries = [e if e.received_on is not None else dataclasses.replace(e, received_on=sent) for e in entries]
    result = record_entries(
        data_dir,
        entries,
        replace=replace,
        commit=commit,
        dry_run=dry_run,
        today=today,
        commit_source=source_name,
        found=found,
    )
    if result.settled is not None:
        typer.echo("kpi: " + result.settled.notice(), err=True)
    for line in [] if quiet else _report(result):
        typer.echo(line)
    if result.closed:
        from kpi.ops.recording import closed_year_warning

        for outcome, official in result.closed:
            typer.echo("kpi: " + closed_year_warning(outcome, official), err=True)


def _record_several(
    data_dir: Path,
    paths: list[Path],
    skipped: list[Path],
    *,
    quarter: Quarter | None,
    owner: str | None,
    recorder: str,
    encoding: str | None,
    received: date | None,
    replace: bool,
    commit: bool,
    dry_run: bool,
    today: date,
    due_days: int,
    quiet: bool,
) -> None:
    """Several files (`--from` repeated, or a folder): each all or nothing, then what came in and what was refused.
    Exit 0 when every file was recorded, 2 when one or more was refused (the others are recorded)."""
    from kpi.ops.record_files import record_files

    outcomes = record_files(
        data_dir,
        paths,
        quarter=quarter,
        owner=owner,
        recorded_by=recorder,
        encoding=encoding,
        received=received,
        replace_figures=replace,
        commit=commit,
        dry_run=dry_run,
        today=today,
        due_days=due_days,
    )
    for outcome in outcomes:
        if outcome.result is not None and outcome.result.settled is not None:
            typer.echo("kpi: " + outcome.result.settled.notice(), err=True)
        if outcome.result is not None:
            from kpi.ops.recording import closed_year_warning

            for closed, official in outcome.result.closed:
                typer.echo("kpi: " + closed_year_warning(closed, official), err=True)
    refused = [outcome for outcome in outcomes if outcome.refusal]
    if quiet:
        for outcome in refused:
            for line in outcome.refusal:
                typer.echo(f"kpi: {line}", err=True)
    else:
        for line in _summary(outcomes, skipped, dry_run):
            typer.echo(line)
    if refused:
        raise typer.Exit(2)


def _summary(outcomes: list[FileOutcome], skipped: list[Path], dry_run: bool) -> list[str]:
    """A line per file recorded (unit, quarter, how many figures, on time or late), each refused file
    with every one of its problems, each file skipped, and the count."""
    from kpi.i18n import ngettext
    from kpi.model.dates import written_date

    lines = []
    for outcome in outcomes:
        name = outcome.path.name
        if outcome.refusal:
            lines.append(
                ngettext(
                    "{file}: refused, nothing recorded ({count} problem):",
                    "{file}: refused, nothing recorded ({count} problems):",
                    len(outcome.refusal),
                ).format(file=name, count=len(outcome.refusal))
            )
            lines += [f"  {line}" for line in outcome.refusal]
            continue
        if not outcome.arrived:
            lines.append(_("{file}: nothing to record").format(file=name))
        for arrived in outcome.arrived:
            if arrived.figures == 0:
                text = ngettext(
                    "{file}: {owner}, {quarter}: {count} figure, already recorded as it is; nothing changed",
                    "{file}: {owner}, {quarter}: {count} figures, already recorded as they are; nothing changed",
                    arrived.unchanged,
                ).format(
                    file=name, owner=arrived.owner, quarter=quarter_words(arrived.quarter), count=arrived.unchanged
                )
                lines.append(text)
                continue
            counted = (
                ngettext(
                    "{file}: {owner}, {quarter}: {count} figure would be recorded",
                    "{file}: {owner}, {quarter}: {count} figures would be recorded",
                    arrived.figures,
                )
                if dry_run
                else ngettext(
                    "{file}: {owner}, {quarter}: {count} figure recorded",
                    "{file}: {owner}, {quarter}: {count} figures recorded",
                    arrived.figures,
                )
            ).format(file=name, owner=arrived.owner, quarter=quarter_words(arrived.quarter), count=arrived.figures)
            timing = (
                _("late: received {received}, due {due}")
                if arrived.late
                else _("on time: received {received}, due {due}")
            ).format(received=written_date(arrived.received), due=written_date(arrived.due))
            lines.append(f"{counted}, {timing}")
        if outcome.result is not None and outcome.result.commit:
            lines.append("  " + _("committed {commit}").format(commit=outcome.result.commit[:12]))
    lines += [_("{file}: skipped, not a form (.xlsx) or a CSV file").format(file=path.name) for path in skipped]
    recorded = sum(1 for outcome in outcomes if not outcome.refusal)
    total = ngettext(
        "{recorded} of {count} file recorded, {refused} refused",
        "{recorded} of {count} files recorded, {refused} refused",
        len(outcomes),
    ).format(recorded=recorded, count=len(outcomes), refused=len(outcomes) - recorded)
    if dry_run:
        total = (
            ngettext(
                "{recorded} of {count} file could be recorded, {refused} refused",
                "{recorded} of {count} files could be recorded, {refused} refused",
                len(outcomes),
            ).format(recorded=recorded, count=len(outcomes), refused=len(outcomes) - recorded)
            + "; "
            + _("nothing written (--dry-run)")
        )
    return [*lines, total]


def _quarter(text: str) -> Quarter:
    from kpi.model.quarters import Quarter

    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise UsageError(f"--quarter: {exc}") from None


def _value(text: str) -> tuple[Decimal, bool]:
    from kpi.ops.recording import entered_figure

    try:
        return entered_figure(text)
    except ValueError as exc:
        raise UsageError(f"--value: {exc}") from None


def _date(text: str, option: str = "--date") -> date:
    from kpi.model.dates import parse_entered_date

    try:
        return parse_entered_date(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _report(result: RecordingResult) -> list[str]:
    from kpi.errors import Location
    from kpi.ops.recording import Action, figure_words

    added = (
        _("would be recorded: {name} {quarter} = {figure} in {file}")
        if result.dry_run
        else _("recorded: {name} {quarter} = {figure} in {file}")
    )
    replaced = (
        _("would be replaced: {name} {quarter} = {figure} (was {previous}, kept in history) in {file}")
        if result.dry_run
        else _("replaced: {name} {quarter} = {figure} (was {previous}, kept in history) in {file}")
    )
    unchanged = _("unchanged: {name} {quarter} = {figure} is already recorded in {file}")
    lines = []
    for outcome in result.outcomes:
        template = {Action.ADDED: added, Action.REPLACED: replaced, Action.UNCHANGED: unchanged}[outcome.action]
        lines.append(
            template.format(
                name=f"{outcome.indicator} ({outcome.label})" if outcome.label else outcome.indicator,
                quarter=quarter_words(outcome.quarter),
                figure=figure_words(outcome.record),
                previous=figure_words(outcome.previous) if outcome.previous is not None else "",
                file=Location(outcome.path),
            )
            + _late_from(outcome.entry.reported_for, outcome.quarter)
        )
    if result.dry_run:
        lines.append(_("nothing written (--dry-run)"))
    if result.commit:
        lines.append(_("committed {commit}").format(commit=result.commit[:12]))
    return lines


def _late_from(form: Quarter | None, quarter: Quarter) -> str:
    """Where a late milestone of a form went: the quarter it was done in, not the form's."""
    if form is None:
        return ""
    return " " + _(
        "(a late milestone on the form for {form}: recorded under {quarter}, the quarter it was done in)"
    ).format(form=quarter_words(form), quarter=quarter_words(quarter))


def _encoding(text: str) -> str:
    """`--encoding`, by any of its usual names (`utf8`, `windows-1258`), as kpi.ops.csv_entries names it."""
    from kpi.ops.csv_entries import ENCODINGS

    name = text.strip().casefold().replace("_", "-")
    name = {"utf8": "utf-8", "utf-8-sig": "utf-8", "windows-1258": "cp1258", "windows-1252": "cp1252"}.get(name, name)
    if name not in ENCODINGS:
        raise UsageError(
            _("unknown encoding '{name}'; a CSV is read as one of {known}").format(
                name=text, known=", ".join(ENCODINGS)
            )
        )
    return name

"""`kpi approve` and `kpi reopen`: freeze a checked quarter, and open it again with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpi.cli.framework import command
from kpi.cli.options import Lang, LangOption
from kpi.cli.shared import settled_data_dir
from kpi.i18n import _, ngettext

QuarterArgument = Annotated[str, typer.Argument(metavar="QUARTER", help=_("The quarter, e.g. 2018-Q2."))]
OwnerOption = Annotated[
    str | None, typer.Option("--owner", "-u", metavar="CODE", help=_("One unit only (default: every unit)."))
]
CommitOption = Annotated[
    bool | None,
    typer.Option(
        "--commit/--no-commit",
        help=_("Commit approvals.yaml to git, so kpi log shows it (default: when the data lies in a git work tree)."),
    ),
]
ByOption = Annotated[
    str | None, typer.Option("--by", metavar="NAME", help=_("Who (default: git's user name, else the login name)."))
]


@command(
    help=_(
        "Approve a quarter (one unit's figures, or all): kpi record then refuses to change it, and kpi check "
        "fails if its files change, until it is reopened. A unit that has not sent everything the quarter expects "
        "is named, and the approval refused without --with-missing."
    )
)
def approve(
    ctx: typer.Context,
    quarter: QuarterArgument,
    owner: OwnerOption = None,
    by: ByOption = None,
    commit: CommitOption = None,
    with_missing: Annotated[
        bool,
        typer.Option(
            "--with-missing",
            help=_(
                "Approve although some units have not sent everything the quarter expects (kpi reporting); "
                "their figures sent later are then refused until the quarter is reopened."
            ),
        ),
    ] = False,
    lang: LangOption = Lang.vi,  # the messages' language: read by kpi.cli.main before the command runs
) -> None:
    from kpi.ops.approve import approve as approve_quarter
    from kpi.ops.approve import describe, missing_text

    data_dir, wanted, who, now = _request(ctx, quarter, by)
    decided = approve_quarter(data_dir, wanted, owner, who, now, committing(data_dir, commit), with_missing)
    if decided.settled is not None:
        typer.echo("kpi: " + decided.settled.notice(), err=True)
    event = decided.event
    count = len(event.files)
    typer.echo(
        ngettext("approved: {what}; {count} file frozen", "approved: {what}; {count} files frozen", count).format(
            what=describe(event), count=count
        )
    )
    if decided.missing:
        typer.echo(_("approved without everything from: {units}").format(units=missing_text(decided.missing)))
    if decided.commit:
        typer.echo(_("committed {commit}").format(commit=decided.commit[:12]))


@command(help=_("Reopen an approved quarter (one unit's, or all), saying why; the approval stays in the history."))
def reopen(
    ctx: typer.Context,
    quarter: QuarterArgument,
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help=_("Why it is reopened (required)."))],
    owner: OwnerOption = None,
    by: ByOption = None,
    commit: CommitOption = None,
    lang: LangOption = Lang.vi,
) -> None:
    from kpi.model.quarters import quarter_words
    from kpi.ops.approve import reopen as reopen_quarter

    data_dir, wanted, who, now = _request(ctx, quarter, by)
    decided = reopen_quarter(data_dir, wanted, owner, who, reason, now, committing(data_dir, commit))
    if decided.settled is not None:
        typer.echo("kpi: " + decided.settled.notice(), err=True)
    typer.echo(
        _("reopened: {quarter} ({reason})").format(
            quarter=quarter_words(decided.event.quarter), reason=decided.event.reason
        )
    )
    if decided.commit:
        typer.echo(_("committed {commit}").format(commit=decided.commit[:12]))


def committing(data_dir: Path, commit: bool | None) -> bool:
    """An approval is what the audit trail is for: committed whenever git can hold it, unless --no-commit.

    Without git on PATH, the data may lie in a work tree all the same (a `.git` above it): the commit
    is never skipped silently then, but refused until git is back or --no-commit is given."""
    from kpi.errors import UsageError
    from kpi.files.trail import git_installed, work_tree

    if commit is not None:
        return commit
    if git_installed():
        return work_tree(data_dir) is not None
    if any((folder / ".git").exists() for folder in [data_dir.resolve(), *data_dir.resolve().parents]):
        raise UsageError(
            _(
                "git is not installed (or not on PATH), so this cannot be committed; install git, "
                "or run the command again with --no-commit"
            )
        )
    return False


def _request(ctx: typer.Context, quarter: str, by: str | None):  # type: ignore[no-untyped-def]
    from datetime import datetime

    from kpi.errors import UsageError
    from kpi.model.quarters import Quarter
    from kpi.ops.recording import who_records

    data_dir = settled_data_dir(ctx, strict=True)
    try:
        wanted = Quarter.parse(quarter)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    now = datetime.now().astimezone().replace(microsecond=0)
    return data_dir, wanted, by or who_records(data_dir), now

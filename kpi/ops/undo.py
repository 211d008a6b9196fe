"""Taking back the last recording (`kpi undo`): a new commit that puts its files back, never a rewrite of history.

The recording undone is the newest commit that changed an actuals file, when `kpi record` made it
(its trailers say so). Its files get back what they held before it (a file it created keeps no
records), through the same journal as a recording (`kpi.files.journal`), and the commit says
`Undone: <commit>` above one block of figure trailers per figure, the value before the recording
as `Value` and the value it took back as `Previous`, so that `kpi log` reads it as a change like
any other. Refused, with nothing touched: outside git, when that newest commit is not kpi's (a
hand edit, or an undo already), and when its quarter is approved for the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpi.errors import Location, UsageError
from kpi.files import journal, trail, trailers
from kpi.files.escaping import commit_line
from kpi.files.locking import actuals_lock
from kpi.i18n import _, language
from kpi.model.quarters import Quarter, quarter_words


@dataclass(frozen=True)
class Undone:
    change: trail.ActualsChange
    """The recording taken back."""
    commit: str
    """The undo's own commit."""
    files: list[Path]
    settled: journal.Settled | None = None


def undo_last(data_dir: Path, by: str) -> Undone:
    """Take back the newest recording of the actuals by a new commit; UsageError (nothing touched) saying why not."""
    from kpi.compute.approvals import approval_of
    from kpi.files.actuals_edit import new_actuals_text
    from kpi.files.approvals_file import load_approvals
    from kpi.files.catalogue import quarter_of_folder
    from kpi.model.words import date_words

    root = _work_tree(data_dir)
    with actuals_lock(data_dir, 60.0):
        settled = journal.settle(data_dir)
        change = trail.newest_actuals_change(data_dir)
        if change is None:
            raise UsageError(_("nothing to undo: git holds no recording of the actuals"))
        described = _("commit {commit} of {day} by {author}, '{subject}'").format(
            commit=change.commit[:12],
            day=date_words(change.date.date(), language()),
            author=change.author,
            subject=change.subject,
        )
        if change.undone is not None:
            raise UsageError(
                _(
                    "the last change to the actuals is already an undo ({change}); record the figure again "
                    "to bring it back"
                ).format(change=described)
            )
        if not change.blocks:
            raise UsageError(
                _(
                    "the last change to the actuals was not made by kpi record ({change}); kpi undoes only its own "
                    "recordings: undo that change by hand (git revert {commit})"
                ).format(change=described, commit=change.commit[:12])
            )
        events = load_approvals(data_dir)
        for path in change.files:
            quarter = quarter_of_folder(path)
            approval = approval_of(events, quarter, path.stem) if quarter is not None else None
            if approval is not None:
                raise UsageError(
                    _(
                        "{quarter} is approved for {owner} ({by}, {day}): the last recording ({change}) stands; "
                        'reopen it first: kpi reopen {quarter_id}{unit} --reason "..."'
                    ).format(
                        quarter=_words(quarter),
                        owner=path.stem,
                        by=approval.by,
                        day=date_words(approval.at.date(), language()),
                        change=described,
                        quarter_id=quarter,
                        unit=f" -u {path.stem}" if approval.owner is not None else "",  # a whole quarter reopens whole
                    )
                )
        trail.check_committable(root, change.files)
        contents = {}
        for path in change.files:
            before = trail.content_before(root, change.commit, path)
            quarter = quarter_of_folder(path)
            if before is None and quarter is None:
                raise UsageError(
                    _("{file} is not an actuals file; undo that change by hand").format(file=Location(path))
                )
            assert quarter is not None or before is not None
            contents[path] = before if before is not None else new_actuals_text(quarter, path.stem).encode()  # type: ignore[arg-type]
        intent = journal.begin(data_dir, contents, undo_message(change, by))
        commit = journal.carry_out(data_dir, intent, root)
        assert commit is not None  # a commit was due and `root` given: carry_out made it or raised
        return Undone(change, commit, list(contents), settled)


def undo_message(change: trail.ActualsChange, by: str) -> str:
    """The undo's commit message: a subject in the run's language, then the trailers, as a recording's."""
    subject = commit_line(_("Undo {subject}").format(subject=change.subject))
    blocks = [
        trailers.figure_block(
            block.get("Indicator"),
            block.get("Measure"),
            block.get("Quarter"),
            block.get("Previous") or trailers.NO_FIGURE,
            block.get("Value") or trailers.NO_FIGURE,
            by,
        )
        for block in change.blocks
    ]
    return trailers.figures_message(subject, blocks, undone=change.commit)


def _work_tree(data_dir: Path) -> Path:
    if not trail.git_installed():
        raise trail.not_installed()
    root = trail.work_tree(data_dir)
    if root is None:
        raise UsageError(
            _(
                "{path} is not inside a git work tree: kpi undo takes back a recording git holds; "
                "edit the file by hand (or record the right figure with --replace)"
            ).format(path=data_dir)
        )
    return root


def _words(quarter: Quarter | None) -> str:

    return quarter_words(quarter, language())

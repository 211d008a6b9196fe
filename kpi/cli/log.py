"""`kpi log`: the audit trail of the actuals, read back from git."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli.framework import command
from kpi.cli.options import Format, Lang, LangOption, OutputFormat, complete_id
from kpi.cli.shared import settled_data_dir
from kpi.errors import UsageError
from kpi.i18n import _, ngettext
from kpi.model.quarters import quarter_words

if TYPE_CHECKING:
    from pathlib import Path

    from kpi.cli.render import Column
    from kpi.files.trail import TrailEntry
    from kpi.model.models import Catalogue

# The csv/tsv header: fixed English keys, whatever the language of the table's headings.
KEYS = ("When", "Who", "Indicator", "Quarter", "Change", "Commit")


@command(
    "log",
    short_help=_("Who recorded what and when (from the git history)."),
    help=_(
        "Who recorded what and when, old value to new, newest first (from the git history).\n\n"
        "Commits made by hand show their subject; `git log -p data/actuals` shows them in full."
    ),
)
def log(
    ctx: typer.Context,
    indicator: Annotated[
        str | None, typer.Argument(metavar="ID", autocompletion=complete_id, help=_("Only this indicator."))
    ] = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", "-q", metavar="QUARTER", help=_("Only this quarter, e.g. 2018-Q2."))
    ] = None,
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
) -> None:
    """The trail of the actuals (the help text above, in the run's language)."""
    from kpi.cli.render import emit
    from kpi.files.trail import TrailEntry, read_trail
    from kpi.model.quarters import Quarter

    parsed = None
    if quarter is not None:
        try:
            parsed = Quarter.parse(quarter)
        except ValueError as exc:
            raise UsageError(f"--quarter: {exc}") from None
    data_dir = settled_data_dir(ctx)
    entries = read_trail(data_dir, indicator, str(parsed) if parsed else None, _owner_of(data_dir, indicator))
    if output_format is OutputFormat.json:
        from pydantic import TypeAdapter

        typer.echo(TypeAdapter(list[TrailEntry]).dump_json(entries, indent=2).decode())
        return
    machine = output_format in (OutputFormat.csv, OutputFormat.tsv)
    if not entries and not machine:
        typer.echo(_nothing(indicator, parsed))
        return
    catalogue = _catalogue(data_dir)
    text = emit(_columns(), [_row(entry, machine, catalogue) for entry in entries], output_format.value)
    if text is not None:
        typer.echo(text)


def _columns() -> list[Column]:
    from kpi.cli.render import Column

    headings = (_("When"), _("Recorded by"), _("Indicator"), _("Quarter"), _("Change"), _("Commit"))
    return [Column(heading, key) for heading, key in zip(headings, KEYS)]


def _row(entry: TrailEntry, machine: bool, catalogue: Catalogue | None = None) -> list[str]:
    """A line of the trail: as the trailers say it for csv/tsv; in the reader's words for a table."""
    from kpi.model.dates import written_date

    shown = (lambda trailer: trailer or "") if machine else _figure
    if entry.event == "close":
        name = ""
        change = _closing(entry, machine)
    elif entry.event in ("approve", "reopen"):
        name = ""
        change = _decision(entry, machine)
    elif entry.event == "undo":
        name = _named(entry, machine, catalogue)
        taken, back = shown(entry.previous), shown(entry.value) if entry.value not in (None, "none") else None
        if machine:
            change = f"undone: {entry.previous} -> {entry.value}"
        elif back is None:
            change = _("undone: {figure} taken back").format(figure=taken)
        else:
            change = _("undone: {figure} taken back, {before} again").format(figure=taken, before=back)
    elif entry.indicator is None:
        name = ""
        change = f"(by hand) {entry.subject}" if machine else _("(by hand) {subject}").format(subject=entry.subject)
    else:
        name = _named(entry, machine, catalogue)
        change = (
            shown(entry.value)
            if entry.previous in (None, "none")
            else f"{shown(entry.previous)} → {shown(entry.value)}"
        )
    when = entry.date.strftime("%Y-%m-%d %H:%M") if machine else f"{written_date(entry.date.date())} {entry.date:%H:%M}"
    quarter = entry.quarter or ""
    if quarter and not machine:
        quarter = _trailer_quarter(quarter)
    return [when, entry.recorded_by or entry.author, name, quarter, change, entry.commit[:10]]


def _named(entry: TrailEntry, machine: bool, catalogue: Catalogue | None) -> str:
    """The indicator and its measure: as the trailers say it for csv/tsv (`B.1 firms`); for a person,
    the measure's name when the catalogue still knows it (`B.1 (Doanh nghiệp được đào tạo)`)."""
    if not entry.measure:
        return entry.indicator or ""
    if machine:
        return f"{entry.indicator} {entry.measure}"
    label = (
        catalogue.measure_label(entry.indicator, entry.measure) if catalogue is not None and entry.indicator else None
    )
    return f"{entry.indicator} ({label or entry.measure})"


def _closing(entry: TrailEntry, machine: bool) -> str:
    """`closed 2018: 61 figures from the quarters; without: B.1:firms@2018-Q4`."""
    if machine:
        return f"closed {entry.quarter}: {entry.value} figures" + (
            f"; missing: {entry.missing}" if entry.missing else ""
        )
    count = int(entry.value or 0)
    text = ngettext(
        "closed {year}: {count} figure from the quarters", "closed {year}: {count} figures from the quarters", count
    ).format(year=entry.quarter, count=count)
    if entry.missing:
        missing = int(entry.missing)
        text += "; " + ngettext(
            "{count} missing figure named (git show lists it)",
            "{count} missing figures named (git show lists them)",
            missing,
        ).format(count=missing)
    return text


def _decision(entry: TrailEntry, machine: bool) -> str:
    """`approved (QLCN)`, `reopened (every unit): why`: in English for csv/tsv, else in the reader's words."""
    if machine:
        text = ("approved" if entry.event == "approve" else "reopened") + f" ({entry.owner or 'every unit'})"
        text += f"; missing: {entry.missing}" if entry.missing else ""
        return text + (f": {entry.reason}" if entry.reason else "")
    who = entry.owner or _("every unit")
    if entry.event == "approve" and entry.missing:
        return _("approved ({owner}) without everything from: {units}").format(owner=who, units=_missing(entry.missing))
    if entry.event == "approve":
        return _("approved ({owner})").format(owner=who)
    return _("reopened ({owner}): {reason}").format(owner=who, reason=entry.reason or "")


def _missing(trailer: str) -> str:
    """The trailer's `QLCN (33 of 34), QLKH (19 of 19)` in the reader's words, as `kpi reporting` writes them."""
    import re

    def unit(match: re.Match[str]) -> str:
        owner, missing, expected = match.groups()
        return _("{owner} ({missing} of {expected} missing)").format(owner=owner, missing=missing, expected=expected)

    return re.sub(r"([^,()]+?) \((\d+) of (\d+)\)", unit, trailer)


def _catalogue(data_dir: Path) -> Catalogue | None:
    """The catalogue, or None: the trail is read from git even when the catalogue does not validate."""
    from kpi.errors import KpiError
    from kpi.ledger.load import load_catalogue

    try:
        return load_catalogue(data_dir)
    except KpiError:
        return None


def _owner_of(data_dir: Path, indicator: str | None) -> str | None:
    """The unit that owns `indicator`, so that its approvals are listed with its figures; None when unknown."""
    if indicator is None:
        return None
    catalogue = _catalogue(data_dir)
    if catalogue is None:
        return None
    for item in catalogue.indicators:
        if item.id.casefold() == indicator.casefold():
            return item.owner
    return None


def _figure(trailer: str | None) -> str:
    """A trailer's `850`, `39.89` or `done 2018-05-02` in the reader's notation; anything else as written."""
    from kpi.files.trailers import figure_words
    from kpi.i18n import language

    return figure_words(trailer, language())


def _trailer_quarter(text: str) -> str:
    try:
        return quarter_words(text)
    except ValueError:
        return text


def _nothing(indicator: str | None, quarter: object) -> str:
    from kpi.model.quarters import Quarter

    about = [part for part in (indicator, quarter_words(quarter) if isinstance(quarter, Quarter) else None) if part]
    if about:
        return _("Nothing recorded for {what} in the git history.").format(what=", ".join(about))
    return _("Nothing recorded in the git history yet.")

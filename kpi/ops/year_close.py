"""Closing a year: its figures, worked out from the four quarters, become the official ones.

Until it is closed a year's actual is provisional: worked out from the quarters recorded so far,
it follows every figure recorded later. Closing is explicit and checked. Every measure the year's
plan expects a figure for each quarter (as `kpi reporting` counts them) must have its four
quarters recorded, or the quarter approved for its unit without it, or be named as missing on the
command line. Then each measure with a recorded quarter gets its year figure (summed, or the
latest quarter for a level) written into the year's own plan, `actuals: {<year>: ...}`, marked
`actual_basis: {<year>: quarters}`. A figure some plan states by hand for the year (official) is
kept as it is. Closing again after a correction rewrites the figures it wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from kpi.compute.approvals import in_force
from kpi.compute.reporting import Arrival, reporting
from kpi.errors import KpiError, UsageError
from kpi.files.approvals_file import load_approvals
from kpi.files.catalogue import catalogue_from_document
from kpi.files.datadir import plan_file_name
from kpi.files.inputs import InputKind
from kpi.files.plan_edit import UneditablePlan, set_year_figures
from kpi.files.yamlsource import decode_text, parse_yaml, read_bytes
from kpi.i18n import _, ngettext
from kpi.ledger.load import Ledger
from kpi.ledger.rules import effective_kind
from kpi.ledger.year_actuals import Basis, from_quarters, official_figure
from kpi.model.approvals import ApprovalEvent
from kpi.model.models import Catalogue, Measure
from kpi.model.quarters import Quarter
from kpi.model.text import code_point, control_character


@dataclass(frozen=True)
class MissingFigure:
    """A quarter's figure the plan expects, not recorded, in a quarter not approved for its unit."""

    owner: str
    indicator: str
    measure: str
    quarter: Quarter
    label: str | None = None
    """The measure's name as a person reads it (`measure_label`)."""

    def words(self) -> str:
        return _("{owner}: {indicator} ({measure}), {quarter}").format(
            owner=self.owner, indicator=self.indicator, measure=self.label or self.measure, quarter=self.quarter
        )

    def name(self) -> str:
        """How `--missing` names it."""
        return f"{self.indicator}:{self.measure}@{self.quarter}"


@dataclass(frozen=True)
class ClosedFigure:
    indicator: str
    measure: str
    value: Decimal
    previous: Decimal | None
    """What the plan stated before, closed from the quarters earlier; None the first time."""
    quarters: int
    """How many quarters it is worked out from."""


@dataclass
class YearClosing:
    year: int
    path: Path
    text: str
    changed: bool
    figures: list[ClosedFigure] = field(default_factory=list)
    kept: list[tuple[str, str, Decimal, int]] = field(default_factory=list)
    """Official figures entered by hand, left as they are: indicator, measure, value, plan year."""
    missing: list[MissingFigure] = field(default_factory=list)
    """What was missing and named as such."""
    before: str = ""
    """The plan's text the closing was worked out from: written over only if it is still that."""


class YearNotComplete(KpiError):
    """Quarters missing and not named: the year is not closed. Every missing figure is listed."""

    def __init__(self, year: int, missing: list[MissingFigure]):
        self.year, self.missing = year, missing
        super().__init__(year, missing)

    def lines(self) -> list[str]:
        head = ngettext(
            "{year} is not closed: {count} quarterly figure is missing and its quarter is not approved:",
            "{year} is not closed: {count} quarterly figures are missing and their quarters are not approved:",
            len(self.missing),
        ).format(year=self.year, count=len(self.missing))
        hint = _(
            "record them, approve their quarters (kpi approve), or name them: --missing {example} for one "
            "(ID, ID:MEASURE or either @QUARTER), --accept-missing for all"
        ).format(example=self.missing[0].name())
        return [head, *(f"  {item.words()}" for item in self.missing), hint]


def close_year(
    data_dir: Path,
    ledger: Ledger,
    year: int,
    named: list[str],
    accept_all: bool,
    today: date,
    approvals: list[ApprovalEvent] | None = None,
) -> YearClosing:
    """What closing `year` writes (the caller writes `text` to `path` when `changed`); raise
    YearNotComplete when a quarter is missing and not named, UsageError when it cannot be closed."""
    plan = next((p for p in ledger.plans if p.plan.year == year), None)
    if plan is None:
        raise UsageError(
            _("there is no plan for {year} ({file}): a year is closed into its own plan").format(
                year=year, file=plan_file_name(year)
            )
        )
    if today <= date(year, 12, 31):
        raise UsageError(
            _("{year} is not over yet: a year is closed once its fourth quarter has ended").format(year=year)
        )
    events = approvals if approvals is not None else load_approvals(data_dir)
    missing = _missing(ledger, year, in_force(events))
    accepted = missing if accept_all else _named(named, missing)
    unnamed = [item for item in missing if item not in accepted]
    if unnamed:
        raise YearNotComplete(year, unnamed)
    path = data_dir / plan_file_name(year)
    closing = YearClosing(year=year, path=path, text="", changed=False, missing=accepted)
    values = _year_figures(ledger, plan, year)
    official = ledger.official_years
    wanted: dict[tuple[str, str], Decimal] = {}
    for (indicator_id, measure_key), (value, count) in values.items():
        stated = official_figure(official, indicator_id, measure_key, year)
        if stated is not None and stated.basis is Basis.OFFICIAL:
            closing.kept.append((indicator_id, measure_key, stated.value, stated.plan_year))
            continue
        previous = next(
            (f.value for f in official.get((indicator_id, measure_key), {}).get(year, ()) if f.plan_year == year),
            None,
        )
        if previous != value:
            wanted[(indicator_id, measure_key)] = value
        closing.figures.append(ClosedFigure(indicator_id, measure_key, value, previous, count))
    text = decode_text(read_bytes(path, InputKind.CATALOGUE), path)
    try:
        closing.text = set_year_figures(text, path, wanted, year) if wanted else text
    except UneditablePlan as exc:
        raise UsageError(
            _("{file}: kpi cannot write the {year} figure of {measure} into this layout; write it by hand").format(
                file=path, year=year, measure=exc
            )
        ) from None
    closing.before = text
    closing.changed = closing.text != text
    if closing.changed:
        _verify(path, closing.text, plan, wanted, year)
    return closing


def _missing(ledger: Ledger, year: int, approved: list[ApprovalEvent]) -> list[MissingFigure]:
    frozen = {(event.quarter, event.owner) for event in approved}
    missing = []
    for number in range(1, 5):
        quarter = Quarter(year, number)
        for unit in reporting(ledger, quarter).owners:
            if (quarter, None) in frozen or (quarter, unit.owner) in frozen:
                continue  # approved as it is: what it lacks was accepted then
            missing += [
                MissingFigure(unit.owner, item.indicator, item.measure, quarter, item.label)
                for item in unit.items
                if item.arrival is Arrival.MISSING and item.measure is not None
            ]
    return missing


def _named(names: list[str], missing: list[MissingFigure]) -> list[MissingFigure]:
    """The missing figures `--missing` names: `B.1`, `B.1:firms`, `B.1@2018-Q4`, `B.1:firms@2018-Q4`.
    A name that matches nothing missing is refused: a typo must not pass for a decision."""
    accepted: list[MissingFigure] = []
    unmatched = []
    for name in names:
        item, _at, quarter_text = name.strip().partition("@")
        indicator, _colon, measure = item.partition(":")
        try:
            quarter = Quarter.parse(quarter_text) if quarter_text else None
        except ValueError as exc:
            raise UsageError(f"--missing {name}: {exc}") from None
        matches = [
            m
            for m in missing
            if m.indicator.casefold() == indicator.casefold()
            and (not measure or m.measure == measure)
            and (quarter is None or m.quarter == quarter)
        ]
        if not matches:
            unmatched.append(name)
        accepted += [m for m in matches if m not in accepted]
    if unmatched:
        raise UsageError(
            _("--missing {names}: no missing figure of the year matches; nothing was closed").format(
                names=", ".join(unmatched)
            )
        )
    return accepted


def _year_figures(ledger: Ledger, plan: Catalogue, year: int) -> dict[tuple[str, str], tuple[Decimal, int]]:
    """Each measure's year figure from its recorded quarters, with how many quarters it counts."""
    recorded: dict[tuple[str, str], list[tuple[Quarter, Decimal]]] = {}
    for figure in ledger.figures:
        if figure.quarter.year == year and figure.value is not None and figure.measure is not None:
            recorded.setdefault((figure.indicator, figure.measure), []).append((figure.quarter, figure.value))
    figures = {}
    for indicator in plan.indicators:
        for measure in indicator.measures:
            quarters = recorded.get((indicator.id, measure.key), [])
            value = from_quarters(effective_kind(indicator, measure), measure, quarters)
            if value is not None:
                figures[(indicator.id, measure.key)] = (value, len(quarters))
    return figures


def _verify(path: Path, text: str, plan: Catalogue, wanted: dict[tuple[str, str], Decimal], year: int) -> None:
    """The edited text read back must be the plan as it was with the year's figures set: nothing
    else changed, nothing lost."""
    read = catalogue_from_document(parse_yaml(text, path))

    def closed(indicator_id: str, measure: Measure) -> Measure:
        value = wanted.get((indicator_id, measure.key))
        if value is None:
            return measure
        return measure.model_copy(
            update={
                "actuals": {**measure.actuals, year: value},
                "actual_basis": {**measure.actual_basis, year: "quarters"},
            }
        )

    expected = plan.model_copy(
        update={
            "indicators": [
                i.model_copy(update={"measures": [closed(i.id, m) for m in i.measures]}) for i in plan.indicators
            ]
        }
    )
    if read.catalogue is None or read.catalogue != expected:
        raise UsageError(
            _(
                "{file}: the edited plan did not read back as meant; nothing was written, write the figures by hand"
            ).format(file=path)
        )


def write_closing(data_dir: Path, closing: YearClosing, by: str, commit: bool) -> str | None:
    """Write the closed plan, and with `commit` commit it alone (trailers `Closed`, `Closed-by`,
    `Figures`, `Missing`); return the commit. All or nothing, as a recording (`kpi.files.journal`):
    under the actuals lock, the journal first; refused before anything is written if the plan
    changed since the closing was worked out, or (committing) if git could not commit exactly it,
    or the year's actuals files hold changes git does not (the closing would vouch for figures no
    clone has)."""
    from kpi.files import journal, trail
    from kpi.files.datadir import ACTUALS_DIR
    from kpi.files.locking import actuals_lock

    control = control_character(by)
    if control is not None:
        raise UsageError(
            _("{option}: control character {code} in the text; delete it (a tab and a line break are allowed)").format(
                option="--by", code=code_point(control)
            )
        )
    with actuals_lock(data_dir, 60.0):
        journal.settle(data_dir)
        now = decode_text(read_bytes(closing.path, InputKind.CATALOGUE), closing.path)
        if now != closing.before:
            raise UsageError(
                _("{file} changed while {year} was being closed; nothing was written, run kpi year close again").format(
                    file=closing.path, year=closing.year
                )
            )
        root, message = None, None
        if commit:
            root = trail.require_work_tree(data_dir)
            trail.check_committable(root, [closing.path])
            figures = sorted((data_dir / ACTUALS_DIR).glob(f"{closing.year}-Q[1-4]/*.yaml"))
            if figures and trail.uncommitted(root, figures):
                raise UsageError(
                    _(
                        "the {year} actuals have changes that are not committed; commit the figures first "
                        "(kpi record --commit records and commits), or close with --no-commit"
                    ).format(year=closing.year)
                )
            message = trail.closing_message(
                closing.year, len(closing.figures), by, [item.name() for item in closing.missing]
            )
        intent = journal.begin(data_dir, {closing.path: closing.text.encode("utf-8")}, message)
        return journal.carry_out(data_dir, intent, root)

"""`kpi check`: every rule the data must satisfy beyond its schema, reported all at once."""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from kpi.compute import arithmetic
from kpi.compute.narrative import narrative_findings, period_of
from kpi.compute.plans import plan_for_year
from kpi.compute.rules import effective_kind, record_problems, resolve_measure
from kpi.compute.year_actuals import from_quarters
from kpi.errors import DataError, Finding, Location, Severity
from kpi.files.bulk import collector_paused
from kpi.files.catalogue import (
    ActualsRead,
    CatalogueRead,
    actuals_from_document,
    catalogue_from_document,
    quarter_of_folder,
    task_section,
)
from kpi.files.datadir import (
    ACTUALS_DIR,
    PLAN_FILE,
    SETTINGS_FILE,
    actuals_files,
    is_plan_file,
    plan_file_name,
    plan_files,
)
from kpi.files.inputs import InputKind, read_input
from kpi.files.journal import journal_path, pending
from kpi.files.narrative import narrative_files, read_narrative
from kpi.files.validation import validate_as
from kpi.files.yamlsource import YamlDocument, read_yaml
from kpi.i18n import LANGUAGES, _, language, ngettext
from kpi.model.approvals import ApprovalEvent
from kpi.model.dates import written_date
from kpi.model.figures import Figure
from kpi.model.models import AppendixCells, Catalogue, Indicator, Measure, Settings, in_language, measure_label
from kpi.model.numbers import announced_tasks, counted_numbers, counts_run_together, find_vn_numbers, format_number
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Kind

WARNING = Severity.WARNING


def _stated_figures(measure: Measure, traced: bool) -> list[tuple[tuple[str, ...], Decimal | None]]:
    """The figures a plan states for a measure, each with its path under the measure: the yearly
    ones by year (`actuals`, `2016`). `traced`: every figure that must appear in the source;
    else the ones a parent's children add up to."""
    figures: list[tuple[tuple[str, ...], Decimal | None]] = [(("target",), measure.target)] if traced else []
    figures += [(("actuals", str(year)), value) for year, value in sorted(measure.actuals.items())]
    figures.append((("stated_to_date",), measure.stated_to_date))
    if traced:
        figures += [(("stated_percent",), measure.stated_percent), (("stated_factor",), measure.stated_factor)]
    figures += [(("plans", str(year)), value) for year, value in sorted(measure.plans.items())]
    return figures


def _stated(measure: Measure, path: tuple[str, ...]) -> Decimal | None:
    """The figure at `path` under a measure (as `_stated_figures` names them), if it states one."""
    if path[0] == "actuals":
        return measure.actuals.get(int(path[1]))
    if path[0] == "plans":
        return measure.plans.get(int(path[1]))
    value = getattr(measure, path[0])
    return value if isinstance(value, Decimal) else None


@dataclass
class CheckReport:
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.NOTE]


def check(data_dir: Path, paths: list[Path] | None = None, today: date | None = None) -> CheckReport:
    """Check the given files (default: the catalogue and every actuals file under `data_dir`)."""
    with collector_paused():
        return _check(data_dir, paths, today)


def _check(data_dir: Path, paths: list[Path] | None, today: date | None) -> CheckReport:
    report = CheckReport()
    if paths:
        files = _expand(paths)
    else:
        settings = data_dir / SETTINGS_FILE
        files = [
            *plan_files(data_dir),
            *([settings] if os.path.lexists(settings) else []),
            *actuals_files(data_dir),
        ]
    plans: list[CatalogueRead] = []
    actuals_paths: list[Path] = []
    if not paths and not plan_files(data_dir):
        report.unreadable.append(data_dir)
        report.findings.append(
            Finding(Severity.ERROR, Location(data_dir), "plan", _("no plan<year>.yaml in this folder"))
        )
    for path in files:
        report.files.append(path)
        if path.suffix == ".md":  # the office's text of a report: checked after the plans it names
            continue
        kind = _kind_by_place(path)
        if kind is InputKind.ACTUALS:
            actuals_paths.append(path)  # read after the plans they are checked against
            continue
        # A file elsewhere is read under the largest cap, then checked as what its content says it is.
        document = _read(path, report, kind or InputKind.CATALOGUE)
        if document is None:
            continue
        if kind is None and _looks_like_actuals(document):
            actuals_paths.append(path)
            continue
        if kind is InputKind.SETTINGS or (kind is None and _looks_like_settings(document)):
            report.findings += check_settings(document)[1]
            continue
        read = catalogue_from_document(document)
        report.findings += read.findings
        if read.catalogue is not None:
            report.findings += check_catalogue(read)
            report.findings += label_findings(read)
            report.findings += plan_file_findings(read, today or date.today())
            plans.append(read)
    catalogues = sorted((read.catalogue for read in plans if read.catalogue is not None), key=lambda c: c.plan.year)
    figures: list[Figure] = []
    if actuals_paths:
        if not plans:
            catalogues = _quiet_catalogues(data_dir)
        if not catalogues:
            report.findings.append(
                Finding(
                    Severity.ERROR,
                    Location(data_dir),
                    "plan",
                    _("no readable plan<year>.yaml, so actuals cannot be checked against it"),
                )
            )
        first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]] = {}
        for path in actuals_paths:  # one at a time: a big ledger is never all in memory at once
            document = _read(path, report, InputKind.ACTUALS)
            if document is None:
                continue
            actuals_read = actuals_from_document(document)
            report.findings += actuals_read.findings
            if catalogues:
                quarter = actuals_read.actuals.quarter if actuals_read.actuals else quarter_of_folder(path)
                catalogue = plan_for_year(catalogues, quarter.year if quarter else catalogues[-1].plan.year)
                checked = check_actuals_file(catalogue, actuals_read, today)
                report.findings += checked.findings
                report.findings += duplicate_findings(checked, first_seen)
                figures += checked.figures
    for read in plans:
        report.findings += official_versus_quarters(read, figures)
    if not paths:
        report.findings += [f for f in approval_findings(data_dir, catalogues) if f not in report.findings]
    # The office's texts are read against plans that read clean: a plan in error would make every
    # name in them look unknown.
    report.findings += _narrative_findings(
        narrative_files(data_dir) if not paths else [p for p in files if p.suffix == ".md"],
        catalogues if not report.errors else [],
        report,
    )
    if not paths and pending(data_dir):  # check never settles it (it runs in CI and hooks): it says so
        report.findings.append(
            Finding(
                Severity.ERROR,
                Location(journal_path(data_dir), 1, 1),
                "journal",
                _(
                    "a recording was interrupted and is not settled yet; any command that reads the ledger "
                    "(kpi status, for one) finishes or undoes it"
                ),
            )
        )
    report.findings.sort(key=lambda f: (str(f.location.path), f.location.line or 0, f.location.column or 0))
    return report


def _narrative_findings(paths: list[Path], catalogues: list[Catalogue], report: CheckReport) -> list[Finding]:
    """The office's texts (narrative/2018-Q2.md): each figure they name, against the plan of their year."""
    findings: list[Finding] = []
    if paths and not catalogues and not report.errors:
        catalogues = _quiet_catalogues(paths[0].parent.parent)
    for path in paths:
        if path not in report.files:
            report.files.append(path)
        try:
            text = read_narrative(path).text
        except DataError as error:
            findings += error.findings
            continue
        period = period_of(path)
        if catalogues:
            year = int(period[:4]) if period else catalogues[-1].plan.year
            findings += narrative_findings(path, text, plan_for_year(catalogues, year))
    return findings


def _read(path: Path, report: CheckReport, kind: InputKind) -> YamlDocument | None:
    try:
        return read_yaml(path, kind)
    except DataError as exc:
        report.unreadable.append(path)
        report.findings += exc.findings
        return None


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and any(path.rglob("*.yaml")):
            files += sorted(path.rglob("*.yaml"))
        else:
            files.append(path)  # a missing file or an empty folder is reported by the reader
    return files


def _kind_by_place(path: Path) -> InputKind | None:
    """What a file is by its name and folder, as kpi reads the data folder; None: elsewhere."""
    if path.name == SETTINGS_FILE:
        return InputKind.SETTINGS
    if is_plan_file(path):
        return InputKind.CATALOGUE
    if path.parent.parent.name == ACTUALS_DIR:
        return InputKind.ACTUALS
    return None


def _looks_like_actuals(document: YamlDocument) -> bool:
    data = document.data
    return isinstance(data, dict) and ("records" in data or "quarter" in data) and "indicators" not in data


def _looks_like_settings(document: YamlDocument) -> bool:
    data = document.data
    return isinstance(data, dict) and bool(data) and set(data) <= set(Settings.model_fields)


def check_settings(document: YamlDocument) -> tuple[Settings | None, list[Finding]]:
    """`settings.yaml` validated: the settings (None when invalid) and every finding, at its line."""
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        return None, [
            *document.problems,
            document.finding((), _("settings must be a mapping of names to values, e.g. thresholds: and record:")),
        ]
    settings, findings = validate_as(Settings, data, document)
    return settings, [*document.problems, *findings]


def _quiet_catalogues(data_dir: Path) -> list[Catalogue]:
    """The data folder's plans, oldest first, when only actuals files are checked; the unreadable left out."""
    catalogues = []
    for path in plan_files(data_dir):
        try:
            read = catalogue_from_document(read_yaml(path, InputKind.CATALOGUE))
        except DataError:
            continue
        if read.catalogue is not None:
            catalogues.append(read.catalogue)
    return sorted(catalogues, key=lambda catalogue: catalogue.plan.year)


# ---------------------------------------------------------------- the catalogue


def check_catalogue(read: CatalogueRead) -> list[Finding]:
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    findings: list[Finding] = []

    def at(indicator: Indicator, *rest: str | int) -> tuple[str | int, ...]:
        return ("indicators", read.indicator_index.get(indicator.id, 0), *rest)

    where = read.positions
    findings += _duplicates(
        document, "owners", [o.code for o in catalogue.owners], _("owner code"), field="code", positions=where["owners"]
    )
    findings += _duplicates(
        document,
        "programs",
        [p.code for p in catalogue.programs],
        _("program code"),
        field="code",
        positions=where["programs"],
    )
    findings += _duplicates(
        document,
        "indicators",
        [i.id.casefold() for i in catalogue.indicators],
        _("indicator ID"),
        field="id",
        positions=where["indicators"],
    )
    findings += _duplicates(
        document, "tasks", [t.id for t in catalogue.tasks], _("task ID"), field="id", positions=where["tasks"]
    )

    for owner, position in zip(catalogue.owners, where["owners"]):
        problem = owner_file_problem(owner.code)
        if problem is not None:
            findings.append(document.finding(("owners", position, "code"), problem))

    owners = {o.code for o in catalogue.owners} | read.declared["owners"]
    programs = {p.code: p for p in catalogue.programs}
    indicators = {i.id: i for i in catalogue.indicators}
    children: dict[str, list[Indicator]] = {}  # an index, so that summing children is not a scan per parent
    for indicator in catalogue.indicators:
        if indicator.parent is not None:
            children.setdefault(indicator.parent, []).append(indicator)
    invalid_programs = read.declared["programs"] - set(programs)
    invalid_indicators = read.declared["indicators"] - set(indicators)
    for index, program in zip(where["programs"], catalogue.programs):
        if program.owner is not None and program.owner not in owners:
            findings.append(document.finding(("programs", index, "owner"), _unknown(_("owner"), program.owner, owners)))
    for indicator in catalogue.indicators:
        indicator_program = programs.get(indicator.program)
        if indicator_program is None and indicator.program not in invalid_programs:
            findings.append(
                document.finding(at(indicator, "program"), _unknown(_("program"), indicator.program, programs))
            )
        elif (
            indicator_program is not None
            and indicator.section is not None
            and indicator.section not in {s.code for s in indicator_program.sections}
        ):
            findings.append(
                document.finding(
                    at(indicator, "section"),
                    _("program {program} has no section '{section}'").format(
                        program=indicator_program.code, section=indicator.section
                    ),
                )
            )
        for name, code in [("owner", indicator.owner), *(("co_owners", c) for c in indicator.co_owners)]:
            if code not in owners:
                findings.append(document.finding(at(indicator, name), _unknown(_("owner"), code, owners)))
        if indicator.parent not in invalid_indicators:
            findings += _parent_findings(document, at(indicator, "parent"), indicator, indicators)
        findings += _duplicates(
            document, at(indicator, "measures"), [m.key for m in indicator.measures], _("measure key"), field="key"
        )
        for lang in LANGUAGES:  # a person names a measure by its label: two alike could not be told apart
            labelled = [(p, m.label.in_language(lang)) for p, m in enumerate(indicator.measures) if m.label]
            findings += _duplicates(
                document,
                at(indicator, "measures"),
                [label.casefold() for _p, label in labelled],
                _("measure label"),
                field="label",
                positions=[p for p, _label in labelled],
            )
        for position, measure in enumerate(indicator.measures):
            findings += _measure_findings(
                document, at(indicator, "measures", position), indicator, measure, catalogue.plan.year
            )
        if indicator.deadline is not None and not (
            catalogue.plan.period_start <= indicator.deadline.year <= catalogue.plan.period_end
        ):
            findings.append(
                document.finding(
                    at(indicator, "deadline"),
                    _("{deadline} lies outside the plan period").format(deadline=indicator.deadline),
                    severity=WARNING,
                )
            )
        if indicator.sum_of_children:
            findings += _sum_findings(document, at(indicator), indicator, children.get(indicator.id, []))
        findings += source_inconsistencies(document, at(indicator), indicator)
        findings += _kept_levels(document, at(indicator, "measures"), indicator)
    findings += _repeated_numbering(document, catalogue, at)
    findings += _gap_findings(document, catalogue, where["gaps"], at)
    findings += _heading_findings(document, catalogue, where["headings"])
    findings += _slip_findings(document, catalogue, where["slips"])
    findings += _errata_findings(document, catalogue, where["errata"])
    for index, task in zip(where["tasks"], catalogue.tasks):
        for position, target in enumerate(task.measured_by):
            if target not in indicators and target not in invalid_indicators:
                findings.append(
                    document.finding(
                        ("tasks", index, "measured_by", position), _unknown(_("indicator"), target, indicators)
                    )
                )
    return findings


def label_findings(read: CatalogueRead) -> list[Finding]:
    """Every measure without a label (a person reads its name, never its key, in each language).
    An error of `kpi check`: a measure has a name in every language kpi speaks, or the plan is not
    complete (the other commands still run, showing the key where the label lacks)."""
    assert read.catalogue is not None
    findings = []
    for indicator in read.catalogue.indicators:
        for position, measure in enumerate(indicator.measures):
            if measure.label is None:
                findings.append(
                    read.document.finding(
                        _measure_path(read, indicator, position, "key"),
                        _(
                            "measure '{key}' has no label: give what it counts as a person reads it, in each "
                            "language (label: {{vi: ..., en: ...}})"
                        ).format(key=measure.key),
                        severity=Severity.ERROR,
                    )
                )
    return findings


def _errata_findings(document: YamlDocument, catalogue: Catalogue, positions: list[int]) -> list[Finding]:
    """Each corrected reading as a note, for a reviewer to see; an error where it names a title
    that does not exist or words the title does not have."""
    titles = {p.code: p.title for p in catalogue.programs}
    titles |= {f"{p.code}.{s.code}": s.title for p in catalogue.programs for s in p.sections}
    titles |= {i.id: i.title for i in catalogue.indicators}
    misprinted_on = _title_lines(catalogue)
    findings = []
    for index, erratum in zip(positions, catalogue.errata):
        title = titles.get(erratum.of)
        if title is None:
            message = _("no program, section or indicator '{of}' to correct").format(of=erratum.of)
            findings.append(document.finding(("errata", index, "of"), message))
        elif erratum.verbatim not in title:
            message = _("the title of {of} has no '{verbatim}' to correct: “{title}”").format(
                of=erratum.of, verbatim=erratum.verbatim, title=title
            )
            findings.append(document.finding(("errata", index, "verbatim"), message))
        else:
            line = misprinted_on.get(erratum.of)
            lines = ", ".join(str(cited) for cited in erratum.source_lines)
            if line is not None and set(erratum.source_lines) <= {line}:
                message = _(
                    "the erratum of {of} cites only source line {line}, where the misprint stands; cite the lines "
                    "that give the reading “{reading}”"
                ).format(of=erratum.of, line=line, reading=erratum.reading)
                findings.append(document.finding(("errata", index, "source_lines"), message, severity=WARNING))
            if line is None:
                message = _(
                    "{of} reads “{reading}” where the source prints “{verbatim}”: {reason} (source lines {lines})"
                )
            else:
                message = _(
                    "{of} reads “{reading}” where source line {line} prints “{verbatim}”: {reason} "
                    "(the reading from source lines {lines})"
                )
            findings.append(
                document.finding(
                    ("errata", index, "reading"),
                    message.format(
                        of=erratum.of,
                        reading=erratum.reading,
                        verbatim=erratum.verbatim,
                        reason=in_language(erratum.reason),
                        line=line,
                        lines=lines,
                    ),
                    severity=Severity.NOTE,
                )
            )
    return findings


def _title_lines(catalogue: Catalogue) -> dict[str, int]:
    """The source line that prints each title an erratum may correct: a program's (C), a section's
    (C.II), an indicator's (D.I.2)."""
    lines = {p.code: p.line for p in catalogue.programs if p.line is not None}
    lines |= {f"{p.code}.{s.code}": s.line for p in catalogue.programs for s in p.sections if s.line is not None}
    lines |= {i.id: i.source.line for i in catalogue.indicators if _printed_by_the_plan(catalogue, i)}
    return lines


def _duplicates(
    document: YamlDocument,
    where: str | tuple[str | int, ...],
    values: list[str],
    what: str,
    field: str | None = None,
    positions: list[int] | None = None,
) -> list[Finding]:
    """Second and later uses of a name; `positions` maps each value to its place in the file's list."""
    base = (where,) if isinstance(where, str) else where
    places = positions if positions is not None else list(range(len(values)))
    findings = []
    seen: dict[str, int] = {}
    for index, value in zip(places, values):
        if value in seen:
            path = (*base, index, field) if field else (*base, index)
            first = document.locate((*base, seen[value]))
            findings.append(
                document.finding(
                    path,
                    _("duplicate {what} '{value}' (first used on line {line})").format(
                        what=what, value=value, line=first.line
                    ),
                )
            )
        else:
            seen[value] = index
    return findings


MAX_OWNER_CODE = 32
"""An owner code names files (`actuals/2018-Q2/QLCN.yaml`, `QLCN-2018-Q2.xlsx`): the shipped ones have
at most 5 letters, and 32 keeps those paths far under Windows' 260 characters."""


def owner_file_problem(code: str) -> str | None:
    """Why an owner code cannot name the unit's files on every system (Windows reserves CON, AUX, NUL,
    COM1...), or None. The code's pattern already keeps out the characters Windows forbids."""
    from kpi.files.platform import windows_name_problem

    problem = windows_name_problem(f"{code}.yaml")
    if problem is not None:
        return _("owner code {code} cannot name the unit's files ({problem}); choose another code").format(
            code=code, problem=problem
        )
    if len(code) > MAX_OWNER_CODE:
        return _("owner code of {count} characters; at most {most}, as it names the unit's files").format(
            count=len(code), most=MAX_OWNER_CODE
        )
    return None


def _unknown(what: str, value: str, known: object) -> str:
    import difflib

    names = sorted(str(k) for k in known)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(value, names, n=1)
    if close:
        return _("unknown {what} '{value}'; did you mean '{close}'?").format(what=what, value=value, close=close[0])
    return _("unknown {what} '{value}'").format(what=what, value=value)


def _parent_findings(
    document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator, indicators: dict[str, Indicator]
) -> list[Finding]:
    if indicator.parent is None:
        return []
    parent = indicators.get(indicator.parent)
    if parent is None:
        return [document.finding(path, _unknown(_("parent"), indicator.parent, indicators))]
    if parent.program != indicator.program:
        return [
            document.finding(
                path,
                _("parent {parent} belongs to program {program}, not {own}").format(
                    parent=parent.id, program=parent.program, own=indicator.program
                ),
            )
        ]
    seen = {indicator.id}
    while parent is not None:
        if parent.id in seen:
            return [document.finding(path, _("parent chain of {id} loops back on itself").format(id=indicator.id))]
        seen.add(parent.id)
        parent = indicators.get(parent.parent) if parent.parent else None
    return []


def _measure_findings(
    document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator, measure: Measure, plan_year: int
) -> list[Finding]:
    findings = []
    kind = measure.kind or indicator.kind
    # A level's bar is its target, or a year's plan alone (a figure of that year, judged at its end;
    # a plan still blank is refused on its own).
    bar = measure.target is not None or (kind is Kind.THRESHOLD and bool(measure.plans))
    if kind in (Kind.THRESHOLD, Kind.GROWTH) and not bar:
        findings.append(
            document.finding((*path, "target"), _("a {kind} measure needs a target").format(kind=kind.value))
        )
    if measure.direction is not None and kind is not Kind.THRESHOLD:
        findings.append(document.finding((*path, "direction"), _("direction applies to threshold measures only")))
    if measure.direction == "within" and (
        measure.upper is None or measure.target is None or measure.upper < measure.target
    ):
        findings.append(
            document.finding(
                (*path, "upper"), _("a band (direction: within) needs target and upper, target not above upper")
            )
        )
    if measure.upper is not None and measure.direction != "within":
        findings.append(document.finding((*path, "upper"), _("upper is the top of a band: give direction: within")))
    findings += _traceability(document, path, indicator, measure)
    stated = arithmetic.stated_versus_computed(measure)
    for field_name, message in stated:
        findings.append(document.finding((*path, field_name), _quoting(message, indicator, "rate"), severity=WARNING))
    planned, last_actual = measure.plans.get(plan_year), measure.actuals.get(plan_year - 1)
    if kind is Kind.GROWTH and measure.target and planned is not None and last_actual is not None:
        needed = measure.target * last_actual
        if planned < needed:
            findings.append(
                document.finding(
                    (*path, "plans", str(plan_year)),
                    (
                        _(
                            "{year} plan {plan} is below the growth target: {factor} × {actual} = {needed} "
                            "(and below the {last_year} actual)"
                        )
                        if planned < last_actual
                        else _("{year} plan {plan} is below the growth target: {factor} × {actual} = {needed}")
                    ).format(
                        year=plan_year,
                        last_year=plan_year - 1,
                        plan=_number(planned),
                        factor=_number(measure.target),
                        actual=_number(last_actual),
                        needed=_number(needed),
                    )
                    + _quote(indicator, f"plan_{plan_year}"),
                    severity=WARNING,
                )
            )
    findings += _revision_findings(document, path, measure)
    return findings


def _revision_findings(document: YamlDocument, path: tuple[str | int, ...], measure: Measure) -> list[Finding]:
    """Each revision starts from the target in force before it, later than the one before it."""
    findings = []
    in_force, since = measure.target, None
    for index, revision in enumerate(measure.revisions):
        if revision.previous != in_force:
            findings.append(
                document.finding(
                    (*path, "revisions", index, "previous"),
                    _("the target in force before this revision is {target}, not {previous}").format(
                        target=_number(in_force) if in_force is not None else "–", previous=_number(revision.previous)
                    ),
                )
            )
        if since is not None and revision.effective <= since:
            findings.append(
                document.finding(
                    (*path, "revisions", index, "effective"),
                    _("revisions must follow one another: this one takes effect on or before the one above it"),
                )
            )
        in_force, since = revision.target, revision.effective
    return findings


def _traceability(
    document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator, measure: Measure
) -> list[Finding]:
    """Every figure must be one the source writes, in the row's cells or the task's words."""
    source = indicator.source
    texts = [source.text or ""] + (_cell_texts(source.cells) if source.cells else [])
    written = set(find_vn_numbers(" ".join(texts)))
    findings = []
    for where, value in _stated_figures(measure, traced=True):
        if value is None or value in written:
            continue
        if where == ("target",) and measure.target_basis:
            continue
        if source.cells is not None and where[0] in ("actuals", "plans") and not _has_column(source.cells, where):
            continue  # a year the row's document has no column for: a later plan's figure, not its text's
        findings.append(
            document.finding(
                (*path, *where),
                _(
                    "{value} does not appear in the source row (line {line}); correct it, or explain a derived target in "
                    "target_basis"
                ).format(value=_number(value), line=source.line),
                severity=WARNING,
            )
        )
    return findings


def _has_column(cells: AppendixCells, where: tuple[str, ...]) -> bool:
    """Whether the row's document has the yearly column a figure sits in (`actuals`, `2018`)."""
    columns = cells.actuals if where[0] == "actuals" else cells.plans
    return int(where[1]) in columns


def _cell_texts(cells: AppendixCells) -> list[str]:
    """Every non-empty verbatim cell of an appendix row, the yearly columns included."""
    texts: list[str] = []
    for _name, value in cells:
        if isinstance(value, dict):
            texts += [text for text in value.values() if text]
        elif value:
            texts.append(value)
    return texts


def plan_file_findings(read: CatalogueRead, today: date) -> list[Finding]:
    """What only a plan among plans can get wrong: a file named for another year than its own, and
    plan figures still blank once their year has begun (a prepared plan not yet filled in)."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    findings = plan_name_findings(read)
    for indicator in catalogue.indicators:
        if indicator.retired is not None:
            continue
        for position, measure in enumerate(indicator.measures):
            for year, value in measure.plans.items():
                if value is None and today >= date(year, 1, 1):
                    findings.append(
                        document.finding(
                            _measure_path(read, indicator, position, "plans", str(year)),
                            _(
                                "the {year} plan of {id} ({measure}) is still blank and the year has begun: fill it in"
                            ).format(year=year, id=indicator.id, measure=measure_label(measure)),
                        )
                    )
    return findings


def plan_name_findings(read: CatalogueRead) -> list[Finding]:
    """A plan file named for another year than its own (plan2018.yaml copied as plan2019.yaml): its
    figures would stand for the wrong year, so every command refuses it, as `kpi check` does."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    if names_its_year(document.path, catalogue):
        return []
    named = PLAN_FILE.fullmatch(document.path.name)
    assert named is not None
    return [
        document.finding(
            ("plan", "year"),
            _("the file is named for {named} but the plan is for {year}; name it {name}").format(
                named=named["year"], year=catalogue.plan.year, name=plan_file_name(catalogue.plan.year)
            ),
        )
    ]


def names_its_year(path: Path, catalogue: Catalogue) -> bool:
    """Whether a plan file's name agrees with its `year:` (a file not named plan<year>.yaml does)."""
    named = PLAN_FILE.fullmatch(path.name)
    return named is None or int(named["year"]) == catalogue.plan.year


def _measure_path(read: CatalogueRead, indicator: Indicator, position: int, *rest: str) -> tuple[str | int, ...]:
    return ("indicators", read.indicator_index.get(indicator.id, 0), "measures", position, *rest)


def approval_findings(data_dir: Path, catalogues: list[Catalogue] | None = None) -> list[Finding]:
    """`approvals.yaml` as it must be (its units and quarters those of the plans), and every
    approved file still holding what was approved."""
    from kpi.compute.approvals import changed_since, fingerprints, in_force
    from kpi.files.approvals_file import read_approvals

    events, findings = read_approvals(data_dir)
    if events and catalogues:
        findings += _approvals_against_plans(data_dir, events, catalogues)
    said: set[str] = set()  # a file under a unit's and the whole quarter's approval is named once
    order = {id(event): index for index, event in enumerate(events)}  # the file's order is the events' order
    for approval in sorted(in_force(events), key=lambda event: order[id(event)], reverse=True):
        try:
            now = fingerprints(data_dir, approval.quarter, approval.owner)
            changed = changed_since(data_dir, approval)
        except DataError as exc:  # a file that cannot be read as an actuals file: said once, at its line
            findings += [finding for finding in exc.findings if finding not in findings]
            continue
        for name in changed:
            if name in said:
                continue
            said.add(name)
            if name not in now:
                what = _("removed since {quarter} was approved ({by}, {day}) and not reopened")
            elif name not in approval.files:
                what = _("added to {quarter} after it was approved ({by}, {day}) and not reopened")
            else:
                what = _("changed since {quarter} was approved ({by}, {day}) and not reopened")
            unit = f" -u {approval.owner}" if approval.owner is not None else ""
            path = data_dir / ACTUALS_DIR / name
            line = _first_changed_line(path, approval.files[name]) if name in now and name in approval.files else 1
            findings.append(
                Finding(
                    Severity.ERROR,
                    Location(path, line),
                    "approval",
                    what.format(quarter=approval.quarter.words(), by=approval.by, day=written_date(approval.at.date()))
                    + "; "
                    + _('put it back, or kpi reopen {quarter}{unit} --reason "..."').format(
                        quarter=approval.quarter, unit=unit
                    ),
                )
            )
    return findings


def _approvals_against_plans(data_dir: Path, events: list[ApprovalEvent], catalogues: list[Catalogue]) -> list[Finding]:
    """An event for a unit no plan knows, or for a quarter outside the plan period, approves nothing
    kpi records: a typo, or an edit by hand. Each is an error at its line."""
    from kpi.files.approvals_file import approvals_path

    document = read_yaml(approvals_path(data_dir), InputKind.APPROVALS)
    owners = {owner.code for catalogue in catalogues for owner in catalogue.owners}
    first = min(catalogue.plan.period_start for catalogue in catalogues)
    last = max(catalogue.plan.period_end for catalogue in catalogues)
    findings = []
    for index, event in enumerate(events):
        if event.owner is not None and event.owner not in owners:
            findings.append(document.finding(("events", index, "owner"), _unknown(_("owner"), event.owner, owners)))
        for position, unit in enumerate(event.missing):
            if unit.owner not in owners:
                findings.append(
                    document.finding(
                        ("events", index, "missing", position, "owner"), _unknown(_("owner"), unit.owner, owners)
                    )
                )
        if not first <= event.quarter.year <= last:
            findings.append(
                document.finding(
                    ("events", index, "quarter"),
                    _("{quarter} lies outside the plan period {first}–{last}").format(
                        quarter=event.quarter, first=first, last=last
                    ),
                )
            )
    return findings


def _first_changed_line(path: Path, approved_sha256: str) -> int:
    """The first line of `path` that differs from the content approved, when git still holds that
    content (an approval commits only figures git holds); else line 1."""
    from kpi.files.trail import committed_version

    approved = committed_version(path, approved_sha256)
    if approved is None:
        return 1
    from kpi.files.textfiles import normalised  # a BOM or CRLF line endings are no change

    old = normalised(approved).decode("utf-8", errors="replace").splitlines()
    try:
        now = read_input(path, InputKind.ACTUALS)
    except DataError:
        return 1
    new = normalised(now).decode("utf-8", errors="replace").splitlines()
    for number, (before, after) in enumerate(zip(old, new), start=1):
        if before != after:
            return number
    return min(len(old), len(new)) + 1


def official_versus_quarters(read: CatalogueRead, figures: list[Figure]) -> list[Finding]:
    """A year-end figure the plan states against the same year summed from the recorded quarters:
    the stated one counts, a difference is a warning with both numbers."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    by_measure: dict[tuple[str, str], list[tuple[Quarter, Decimal]]] = {}
    for figure in figures:
        if figure.value is not None and figure.measure is not None:
            by_measure.setdefault((figure.indicator, figure.measure), []).append((figure.quarter, figure.value))
    findings = []
    for indicator in catalogue.indicators:
        for position, measure in enumerate(indicator.measures):
            recorded = by_measure.get((indicator.id, measure.key), [])
            for year, stated in sorted(measure.actuals.items()):
                computed = from_quarters(
                    effective_kind(indicator, measure), measure, [(q, v) for q, v in recorded if q.year == year]
                )
                if computed is None or computed == stated:
                    continue
                findings.append(
                    document.finding(
                        _measure_path(read, indicator, position, "actuals", str(year)),
                        _(
                            "the plan states {stated} for {year} but the recorded quarters give {computed}; "
                            "the stated figure counts"
                        ).format(stated=_number(stated), year=year, computed=_number(computed)),
                        severity=WARNING,
                    )
                )
    return findings


def _sum_findings(
    document: YamlDocument, path: tuple[str | int, ...], parent: Indicator, children: list[Indicator]
) -> list[Finding]:
    findings = []
    if not children:
        return [document.finding((*path, "sum_of_children"), _("{id} has no children to sum").format(id=parent.id))]
    for index, measure in enumerate(parent.measures):
        for name, total in _stated_figures(measure, traced=False):
            parts = []
            for child in children:
                child_measure = next((m for m in child.measures if m.key == measure.key), None)
                value = _stated(child_measure, name) if child_measure else None
                if value is not None:
                    parts.append((child.id, value))
            if total is None or not parts:
                continue
            computed = sum((value for _, value in parts), Decimal(0))
            if computed != total:
                spelled = " + ".join(f"{cid} {_number(v)}" for cid, v in parts)
                findings.append(
                    document.finding(
                        (*path, "measures", index, *name),
                        _quoting(
                            _("{id} gives {total} but its children add up to {computed} ({spelled})").format(
                                id=parent.id, total=_number(total), computed=_number(computed), spelled=spelled
                            ),
                            parent,
                            _column_of(name),
                        ),
                        severity=WARNING,
                    )
                )
    return findings


# ---------------------------------------------------------------- the source's own inconsistencies
# Each is a warning: the catalogue keeps what the source says, and check says where it disagrees with itself.


def _column_word(column: str) -> str:
    """An appendix column as `kpi show` names it: `Actual 2016`, `2018 plan`, `rate achieved`."""
    prefix, _sep, year = column.partition("_")
    if prefix == "actual" and year.isdigit():
        return _("Actual {year}").format(year=year)
    if prefix == "plan" and year.isdigit():
        return _("{year} plan").format(year=year)
    words = {
        "tt": _("No."),
        "content": _("content"),
        "target": _("target"),
        "rate": _("rate achieved"),
        "deadline": _("deadline"),
        "notes": _("notes"),
    }
    return words.get(column, column)


def _column_of(figure: tuple[str, ...]) -> str:
    """The appendix column a measure's figure is read from: ("actuals", "<year>") -> actual_<year>."""
    if figure[0] in ("actuals", "plans"):
        return f"{figure[0].removesuffix('s')}_{figure[1]}"
    return "target" if figure[0] == "target" else "rate"  # stated_to_date, stated_percent, stated_factor


def _cell_path(column: str) -> tuple[str, ...]:
    """Where a column's verbatim cell sits under `source.cells`: actual_<year> -> actuals, <year>."""
    prefix, _sep, year = column.partition("_")
    if prefix in ("actual", "plan") and year.isdigit():
        return (prefix + "s", year)
    return (column,)


def _cell(indicator: Indicator, column: str) -> str | None:
    cells = indicator.source.cells
    if cells is None:
        return None
    prefix, _sep, year = column.partition("_")
    if prefix in ("actual", "plan") and year.isdigit():
        return (cells.actuals if prefix == "actual" else cells.plans).get(int(year))
    value = getattr(cells, column, None)
    return value if isinstance(value, str) else None


def _year_columns(indicator: Indicator) -> list[str]:
    """The row's actual columns, oldest first: actual_<year>, ..."""
    cells = indicator.source.cells
    return [f"actual_{year}" for year in sorted(cells.actuals)] if cells is not None else []


def _plan_columns(indicator: Indicator) -> list[str]:
    cells = indicator.source.cells
    return [f"plan_{year}" for year in sorted(cells.plans)] if cells is not None else []


def _actuals(measure: Measure) -> list[Decimal]:
    return [measure.actuals[year] for year in sorted(measure.actuals)]


def _planned(measure: Measure) -> bool:
    return any(value is not None for value in measure.plans.values())


def _quote(indicator: Indicator, column: str) -> str:
    """`; source line 340, rate achieved: “11,67%”`, or nothing when the row has no such cell."""
    cell = _cell(indicator, column)
    if cell is None:
        return ""
    return "; " + _("source line {line}, {column}: “{cell}”").format(
        line=indicator.source.line, column=_column_word(column), cell=cell
    )


def _quoting(message: str, indicator: Indicator, column: str) -> str:
    return message + _quote(indicator, column)


def _what(measure: Measure) -> str:
    return measure_label(measure) if measure.label is not None else measure.unit


def source_inconsistencies(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """Where one appendix row disagrees with itself: a rate no figure of the row gives, a count
    that its own list does not add up to, words where a figure belongs, columns that count
    different things."""
    if indicator.source.cells is None:
        return []
    findings = _rate_without_figures(document, path, indicator)
    findings += _counts_against_lists(document, path, indicator)
    findings += _unnumbered_row(document, path, indicator)
    findings += _figures_run_together(document, path, indicator)
    findings += _unclosed_marks(document, path, indicator)
    if indicator.measures:  # rows with nothing to count (milestones, activities) are words by nature
        findings += _text_in_figure_columns(document, path, indicator)
        findings += _columns_counting_different_things(document, path, indicator)
    return findings


def _rate_without_figures(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A stated percentage on a measure with no actual figures: computed from the row's other figures."""
    findings = []
    for index, measure in enumerate(indicator.measures):
        if measure.stated_percent is None or not measure.target:
            continue
        if measure.actuals:
            continue  # stated_versus_computed judges it
        others = [(other, _actuals(other)) for other in indicator.measures if other is not measure]
        others = [(other, actuals) for other, actuals in others if actuals]
        if not others:
            message = _("the source states {stated} of {target} but the row gives no actual figure to reach it").format(
                stated=arithmetic.as_percent(measure.stated_percent), target=_number(measure.target)
            )
        else:
            computed = [
                (other, actuals, sum(actuals, Decimal(0)) / measure.target * arithmetic.HUNDRED)
                for other, actuals in others
            ]
            places = arithmetic.places(measure.stated_percent)
            if any(arithmetic.rounded(value, places) == measure.stated_percent for _o, _a, value in computed):
                continue
            other, actuals, value = computed[0]
            spelled = arithmetic.spelled_sum(actuals)
            message = _(
                "the source states {stated} of {target} {unit}, but the row's actual figures count {other}: "
                "{numerator} / {target} = {computed}"
            ).format(
                stated=arithmetic.as_percent(measure.stated_percent),
                target=_number(measure.target),
                unit=_what(measure),
                other=_what(other),
                numerator=f"({spelled})" if len(actuals) > 1 else spelled,
                computed=arithmetic.as_percent(value),
            )
        findings.append(
            document.finding(
                (*path, "measures", index, "stated_percent"), _quoting(message, indicator, "rate"), severity=WARNING
            )
        )
    return findings


def _counts_against_lists(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """`21 tổ chức (14 tổ chức … và 13 tổ chức …)`: a count followed by its parts in the same unit
    that add up to something else."""
    findings = []
    cells = indicator.source.cells
    assert cells is not None
    columns = ["content", "target", *_year_columns(indicator), "rate", *_plan_columns(indicator), "deadline", "notes"]
    for column in columns:
        text = _cell(indicator, column)
        if not text:
            continue
        for opening in (i for i, char in enumerate(text) if char == "("):
            before = [n for n in counted_numbers(text[:opening]) if n[1] is not None]
            if not before or any(char.isdigit() for char in text[before[-1][3] : opening]):
                continue
            total, unit = before[-1][0], before[-1][1]
            closing = text.find(")", opening)
            inside = text[opening + 1 : closing if closing != -1 else len(text)]
            parts = [value for value, part_unit, _s, _e in counted_numbers(inside) if part_unit == unit]
            if len(parts) < 2 or sum(parts, Decimal(0)) == total:
                continue
            message = _("the source counts {total} but lists {sum} = {computed}").format(
                total=_number(total), sum=arithmetic.spelled_sum(parts), computed=_number(sum(parts, Decimal(0)))
            )
            findings.append(
                document.finding(
                    (*path, "source", "cells", *_cell_path(column)),
                    _quoting(message, indicator, column),
                    severity=WARNING,
                )
            )
    return findings


def _read_from(indicator: Indicator, column: str) -> bool:
    """Whether any measure takes a figure from this appendix column."""
    return any(
        value is not None and _column_of(figure) == column
        for measure in indicator.measures
        for figure, value in _stated_figures(measure, traced=True)
    )


def _text_in_figure_columns(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A figure column (actuals, rate, plan) of a counted row whose cell gives none of the row's figures."""
    findings = []
    for column in (*_year_columns(indicator), "rate", *_plan_columns(indicator)):
        if _cell(indicator, column) is None or _read_from(indicator, column):
            continue
        message = _("the {column} column holds words, not a figure of this row").format(column=_column_word(column))
        findings.append(
            document.finding(
                (*path, "source", "cells", *_cell_path(column)), _quoting(message, indicator, column), severity=WARNING
            )
        )
    return findings


def _columns_counting_different_things(
    document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator
) -> list[Finding]:
    """A row whose year columns, or whose plan, count something other than its target or plan."""
    findings = []
    measures = indicator.measures

    def anchored(measure: Measure) -> bool:
        return measure.target is not None or _planned(measure)

    anchors = [m for m in measures if anchored(m)]
    year_columns = _year_columns(indicator)
    for column in year_columns:
        year = int(column.partition("_")[2])
        counted = [m for m in measures if year in m.actuals]
        if not counted or _cell(indicator, column) is None:
            continue
        if anchors and not any(anchored(m) for m in counted):
            message = _("the {column} figure counts {what}, but the row's target and plan count {anchors}").format(
                column=_column_word(column),
                what=", ".join(_what(m) for m in counted),
                anchors=", ".join(_what(m) for m in anchors),
            )
        elif column != year_columns[0] and not anchors:
            first_year = int(year_columns[0].partition("_")[2])
            earlier = [m for m in measures if first_year in m.actuals]
            if not earlier or any(m in earlier for m in counted):
                continue
            message = _("the {column} figure counts {what}, but the {other_column} figure counts {earlier}").format(
                column=_column_word(column),
                other_column=_column_word(year_columns[0]),
                what=", ".join(_what(m) for m in counted),
                earlier=", ".join(_what(m) for m in earlier),
            )
        else:
            continue
        findings.append(
            document.finding(
                (*path, "source", "cells", *_cell_path(column)), _quoting(message, indicator, column), severity=WARNING
            )
        )
    planned = [m for m in measures if _planned(m)]
    targeted = [m for m in measures if m.target is not None and not _planned(m) and not _is_share(indicator, m)]
    for column in _plan_columns(indicator):
        if not (planned and targeted and not any(m.target is not None for m in planned) and _cell(indicator, column)):
            continue
        message = _("the {column} counts {what}, but the period target counts {targets}").format(
            column=_column_word(column),
            what=", ".join(_what(m) for m in planned),
            targets=", ".join(_what(m) for m in targeted),
        )
        findings.append(
            document.finding(
                (*path, "source", "cells", *_cell_path(column)), _quoting(message, indicator, column), severity=WARNING
            )
        )
    return findings


def _is_share(indicator: Indicator, measure: Measure) -> bool:
    """A percentage of something (a share or a rate): it has no count to plan."""
    return measure.unit.lstrip().startswith("%") or (measure.kind or indicator.kind) in (Kind.SHARE, Kind.THRESHOLD)


def _repeated_numbering(
    document: YamlDocument, catalogue: Catalogue, at: Callable[..., tuple[str | int, ...]]
) -> list[Finding]:
    """A row number (TT) printed twice in one program: the source restarts or slips its numbering."""
    findings = []
    first: dict[tuple[str, str], Indicator] = {}
    for indicator in catalogue.indicators:
        if indicator.tt is None:
            continue
        earlier = first.setdefault((indicator.program, indicator.tt), indicator)
        if earlier is indicator:
            continue
        message = _("TT {tt} is printed again in program {program} (first for {first}, source line {line})").format(
            tt=indicator.tt, program=indicator.program, first=earlier.id, line=earlier.source.line
        )
        findings.append(document.finding(at(indicator, "tt"), _quoting(message, indicator, "tt"), severity=WARNING))
    return findings


def _all_columns(indicator: Indicator) -> list[str]:
    """Every column of an appendix row, in the table's order."""
    return [
        "tt",
        "content",
        "target",
        *_year_columns(indicator),
        "rate",
        *_plan_columns(indicator),
        "deadline",
        "notes",
    ]


def _at_cell(path: tuple[str | int, ...], column: str) -> tuple[str | int, ...]:
    return (*path, "source", "cells", *_cell_path(column))


def _unnumbered_row(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A row of the appendix printed without its number (TT): a bullet under a numbered row."""
    cells = indicator.source.cells
    if cells is None or cells.tt is not None or indicator.tt is not None:
        return []
    if indicator.parent is not None:
        message = _("the source prints this row without a number (TT); it is read as a part of {parent}").format(
            parent=indicator.parent
        )
    else:
        message = _("the source prints this row without a number (TT)")
    column = "content" if cells.content else "tt"
    where = _at_cell(path, column) if cells.content else (*path, "source", "cells")
    return [document.finding(where, _quoting(message, indicator, column), severity=WARNING)]


def _figures_run_together(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """`14.811 đơn 247 đơn sáng chế`: two counts in one cell with nothing between them, as a scan
    runs two lines of a cell into one."""
    findings = []
    for column in _all_columns(indicator):
        text = _cell(indicator, column)
        together = counts_run_together(text) if text else []
        if not together:
            continue
        first, second = together[0]
        message = _("the {column} cell runs two figures together with nothing between them: “{first}” and “{second}”")
        findings.append(
            document.finding(
                _at_cell(path, column),
                _quoting(message.format(column=_column_word(column), first=first, second=second), indicator, column),
                severity=WARNING,
            )
        )
    return findings


def _unclosed_marks(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A cell that opens a bracket or a quotation it never closes: the scan lost the end of it."""
    findings = []
    for column in _all_columns(indicator):
        text = _cell(indicator, column)
        if not text:
            continue
        brackets = text.count("(") > text.count(")")
        quotes = text.count("“") > text.count("”") or text.count('"') % 2 == 1
        for unclosed, message in (
            (brackets, _("the {column} cell opens a bracket it never closes")),
            (quotes, _("the {column} cell opens a quotation mark it never closes")),
        ):
            if not unclosed:
                continue
            message = message.format(column=_column_word(column))
            findings.append(
                document.finding(_at_cell(path, column), _quoting(message, indicator, column), severity=WARNING)
            )
    return findings


def _tt_number(tt: str) -> tuple[int, ...] | None:
    """`8.3` -> (8, 3); None for a number that is not one (`(1)`, `I`)."""
    parts = tt.split(".")
    return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None


def _follows(previous: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Whether a row number comes right after another: its first child (8 -> 8.1) or the next at
    any level (8.3 -> 8.4, 8.3 -> 9)."""
    if number == (*previous, 1):
        return True
    return any(number == (*previous[:level], previous[level] + 1) for level in range(len(previous)))


def _printed_by_the_plan(catalogue: Catalogue, indicator: Indicator) -> bool:
    """Whether an indicator's source line is a line of the plan's own text (not an earlier plan's)."""
    return indicator.source.document is None or indicator.source.document == catalogue.plan.source_file


def _appendix_rows(catalogue: Catalogue) -> list[Indicator]:
    """The rows the plan's own appendix prints, in the order it prints them."""
    rows = [i for i in catalogue.indicators if i.source.cells is not None and _printed_by_the_plan(catalogue, i)]
    return sorted(rows, key=lambda indicator: indicator.source.line)


def _printed_lines(catalogue: Catalogue) -> dict[int, tuple[str, str]]:
    """Each line of the appendix the catalogue holds: its program and its words as printed (a
    program's or section's header, a row's number and content)."""
    printed: dict[int, tuple[str, str]] = {}
    for program in catalogue.programs:
        if program.line is not None:
            printed[program.line] = (program.code, program.title)
        for section in program.sections:
            if section.line is not None:
                printed[section.line] = (program.code, f"{section.code} {section.title}")
    for row in _appendix_rows(catalogue):
        cells = row.source.cells
        assert cells is not None
        printed[row.source.line] = (row.program, " ".join(cell for cell in (cells.tt, cells.content) if cell))
    return printed


def _gap_findings(
    document: YamlDocument, catalogue: Catalogue, positions: list[int], at: Callable[..., tuple[str | int, ...]]
) -> list[Finding]:
    """Each gap of the appendix (a lost page, a cut-off end) as a warning quoting the lines on
    either side; an error where a gap names what is not there; a warning for a rebuilt row that
    no gap accounts for."""
    indicators = {i.id: i for i in catalogue.indicators}
    programs = {p.code for p in catalogue.programs}
    printed = _printed_lines(catalogue)
    at_line = {row.source.line: row for row in _appendix_rows(catalogue)}
    findings = []
    accounted: set[str] = set()
    for index, gap in zip(positions, catalogue.gaps):
        if gap.program not in programs:
            findings.append(document.finding(("gaps", index, "program"), _unknown(_("program"), gap.program, programs)))
            continue
        sound = True
        for position, row_id in enumerate(gap.rows):
            row = indicators.get(row_id)
            if row is not None and row.program == gap.program and row.source.recovered is not None:
                accounted.add(row_id)
                continue
            sound = False
            message = (
                _unknown(_("indicator"), row_id, indicators)
                if row is None
                else _("{id} is not a row of program {program} rebuilt from elsewhere (source.recovered)").format(
                    id=row_id, program=gap.program
                )
            )
            findings.append(document.finding(("gaps", index, "rows", position), message))
        for name, line in (("after_line", gap.after_line), ("before_line", gap.before_line)):
            if line is not None and printed.get(line, ("",))[0] != gap.program:
                sound = False
                message = _("program {program} prints no header or row on source line {line}").format(
                    program=gap.program, line=line
                )
                findings.append(document.finding(("gaps", index, name), message))
        if not sound:
            continue
        rebuilt = [indicators[row_id] for row_id in gap.rows]
        rebuilt_from = ", ".join(str(line) for line in sorted({row.source.line for row in rebuilt}))
        values = {
            "program": gap.program,
            "rows": ", ".join(gap.rows),
            "lines": rebuilt_from,
            "after_line": gap.after_line,
            "before_line": gap.before_line,
        }
        if gap.before_line is None:
            message = ngettext(
                "program {program} is cut off after source line {after_line}: row {rows} is missing from the "
                "appendix; rebuilt from source lines {lines}",
                "program {program} is cut off after source line {after_line}: rows {rows} are missing from the "
                "appendix; rebuilt from source lines {lines}",
                len(gap.rows),
            ).format(**values)
        else:
            message = ngettext(
                "a page of program {program} is lost between source lines {after_line} and {before_line}: row "
                "{rows} is missing from the appendix; rebuilt from source lines {lines}",
                "a page of program {program} is lost between source lines {after_line} and {before_line}: rows "
                "{rows} are missing from the appendix; rebuilt from source lines {lines}",
                len(gap.rows),
            ).format(**values)
        for line in (gap.after_line, gap.before_line):
            if line is not None:
                message += "; " + _("source line {line}: “{text}”").format(line=line, text=printed[line][1])
        findings.append(document.finding(("gaps", index, "rows"), message, severity=WARNING))
        findings += _gap_numbering(
            document, index, [at_line.get(gap.after_line), *rebuilt, at_line.get(gap.before_line or 0)]
        )
    for indicator in catalogue.indicators:
        if (
            indicator.source.recovered is not None
            and indicator.id not in accounted
            and _has_appendix(catalogue, indicator)
        ):
            message = _(
                "{id} is rebuilt from elsewhere in the source, but no entry of gaps says which rows the appendix lost"
            ).format(id=indicator.id)
            findings.append(document.finding(at(indicator, "source", "recovered"), message, severity=WARNING))
    return findings


def _gap_numbering(document: YamlDocument, index: int, rows: list[Indicator | None]) -> list[Finding]:
    """The rows rebuilt for a gap, between the rows printed on either side, must number on from one
    to the next (8.3, then 9, 10, 11, 11.1, then 11.2); rows without a number are passed over."""
    numbered = [(row, number) for row in rows if row is not None and row.tt and (number := _tt_number(row.tt))]
    for (before, earlier), (after, later) in itertools.pairwise(numbered):
        if _follows(earlier, later):
            continue
        message = _(
            "the rows of the gap do not number on from one to the next: TT {later} ({after}) follows TT {earlier} ({before})"
        )
        return [
            document.finding(
                ("gaps", index, "rows"),
                message.format(later=after.tt, after=after.id, earlier=before.tt, before=before.id),
                severity=WARNING,
            )
        ]
    return []


def _has_appendix(catalogue: Catalogue, indicator: Indicator) -> bool:
    """Whether the indicator's program has rows in the appendix (main-text sections have none to lose)."""
    return any(row.program == indicator.program for row in _appendix_rows(catalogue))


def _heading_findings(document: YamlDocument, catalogue: Catalogue, positions: list[int]) -> list[Finding]:
    """A heading of the main text that announces a number of tasks (`(8 đầu việc)`) and lists
    another: counted from the tasks of its section that stand between it and the next heading."""
    findings = []
    for index, heading in zip(positions, catalogue.headings):
        announced = announced_tasks(heading.text)
        tasks = [task for task in catalogue.tasks if task_section(task) == heading.section]
        if announced is None or not tasks:
            continue  # a section with no task in the catalogue cannot be counted
        if heading.part is not None:
            end = min((other.line for other in catalogue.headings if other.line > heading.line), default=None)
            tasks = [task for task in tasks if heading.line < task.line and (end is None or task.line < end)]
        if len(tasks) == announced:
            continue
        numbers = sorted(int(task.id.split(".", 1)[1]) for task in tasks)
        if numbers and numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            listed = f"({numbers[0]})–({numbers[-1]})"
        else:
            listed = ", ".join(f"({number})" for number in numbers) or "–"
        name = f"{heading.section} {heading.part})" if heading.part else str(heading.section)
        message = _("the heading of section {section} announces {announced} tasks but lists {count}: {tasks}").format(
            section=name, announced=announced, count=len(tasks), tasks=listed
        )
        message += "; " + _("source line {line}: “{text}”").format(line=heading.line, text=heading.text)
        findings.append(document.finding(("headings", index, "text"), message, severity=WARNING))
    return findings


def _words_of(catalogue: Catalogue) -> dict[str, tuple[int | None, list[tuple[str | None, str]]]]:
    """What a slip may sit in, by name: each indicator's cells (by column) or text, each task's
    text, each program's and section's title; with the source line that prints it."""
    words: dict[str, tuple[int | None, list[tuple[str | None, str]]]] = {}
    for program in catalogue.programs:
        words[program.code] = (program.line, [(None, program.title)])
        for section in program.sections:
            words[f"{program.code}.{section.code}"] = (section.line, [(None, section.title)])
    for indicator in catalogue.indicators:
        line = indicator.source.line if _printed_by_the_plan(catalogue, indicator) else None
        texts: list[tuple[str | None, str]] = [
            (column, text) for column in _all_columns(indicator) if (text := _cell(indicator, column))
        ]
        if indicator.source.text:
            texts.append((None, indicator.source.text))
        words[indicator.id] = (line, texts)
    for task in catalogue.tasks:
        words[task.id] = (task.line, [(None, task.text)])
    return words


def _slip_findings(document: YamlDocument, catalogue: Catalogue, positions: list[int]) -> list[Finding]:
    """Each misprint the catalogue keeps verbatim and nothing corrects, as a warning quoting the
    words that hold it; an error where a slip names words that are not there."""
    words = _words_of(catalogue)
    findings = []
    for index, slip in zip(positions, catalogue.slips):
        quote = ""
        if slip.of is not None:
            if slip.of not in words:
                message = _("no indicator, task, program or section '{of}' holds a slip").format(of=slip.of)
                findings.append(document.finding(("slips", index, "of"), message))
                continue
            line, texts = words[slip.of]
            holding = next(((column, text) for column, text in texts if slip.verbatim in text), None)
            if holding is None:
                message = _("the words of {of} have no '{verbatim}'").format(of=slip.of, verbatim=slip.verbatim)
                findings.append(document.finding(("slips", index, "verbatim"), message))
                continue
            if line is not None and line != slip.line:
                message = _("{of} is printed on source line {line}, not {given}").format(
                    of=slip.of, line=line, given=slip.line
                )
                findings.append(document.finding(("slips", index, "line"), message))
                continue
            column, text = holding
            if column is None:
                quote = _("{of}: “{text}”").format(of=slip.of, text=text)
            else:
                quote = _("{of}, {column}: “{cell}”").format(of=slip.of, column=_column_word(column), cell=text)
        values = {
            "line": slip.line,
            "verbatim": slip.verbatim,
            "reading": slip.reading,
            "reason": in_language(slip.reason),
        }
        if quote:
            message = _("source line {line} prints “{verbatim}” for “{reading}” ({quote}): {reason}").format(
                quote=quote, **values
            )
        else:
            message = _("source line {line} prints “{verbatim}” for “{reading}”: {reason}").format(**values)
        findings.append(document.finding(("slips", index, "verbatim"), message, severity=WARNING))
    return findings


# ---------------------------------------------------------------- the actuals


def check_actuals(catalogue: Catalogue, reads: list[ActualsRead], today: date | None = None) -> list[Finding]:
    findings: list[Finding] = []
    first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]] = {}
    for read in reads:
        checked = check_actuals_file(catalogue, read, today)
        findings += checked.findings
        findings += duplicate_findings(checked, first_seen)
    return findings


@dataclass
class ActualsFileCheck:
    """One actuals file checked on its own: its findings and its valid figures, with where each is."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    places: list[tuple[int, int, int]] = field(default_factory=list)
    """For each figure: line, column and position in `records`, to point at a duplicate."""
    lines: list[str] | None = None
    """The file's text, to show a duplicate's line; None once the check is kept for later."""


def check_actuals_file(catalogue: Catalogue, read: ActualsRead, today: date | None = None) -> ActualsFileCheck:
    """Every rule that one file can break by itself (duplicates across files are `duplicate_findings`)."""
    actuals, document = read.actuals, read.document
    checked = ActualsFileCheck(document.path, lines=document.lines)
    if actuals is None:
        return checked
    findings = checked.findings
    owners = {o.code for o in catalogue.owners}
    folder_quarter = quarter_of_folder(document.path)
    if folder_quarter is not None and folder_quarter != actuals.quarter:
        findings.append(
            document.finding(
                ("quarter",),
                _("file says {quarter} but lies in the folder for {folder}").format(
                    quarter=actuals.quarter, folder=folder_quarter
                ),
            )
        )
    if actuals.owner not in owners:
        findings.append(document.finding(("owner",), _unknown(_("owner"), actuals.owner, owners)))
    elif document.path.stem != actuals.owner:
        findings.append(
            document.finding(
                ("owner",),
                _("file says owner {owner} but is named {name}; name it {owner}.yaml").format(
                    owner=actuals.owner, name=document.path.name
                ),
            )
        )
    record_places = document.item_positions(("records",))
    for record, index in zip(actuals.records, read.record_index):
        path = ("records", index)
        problems = record_problems(catalogue, actuals.quarter, record, today)
        for field_name, message in problems:
            findings.append(document.finding((*path, field_name), message))
        indicator = catalogue.indicator(record.indicator)
        if indicator is None:
            continue
        if actuals.owner != indicator.owner and actuals.owner not in indicator.co_owners:
            findings.append(
                document.finding(
                    (*path, "indicator"),
                    _("{id} belongs to {owner}, not {file_owner}").format(
                        id=indicator.id, owner=indicator.owner, file_owner=actuals.owner
                    ),
                    severity=WARNING,
                )
            )
        try:
            key = None if record.done is not None else resolve_measure(indicator, record.measure).key
        except ValueError:
            continue
        line, column = record_places[index] if index < len(record_places) else (1, 1)
        evidence = record.evidence if record.done is not None else None
        checked.figures.append(
            Figure(indicator.id, key, actuals.quarter, record.value, record.done, record.arrived_on(), evidence)
        )
        checked.places.append((line, column, index))
    return checked


def duplicate_findings(
    checked: ActualsFileCheck, first_seen: dict[tuple[str, str | None, Quarter], tuple[Path, int, int]]
) -> list[Finding]:
    """A figure recorded twice for the same quarter, in this file or an earlier one."""
    findings = []
    path = checked.path
    for figure, (line, column, index) in zip(checked.figures, checked.places):
        earlier = first_seen.setdefault(figure.identity, (path, line, column))
        if earlier[0] is not path or earlier[1:] != (line, column):
            name = figure.indicator + (f".{figure.measure}" if figure.measure else "")
            source_line = checked.lines[line - 1] if checked.lines and line <= len(checked.lines) else None
            findings.append(
                Finding(
                    Severity.ERROR,
                    Location(path, line, column),
                    f"records[{index}]",
                    _(
                        "{name} is already recorded for {quarter} at {where}; keep one (kpi record --replace keeps "
                        "the history)"
                    ).format(name=name, quarter=figure.quarter, where=Location(*earlier)),
                    source_line,
                )
            )
    return findings


def summarise(report: CheckReport) -> str:
    counts = Counter(f.severity for f in report.findings)
    files = ngettext("{count} file checked", "{count} files checked", len(report.files)).format(count=len(report.files))
    errors = ngettext("{count} error", "{count} errors", counts[Severity.ERROR]).format(count=counts[Severity.ERROR])
    warnings = ngettext("{count} warning", "{count} warnings", counts[Severity.WARNING]).format(
        count=counts[Severity.WARNING]
    )
    summary = _("{files}: {errors}, {warnings}").format(files=files, errors=errors, warnings=warnings)
    if counts[Severity.NOTE]:
        notes = ngettext("{count} note", "{count} notes", counts[Severity.NOTE]).format(count=counts[Severity.NOTE])
        summary = _("{summary}, {notes}").format(summary=summary, notes=notes)
    return summary


def _number(value: Decimal) -> str:
    """A figure inside a message, in the run's notation."""
    return format_number(value, language())


_KEPT = "duy trì"
"""The source's word for a level kept each quarter ("Duy trì giới thiệu 200 CN&TB"): a stock, not a flow."""


def _kept_levels(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A row whose words say a level is kept, with no measure read as a stock: its quarters would be summed."""
    if not indicator.measures or any(m.quantity == "stock" for m in indicator.measures):
        return []
    cells = indicator.source.cells
    texts = [indicator.source.text or ""]
    if cells is not None:
        texts += [value for value in cells.model_dump().values() if isinstance(value, str)]
        texts += [*cells.actuals.values(), *cells.plans.values()]
    for text in texts:
        if _KEPT in unicodedata.normalize("NFC", text).casefold():
            return [
                document.finding(
                    path,
                    _(
                        "the source says a level is kept (“{word}”), but no measure is a stock (quantity: stock): "
                        "its quarters would be summed; source line {line}: “{text}”"
                    ).format(word=_KEPT, line=indicator.source.line, text=text),
                    severity=WARNING,
                )
            ]
    return []

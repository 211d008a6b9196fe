"""The plan's own rules: names unique and known, parents, measures and their figures, sums of children, tasks."""

from __future__ import annotations

import functools
from decimal import Decimal

from kpi.errors import Finding
from kpi.files.catalogue import (
    CatalogueRead,
)
from kpi.files.yamlsource import YamlDocument
from kpi.i18n import LANGUAGES, _
from kpi.ledger import arithmetic
from kpi.ledger.cells import (
    cell_texts,
    column_of,
    has_column,
    quote_cell,
    with_quote,
)
from kpi.ledger.findings import (
    WARNING,
    duplicate_names,
    figure_text,
    indicator_path,
    stated_figure,
    stated_figures,
    unknown_name,
)
from kpi.model.models import Indicator, Measure
from kpi.model.numbers import find_vn_numbers
from kpi.model.vocabulary import Kind

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


def check_catalogue(read: CatalogueRead) -> list[Finding]:
    """The plan's own rules (the source's inconsistencies and its printed text are `source_rows` and
    `source_text`)."""
    catalogue, document = read.catalogue, read.document
    assert catalogue is not None
    findings: list[Finding] = []

    at = functools.partial(indicator_path, read)
    where = read.positions
    findings += duplicate_names(
        document, "owners", [o.code for o in catalogue.owners], _("owner code"), field="code", positions=where["owners"]
    )
    findings += duplicate_names(
        document,
        "programs",
        [p.code for p in catalogue.programs],
        _("program code"),
        field="code",
        positions=where["programs"],
    )
    findings += duplicate_names(
        document,
        "indicators",
        [i.id.casefold() for i in catalogue.indicators],
        _("indicator ID"),
        field="id",
        positions=where["indicators"],
    )
    findings += duplicate_names(
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
            findings.append(
                document.finding(("programs", index, "owner"), unknown_name(_("owner"), program.owner, owners))
            )
    for indicator in catalogue.indicators:
        indicator_program = programs.get(indicator.program)
        if indicator_program is None and indicator.program not in invalid_programs:
            findings.append(
                document.finding(at(indicator, "program"), unknown_name(_("program"), indicator.program, programs))
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
                findings.append(document.finding(at(indicator, name), unknown_name(_("owner"), code, owners)))
        if indicator.parent not in invalid_indicators:
            findings += _parent_findings(document, at(indicator, "parent"), indicator, indicators)
        findings += duplicate_names(
            document, at(indicator, "measures"), [m.key for m in indicator.measures], _("measure key"), field="key"
        )
        for lang in LANGUAGES:  # a person names a measure by its label: two alike could not be told apart
            labelled = [(p, m.label.in_language(lang)) for p, m in enumerate(indicator.measures) if m.label]
            findings += duplicate_names(
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
    for index, task in zip(where["tasks"], catalogue.tasks):
        for position, target in enumerate(task.measured_by):
            if target not in indicators and target not in invalid_indicators:
                findings.append(
                    document.finding(
                        ("tasks", index, "measured_by", position), unknown_name(_("indicator"), target, indicators)
                    )
                )
    return findings


def _parent_findings(
    document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator, indicators: dict[str, Indicator]
) -> list[Finding]:
    if indicator.parent is None:
        return []
    parent = indicators.get(indicator.parent)
    if parent is None:
        return [document.finding(path, unknown_name(_("parent"), indicator.parent, indicators))]
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
        findings.append(document.finding((*path, field_name), with_quote(message, indicator, "rate"), severity=WARNING))
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
                        plan=figure_text(planned),
                        factor=figure_text(measure.target),
                        actual=figure_text(last_actual),
                        needed=figure_text(needed),
                    )
                    + quote_cell(indicator, f"plan_{plan_year}"),
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
                        target=figure_text(in_force) if in_force is not None else "–",
                        previous=figure_text(revision.previous),
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
    texts = [source.text or ""] + (cell_texts(source.cells) if source.cells else [])
    written = set(find_vn_numbers(" ".join(texts)))
    findings = []
    for where, value in stated_figures(measure, traced=True):
        if value is None or value in written:
            continue
        if where == ("target",) and measure.target_basis:
            continue
        if source.cells is not None and where[0] in ("actuals", "plans") and not has_column(source.cells, where):
            continue  # a year the row's document has no column for: a later plan's figure, not its text's
        findings.append(
            document.finding(
                (*path, *where),
                _(
                    "{value} does not appear in the source row (line {line}); correct it, or explain a derived target in "
                    "target_basis"
                ).format(value=figure_text(value), line=source.line),
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
        for name, total in stated_figures(measure, traced=False):
            parts = []
            for child in children:
                child_measure = next((m for m in child.measures if m.key == measure.key), None)
                value = stated_figure(child_measure, name) if child_measure else None
                if value is not None:
                    parts.append((child.id, value))
            if total is None or not parts:
                continue
            computed = sum((value for _, value in parts), Decimal(0))
            if computed != total:
                spelled = " + ".join(f"{cid} {figure_text(v)}" for cid, v in parts)
                findings.append(
                    document.finding(
                        (*path, "measures", index, *name),
                        with_quote(
                            _("{id} gives {total} but its children add up to {computed} ({spelled})").format(
                                id=parent.id, total=figure_text(total), computed=figure_text(computed), spelled=spelled
                            ),
                            parent,
                            column_of(name),
                        ),
                        severity=WARNING,
                    )
                )
    return findings

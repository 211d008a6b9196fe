"""Reading the plan catalogue and the actuals files into models.

Two ways in: `read_*` validate item by item and return whatever is valid together
with every finding (what `kpi check` needs); the ledger loader in `kpi.ledger.load` wants
all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpi.errors import DataError, Finding
from kpi.files.inputs import InputKind
from kpi.files.validation import validate_as, validate_items
from kpi.files.yamlsource import YamlDocument, read_yaml
from kpi.i18n import _
from kpi.model.models import (
    ActualsFile,
    Catalogue,
    Erratum,
    Heading,
    Indicator,
    Owner,
    PlanInfo,
    Program,
    Record,
    Slip,
    SourceGap,
    Task,
)
from kpi.model.quarters import Quarter

_LIST_FIELDS: dict[str, type[Any]] = {
    "owners": Owner,
    "programs": Program,
    "indicators": Indicator,
    "tasks": Task,
    "errata": Erratum,
    "headings": Heading,
    "gaps": SourceGap,
    "slips": Slip,
}
_OPTIONAL_LISTS = ("tasks", "errata", "headings", "gaps", "slips")


@dataclass
class CatalogueRead:
    document: YamlDocument
    catalogue: Catalogue | None
    """None only when not even the `plan` header is usable."""
    findings: list[Finding]
    indicator_index: dict[str, int]
    """Indicator ID -> its position in the file's list, for pointing at it."""
    positions: dict[str, list[int]]
    """For each list (owners, programs, indicators, tasks, errata, headings, gaps, slips): where each valid item sits in the file."""
    declared: dict[str, set[str]]
    """Every id/code written under owners, programs, indicators, tasks, valid or not:
    a reference to an entry that failed validation is not reported a second time."""


@dataclass
class ActualsRead:
    document: YamlDocument
    actuals: ActualsFile | None
    findings: list[Finding]
    record_index: list[int]
    """For each valid record kept, its position in the file's list."""


def read_catalogue(path: Path) -> CatalogueRead:
    document = _read_or_report(path, InputKind.CATALOGUE)
    if isinstance(document, list):
        return CatalogueRead(YamlDocument(path, None), None, document, {}, {}, {})
    return catalogue_from_document(document)


def catalogue_from_document(document: YamlDocument) -> CatalogueRead:
    data = document.data
    if not isinstance(data, dict):
        finding = document.finding((), _("the catalogue must be a mapping with plan, owners, programs, indicators"))
        return CatalogueRead(document, None, [finding], {}, {}, {})
    findings: list[Finding] = list(document.problems)
    for key in data:
        if key not in ("plan", *_LIST_FIELDS):
            findings.append(document.finding((key,), _("unknown top-level field '{key}'").format(key=key), key=True))
    plan, plan_findings = validate_as(PlanInfo, data.get("plan"), document, ("plan",))
    if "plan" not in data:
        plan_findings = [document.finding(("plan",), _("required field is missing"))]
    findings += plan_findings
    parts: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    for key, model in _LIST_FIELDS.items():
        items = data.get(key)
        parts[key], positions[key] = [], []
        if items is None:
            if key not in _OPTIONAL_LISTS:
                findings.append(document.finding((key,), _("required field is missing")))
            continue
        if not isinstance(items, list):
            findings.append(document.finding((key,), _("must be a list")))
            continue
        parts[key], positions[key], item_findings = validate_items(model, items, document, (key,))
        findings += item_findings
    catalogue = None
    if plan is not None:
        catalogue = Catalogue.model_construct(
            plan=plan,
            owners=parts["owners"],
            programs=parts["programs"],
            indicators=parts["indicators"],
            tasks=parts["tasks"],
            errata=parts["errata"],
            headings=parts["headings"],
            gaps=parts["gaps"],
            slips=parts["slips"],
        )
    indicator_index = {
        indicator.id: position for indicator, position in zip(parts["indicators"], positions["indicators"])
    }
    declared = {key: _declared_names(data.get(key)) for key in _LIST_FIELDS}
    return CatalogueRead(document, catalogue, findings, indicator_index, positions, declared)


def _declared_names(items: Any) -> set[str]:
    if not isinstance(items, list):
        return set()
    names = set()
    for item in items:
        if isinstance(item, dict):
            name = item.get("id", item.get("code"))
            if isinstance(name, str):
                names.add(name)
    return names


def read_actuals(path: Path) -> ActualsRead:
    document = _read_or_report(path, InputKind.ACTUALS)
    if isinstance(document, list):
        return ActualsRead(YamlDocument(path, None), None, document, [])
    return actuals_from_document(document)


def actuals_from_document(document: YamlDocument) -> ActualsRead:
    data = document.data
    if not isinstance(data, dict):
        finding = document.finding((), _("an actuals file must be a mapping with quarter, owner, records"))
        return ActualsRead(document, None, [finding], [])
    header = {key: value for key, value in data.items() if key != "records"}
    header["records"] = []
    shell, findings = validate_as(ActualsFile, header, document)
    findings = list(document.problems) + findings
    raw_records = data.get("records", [])
    if not isinstance(raw_records, list):
        findings.append(document.finding(("records",), _("must be a list")))
        raw_records = []
    records, kept, record_findings = validate_items(Record, raw_records, document, ("records",))
    findings += record_findings
    actuals = shell.model_copy(update={"records": records}) if shell is not None else None
    return ActualsRead(document, actuals, findings, kept)


def _read_or_report(path: Path, kind: InputKind) -> YamlDocument | list[Finding]:
    try:
        return read_yaml(path, kind)
    except DataError as exc:
        return exc.findings


def quarter_of_folder(path: Path) -> Quarter | None:
    try:
        return Quarter.parse(path.parent.name)
    except ValueError:
        return None


def find_task(catalogue: Catalogue, task_id: str) -> Task | None:
    """Look a task up by ID, ignoring case (`t2.8` finds `T2.8`)."""
    wanted = task_id.strip().casefold()
    return next((task for task in catalogue.tasks if task.id.casefold() == wanted), None)


def task_owners(catalogue: Catalogue, task: Task) -> list[str]:
    """The units that lead a task: the owners of the indicators measuring it, in their order."""
    owners: list[str] = []
    for indicator_id in task.measured_by:
        indicator = catalogue.indicator(indicator_id)
        if indicator is not None and indicator.owner not in owners:
            owners.append(indicator.owner)
    return owners


def task_section(task: Task) -> int:
    """The section of part II a task belongs to: `T2.8` is task (8) of section 2."""
    return int(task.id[1:].split(".", 1)[0])


def nearest_ids(catalogue: Catalogue, wanted: str, limit: int = 3) -> list[str]:
    """The IDs of indicators and tasks that look most like `wanted`, closest first, any case."""
    import difflib

    target = wanted.strip().casefold()
    ids = [indicator.id for indicator in catalogue.indicators] + [task.id for task in catalogue.tasks]
    scored = []
    for position, item_id in enumerate(ids):
        matcher = difflib.SequenceMatcher(None, target, item_id.casefold())
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and matcher.ratio() >= 0.6:
            scored.append((-matcher.ratio(), position, item_id))
    return [item_id for _ratio, _position, item_id in sorted(scored)[:limit]]

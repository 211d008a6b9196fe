"""The export's tables filled: every yearly plan, every record, every approval, and the status
rows `kpi status` computes for the reporting date, each row a source its columns read their
cells from (`kpi.exports.tables` declares them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kpi.compute.asof import ReportingDate
from kpi.compute.status import compute_status
from kpi.compute.status_rows import StatusReport
from kpi.errors import DataError
from kpi.exports.table import Export, Row, Table
from kpi.exports.tables import empty_tables
from kpi.files.approvals_file import load_approvals
from kpi.files.catalogue import read_actuals
from kpi.files.datadir import ACTUALS_DIR, actuals_files
from kpi.ledger.load import Ledger
from kpi.ledger.plans import plan_for_year
from kpi.ledger.rules import resolve_measure
from kpi.ledger.year_actuals import Basis, stated_basis
from kpi.model.models import Catalogue


def build_export(ledger: Ledger, data_dir: Path, when: ReportingDate) -> Export:
    """Every table, filled from the ledger (every yearly plan), the actuals files, the approvals and
    the status rows at `when`, computed by the same function `kpi status` uses."""
    status = compute_status(ledger, when)
    tables = empty_tables()
    by_name = {table.name: table for table in tables}
    by_name["reporting_date"].add(
        Row(when, as_of=when.day, plan_year=status.plan_year, period_elapsed=status.period_elapsed)
    )
    for plan in ledger.plans:
        _plan_rows(plan, by_name)
    by_name["records"].fill(_record_rows(ledger, data_dir))
    _approval_rows(data_dir, by_name["approvals"], by_name["approval_files"], by_name["approval_missing"])
    _status_rows(status, by_name["status"], by_name["status_measures"], by_name["status_actuals"])
    return Export(
        as_of=when.day,
        source=when.source,
        plan_year=status.plan_year,
        title=ledger.catalogue.plan.title,
        tables=tables,
    )


def _plan_rows(catalogue: Catalogue, tables: dict[str, Table]) -> None:
    year = catalogue.plan.year
    tables["plan_documents"].add(catalogue.plan)
    tables["owners"].fill(Row(owner, plan_year=year, owner=owner.code) for owner in catalogue.owners)
    tables["programs"].fill(Row(program, plan_year=year, program=program.code) for program in catalogue.programs)
    for indicator in catalogue.indicators:
        tables["catalogue"].add(Row(indicator, plan_year=year, indicator=indicator.id))
        for measure in indicator.measures:
            key = {"plan_year": year, "indicator": indicator.id, "measure": measure.key}
            tables["measures"].add(Row(measure, of=indicator, **key))
            if measure.target is not None:
                published = dict.fromkeys(("previous", "effective", "decision", "decided"))
                tables["targets"].add(Row(None, **key, revision=0, target=measure.target, **published))
            tables["targets"].fill(
                Row(revision, **key, revision=number) for number, revision in enumerate(measure.revisions, 1)
            )
            tables["plans"].fill(
                Row(None, **key, year=planned_year, planned=planned)
                for planned_year, planned in sorted(measure.plans.items())
            )
            tables["stated_actuals"].fill(
                Row(None, **key, year=actual_year, actual=actual, basis=stated_basis(measure, actual_year))
                for actual_year, actual in sorted(measure.actuals.items())
            )


def _record_rows(ledger: Ledger, data_dir: Path) -> Iterator[Row]:
    """Each actuals file read again in full (the ledger keeps only what status needs), against the
    plan of its quarter's year, as the ledger read it; the ledger has checked every file already."""
    for path, actuals in _actuals(data_dir):
        catalogue = plan_for_year(ledger.plans, actuals.quarter.year)
        name = path.relative_to(data_dir / ACTUALS_DIR).as_posix()
        for position, record in enumerate(actuals.records, 1):
            indicator = catalogue.indicator(record.indicator)
            assert indicator is not None  # load_ledger refused the data otherwise
            yield Row(
                record,
                file=name,
                position=position,
                quarter=str(actuals.quarter),
                owner=actuals.owner,
                plan_year=catalogue.plan.year,
                indicator=indicator.id,
                measure=None if record.done is not None else resolve_measure(indicator, record.measure).key,
            )


def _actuals(data_dir: Path) -> Iterator[tuple[Path, Any]]:
    for path in actuals_files(data_dir):
        read = read_actuals(path)
        if read.actuals is None or read.findings:
            raise DataError(read.findings)
        yield path, read.actuals


def _approval_rows(data_dir: Path, approvals: Table, files: Table, missing: Table) -> None:
    for number, event in enumerate(load_approvals(data_dir), 1):
        approvals.add(Row(event, event=number, quarter=str(event.quarter)))
        files.fill(Row(None, event=number, file=name, sha256=digest) for name, digest in sorted(event.files.items()))
        missing.fill(Row(unit, event=number) for unit in event.missing)


def _status_rows(report: StatusReport, indicators: Table, measures: Table, actuals: Table) -> None:
    """The status rows as `kpi status --format json` dumps them, field for field: no arithmetic here."""
    at = {"as_of": report.as_of, "plan_year": report.plan_year}
    for row in report.rows:
        indicators.add({**at, "indicator": row.id, **row.model_dump(exclude={"measures", "id"})})
        for measure in row.measures:
            key = {**at, "indicator": row.id, "measure": measure.key}
            measures.add({**key, **measure.model_dump(exclude={"key", "actuals", "actual_basis", "quarters"})})
            actuals.fill(
                Row(None, **key, year=year, actual=actual, basis=measure.actual_basis.get(year, Basis.OFFICIAL))
                for year, actual in sorted(measure.actuals.items())
            )

"""When figures typed into a file by hand came in: the day git's history says their lines were written.

`kpi record` stamps every record with `recorded_at`, which says whether it came in on time. A
record written by hand has no stamp; when its file is committed, `git blame` names the commit
that wrote the record's first line, and that commit's author date is the day the figure came in.
A later correction of the value does not move it: the record arrived when it first appeared.
Git is asked only about the files that hold unstamped records of the quarter asked for.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kpi.files.catalogue import read_actuals
from kpi.files.datadir import ACTUALS_DIR
from kpi.files.trail import days_lines_were_written
from kpi.ledger.load import Ledger
from kpi.ledger.rules import resolve_measure
from kpi.model.quarters import Quarter

FigureKey = tuple[str, str | None]
"""(indicator, measure key); the measure is None for a milestone."""


def days_from_history(data_dir: Path, ledger: Ledger, quarter: Quarter) -> dict[FigureKey, date]:
    """The day each unstamped record of `quarter` was committed, by indicator and measure."""
    if all(f.recorded_on is not None for f in ledger.figures if f.quarter == quarter):
        return {}
    catalogue = ledger.in_force(quarter.last_day).catalogue
    days: dict[FigureKey, date] = {}
    for path in sorted((data_dir / ACTUALS_DIR / str(quarter)).glob("*.yaml")):
        read = read_actuals(path)
        if read.actuals is None or all(r.recorded_at is not None for r in read.actuals.records):
            continue
        written = days_lines_were_written(path)
        for record, index in zip(read.actuals.records, read.record_index):
            indicator = catalogue.indicator(record.indicator)
            line = read.document.locate(("records", index)).line
            if record.recorded_at is not None or indicator is None or line not in written:
                continue
            try:
                key = None if record.done is not None else resolve_measure(indicator, record.measure).key
            except ValueError:
                continue
            days.setdefault((indicator.id, key), written[line])
    return days

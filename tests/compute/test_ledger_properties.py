"""Rules general enough to hold for any ledger, tried on many generated ones (hypothesis)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.compute.overdue import compute_overdue
from kpi.compute.status import compute_status
from kpi.ledger.load import load_ledger
from kpi.model.quarters import Quarter
from tests.support.ledger import HEADER, indicator, measure

PLAN_QUARTERS = [Quarter(year, number) for year in (2018, 2019, 2020) for number in (1, 2, 3, 4)]
figures = st.integers(0, 10**6).map(Decimal)  # counts of projects: whole numbers


def write_ledger(folder: Path, indicators: str, records: dict[Quarter, list[str]]) -> None:
    (folder / "actuals").mkdir(parents=True)
    (folder / "plan2018.yaml").write_text(HEADER + "indicators:\n" + indicators, encoding="utf-8")
    for quarter, entries in records.items():
        path = folder / "actuals" / str(quarter) / "QLCN.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(f"quarter: {quarter}\nowner: QLCN\nrecords:\n" + "".join(entries), encoding="utf-8")


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    recorded=st.dictionaries(st.sampled_from(PLAN_QUARTERS), figures, max_size=6),
    added_quarter=st.sampled_from(PLAN_QUARTERS),
    added=figures,
    as_of=st.dates(min_value=date(2017, 12, 31), max_value=date(2021, 3, 31)),
)
def test_adding_a_record_never_lowers_a_cumulative_to_date(
    recorded: dict[Quarter, Decimal], added_quarter: Quarter, added: Decimal, as_of: date
) -> None:
    recorded.pop(added_quarter, None)
    catalogue = indicator("B.3", "cumulative", measure(target=300, actual_2016=35, actual_2017=119))

    def to_date(values: dict[Quarter, Decimal]) -> Decimal:
        with tempfile.TemporaryDirectory() as folder:
            write_ledger(
                Path(folder), catalogue, {q: [f"  - indicator: B.3\n    value: {v}\n"] for q, v in values.items()}
            )
            value = compute_status(load_ledger(Path(folder)), as_of).rows[0].measures[0].to_date
            assert value is not None
            return value

    before, after = to_date(recorded), to_date({**recorded, added_quarter: added})
    assert after >= before
    # And by exactly the figure, when its quarter has begun by the reporting date.
    assert after - before == (added if added_quarter.first_day <= as_of else 0)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    deadlines=st.lists(
        st.tuples(st.sampled_from(["QLCN", "SHTT"]), st.sampled_from(PLAN_QUARTERS[:8])), min_size=1, max_size=8
    ),
    as_of=st.dates(min_value=date(2018, 1, 1), max_value=date(2020, 12, 31)),
)
def test_the_overdue_list_is_by_owner_then_most_late_first_and_counts_days_from_the_deadline(
    deadlines: list[tuple[str, Quarter]], as_of: date
) -> None:
    catalogue = "".join(
        indicator(f"A.{n}", "milestone", deadline=str(quarter), owner=owner)
        for n, (owner, quarter) in enumerate(deadlines, start=1)
    )
    with tempfile.TemporaryDirectory() as folder:
        write_ledger(Path(folder), catalogue, {})
        items = compute_overdue(load_ledger(Path(folder)), as_of).items
    expected = sorted(
        (
            (owner, -(as_of - quarter.last_day).days, f"A.{n}")
            for n, (owner, quarter) in enumerate(deadlines, start=1)
            if quarter.last_day < as_of
        )
    )
    assert [(i.owner, -i.days_late, i.id) for i in items] == expected
    assert all(i.days_late >= 1 for i in items)
    assert all(as_of - timedelta(days=i.days_late) == Quarter.parse(i.due).last_day for i in items)

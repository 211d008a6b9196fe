"""What a status row and an overdue item say, worked out by hand: the row's status from its measures,
the reason a reader sees beside it, its place in the plan, the overdue list's shortfalls in words,
the per-programme counts, and the --program/--owner/--kind/--status filters.

These call the core in this process (so mutation testing can see them); every field asserted is
in `kpi status -f json` / `kpi overdue -f json` or printed by `show` and `overdue`. The catalogues
are tiny and synthetic (programme B, owners QLCN and SHTT; period 2016-2020, plan year 2018).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kpi.compute.asof import AsOfSource, ReportingDate
from kpi.compute.overdue import compute_overdue, filter_by_owner
from kpi.compute.status import compute_status, filter_rows
from kpi.compute.status_rows import IndicatorStatus, MeasureStatus
from kpi.errors import UsageError
from kpi.ledger.load import load_ledger
from kpi.model.vocabulary import Kind, Status
from tests.support.ledger import Ledger, measure


def entry(
    indicator_id: str,
    kind: str,
    measures: str = "",
    *,
    deadline: str | None = None,
    owner: str = "QLCN",
    parent: str | None = None,
    section: str | None = "I",
) -> str:
    """One indicator of programme B, as the catalogue writes it."""
    lines = [f"  - id: {indicator_id}", "    program: B"]
    if section:
        lines.append(f"    section: {section}")
    if parent:
        lines.append(f"    parent: {parent}")
    lines += [f"    title: Chỉ tiêu {indicator_id}", f"    owner: {owner}", f"    kind: {kind}"]
    if deadline:
        lines.append(f"    deadline: {deadline}")
    if measures:
        lines.append("    measures:")
        lines += ["      " + line for line in measures.strip("\n").splitlines()]
    lines += ["    source:", "      line: 1", "      text: (worked example)"]
    return "\n".join(lines) + "\n"


def rows(ledger: Ledger, as_of: str) -> dict[str, IndicatorStatus]:
    report = compute_status(load_ledger(ledger.folder), date.fromisoformat(as_of))
    return {row.id: row for row in report.rows}


def first_measure(ledger: Ledger, indicator_id: str, as_of: str) -> MeasureStatus:
    return ledger.row(indicator_id, as_of).measures[0]


# ------------------------------------------------------------------ a row's status from its measures


def test_a_row_with_a_measure_not_yet_reported_is_no_data_not_done(make) -> None:  # type: ignore[no-untyped-def]
    two = measure("experts", target=100, actual_2016=50, actual_2017=50) + measure("managers", target=100)
    ledger = make(entry("A.9", "cumulative", two), entry("B.4", "cumulative", measure(target=50)))
    got = rows(ledger, "2017-12-31")
    # experts 50 + 50 = 100 of 100: done; managers: nothing reported: no data. Done needs every measure,
    # and a measure with no data is not judged at all, so the row has no data either.
    assert [m.status for m in got["A.9"].measures] == [Status.DONE, Status.NO_DATA]
    assert got["A.9"].status is Status.NO_DATA
    # One measure, nothing reported: the row has no data (not "not computable": it has a target).
    assert (got["B.4"].status, got["B.4"].measures[0].reason) == (Status.NO_DATA, "no actuals recorded yet")
    # The row itself has nothing to add to its measure's reason: null in JSON, nothing in brackets in show.
    assert got["B.4"].reason is None


def test_a_row_judged_on_its_measures_has_no_reason_of_its_own(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("B.1", "cumulative", measure(target=1000, actual_2016=200, actual_2017=200)))
    row = ledger.row("B.1", "2017-12-31")
    # 400 / 1000 = 0.4 in 0.4 of the period: pace 1: on track; the reason is the measure's (none).
    assert (row.status, row.reason, row.overdue, row.days_late) == (Status.ON_TRACK, None, False, None)


@pytest.mark.parametrize("kind", ["activity", "share"])
def test_an_activity_or_share_row_whose_judged_measure_has_no_data_is_not_reported(make, kind: str) -> None:  # type: ignore[no-untyped-def]
    # The measure has a kind of its own (a count with a target), but nothing is reported: no data.
    # A row whose every judged measure lacks data is "no data" (docs/progress.md, "A row from its
    # measures"), whatever the row's own kind: the gap is the unit's report, not the source.
    ledger = make(entry("B.5", kind, measure(kind="cumulative", target=100)))
    row = ledger.row("B.5", "2017-12-31")
    assert row.measures[0].status is Status.NO_DATA
    assert row.status is Status.NO_DATA


def test_a_row_whose_only_measure_is_a_share_is_not_computable(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("B.6", "cumulative", measure(kind="share", target=30, actual_2016=10)))
    row = ledger.row("B.6", "2017-12-31")
    assert (row.measures[0].status, row.status) == (Status.NOT_COMPUTABLE, Status.NOT_COMPUTABLE)


def test_a_row_without_measures_says_why_it_cannot_be_judged(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("B.7", "activity"), entry("B.8", "cumulative"))
    got = rows(ledger, "2018-06-30")
    assert (got["B.7"].status, got["B.7"].reason) == (Status.NOT_COMPUTABLE, "no quantified target in the source")
    assert (got["B.8"].status, got["B.8"].reason) == (Status.NOT_COMPUTABLE, "no measures")


# ------------------------------------------------------------------ a milestone row: its reason and its dates


def test_a_milestone_says_when_it_is_due_then_that_it_is_late(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("A.4", "milestone", deadline="2018-Q1"), entry("A.5", "milestone"))
    on_the_day = rows(ledger, "2018-03-31")
    a4 = on_the_day["A.4"]
    assert (a4.status, a4.overdue, a4.days_late, a4.reason) == (
        Status.PENDING,
        False,
        None,
        "due by the end of 2018-Q1",
    )
    assert (a4.deadline, a4.due) == ("2018-Q1", "2018-Q1")
    # No deadline in the source: due at the end of the plan year, and the reason says so.
    a5 = on_the_day["A.5"]
    assert (a5.status, a5.reason) == (
        Status.PENDING,
        "due by the end of 2018-Q4 (deadline assumed: the source gives none, so the end of the 2018 plan year)",
    )
    assert (a5.deadline, a5.due) == (None, "2018-Q4")
    # 2018-04-10 - 2018-03-31 = 10 days late.
    late = rows(ledger, "2018-04-10")["A.4"]
    assert (late.status, late.overdue, late.days_late, late.reason) == (
        Status.OVERDUE,
        True,
        10,
        "due by the end of 2018-Q1, not recorded done",
    )


def test_a_milestone_done_says_on_which_day_and_is_neither_late_nor_overdue(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("A.4", "milestone", deadline="2018-Q1"))
    ledger.record("2018-Q2", "A.4", done="2018-04-05")  # done 5 days after its deadline quarter
    row = ledger.row("A.4", "2018-06-30")
    assert (row.status, row.overdue, row.days_late, row.done_on, row.reason) == (
        Status.DONE,
        False,
        None,
        date(2018, 4, 5),
        "done on 2018-04-05",
    )


def test_a_milestone_reason_in_vietnamese_writes_the_quarter_and_day_as_the_plan_does(make, vietnamese: None) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("A.4", "milestone", deadline="2018-Q1"), entry("A.6", "milestone", deadline="2018-Q2"))
    ledger.record("2018-Q1", "A.6", done="2018-03-20")
    got = rows(ledger, "2018-03-31")
    assert got["A.4"].reason == "thời hạn hết Quý I/2018"
    assert got["A.6"].reason is not None and "20/03/2018" in got["A.6"].reason


# ------------------------------------------------------------------ a row whose 2018 plan is unmet after its due quarter


@pytest.mark.parametrize(
    ("second_quarter", "status", "overdue", "days_late", "reason"),
    [
        # 60 + 40 = 100: the plan met exactly: the row is its measure's status, with no reason of its own.
        ("40", Status.AT_RISK, False, None, None),
        # 60 + 39 = 99 < 100: unmet once 2018-Q2 has ended: overdue whatever the pace, 1 day late on 1 July.
        ("39", Status.OVERDUE, True, 1, "2018 plan due by the end of 2018-Q2 and unmet"),
    ],
)
def test_an_unmet_plan_makes_the_row_overdue_and_says_so(  # type: ignore[no-untyped-def]
    make, second_quarter: str, status: Status, overdue: bool, days_late: int | None, reason: str | None
) -> None:
    ledger = make(
        entry(
            "B.2",
            "cumulative",
            measure(target=1000, actual_2016=150, actual_2017=150, plan_2018=100),
            deadline="2018-Q2",
        )
    )
    ledger.record("2018-Q1", "B.2", "60")
    ledger.record("2018-Q2", "B.2", second_quarter)
    row = ledger.row("B.2", "2018-07-01")
    # The measure: 150 + 150 + 60 + 40 = 400 of 1000 = 0.4 in 10 of 20 quarters (0.5): pace 0.8: at risk
    # (399: 0.798, at risk too).
    assert row.measures[0].status is Status.AT_RISK
    assert (row.status, row.overdue, row.days_late, row.reason) == (status, overdue, days_late, reason)


@pytest.mark.parametrize(
    ("recorded", "overdue", "what"),
    [
        (None, False, []),  # not reported: a reporting gap, never late
        ("0", True, ["2018 plan unmet: n 0 of 1"]),
        ("1", False, []),
    ],
)
def test_a_plan_of_one_with_nothing_reported_is_unmet(  # type: ignore[no-untyped-def]
    make, recorded: str | None, overdue: bool, what: list[str]
) -> None:
    ledger = make(entry("B.3", "cumulative", measure(unit="hội thảo", plan_2018=1), deadline="2018-Q1"))
    if recorded is not None:
        ledger.record("2018-Q1", "B.3", recorded)
    # Not reported is not zero and not late (`kpi reporting` and `kpi remind` chase it); 0 < 1 is unmet.
    row = ledger.row("B.3", "2018-04-01")
    assert row.overdue is overdue
    items = compute_overdue(load_ledger(ledger.folder), date(2018, 4, 1)).items
    assert [item.what for item in items] == what


# ------------------------------------------------------------------ the overdue list, in words


PLAN_ROW = entry(
    "B.1",
    "cumulative",
    measure("met", target=500, plan_2018=100)  # 100 of 100: met exactly, not a shortfall
    + measure("firms", label="Doanh nghiệp", target=10000, plan_2018=3000)  # 850 of 3,000
    + measure("counted", target=50)  # no 2018 plan: never a shortfall
    + measure("seminars", plan_2018=5),  # nothing reported: a gap, not a shortfall
    deadline="2018-Q1",
)


def test_an_overdue_plan_lists_each_unmet_measure_with_what_was_reported(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(PLAN_ROW, entry("A.4", "milestone", deadline="2018-Q1"))
    ledger.record("2018-Q1", "B.1", "100", measure_key="met")
    ledger.record("2018-Q1", "B.1", "850", measure_key="firms")
    ledger.record("2018-Q1", "B.1", "3", measure_key="counted")
    report = compute_overdue(load_ledger(ledger.folder), date(2018, 4, 2))
    b1, a4 = report.items  # equally late: in the plan's order, which here writes B.1 first
    assert (b1.id, b1.due, b1.days_late) == ("B.1", "2018-Q1", 2)  # 2 April - 31 March
    # The label when there is one, else the key; a plan with nothing reported is not a shortfall.
    assert b1.what == "2018 plan unmet: Doanh nghiệp 850 of 3,000"
    assert [(s.measure, s.label, s.actual, s.plan) for s in b1.unmet] == [
        ("firms", "Doanh nghiệp", Decimal(850), Decimal(3000)),
    ]
    # A milestone has no shortfall list: it is simply not done.
    assert (a4.id, a4.what, a4.unmet) == ("A.4", "not recorded done", [])


def test_equally_late_items_keep_the_plans_order_not_the_order_of_their_ids_text(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(*(entry(code, "milestone", deadline="2018-Q1") for code in ("B.4", "B.10.5", "B.12.1")))
    report = compute_overdue(load_ledger(ledger.folder), date(2018, 4, 2))
    assert [item.id for item in report.items] == ["B.4", "B.10.5", "B.12.1"]  # text order: B.10.5, B.12.1, B.4


def test_the_overdue_shortfalls_in_vietnamese(make, vietnamese: None) -> None:  # type: ignore[no-untyped-def]
    ledger = make(PLAN_ROW)
    ledger.record("2018-Q1", "B.1", "100", measure_key="met")
    ledger.record("2018-Q1", "B.1", "850", measure_key="firms")
    [b1] = compute_overdue(load_ledger(ledger.folder), date(2018, 4, 2)).items
    assert b1.what == "chưa đạt kế hoạch 2018: Doanh nghiệp 850/3.000"


# ------------------------------------------------------------------ where the reporting date came from travels with the report


def test_a_report_carries_where_its_date_came_from(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("A.4", "milestone", deadline="2018-Q1"))
    loaded = load_ledger(ledger.folder)
    when = ReportingDate(day=date(2018, 6, 30), source=AsOfSource.SETTINGS, latest_quarter="2018-Q2", records_after=0)
    status = compute_status(loaded, when)
    assert (status.as_of, status.reporting_date) == (date(2018, 6, 30), when)
    overdue = compute_overdue(loaded, when)
    assert (overdue.as_of, overdue.reporting_date, [i.id for i in overdue.items]) == (date(2018, 6, 30), when, ["A.4"])
    # Given a bare day, nobody said where it came from: JSON shows null.
    assert compute_status(loaded, date(2018, 6, 30)).reporting_date is None


# ------------------------------------------------------------------ the period's last quarters


@pytest.mark.parametrize(
    ("as_of", "elapsed", "needed"),
    [
        ("2020-09-29", Decimal(18) / 20, Decimal(100) / 2),  # 18 quarters ended; 100 short over 2 left: 50
        ("2020-09-30", Decimal(19) / 20, Decimal(100)),  # 19 ended; the last quarter must bring all 100
        ("2020-12-31", Decimal(1), None),  # the period is over: nothing left to spread it over
        ("2021-06-30", Decimal(1), None),  # quarters after the period do not count: still 20 of 20
    ],
)
def test_the_last_quarters_of_the_period(make, as_of: str, elapsed: Decimal, needed: Decimal | None) -> None:  # type: ignore[no-untyped-def]
    ledger = make(entry("B.1", "cumulative", measure(target=1000, actual_2016=450, actual_2017=450)))
    m = first_measure(ledger, "B.1", as_of)
    assert (m.to_date, m.period_elapsed, m.needed_per_quarter) == (900, elapsed, needed)


# ------------------------------------------------------------------ the place of a row in the plan


def test_a_row_knows_its_section_its_parent_and_how_deep_it_sits(make) -> None:  # type: ignore[no-untyped-def]
    ledger = make(
        entry("B.1", "milestone"),
        entry("B.1.1", "milestone", parent="B.1"),
        entry("B.1.1.1", "milestone", parent="B.1.1"),
        entry("B.2", "milestone", section=None),
    )
    got = rows(ledger, "2018-06-30")
    assert [(i, got[i].section, got[i].parent, got[i].level) for i in ("B.1", "B.1.1", "B.1.1.1", "B.2")] == [
        ("B.1", "I", None, 0),
        ("B.1.1", "I", "B.1", 1),
        ("B.1.1.1", "I", "B.1.1", 2),
        ("B.2", None, None, 0),
    ]


# ------------------------------------------------------------------ counts per programme, and the filters


THREE_OWNERS_ROWS = (
    entry("B.1", "cumulative", measure(target=1000, actual_2016=100, actual_2017=100)),  # 0.2 / 0.4 = 0.5: behind
    entry("B.2", "cumulative", measure(target=1000, actual_2016=50, actual_2017=50), owner="SHTT"),  # 0.25: behind
    entry("B.3", "cumulative", measure(target=10, actual_2016=5, actual_2017=5)),  # 10 of 10: done
    entry("B.4", "annual", measure(target=100, actual_2017=100), owner="SHTT"),  # 100 / 100: achieved
)


def test_the_summary_counts_each_status_of_each_programme(make) -> None:  # type: ignore[no-untyped-def]
    report = compute_status(load_ledger(make(*THREE_OWNERS_ROWS).folder), date(2017, 12, 31))
    assert [(s.program, s.title, s.counts) for s in report.summary] == [
        ("B", "Programme B", {"behind": 2, "done": 1, "achieved": 1})
    ]


def test_the_filters_keep_the_rows_asked_for_and_recount_the_summary(make) -> None:  # type: ignore[no-untyped-def]
    ledger = load_ledger(make(*THREE_OWNERS_ROWS).folder)
    report = compute_status(ledger, date(2017, 12, 31))

    def kept(**asked: object) -> tuple[list[str], list[dict[str, int]]]:
        filtered = filter_rows(report, ledger, **asked)  # type: ignore[arg-type]
        return [row.id for row in filtered.rows], [s.counts for s in filtered.summary]

    assert kept() == (["B.1", "B.2", "B.3", "B.4"], [{"behind": 2, "done": 1, "achieved": 1}])
    assert kept(owners=["shtt"]) == (["B.2", "B.4"], [{"behind": 1, "achieved": 1}])  # codes ignore case
    assert kept(owners=["QLCN", "SHTT"]) == (["B.1", "B.2", "B.3", "B.4"], [{"behind": 2, "done": 1, "achieved": 1}])
    assert kept(programs=["b"], kind=Kind.ANNUAL) == (["B.4"], [{"achieved": 1}])
    assert kept(status=Status.BEHIND) == (["B.1", "B.2"], [{"behind": 2}])
    assert kept(owners=["QLCN"], status=Status.ON_TRACK) == ([], [])  # a programme with no row left is not counted


@pytest.mark.parametrize(
    ("asked", "refusal"),
    [
        (dict(programs=["Q"]), "unknown program 'Q'; known: B"),
        (dict(owners=["QLCN", "XYZ"]), "unknown owner 'XYZ'; known: QLCN, SHTT"),
    ],
)
def test_an_unknown_programme_or_owner_is_refused_with_the_known_codes(make, asked: dict, refusal: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    ledger = load_ledger(make(*THREE_OWNERS_ROWS).folder)
    report = compute_status(ledger, date(2017, 12, 31))
    with pytest.raises(UsageError) as refused:
        filter_rows(report, ledger, **asked)
    assert str(refused.value) == refusal


def test_the_overdue_list_keeps_the_owners_asked_for(make) -> None:  # type: ignore[no-untyped-def]
    ledger = load_ledger(
        make(
            entry("A.4", "milestone", deadline="2018-Q1"),
            entry("A.6", "milestone", deadline="2018-Q1", owner="SHTT"),
        ).folder
    )
    report = compute_overdue(ledger, date(2018, 4, 1))
    assert [i.id for i in filter_by_owner(report, ledger, None).items] == ["A.4", "A.6"]
    assert [i.id for i in filter_by_owner(report, ledger, ["shtt"]).items] == ["A.6"]
    assert [i.id for i in filter_by_owner(report, ledger, ["QLCN", "SHTT"]).items] == ["A.4", "A.6"]
    with pytest.raises(UsageError) as refused:
        filter_by_owner(report, ledger, ["ABC"])
    assert str(refused.value) == "unknown owner 'ABC'; known: QLCN, SHTT"


def test_due_soon_lists_the_milestones_of_the_quarter_not_done_yet(make) -> None:  # type: ignore[no-untyped-def]
    from kpi.compute.overdue import compute_due_soon, filter_by_owner

    ledger = make(
        entry("B.4", "milestone", deadline="2018-Q2"),  # due this quarter, not done: listed
        entry("B.5", "milestone", deadline="2018-Q1"),  # overdue already: the overdue list's
        entry("B.6", "milestone", deadline="2018-Q2", owner="SHTT"),  # done: not listed
        entry("B.7", "milestone", deadline="2018-Q3"),  # next quarter: not yet
        entry("B.8", "milestone", deadline="2018-Q2", owner="SHTT"),  # listed, after QLCN's
    )
    ledger.record("2018-Q2", "B.6", done="2018-04-02", owner="SHTT")
    report = compute_due_soon(load_ledger(ledger.folder), date(2018, 5, 15))
    # From 2018-05-15 to the end of the quarter, 2018-06-30: 16 + 30 = 46 days.
    assert report.quarter == "2018-Q2"
    assert [(i.owner, i.id, i.due, i.days_left) for i in report.items] == [
        ("QLCN", "B.4", "2018-Q2", 46),
        ("SHTT", "B.8", "2018-Q2", 46),
    ]
    only_shtt = filter_by_owner(report, load_ledger(ledger.folder), ["shtt"])
    assert [i.id for i in only_shtt.items] == ["B.8"]

"""A small catalogue with 2018-Q1 and Q2 recorded by two units, some on time, some late, one by hand."""

from __future__ import annotations

from pathlib import Path

from tests.support.ledger import indicator, measure

CATALOGUE = [
    indicator("B.1", "cumulative", measure(target=100)),  # expected: a count each quarter
    indicator("B.2", "annual", measure(target=10)),  # expected
    indicator("B.3", "share", measure(unit="%", target=30)),  # not expected: an uncounted population
    indicator("B.4", "milestone", deadline="2018-Q2"),  # expected: due this quarter
    indicator("B.5", "milestone", deadline="2018-Q1"),  # not expected: due last quarter
    indicator("B.6", "milestone"),  # not expected: no deadline, due at the end of the plan year
    indicator("B.8", "milestone", deadline="2018-Q2"),  # not expected: done in Q1, before it was due
    indicator("B.7", "cumulative", measure(target=100), owner="SHTT"),  # expected, missing
    indicator("B.9", "cumulative", measure(target=100), owner="SHTT"),  # expected, recorded by hand: undated
]


QLCN_Q2 = """\
quarter: 2018-Q2
owner: QLCN
records:
  - indicator: B.1
    measure: n
    value: 20
    recorded_at: 2018-07-05T09:00:00+07:00
  - indicator: B.2
    measure: n
    value: 3
    recorded_at: 2018-07-11T08:00:00+07:00
  - indicator: B.4
    done: 2018-06-15
    recorded_at: 2018-07-10T23:00:00+07:00
"""


QLCN_Q1 = """\
quarter: 2018-Q1
owner: QLCN
records:
  - indicator: B.8
    done: 2018-03-01
"""


SHTT_Q2 = """\
quarter: 2018-Q2
owner: SHTT
records:
  - indicator: B.9
    measure: n
    value: 4
"""


def two_quarters(make) -> Path:  # type: ignore[no-untyped-def]
    """The catalogue made with the `make` fixture, and the quarters' files written by hand."""
    ledger = make(*CATALOGUE)
    for quarter, owner, text in (
        ("2018-Q2", "QLCN", QLCN_Q2),
        ("2018-Q1", "QLCN", QLCN_Q1),
        ("2018-Q2", "SHTT", SHTT_Q2),
    ):
        folder = ledger.folder / "actuals" / quarter
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{owner}.yaml").write_text(text, encoding="utf-8")
    return ledger.folder  # type: ignore[no-any-return]

"""The shipped catalogue reads the source as it means (issue 13's audit), and says why where that
differs from a literal transcription of its cells."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kpi.files.catalogue import read_catalogue
from tests.support import SHIPPED_DATA, kpi
from tests.support.status import measure, status_json

AUDITED = ["A.6", "A.7", "B.1.1", "B.1.2", "B.2.1", "B.2.2", "B.9", "C.4", "D.IV.4", "S5.3", "S5.6", "S5.9", "S6.2"]


def test_every_audited_entry_says_why_it_reads_the_source_so() -> None:
    catalogue = read_catalogue(SHIPPED_DATA / "plan2018.yaml").catalogue
    assert catalogue is not None
    for indicator_id in AUDITED:
        indicator = catalogue.indicator(indicator_id)
        assert indicator is not None and indicator.reading, indicator_id


def test_d_iv_4_counts_addresses_not_projects(shipped_copy: Path) -> None:
    payload = status_json(shipped_copy, "--as-of", "2017-12-31")
    addresses = measure(payload, "D.IV.4", "addresses")
    assert addresses["actuals"] == {"2016": 72}  # the 67 đề án of 2017 are not 67 addresses
    assert measure(payload, "D.IV.4", "projects")["actuals"] == {"2017": 67}
    # Never 67 / 72 = 93,06 %; and 2017, the year judged at its end, has no figure of addresses: not
    # reported, never "on track" on the 2016 figure.
    assert (addresses["year_progress"], addresses["status"]) == (None, "no data")
    assert addresses["reason"] == "nothing reported for 2017"


def test_shares_are_percentages_not_counts_of_firms(shipped_copy: Path) -> None:
    payload = status_json(shipped_copy, "--as-of", "2017-12-31")
    for indicator_id, share in (("B.1.1", 30), ("B.1.2", 10), ("B.2.1", 10), ("B.2.2", 3)):
        assert measure(payload, indicator_id, "share")["unit"] == "%"
        assert measure(payload, indicator_id, "share")["target"] == share
        assert measure(payload, indicator_id, "firms")["target"] is None


def test_plans_of_the_main_text_can_be_late_on_an_assumed_deadline(shipped_copy: Path) -> None:
    # S5.3 asks for a 10 % cut in 2018; the source gives it no deadline: due at the end of 2018, assumed.
    recorded = kpi(shipped_copy, "record", "S5.3", "-q", "2018-Q4", "--value", "6")
    assert recorded.exit_code == 0, recorded.output
    result = kpi(shipped_copy, "overdue", "--as-of", "2019-01-01", "--format", "csv")
    late = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert late["S5.3"]["what"] == (
        "2018 plan unmet: Cut in administrative processing time 6 of 10 "
        "(deadline assumed: the source gives none, so the end of the 2018 plan year)"
    )
    # The others of the main text are not reported: a gap for the reminders, never late.
    assert not {"S5.6", "S5.9", "S6.2"} & set(late)


def test_c_4_plans_staff_and_b_9_ten_universities(shipped_copy: Path) -> None:
    payload = status_json(shipped_copy, "--as-of", "2017-12-31")
    assert measure(payload, "C.4", "experts")["plan"] is None
    assert measure(payload, "C.4", "trained_staff")["plan"] == 100
    assert measure(payload, "B.9", "universities")["plan"] == 10


def test_a_growth_target_reads_as_a_factor(shipped_copy: Path) -> None:
    report = kpi(shipped_copy, "report", "-p", "D", "-f", "md", "-o", "-")
    row = next(line for line in report.stdout.splitlines() if "Thực hiện tin tức" in line)
    assert "| ×2 " in row and "2 tin/bài" not in row
    show = kpi(shipped_copy, "show", "D.II.1")
    assert "    target: ×2" in show.stdout.splitlines()

"""Small synthetic catalogues for tests that work rules out by hand: an indicator and its
measures written as the catalogue writes them, a data folder to record into, and one row read
back in this process (so that mutation testing sees the rules run)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kpi.compute.status import compute_status
from kpi.compute.status_rows import IndicatorStatus
from kpi.ledger.load import load_ledger
from tests.support.data import MINIMAL_CATALOGUE

HEADER = MINIMAL_CATALOGUE[: MINIMAL_CATALOGUE.index("indicators:")]


def indicator(
    indicator_id: str, kind: str, measures: str = "", deadline: str | None = None, owner: str = "QLCN"
) -> str:
    lines = [
        f"  - id: {indicator_id}",
        "    program: B",
        "    section: I",
        f"    title: Chỉ tiêu {indicator_id}",
        f"    owner: {owner}",
        f"    kind: {kind}",
    ]
    if deadline:
        lines.append(f"    deadline: {deadline}")
    if measures:
        lines.append("    measures:")
        lines += ["      " + line for line in measures.strip("\n").splitlines()]
    lines += ["    source:", "      line: 1", "      text: (worked example)"]
    return "\n".join(lines) + "\n"


def measure(key: str = "n", unit: str = "dự án", **figures: object) -> str:
    """A measure's YAML; `actual_2016=20` and `plan_2018=100` go under `actuals:` and `plans:` by year."""
    lines = [f"- key: {key}", f"  unit: '{unit}'"]
    by_year: dict[str, list[str]] = {"actuals": [], "plans": []}
    label = figures.pop("label", None)
    if label is not None:  # the same words in both languages, unless given as (vi, en)
        vi, en = label if isinstance(label, tuple) else (label, label)
        lines.append(f"  label: {{vi: '{vi}', en: '{en}'}}")
    for name, value in figures.items():
        prefix, _, year = name.partition("_")
        if prefix in ("actual", "plan") and year.isdigit():
            by_year[prefix + "s"].append(f"    {year}: {value}")
        else:
            lines.append(f"  {name}: {value}")
    for group, entries in by_year.items():
        if entries:
            lines += [f"  {group}:", *entries]
    return "\n".join(lines) + "\n"


@dataclass
class Ledger:
    folder: Path

    def record(
        self,
        quarter: str,
        indicator_id: str,
        value: str | None = None,
        done: str | None = None,
        measure_key: str | None = None,
        owner: str = "QLCN",
    ) -> None:
        path = self.folder / "actuals" / quarter / f"{owner}.yaml"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"quarter: {quarter}\nowner: {owner}\nrecords:\n", encoding="utf-8")
        entry = f"  - indicator: {indicator_id}\n"
        if measure_key:
            entry += f"    measure: {measure_key}\n"
        entry += f"    value: {value}\n" if value is not None else f"    done: {done}\n"
        with path.open("a", encoding="utf-8") as stream:
            stream.write(entry)

    def row(self, indicator_id: str, as_of: str) -> IndicatorStatus:
        report = compute_status(load_ledger(self.folder), date.fromisoformat(as_of))
        return next(row for row in report.rows if row.id == indicator_id)


def make_ledger(folder: Path, *indicators: str) -> Ledger:
    """A data folder holding a 2018 plan of these indicators (program B's header of the minimal catalogue)."""
    (folder / "actuals").mkdir(parents=True)
    (folder / "plan2018.yaml").write_text(HEADER + "indicators:\n" + "".join(indicators), encoding="utf-8")
    return Ledger(folder)

"""The columns of each report, built from the core's rows (the same rows JSON dumps)."""

from __future__ import annotations

from decimal import Decimal

from kpi.cli.render import LABELS, STATUS_STYLE, bar, number, percent, status_word
from kpi.status import IndicatorStatus, OverdueReport, StatusReport


def _joined(row: IndicatorStatus, pick: object) -> str:
    values = [pick(m) for m in row.measures]  # type: ignore[operator]
    shown = [v for v in values if v not in ("–", "")]
    return " · ".join(shown) if shown else "–"


def status_table(report: StatusReport, lang: str, output_format: str) -> tuple[list[str], list[list[str]], list[str | None]]:
    label = LABELS[lang]
    headers = [label["id"], label["title"], label["owner"], label["target"], label["to_date"], label["percent"]]
    with_bar = output_format in ("table", "markdown", "plain")
    if with_bar:
        headers.append(label["pace"])
    headers += [label["plan"], label["status"]]
    rows, styles = [], []
    for row in report.rows:
        indent = "  " * row.level if output_format in ("table", "plain") else ""
        title = row.title if len(row.title) <= 60 or output_format in ("csv", "tsv") else row.title[:59] + "…"
        cells = [indent + row.id, title, row.owner,
                 _joined(row, lambda m: number(m.target, lang) + (" %" if m.target is not None and (
                     m.kind.value == "share" or m.unit.startswith("%")) else "")),
                 _joined(row, lambda m: number(m.to_date, lang)),
                 _joined(row, lambda m: percent(m.percent_of_period if m.percent_of_period is not None
                                                else m.year_progress, lang))]
        if with_bar:
            first = next((m for m in row.measures if m.percent_of_period is not None), None)
            cells.append(bar(first.percent_of_period, report.period_elapsed) if first else "")
        cells.append(_joined(row, lambda m: f"{number(m.actual_2018 or Decimal(0), lang)}/{number(m.plan_2018, lang)}"
                             if m.plan_2018 is not None else "–"))
        word = status_word(row.status.value, lang)
        cells.append(f"{word} ({row.days_late} d)" if row.overdue and row.days_late else word)
        rows.append(cells)
        styles.append(STATUS_STYLE.get(row.status.value))
    return headers, rows, styles


def summary_table(report: StatusReport, lang: str) -> tuple[list[str], list[list[str]], None]:
    from kpi.vocabulary import Status

    words = [s.value for s in Status]
    headers = [LABELS[lang]["program"], *(status_word(w, lang) for w in words)]
    rows = [[s.program, *(str(s.counts.get(w, 0)) for w in words)] for s in report.summary]
    return headers, rows, None


def overdue_table(report: OverdueReport, lang: str) -> tuple[list[str], list[list[str]]]:
    label = LABELS[lang]
    headers = [label["owner"], label["id"], label["title"], label["due"], label["days_late"], label["what"]]
    rows = [[item.owner, item.id, item.title if len(item.title) <= 60 else item.title[:59] + "…", item.due,
             str(item.days_late), item.what] for item in report.items]
    return headers, rows

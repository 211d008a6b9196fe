"""`kpi site`: the ledger at a reporting date as a static website, in both languages, linked.

Everything is computed once, up front (`SiteData`): the status at the reporting date (once per
language, since its reasons are sentences), the verdicts at each quarter's end of the reporting
year, the figures over time of every measure, the audit trail grouped by indicator. Pages are then
rendered from those rows one by one; none reads the ledger again, so the build grows linearly with
the number of indicators.

The site loads nothing from the internet and needs no server: relative links, one stylesheet,
inline SVG charts (`kpi.reports.chart`), and a search (`search.js` over an index written as a
script, since a page opened from a folder may not fetch a JSON file).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kpi.compute.asof import ReportingDate
from kpi.compute.changes import verdict_changes
from kpi.compute.reporting import YearReporting
from kpi.compute.series import Series, series
from kpi.compute.status import compute_status
from kpi.compute.status_rows import StatusReport
from kpi.files.trail import TrailEntry
from kpi.i18n import LANGUAGES, _, speaking
from kpi.ledger.load import Ledger
from kpi.model.approvals import ApprovalEvent
from kpi.model.quarters import Quarter
from kpi.model.vocabulary import Status
from kpi.reports.html import _css, environment
from kpi.reports.layout import AppendixReport, build_report
from kpi.reports.site_pages import Pages, SiteData

Step = Callable[[str, int, int], None]


def quarter_ends(as_of: date, first_plan_year: int) -> list[date]:
    """The quarter ends at which an indicator page shows its verdict: those of the reporting date's year
    up to it, after the end of the year before (where the year started), none before the first plan."""
    ends = [date(as_of.year - 1, 12, 31)] + [Quarter(as_of.year, n).last_day for n in (1, 2, 3, 4)]
    return [day for day in ends if day <= as_of and day.year >= first_plan_year - 1]


def gather(
    ledger: Ledger,
    when: ReportingDate,
    approvals: list[ApprovalEvent],
    reporting: YearReporting | None,
    trail: list[TrailEntry],
    languages: tuple[str, ...] = LANGUAGES,
) -> SiteData:
    """Compute everything the site shows, once."""
    day = when.day
    # The site speaks of its reporting date: lateness is judged there, not at a report's own date.
    ledger = replace(
        ledger,
        settings=ledger.settings.model_copy(
            update={"document": ledger.settings.document.model_copy(update={"signed": None})}
        ),
    )
    status: dict[str, StatusReport] = {}
    report: dict[str, AppendixReport] = {}
    for lang in languages:
        with speaking(lang):
            status[lang] = compute_status(ledger, when)
            report[lang] = build_report(ledger, status[lang], approvals=approvals, reporting=reporting)
    now = status[languages[0]]
    ends = quarter_ends(day, ledger.plans[0].plan.year)
    at_end = {end: (now if end == day else compute_status(ledger, end)) for end in ends}
    history: dict[str, list[tuple[str, Status]]] = defaultdict(list)
    for end, past in at_end.items():
        for row in past.rows:
            history[row.id].append((str(Quarter.containing(end)), row.status))
    previous = max((end for end in ends if end < day), default=None)
    changes = verdict_changes(at_end[previous], now) if previous is not None else None
    plan = ledger.catalogue.plan
    catalogue_measures = {i.id: {m.key: m for m in i.measures} for i in ledger.catalogue.indicators}
    by_indicator: dict[str, list[Series]] = {
        row.id: [
            series(m, catalogue_measures[row.id][m.key], plan.period_start, plan.period_end)
            for m in row.measures
            if m.key in catalogue_measures[row.id]
        ]
        for row in now.rows
    }
    quarter_now = Quarter.containing(day)
    recorded: dict[str, list[TrailEntry]] = defaultdict(list)
    for entry in trail:
        if entry.indicator and entry.event == "record" and _counted(entry.quarter, quarter_now):
            recorded[entry.indicator.casefold()].append(entry)
    return SiteData(
        ledger=ledger,
        when=when,
        status=status,
        report=report,
        changes=changes,
        history=dict(history),
        series=by_indicator,
        trail={row.id: recorded.get(row.id.casefold(), []) for row in now.rows},
        indicators={i.id: i for i in ledger.catalogue.indicators},
    )


def _counted(quarter: str | None, latest: Quarter) -> bool:
    try:
        return quarter is not None and Quarter.parse(quarter) <= latest
    except ValueError:
        return False


# ---------------------------------------------------------------- pages


def render_site(data: SiteData, first: str, step: Step | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, by its path under the output folder (`/` separated), one at a time:
    a page is written before the next is rendered, so the site never sits whole in memory."""
    languages = list(data.status)
    rows = data.status[languages[0]].rows
    total = len(languages) * len(rows)
    done = 0
    for lang in languages:
        with speaking(lang):
            pages = Pages(data, lang, languages)
            yield f"{lang}/index.html", pages.home()
            yield f"{lang}/search.html", pages.search()
            yield f"{lang}/search-index.js", pages.search_index()
            for program in pages.programs():
                yield f"{lang}/program/{program}.html", pages.program(program)
            for owner in pages.owners():
                yield f"{lang}/unit/{owner}.html", pages.unit(owner)
            for row in data.status[lang].rows:
                yield f"{lang}/indicator/{row.id}.html", pages.indicator(row)
                done += 1
                if step is not None and done % 200 == 0:
                    step(f"site: {lang}", done, total)
    templates = environment()
    yield "index.html", templates.get_template("site-root.html.j2").render(first=first, languages=languages).encode()
    yield "assets/site.css", templates.get_template("site.css.j2").render(statuses=[_css(s) for s in Status]).encode()
    yield "assets/search.js", templates.get_template("site-search.js").render().encode()


def write_site(folder: Path, files: Iterable[tuple[str, bytes]], replace_existing: bool) -> int:
    """Write the site into a new folder beside `folder`, then put it in place: a reader sees the old
    site or the new one, never half of either. An existing folder that holds anything is replaced only
    when asked (`--force`). Returns how many pages it wrote."""
    from kpi.files.outputs import write_folder

    names = write_folder(folder, files, replace_existing, _("no site was written"))
    return sum(name.endswith(".html") for name in names)

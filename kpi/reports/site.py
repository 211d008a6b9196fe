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

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kpi import __version__
from kpi.compute.asof import ReportingDate
from kpi.compute.changes import CHANGE_KINDS, ChangeReport, change_words, verdict_changes
from kpi.compute.detail import _steps, source_cells, spell_out
from kpi.compute.reporting import Arrival, YearReporting
from kpi.compute.search import fold
from kpi.compute.series import Series, series
from kpi.compute.status import compute_status
from kpi.compute.status_rows import IndicatorStatus, StatusReport
from kpi.files.trail import TrailEntry
from kpi.i18n import LANGUAGES, _, ngettext, speaking
from kpi.ledger.load import Ledger
from kpi.model.approvals import ApprovalEvent
from kpi.model.dates import written_date
from kpi.model.models import Indicator
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import date_words, kind_word, status_word
from kpi.reports.cells import number, percent
from kpi.reports.chart import rows as chart_rows
from kpi.reports.chart import svg
from kpi.reports.html import _css, _glyphs, _tallies
from kpi.reports.layout import AppendixReport, build_report
from kpi.reports.reporting_grid import grid_headings, grid_rows

Step = Callable[[str, int, int], None]


@dataclass
class SiteData:
    """What every page is rendered from, computed once."""

    ledger: Ledger
    when: ReportingDate
    status: dict[str, StatusReport]  # by language
    report: dict[str, AppendixReport]  # by language
    changes: ChangeReport | None
    history: dict[str, list[tuple[str, Status]]]  # by indicator: the verdict at each quarter's end
    series: dict[str, list[Series]]  # by indicator
    trail: dict[str, list[TrailEntry]]  # by indicator
    indicators: dict[str, Indicator] = field(default_factory=dict)


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
            pages = _Pages(data, lang, languages)
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
    environment = _environment()
    yield "index.html", environment.get_template("site-root.html.j2").render(first=first, languages=languages).encode()
    yield "assets/site.css", environment.get_template("site.css.j2").render(statuses=[_css(s) for s in Status]).encode()
    yield "assets/search.js", environment.get_template("site-search.js").render().encode()


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kpi.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _Pages:
    """The pages of one language (constructed while that language is spoken)."""

    def __init__(self, data: SiteData, lang: str, languages: list[str]):
        self.data = data
        self.lang = lang
        self.languages = languages
        self.status = data.status[lang]
        self.report = data.report[lang]
        self.catalogue = data.ledger.catalogue
        self.owner_names = {o.code: o.name_in(lang) for o in self.catalogue.owners}
        self.program_names = {p.code: (p.title_en if lang == "en" else p.title) for p in self.catalogue.programs}
        self.glyphs = _glyphs()
        self.source_lang = "vi" if lang != "vi" else ""
        self.site_title = _("Plan {number}: where it stands").format(number=self.catalogue.plan.number or "…")
        self.common = {
            "lang": lang,
            "site_title": self.site_title,
            "plan_title": self.catalogue.plan.title,
            "as_of": date_words(data.when.day, lang),
            "elapsed": percent(self.status.period_elapsed, lang),
            "version": __version__,
            "src": Markup(' lang="vi"') if self.source_lang else Markup(""),
            "words": _site_words(),
        }

    def _render(self, template: str, path: str, depth: int, **context: object) -> bytes:
        up = "../" * depth
        switch = [
            {
                "lang": other,
                "name": _LANGUAGE_NAMES[other],
                "href": f"{up}../{other}/{path}",
                "current": other == self.lang,
            }
            for other in self.languages
        ]
        page = (
            _environment()
            .get_template(template)
            .render(**self.common, **context, up=up, root=f"{up}../", switch=switch, path=path)
        )
        return page.encode("utf-8")

    def _status(self, status: Status) -> dict[str, object]:
        return {"css": _css(status), "glyph": self.glyphs[_css(status)], "word": status_word(status, self.lang)}

    def _row(self, row: IndicatorStatus, up: str) -> dict[str, object]:
        return {
            "id": row.id,
            "href": f"{up}indicator/{row.id}.html",
            "title": row.title,
            "level": row.level,
            "owner": row.owner,
            "owner_href": f"{up}unit/{row.owner}.html",
            "status": self._status(row.status),
            "due": quarter_words(row.due, self.lang) if row.due else "",
            "reason": row.reason or "",
        }

    def programs(self) -> list[str]:
        return list(dict.fromkeys(row.program for row in self.status.rows))

    def owners(self) -> list[str]:
        return list(dict.fromkeys(row.owner for row in self.status.rows))

    def _overdue(self, up: str, keep: Callable[[str, str], bool] | None = None) -> list[dict[str, object]]:
        header = self.report.header
        from kpi.reports.cells import overdue_what

        program_of = {row.id: row.program for row in self.status.rows}
        return [
            {
                "id": item.id,
                "href": f"{up}indicator/{item.id}.html",
                "title": item.title,
                "owner": item.owner,
                "owner_href": f"{up}unit/{item.owner}.html",
                "due": quarter_words(item.due, self.lang),
                "days_late": number(Decimal(item.days_late), self.lang),
                "what": overdue_what(item, self.lang, header.plan_year),
            }
            for item in self.report.overdue
            if keep is None or keep(program_of.get(item.id, ""), item.owner)
        ]

    def home(self) -> bytes:
        report = self.report
        changes = []
        words = change_words()
        if self.data.changes is not None:
            for kind in CHANGE_KINDS:
                moved = [c for c in self.data.changes.changes if c.change == kind]
                if moved:
                    changes.append(
                        {
                            "kind": kind,
                            "heading": words[kind],
                            "items": [
                                {
                                    "id": c.id,
                                    "href": f"indicator/{c.id}.html",
                                    "title": c.title,
                                    "before": self._status(c.before),
                                    "after": self._status(c.after),
                                }
                                for c in moved
                            ],
                        }
                    )
        reporting = None
        if report.reporting is not None:
            grid = grid_rows(report.reporting, report.header.as_of, self.lang)
            if grid:
                reporting = {
                    "year": report.reporting.year,
                    "quarters": grid_headings(report.reporting, self.lang),
                    "rows": grid,
                }
        return self._render(
            "site-home.html.j2",
            "index.html",
            0,
            by_program=[(t, f"program/{t.code}.html") for t in _tallies(report.by_program, self.lang)],
            by_owner=[(t, f"unit/{t.code}.html") for t in _tallies(report.by_owner, self.lang)],
            statuses=[self._status(s) for s in Status],
            glyphs=self.glyphs,
            overdue=self._overdue(""),
            reporting=reporting,
            changes=changes,
            since=date_words(self.data.changes.since, self.lang) if self.data.changes else None,
            indicators=len(self.status.rows),
        )

    def search(self) -> bytes:
        return self._render("site-search.html.j2", "search.html", 0)

    def search_index(self) -> bytes:
        entries = [
            [row.id, row.title, fold(f"{row.id} {row.title}"), self._status(row.status)["word"]]
            for row in self.status.rows
        ]
        return ("window.KPI_INDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n").encode()

    def program(self, code: str) -> bytes:
        rows = [self._row(row, "../") for row in self.status.rows if row.program == code]
        owes = self._overdue("../", lambda program, _owner: program == code)
        return self._render(
            "site-list.html.j2",
            f"program/{code}.html",
            1,
            heading=_("Program {code}: {title}").format(code=code, title=self.program_names.get(code, code)),
            rows=rows,
            overdue=owes,
            missing=[],
            show_owner=True,
        )

    def unit(self, code: str) -> bytes:
        rows = [self._row(row, "../") for row in self.status.rows if row.owner == code]
        owes = self._overdue("../", lambda _program, owner: owner == code)
        return self._render(
            "site-list.html.j2",
            f"unit/{code}.html",
            1,
            heading=_("Unit {code}: {name}").format(code=code, name=self.owner_names.get(code, code)),
            rows=rows,
            overdue=owes,
            missing=self._missing(code),
            show_owner=False,
        )

    def _missing(self, code: str) -> list[dict[str, str]]:
        """The figures the unit owes for the quarters of the year ended by the reporting date."""
        grid = self.report.reporting
        if grid is None:
            return []
        out = []
        for quarter in grid.quarters:
            if Quarter.parse(quarter.quarter).last_day > self.data.when.day:
                continue
            for owner in quarter.owners:
                if owner.owner != code:
                    continue
                for item in owner.items:
                    if item.arrival is Arrival.MISSING:
                        out.append(
                            {
                                "quarter": quarter_words(quarter.quarter, self.lang),
                                "id": item.indicator,
                                "href": f"../indicator/{item.indicator}.html",
                                "measure": item.measure or "",
                                "due": date_words(quarter.due, self.lang),
                            }
                        )
        return out

    def indicator(self, row: IndicatorStatus) -> bytes:
        lang = self.lang
        indicator = self.data.indicators[row.id]
        plan_year = self.status.plan_year
        steps = _steps(plan_year)
        measures = []
        for measure, drawn in zip(row.measures, self.data.series.get(row.id, [])):
            name = measure.label or measure.key
            title = _("{indicator} {measure}: figures over time ({unit})").format(
                indicator=row.id, measure=name, unit=measure.unit
            )
            measures.append(
                {
                    "key": measure.key,
                    "name": name,
                    "unit": measure.unit,
                    "kind": kind_word(measure.kind),
                    "status": self._status(measure.status),
                    "chart": svg(drawn, lang, f"{measure.key}", title) if drawn.actual or drawn.path else None,
                    "has_path": bool(drawn.path),
                    "has_plan": bool(drawn.plans),
                    "has_revision": bool(drawn.revisions),
                    "running": drawn.running,
                    "table": chart_rows(drawn, lang),
                    "arithmetic": [
                        (steps.get(key, key), text)
                        for key, text in spell_out(measure, plan_year, self.data.when.day).items()
                    ],
                }
            )
        revisions = [
            _("{measure}: {previous} → {target} from {effective} (decision {decision} of {decided})").format(
                measure=m.label or m.key,
                previous=number(r.previous, lang),
                target=number(r.target, lang),
                effective=written_date(r.effective),
                decision=r.decision,
                decided=written_date(r.decided),
            )
            for m in indicator.measures
            for r in m.revisions
        ]
        cells = indicator.source.cells
        source = (
            [(label, text) for _name, label, text in source_cells(cells)]
            if cells
            else [(_("Text"), indicator.source.text or "")]
        )
        reading = self.catalogue.reading(row.id, row.title)
        return self._render(
            "site-indicator.html.j2",
            f"indicator/{row.id}.html",
            1,
            row=self._row(row, "../"),
            program=row.program,
            program_name=self.program_names.get(row.program, row.program),
            section=row.section or "",
            kind=kind_word(row.kind),
            owner_name=self.owner_names.get(row.owner, row.owner),
            co_owners=", ".join(indicator.co_owners),
            days_late=(
                ngettext("{days} day late", "{days} days late", row.days_late).format(days=row.days_late)
                if row.days_late
                else ""
            ),
            due_assumed=row.due_assumed,
            reading=reading if reading != row.title else "",
            why_read=indicator.reading or "",
            notes=indicator.notes or "",
            source=source,
            source_line=indicator.source.line,
            recovered=indicator.source.recovered or "",
            measures=measures,
            revisions=revisions,
            history=[
                (quarter_words(quarter, lang), self._status(verdict))
                for quarter, verdict in self.data.history.get(row.id, [])
            ],
            trail=[self._trail(entry) for entry in self.data.trail.get(row.id, [])],
        )

    def _trail(self, entry: TrailEntry) -> dict[str, str]:
        previous = None if entry.previous in (None, "none") else _figure(entry.previous, self.lang)
        value = _figure(entry.value, self.lang)
        return {
            "when": f"{date_words(entry.date.date(), self.lang)} {entry.date:%H:%M}",
            "who": entry.recorded_by or entry.author,
            "measure": entry.measure or "",
            "quarter": quarter_words(entry.quarter, self.lang) if entry.quarter else "",
            "change": f"{previous} → {value}" if previous is not None else value,
            "commit": entry.commit[:10],
        }


_LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def _figure(trailer: str | None, lang: str) -> str:
    """A trailer's `850` or `done 2018-05-02` in the reader's notation; anything else as written."""
    if not trailer:
        return ""
    if trailer.startswith("done "):
        try:
            return _("done on {day}").format(day=date_words(date.fromisoformat(trailer.removeprefix("done ")), lang))
        except ValueError:
            return trailer
    try:
        value = Decimal(trailer)
    except InvalidOperation:
        return trailer
    return number(value, lang) if value.is_finite() else trailer


def _site_words() -> dict[str, str]:
    """The site's headings and labels, in the language being spoken."""
    return {
        "skip": _("Skip to the content"),
        "search": _("Search"),
        "search_label": _("Search indicators by ID or title (diacritics optional)"),
        "search_button": _("Find"),
        "search_needs_js": _("The search needs JavaScript; every indicator is listed on its program's page."),
        "search_none": _("No indicator matches."),
        "search_count": _("Indicators found: {count}."),
        "language": _("Language"),
        "as_of": _("As of {day}"),
        "elapsed": _("Period elapsed: {elapsed}"),
        "by_program": _("Status by program"),
        "by_owner": _("Status by lead unit"),
        "program": _("Program"),
        "unit": _("Unit"),
        "total": _("Indicators"),
        "overdue": _("Overdue"),
        "no_overdue": _("Nothing is overdue."),
        "due": _("Due"),
        "days_late": _("Days late"),
        "what": _("What is missing"),
        "id": _("ID"),
        "title": _("Title"),
        "owner": _("Owner"),
        "status": _("Status"),
        "reason": _("Why"),
        "reporting": _("Reporting by unit, {year}"),
        "reporting_unit": _("Unit"),
        "changes": _("What changed since {day}"),
        "no_changes": _("No verdict changed."),
        "changes_none": _("No earlier quarter's end to compare with."),
        "indicators": _("Indicators"),
        "owes": _("What it owes"),
        "owes_nothing": _("Nothing is owed."),
        "missing": _("Figures not reported"),
        "quarter": _("Quarter"),
        "measure": _("Measure"),
        "due_day": _("Due on"),
        "kind": _("Kind"),
        "section": _("Section"),
        "co_owners": _("With"),
        "deadline_assumed": _("the source gives no deadline: the end of the plan year is assumed"),
        "reading": _("Reading"),
        "why_read": _("How the source is read"),
        "notes": _("Notes"),
        "source": _("Source cells (line {line} of the plan)"),
        "recovered": _("Recovered"),
        "figures": _("Figures over time"),
        "chart_table": _("The chart's figures"),
        "when": _("When"),
        "figure": _("Figure"),
        "figure_running": _("Figure (total so far)"),
        "path": _("Path to the target"),
        "plan": _("Plan of the year"),
        "legend_actual": _("figures recorded (dots: year figures and quarters)"),
        "legend_path": _("path to the target (dashed)"),
        "legend_plan": _("the year's plan (dotted)"),
        "legend_revision": _("target revised (↻)"),
        "no_figures": _("No figure is recorded yet."),
        "arithmetic": _("The arithmetic"),
        "revisions": _("Target revisions"),
        "history": _("Verdict at each quarter's end"),
        "trail": _("Recordings (audit trail)"),
        "no_trail": _("No recording in the git history."),
        "who": _("Recorded by"),
        "change": _("Change"),
        "commit": _("Commit"),
        "footer": _("Built by kpi {version} from the ledger as of {day}. Everything on this site is in this folder."),
    }


def write_site(folder: Path, files: Iterable[tuple[str, bytes]], replace_existing: bool) -> int:
    """Write the site into a new folder beside `folder`, then put it in place: a reader sees the old
    site or the new one, never half of either. An existing folder that holds anything is replaced only
    when asked (`--force`). Returns how many pages it wrote."""
    import shutil
    import tempfile

    from kpi.errors import UsageError
    from kpi.files.atomic import CannotWrite

    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{path} is a file; give a folder for the site").format(path=folder))
    if folder.is_dir() and any(folder.iterdir()) and not replace_existing:
        raise UsageError(_("{path} exists and is not empty; pass --force to replace it").format(path=folder))
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=parent))
    except OSError as exc:
        raise CannotWrite(folder, exc, _("no site was written")) from None
    pages = 0
    try:
        made: set[Path] = set()
        for name, data in files:
            path = staged / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
            pages += name.endswith(".html")
        staged.chmod(0o755)
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=parent))
            folder.replace(old / "site")
        staged.replace(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(staged, ignore_errors=True)
        if isinstance(exc, OSError):
            raise CannotWrite(folder, exc, _("no site was written")) from None
        raise
    return pages

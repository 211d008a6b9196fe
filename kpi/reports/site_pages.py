"""The pages of the site (`kpi.reports.site`), one language at a time: the overview, a page per
program, unit and indicator, the search, each rendered from its template with the words of the
language being spoken."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from kpi import __version__
from kpi.compute.asof import ReportingDate
from kpi.compute.changes import CHANGE_KINDS, ChangeReport, change_words
from kpi.compute.detail import _steps, source_cells, spell_out
from kpi.compute.reporting import Arrival
from kpi.compute.search import fold
from kpi.compute.series import Series
from kpi.compute.status_rows import IndicatorStatus, StatusReport
from kpi.files.trail import TrailEntry
from kpi.files.trailers import figure_words
from kpi.i18n import _, ngettext
from kpi.ledger.load import Ledger
from kpi.model.dates import written_date
from kpi.model.models import Indicator, in_language
from kpi.model.quarters import Quarter, quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import date_words, kind_word, status_word
from kpi.reports.cells import number, percent
from kpi.reports.chart import rows as chart_rows
from kpi.reports.chart import svg
from kpi.reports.html import _css, _glyphs, _tallies, environment
from kpi.reports.layout import AppendixReport
from kpi.reports.reporting_grid import grid_headings, grid_rows


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


class Pages:
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
            environment()
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
        heading = _("Program {code}: {title}").format(code=code, title=self.program_names.get(code, code))
        return self._list(f"program/{code}.html", heading, lambda program, _owner: program == code, [], True)

    def unit(self, code: str) -> bytes:
        heading = _("Unit {code}: {name}").format(code=code, name=self.owner_names.get(code, code))
        return self._list(
            f"unit/{code}.html", heading, lambda _program, owner: owner == code, self._missing(code), False
        )

    def _list(
        self,
        path: str,
        heading: str,
        keep: Callable[[str, str], bool],
        missing: list[dict[str, str]],
        show_owner: bool,
    ) -> bytes:
        """A page listing the indicators (and what is overdue) of one program or unit: `keep(program, owner)`."""
        rows = [self._row(row, "../") for row in self.status.rows if keep(row.program, row.owner)]
        return self._render(
            "site-list.html.j2",
            path,
            1,
            heading=heading,
            rows=rows,
            overdue=self._overdue("../", keep),
            missing=missing,
            show_owner=show_owner,
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
                                "measure": self.catalogue.measure_label(item.indicator, item.measure, self.lang) or "",
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
                measure=m.label_in(lang),
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
            why_read=in_language(indicator.reading, lang) or "",
            notes=in_language(indicator.notes, lang) or "",
            source=source,
            source_line=indicator.source.line,
            recovered=in_language(indicator.source.recovered, lang) or "",
            measures=measures,
            revisions=revisions,
            history=[
                (quarter_words(quarter, lang), self._status(verdict))
                for quarter, verdict in self.data.history.get(row.id, [])
            ],
            trail=[self._trail(entry) for entry in self.data.trail.get(row.id, [])],
        )

    def _trail(self, entry: TrailEntry) -> dict[str, str]:
        previous = None if entry.previous in (None, "none") else figure_words(entry.previous, self.lang)
        value = figure_words(entry.value, self.lang)
        return {
            "when": f"{date_words(entry.date.date(), self.lang)} {entry.date:%H:%M}",
            "who": entry.recorded_by or entry.author,
            "measure": self.catalogue.measure_label(entry.indicator or "", entry.measure, self.lang) or "",
            "quarter": quarter_words(entry.quarter, self.lang) if entry.quarter else "",
            "change": f"{previous} → {value}" if previous is not None else value,
            "commit": entry.commit[:10],
        }


_LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


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

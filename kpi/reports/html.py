"""The appendix as one self-contained web page: the document header, a summary chart, the
overdue list and the table, with no scripts and nothing fetched from anywhere.

This module prepares what the page shows (every figure through `cells`, so the page says what
md and csv say; bar geometry from the exact Decimals); `templates/report.html.j2` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from kpi.model.quarters import quarter_words
from kpi.model.vocabulary import Status
from kpi.model.words import date_words, status_word
from kpi.reports.cells import (
    INDENT,
    as_of_line,
    headings,
    lateness_note,
    line_cells,
    number,
    overdue_what,
    percent,
    unit_names,
    unreported_note,
)
from kpi.reports.columns import NUMERIC_ROLES, appendix_columns, column_role
from kpi.reports.document import frame
from kpi.reports.layout import AppendixReport, ReportLine, StatusCounts
from kpi.reports.narrative import narrative_blocks, split_first_section
from kpi.reports.progress import Step
from kpi.reports.reporting_grid import grid_headings, grid_rows
from kpi.reports.words import TEXT

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Bar:
    """A progress bar: how much of the track is filled and where elapsed time stands, in %."""

    filled: str
    marker: str | None
    label: str


@dataclass(frozen=True)
class Line:
    kind: str
    indicator: str
    measure: str
    level: int
    cells: dict[str, str]
    wide: bool  # program and section lines: the content spans the figure columns
    status: str | None  # the status's css name, for its glyph
    period_bar: Bar | None
    achieved: str  # `Đạt 3.989 / 10.000 DN` beneath the period bar
    plan_bar: Bar | None


@dataclass(frozen=True)
class Segment:
    status: str
    word: str
    count: str
    x: str
    width: str


@dataclass(frozen=True)
class Tally:
    code: str
    name: str
    label: str  # what the report prints: a program as the plan numbers it (5, not S5); a unit: nothing
    total: str
    segments: list[Segment]


def to_html(report: AppendixReport, lang: str, step: Step | None = None) -> str:
    words = TEXT[lang]
    header = report.header
    total = len(report.programs) + 1
    programs: list[tuple[str, list[Line]]] = []
    for done, code in enumerate(report.programs):
        if step is not None:
            step(f"html: {words['program']} {code}", done, total)
        programs.append((code, [_line(line, report, lang) for line in report.lines if line.program == code]))
    if step is not None:
        step(f"html: {words['summary']}", total - 1, total)
    as_of = date_words(header.as_of, lang)
    elapsed = percent(report.period_elapsed, lang)
    columns = appendix_columns(header)
    labels = dict(zip(columns, headings(report, lang)))
    numeric = {column for column in columns if column_role(column, header.plan_year)[0] in NUMERIC_ROLES}
    source_lang = "vi" if lang != "vi" else ""
    first, rest = split_first_section(narrative_blocks(report.narrative, lang))
    page = _template().render(
        lang=lang,
        words=words,
        header=header,
        frame=frame(header, lang),
        page_counter=_page_counter(words["page"]),
        as_of=as_of,
        as_of_line=as_of_line(header, lang),
        unreported_note=unreported_note(header, lang),
        lateness_note=lateness_note(header, lang),
        elapsed=elapsed,
        source_lang=source_lang,
        src=Markup(' lang="{}"').format(source_lang) if source_lang else "",  # text quoted from the plan
        glyphs=_glyphs(),
        columns=columns,
        plan_progress_column=columns[columns.index("percent_of_period") + 2],  # plan_<year>_progress
        labels=labels,
        cell_open={
            column: {
                blank: _cell_open(column, labels[column], column in numeric, blank, source_lang)
                for blank in (False, True)
            }
            for column in columns[2:]
        },
        programs=programs,
        statuses=[(_css(s), status_word(s, lang)) for s in Status],
        by_program=_tallies(report.by_program, lang),
        by_owner=_tallies(report.by_owner, lang, codes=False),  # a unit by its name, never its code
        units=unit_names(report, lang),
        narrative_first=first,
        narrative_rest=rest,
        overdue=[
            {
                "item": item,
                "reference": report.reference(item.id),
                "due": quarter_words(item.due, lang),
                "days_late": number(Decimal(item.days_late), lang),
                "what": overdue_what(item, lang, header.plan_year),
            }
            for item in report.overdue
        ],
        reporting=_reporting(report, lang),
    )
    if step is not None:
        step("html", total, total)
    return page


def _reporting(report: AppendixReport, lang: str) -> dict[str, object] | None:
    """The year's reporting grid: units down, quarters across (the cells `kpi reporting --year` prints);
    none for a year that expects nothing of the units (before the first plan's)."""
    if report.reporting is None:
        return None
    grid = report.reporting
    rows = grid_rows(grid, report.header.as_of, lang)
    if not rows:
        return None
    return {"year": grid.year, "quarters": grid_headings(grid, lang), "rows": rows}


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("kpi.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template() -> Template:
    return environment().get_template("report.html.j2")


@cache
def _glyphs() -> dict[str, Markup]:
    """Each status's glyph, drawn once: a page shows one on nearly every line."""
    draw = environment().get_template("glyphs.html.j2").module.glyph  # type: ignore[attr-defined]
    return {_css(status): Markup(draw(_css(status))) for status in Status}


def _line(line: ReportLine, report: AppendixReport, lang: str) -> Line:
    words = TEXT[lang]
    cells = line_cells(line, lang, report.header)
    cells["content"] = cells["content"].removeprefix(INDENT * line.level)  # the page indents with css
    elapsed = percent(report.period_elapsed, lang)
    period_bar = plan_bar = None
    achieved = ""
    if line.percent_of_period is not None:
        period_bar = Bar(
            _fill(line.percent_of_period),
            _fill(report.period_elapsed),
            words["bar_period"].format(achieved=cells["percent_of_period"], elapsed=elapsed),
        )
        if line.to_date is not None and cells["target"]:
            achieved = words["achieved"].format(to_date=number(line.to_date, lang), target=cells["target"])
    if line.plan_progress is not None:
        year = report.header.plan_year
        plan_bar = Bar(
            _fill(line.plan_progress),
            None,
            words["bar_plan"].format(achieved=cells[f"plan_{year}_progress"], year=year),
        )
    return Line(
        kind=line.kind,
        indicator=line.indicator or "",
        measure=line.measure or "",
        level=line.level,
        cells=cells,
        wide=not any(cells[column] for column in appendix_columns(report.header)[2:]),
        status=_css(line.status) if line.status is not None else None,
        period_bar=period_bar,
        achieved=achieved,
        plan_bar=plan_bar,
    )


def _cell_open(column: str, label: str, numeric: bool, blank: bool, source_lang: str) -> Markup:
    """A figure column's `<td>`, made once per column rather than once per cell of a page that has
    a hundred thousand (the escaping of its attributes took a third of the page's time)."""
    classes = ("num" if numeric else "") + (" blank" if blank else "")
    language = Markup(' lang="{}"').format(source_lang) if column == "notes" and source_lang else Markup("")
    return Markup('<td data-col="{}" data-label="{}" class="{}"{}>').format(column, label, classes, language)


def _page_counter(words: str) -> Markup:
    """`Trang {page}/{pages}` as the CSS content of a page's margin box: `"Trang " counter(page) "/" counter(pages)`
    (each literal a CSS string, with nothing that could end the style element)."""
    pieces = []
    marked = words.replace("{pages}", "\x00pages\x00").replace("{page}", "\x00page\x00")
    for index, part in enumerate(marked.split("\x00")):
        if index % 2:
            pieces.append(f"counter({part})")
        elif part:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
            pieces.append(f'"{escaped}"')
    return Markup(" ".join(pieces))


def _fill(fraction: Decimal) -> str:
    """A fraction as the share of a bar, in %, held to the bar (0 to 100), to two places."""
    held = min(max(fraction, Decimal(0)), Decimal(1))
    return str((held * 100).quantize(_CENT))


def _tallies(tallies: list[StatusCounts], lang: str, codes: bool = True) -> list[Tally]:
    rows = []
    for tally in tallies:
        total = tally.total
        segments, before = [], 0
        for status in Status:
            count = tally.counts.get(status, 0)
            if not count:
                continue
            # Each edge from the exact running count, so the segments meet and end at 100 %.
            start, end = Decimal(before) / total, Decimal(before + count) / total
            segments.append(
                Segment(
                    _css(status),
                    status_word(status, lang),
                    number(Decimal(count), lang),
                    _fill(start),
                    str((end * 100).quantize(_CENT) - (start * 100).quantize(_CENT)),
                )
            )
            before += count
        rows.append(
            Tally(
                code=tally.code if codes else "",
                name=tally.name_en if lang == "en" else tally.name,
                label=(tally.label or tally.code) if codes else "",
                total=number(Decimal(total), lang),
                segments=segments,
            )
        )
    return rows


def _css(status: Status) -> str:
    return status.name.lower().replace("_", "-")

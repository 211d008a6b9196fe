"""A report line as the text a reader sees, in one language: what md, csv and html print.

The spreadsheet stores the numbers themselves instead; both start from the same `ReportLine`.
"""

from __future__ import annotations

from decimal import Decimal

from kpi.compute.asof import source_text
from kpi.compute.overdue import OverdueItem
from kpi.model.numbers import format_number, format_percent
from kpi.model.quarters import quarter_words
from kpi.model.words import date_words, status_word, with_percent_sign
from kpi.reports.columns import PERCENT_ROLES, appendix_columns, column_role, line_value
from kpi.reports.layout import AppendixReport, ReportHeader, ReportLine
from kpi.reports.words import TEXT, heading

INDENT = "\u2003"  # an em space: survives markdown and spreadsheets, unlike leading blanks


def number(value: Decimal | None, lang: str, places: int | None = None) -> str:
    return "" if value is None else format_number(value, lang, places)


def percent(fraction: Decimal | None, lang: str) -> str:
    return "" if fraction is None else format_percent(fraction, lang)


def headings(report: AppendixReport, lang: str, with_source: bool = False) -> list[str]:
    """The column headings; `with_source` names where the reporting date came from, for a file
    (CSV) whose only header is this row."""
    header = report.header
    as_of = date_words(header.as_of, lang)
    if with_source and header.reporting_date is not None:
        as_of = f"{as_of}; {source_text(header.reporting_date)}"
    return [heading(column, lang, header, as_of) for column in appendix_columns(header)]


def as_of_line(header: ReportHeader, lang: str) -> str:
    """`Số liệu tính đến ngày 31/03/2018`: the date alone. Where kpi took it from (the latest recorded
    quarter, the plan's last year) is the tool's concern, not the document's: a report the office signs
    carries no tool words (issue 30); the CSV heading and the terminal still say it."""
    return TEXT[lang]["as_of"].format(as_of=date_words(header.as_of, lang))


def unreported_note(header: ReportHeader, lang: str) -> str | None:
    """The warning a report gives when no figure at all is recorded for a quarter it covers."""
    if not header.unreported:
        return None
    quarters = ", ".join(quarter_words(quarter, lang) for quarter in header.unreported)
    return TEXT[lang]["unreported"].format(quarters=quarters)


def lateness_note(header: ReportHeader, lang: str) -> str | None:
    """A report dated after its figures' date: the day its lateness is judged at, and how."""
    if header.lateness_day is None:
        return None
    return TEXT[lang]["lateness"].format(day=date_words(header.lateness_day, lang), end=date_words(header.as_of, lang))


def line_cells(line: ReportLine, lang: str, header: ReportHeader) -> dict[str, str]:
    """Every column of one line as display text, by column name; empty where the line has nothing to say."""
    columns = appendix_columns(header)
    cells = dict.fromkeys(columns, "")
    cells["tt"] = line.tt
    cells["content"] = INDENT * line.level + content_text(line, lang)
    if line.has_figures:
        if line.target is not None:
            shown = number(line.target, lang)
            if line.target_is_factor:
                cells["target"] = f"×{shown}"  # a growth factor, not a count of the measure's unit
            else:
                cells["target"] = with_percent_sign(shown, lang) if line.target_is_percent else f"{shown} {line.unit}"
        for column in columns:
            role, _year = column_role(column, header.plan_year)
            if role in ("actual", "plan_actual", "plan"):
                value = line_value(line, column, header.plan_year)
                shown = number(value, lang)
                cells[column] = (
                    with_percent_sign(shown, lang) if line.values_are_percent and value is not None else shown
                )
                if role == "plan_actual":
                    cells[column] = plan_actual_text(line, header, cells[column], lang)
                elif role == "actual" and value is not None and _year in line.provisional_years:
                    cells[column] = f"{cells[column]} {TEXT[lang]['provisional']}"  # the year is not closed
            elif role in PERCENT_ROLES:
                cells[column] = percent(line_value(line, column, header.plan_year), lang)
    cells["deadline"] = quarter_words(line.deadline, lang)
    cells["status"] = status_text(line, lang)
    cells["notes"] = line.notes or ""
    return cells


def status_text(line: ReportLine, lang: str) -> str:
    """The status word, with the days late when overdue (`quá hạn (trễ 91 ngày)`), and the day and
    evidence of a milestone done (`hoàn thành ngày 20/03/2018: QĐ 123/QĐ-UBND`)."""
    if line.status is None:
        return ""
    word = status_word(line.status, lang)
    if line.overdue and line.days_late:
        return f"{word} ({TEXT[lang]['days_late_short'].format(days=line.days_late)})"
    if line.done is not None:
        words = TEXT[lang]
        day = date_words(line.done, lang)
        if line.evidence:
            return words["done_with_evidence"].format(status=word, day=day, evidence=line.evidence)
        return words["done_on"].format(status=word, day=day)
    return word


def content_text(line: ReportLine, lang: str) -> str:
    """The content cell: the title (a program's in English when asked), and on a heading line the
    units leading what is under it, each by its name, as a document names a unit (the catalogue's
    codes are kpi's, issue 30): `chủ trì: Văn phòng Sở`; the same on an indicator line under a
    heading that names several."""
    content = line.content_en if lang == "en" and line.content_en else line.content
    if line.leads:
        units = "; ".join(u.name_en if lang == "en" else u.name for u in line.leads)
        return f"{content} ({TEXT[lang]['led_by'].format(units=units)})"
    return content


def plan_actual_text(line: ReportLine, header: ReportHeader, shown: str, lang: str) -> str:
    """The plan year's figure to date as the reader needs it: marked provisional while a quarter in
    it is not approved, and `chưa báo cáo` (never blank, never 0) when a figure is due and none came."""
    words = TEXT[lang]
    if shown:
        return f"{shown} {words['provisional']}" if line.provisional else shown
    if line.expects_figure and header.as_of.year >= header.plan_year:
        return words["not_reported"]
    return shown


def overdue_what(item: OverdueItem, lang: str, plan_year: int) -> str:
    """What is late, in words: `chưa đạt kế hoạch 2018: 0/3.000 (DN)`."""
    words = TEXT[lang]
    if not item.unmet:
        return words["not_done"]
    from kpi.i18n import _

    parts = [
        f"{number(s.actual, lang) if s.actual is not None else _('not reported')}/{number(s.plan, lang)} ({s.label})"
        for s in item.unmet
    ]
    return f"{words['plan_unmet'].format(year=plan_year)}: " + "; ".join(parts)


def unit_names(report: AppendixReport, lang: str) -> dict[str, str]:
    """Each unit's name by its code, as the documents name units."""
    return {o.code: (o.name_en if lang == "en" else o.name) or o.code for o in report.by_owner}

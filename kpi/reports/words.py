"""The report's words (column headings, the header, the summary) in the language asked for, from
the message catalogue; the vocabulary's own words (kinds, statuses, quarters, dates) are
`kpi.model.words`."""

from __future__ import annotations

from kpi.i18n import _
from kpi.model.words import InLanguage
from kpi.reports.columns import column_role
from kpi.reports.layout import ReportHeader


def _headings() -> dict[str, str]:
    return {
        "tt": _("No."),
        "content": _("Content"),
        "target": _("Target to {end}"),
        "actual": _("Actual {year}"),
        "plan_actual": _("Actual {year} (to {as_of})"),
        "percent_of_period": _("Share of period target"),
        "plan": _("Plan {year}"),
        "plan_progress": _("Share of {year} plan"),
        "deadline": _("Deadline"),
        "status": _("Status"),
        "notes": _("Notes"),
    }


def _text() -> dict[str, str]:
    return {
        "nation": _("SOCIALIST REPUBLIC OF VIETNAM"),
        "motto": _("Independence – Freedom – Happiness"),
        "as_of": _("Figures as of {as_of}"),
        "elapsed": _("Share of the {start}–{end} period elapsed: {elapsed}"),
        "appendix": _("Appendix I: progress of the indicators"),
        "summary": _("Summary"),
        "by_program": _("Indicators by status and programme"),
        "by_owner": _("Indicators by status and lead unit"),
        "counts_in_appendix": _(
            "The number of indicators by status, by programme and by lead unit is tabled at the head of Appendix I."
        ),
        "program": _("Programme"),
        "owner": _("Unit"),
        "total": _("Total"),
        "overdue": _("Overdue"),
        "no_overdue": _("Nothing is overdue."),
        "lateness": _(
            "Lateness is judged at the report's date, {day}: a deadline that fell by {end} and was not recorded "
            "met by then is late, its days counted to {day}."
        ),
        "unreported": _(
            'Warning: no figure is recorded for {quarters}; where a figure is due, the report reads "not reported".'
        ),
        "reporting": _("Reporting by the units in {year}: figures recorded of those expected"),
        "reporting_note": _(
            "Each quarter expects a figure for every measure counted each quarter and the milestones due in it."
        ),
        "id": _("ID"),
        "due": _("Due"),
        "days_late": _("Days late"),
        "what": _("What is late"),
        "days_late_short": _("{days} days late"),
        "not_done": _("not recorded done"),
        "plan_unmet": _("{year} plan unmet"),
        "chart": _("Status by programme"),
        "generated": _("Made with kpi {version} from the data as of {as_of}"),
        "page": _("Page {page}/{pages}"),
        "done_on": _("{status} on {day}"),
        "done_with_evidence": _("{status} on {day}: {evidence}"),
        "led_by": _("led by {units}"),
        "provisional": _("(provisional)"),
        "not_reported": _("not reported"),
        "blank": _("to be filled in when the report is signed"),
        "item": _("Item"),
        "legend": _("Legend"),
        "bar_legend": _(
            "Progress bars: the filled part is the share of the period target achieved; "
            "the vertical line is the share of the period elapsed ({elapsed})."
        ),
        "bar_period": _("{achieved} of the period target achieved; {elapsed} of the period elapsed"),
        "bar_plan": _("{achieved} of the {year} plan achieved"),
        "achieved": _("{to_date} of {target}"),
    }


HEADINGS = InLanguage(_headings)
TEXT = InLanguage(_text)


def heading(column: str, lang: str, header: ReportHeader, as_of: str) -> str:
    """A column's heading: `Thực hiện 2016`, `Kế hoạch 2018`, with the years of the plan in force."""
    role, year = column_role(column, header.plan_year)
    return HEADINGS[lang][role].format(end=header.period_end, year=year, as_of=as_of)

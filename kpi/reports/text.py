"""The appendix as markdown (to paste into a document) and CSV (to paste into mail or a sheet)."""

from __future__ import annotations

from decimal import Decimal

from kpi.files.escaping import csv_text, markdown_cell
from kpi.model.quarters import quarter_words
from kpi.reports.cells import (
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
from kpi.reports.columns import appendix_columns
from kpi.reports.document import Frame, Text, frame
from kpi.reports.layout import AppendixReport
from kpi.reports.narrative import markdown as narrative_markdown
from kpi.reports.narrative import narrative_blocks, split_first_section
from kpi.reports.reporting_grid import grid_headings, grid_rows
from kpi.reports.words import TEXT


def to_csv(report: AppendixReport, lang: str) -> str:
    """One header row, then one row per line; numbers as the language writes them."""
    columns = appendix_columns(report.header)
    rows = (
        [cells[column] for column in columns]
        for cells in (line_cells(line, lang, report.header) for line in report.lines)
    )
    return csv_text(headings(report, lang, with_source=True), rows, line_end="\r\n")  # RFC 4180, as spreadsheets expect


def to_markdown(report: AppendixReport, lang: str) -> str:
    from tabulate import tabulate

    words = TEXT[lang]
    header = report.header
    rows = []
    columns = appendix_columns(header)
    for line in report.lines:
        cells = line_cells(line, lang, header)
        if line.kind in ("program", "section"):
            cells["tt"], cells["content"] = f"**{cells['tt']}**", f"**{cells['content']}**"
        rows.append([markdown_cell(cells[column]) for column in columns])
    document = frame(header, lang)
    parts = [
        *_letterhead(document),
        "",
        f"# {document.kind}",
        "",
        f"**{markdown_cell(document.title)}**",
        "",
        f"_{markdown_cell(document.plan_title)}_",
        "",
        f"{as_of_line(header, lang)}. "
        + words["elapsed"].format(
            start=header.period_start, end=header.period_end, elapsed=percent(report.period_elapsed, lang)
        )
        + ".",
        "",
    ]
    if (warning := unreported_note(header, lang)) is not None:
        parts += [f"**{markdown_cell(warning)}**", ""]
    first, rest = split_first_section(narrative_blocks(report.narrative, lang))
    parts += narrative_markdown(first)
    parts += [f"## {words['overdue']}", ""]
    if (lateness := lateness_note(header, lang)) is not None:
        parts += [f"_{markdown_cell(lateness)}_", ""]
    if report.overdue:
        parts.append(
            tabulate(
                [
                    [
                        markdown_cell(unit_names(report, lang).get(item.owner, item.owner)),
                        report.reference(item.id),
                        markdown_cell(item.title),
                        quarter_words(item.due, lang),
                        number(Decimal(item.days_late), lang),
                        markdown_cell(overdue_what(item, lang, header.plan_year)),
                    ]
                    for item in report.overdue
                ],
                headers=[words["owner"], words["id"], words["item"], words["due"], words["days_late"], words["what"]],
                tablefmt="github",
                disable_numparse=True,
            )
        )
    else:
        parts.append(words["no_overdue"])
    parts += ["", *_reporting(report, lang), *narrative_markdown(rest)]
    parts += [
        *_closing(document),
        "",
        f"## {words['appendix']}",
        "",
        f"_{_md(document.attached)}_",
        "",
        tabulate(
            rows, headers=[markdown_cell(h) for h in headings(report, lang)], tablefmt="github", disable_numparse=True
        ),
        "",
    ]
    return "\n".join(parts)


def _reporting(report: AppendixReport, lang: str) -> list[str]:
    """Who has reported in the year, quarter by quarter (the table the html page and Word report have)."""
    from tabulate import tabulate

    if report.reporting is None:
        return []
    rows = grid_rows(report.reporting, report.header.as_of, lang)
    if not rows:
        return []
    words = TEXT[lang]
    table = tabulate(
        [[markdown_cell(row.name), *(cell.text for cell in row.cells)] for row in rows],
        headers=[words["owner"], *grid_headings(report.reporting, lang)],
        tablefmt="github",
        disable_numparse=True,
    )
    return [
        f"## {words['reporting'].format(year=report.reporting.year)}",
        "",
        f"_{words['reporting_note']}_",
        "",
        table,
        "",
    ]


def _md(text: Text) -> str:
    """A line of the frame, its blanks marked (highlighted where markdown shows HTML)."""
    return "".join(f"<mark>{markdown_cell(p.text)}</mark>" if p.missing else markdown_cell(p.text) for p in text)


def _letterhead(document: Frame) -> list[str]:
    """Issuing body and number left, national name, motto and date right: a two-column table."""
    left = "<br>".join(
        [
            *(markdown_cell(line) for line in document.governing_lines),
            f"**{markdown_cell(document.issuer)}**",
        ]
    )
    right = f"**{markdown_cell(document.nation)}**<br>**{markdown_cell(document.motto)}**"
    return [f"| {left} | {right} |", "|:---:|:---:|", f"| {_md(document.number)} | _{_md(document.place_date)}_ |"]


def _closing(document: Frame) -> list[str]:
    """Recipients left, the signature block right (a space to sign between position and name)."""
    recipients = "<br>".join(f"- {_md(line)}" for line in document.recipients)
    signer = "<br>".join(
        [
            *([f"**{markdown_cell(document.authority)}**"] if document.authority else []),
            f"**{_md(document.position)}**",
            "<br><br><br>",
            f"**{_md(document.name)}**",
        ]
    )
    return [f"| **_{markdown_cell(document.recipients_label)}_** | |", "|:---|:---:|", f"| {recipients} | {signer} |"]

"""`kpi show ID` and `kpi find TEXT`: one indicator or task in full, and a search over both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kpi.cli import app
from kpi.cli.options import AsOf, Format, Lang, LangOption, OutputFormat, YearOption, complete_id
from kpi.cli.shared import heading, load
from kpi.i18n import _

if TYPE_CHECKING:
    from kpi.compute.detail import Detail, TaskDetail
    from kpi.ledger.load import Ledger


@app.command(
    help=_(
        "Everything about one indicator (source text, measures, actuals, the arithmetic spelled out), "
        "or one task of the plan's main text with the indicators that measure it."
    )
)
def show(
    ctx: typer.Context,
    indicator_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            autocompletion=complete_id,
            help=_("Indicator or task ID, any case (b.1 finds B.1, t2.8 finds T2.8)."),
        ),
    ],
    as_of: AsOf = None,
    year: YearOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help=_("table (text), json, or markdown, csv, tsv, plain (one field a row).")),
    ] = OutputFormat.table,
    lang: LangOption = Lang.vi,
) -> None:
    from kpi.cli.render import dump_json, emit
    from kpi.compute.detail import lookup

    ledger, when = load(ctx, as_of, year)
    detail = lookup(ledger, indicator_id, when.day).model_copy(update={"reporting_date": when})
    if output_format is OutputFormat.json:
        typer.echo(dump_json(detail))
        return
    if output_format is OutputFormat.table:
        typer.echo("\n".join([heading(_("As of {day}"), when), *detail.lines(), *_over_time(ledger, detail)]))
        return
    machine = output_format in (OutputFormat.csv, OutputFormat.tsv)
    headers = ["field", "value"] if machine else [_("Field"), _("Value")]
    typer.echo(emit(headers, [list(row) for row in detail.fields()], output_format.value))


@app.command(
    help=_(
        "Find indicators whose ID or title, and tasks whose ID or text, holds every word, ignoring "
        "Vietnamese diacritics. The Kind column says which rows are tasks. Exit 1 when nothing matches."
    )
)
def find(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(metavar="WORDS", help=_("Words to look for; diacritics optional ('dao tao' finds 'đào tạo').")),
    ],
    output_format: Format = OutputFormat.table,
    lang: LangOption = Lang.vi,
) -> None:
    from kpi.cli.render import emit
    from kpi.cli.shared import settled_data_dir
    from kpi.compute.search import find as search
    from kpi.ledger.load import load_ledger

    found = search(load_ledger(settled_data_dir(ctx)), text)
    if not found:
        typer.echo("kpi: " + _("nothing matches '{words}'").format(words=text), err=True)
    if output_format is OutputFormat.json:
        import json

        typer.echo(json.dumps([hit.model_dump() for hit in found], ensure_ascii=False, indent=2))
    elif found:
        machine = output_format in (OutputFormat.csv, OutputFormat.tsv)
        headers = ["ID", "Title", "Owner", "Kind"] if machine else [_("ID"), _("Title"), _("Owner"), _("Kind")]
        kinds = (
            {"indicator": "indicator", "task": "task"} if machine else {"indicator": _("indicator"), "task": _("task")}
        )
        output = emit(headers, [[h.id, h.title, h.owner, kinds[h.kind]] for h in found], output_format.value)
        if output is not None:
            typer.echo(output)
    raise typer.Exit(0 if found else 1)


def _over_time(ledger: Ledger, detail: Detail | TaskDetail) -> list[str]:
    """Each measure's figures over time as a sparkline beside the numbers (the points the site's chart
    draws): `firms: ▁▆▆█  2016 1.069 · 2017 3.989 · Quý I/2018 3.989 · Quý II/2018 5.489`."""
    from kpi.compute.detail import Detail
    from kpi.compute.series import series, sparkline
    from kpi.i18n import language
    from kpi.reports.cells import number
    from kpi.reports.chart import when_words

    if not isinstance(detail, Detail):
        return []
    plan = ledger.catalogue.plan
    measures = {m.key: m for m in detail.indicator.measures}
    lines = []
    for status in detail.status.measures:
        if status.key not in measures:
            continue
        drawn = series(status, measures[status.key], plan.period_start, plan.period_end)
        if len(drawn.actual) < 2:
            continue
        lang = language()
        numbers = " · ".join(f"{when_words(p, lang)} {number(p.value, lang)}" for p in drawn.actual)
        what = _("{measure} over time (total so far)") if drawn.running else _("{measure} over time")
        lines.append(
            "  "
            + what.format(measure=status.label)
            + f": {sparkline([p.value for p in drawn.actual], drawn.running)}  {numbers}"
        )
    return lines

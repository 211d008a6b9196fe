"""The source's own inconsistencies within an appendix row (each a warning: the catalogue keeps what the
source says, and check says where it disagrees with itself), and row numbers printed twice."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from kpi.compute.checks.run import CheckRun
from kpi.errors import Finding
from kpi.files.yamlsource import YamlDocument
from kpi.i18n import _
from kpi.ledger import arithmetic
from kpi.ledger.cells import (
    actual_columns,
    actual_figures,
    all_columns,
    at_cell,
    cell_path,
    cell_text,
    column_of,
    column_word,
    has_plan,
    plan_columns,
    with_quote,
)
from kpi.ledger.findings import (
    WARNING,
    figure_text,
    indicator_path,
    measure_words,
    stated_figures,
)
from kpi.model.models import Catalogue, Indicator, Measure
from kpi.model.numbers import counted_numbers, counts_run_together
from kpi.model.vocabulary import Kind


def source_inconsistencies(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """Where one appendix row disagrees with itself: a rate no figure of the row gives, a count
    that its own list does not add up to, words where a figure belongs, columns that count
    different things."""
    if indicator.source.cells is None:
        return []
    findings = _rate_without_figures(document, path, indicator)
    findings += _counts_against_lists(document, path, indicator)
    findings += _unnumbered_row(document, path, indicator)
    findings += _figures_run_together(document, path, indicator)
    findings += _unclosed_marks(document, path, indicator)
    if indicator.measures:  # rows with nothing to count (milestones, activities) are words by nature
        findings += _text_in_figure_columns(document, path, indicator)
        findings += _columns_counting_different_things(document, path, indicator)
    return findings


def _rate_without_figures(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A stated percentage on a measure with no actual figures: computed from the row's other figures."""
    findings = []
    for index, measure in enumerate(indicator.measures):
        if measure.stated_percent is None or not measure.target:
            continue
        if measure.actuals:
            continue  # stated_versus_computed judges it
        others = [(other, actual_figures(other)) for other in indicator.measures if other is not measure]
        others = [(other, actuals) for other, actuals in others if actuals]
        if not others:
            message = _("the source states {stated} of {target} but the row gives no actual figure to reach it").format(
                stated=arithmetic.as_percent(measure.stated_percent), target=figure_text(measure.target)
            )
        else:
            computed = [
                (other, actuals, sum(actuals, Decimal(0)) / measure.target * arithmetic.HUNDRED)
                for other, actuals in others
            ]
            places = arithmetic.places(measure.stated_percent)
            if any(arithmetic.rounded(value, places) == measure.stated_percent for _o, _a, value in computed):
                continue
            other, actuals, value = computed[0]
            spelled = arithmetic.spelled_sum(actuals)
            message = _(
                "the source states {stated} of {target} {unit}, but the row's actual figures count {other}: "
                "{numerator} / {target} = {computed}"
            ).format(
                stated=arithmetic.as_percent(measure.stated_percent),
                target=figure_text(measure.target),
                unit=measure_words(measure),
                other=measure_words(other),
                numerator=f"({spelled})" if len(actuals) > 1 else spelled,
                computed=arithmetic.as_percent(value),
            )
        findings.append(
            document.finding(
                (*path, "measures", index, "stated_percent"), with_quote(message, indicator, "rate"), severity=WARNING
            )
        )
    return findings


def _counts_against_lists(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """`21 tổ chức (14 tổ chức … và 13 tổ chức …)`: a count followed by its parts in the same unit
    that add up to something else."""
    findings = []
    cells = indicator.source.cells
    assert cells is not None
    columns = ["content", "target", *actual_columns(indicator), "rate", *plan_columns(indicator), "deadline", "notes"]
    for column in columns:
        text = cell_text(indicator, column)
        if not text:
            continue
        for opening in (i for i, char in enumerate(text) if char == "("):
            before = [n for n in counted_numbers(text[:opening]) if n[1] is not None]
            if not before or any(char.isdigit() for char in text[before[-1][3] : opening]):
                continue
            total, unit = before[-1][0], before[-1][1]
            closing = text.find(")", opening)
            inside = text[opening + 1 : closing if closing != -1 else len(text)]
            parts = [value for value, part_unit, _s, _e in counted_numbers(inside) if part_unit == unit]
            if len(parts) < 2 or sum(parts, Decimal(0)) == total:
                continue
            message = _("the source counts {total} but lists {sum} = {computed}").format(
                total=figure_text(total),
                sum=arithmetic.spelled_sum(parts),
                computed=figure_text(sum(parts, Decimal(0))),
            )
            findings.append(
                document.finding(
                    (*path, "source", "cells", *cell_path(column)),
                    with_quote(message, indicator, column),
                    severity=WARNING,
                )
            )
    return findings


def _read_from(indicator: Indicator, column: str) -> bool:
    """Whether any measure takes a figure from this appendix column."""
    return any(
        value is not None and column_of(figure) == column
        for measure in indicator.measures
        for figure, value in stated_figures(measure, traced=True)
    )


def _text_in_figure_columns(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A figure column (actuals, rate, plan) of a counted row whose cell gives none of the row's figures."""
    findings = []
    for column in (*actual_columns(indicator), "rate", *plan_columns(indicator)):
        if cell_text(indicator, column) is None or _read_from(indicator, column):
            continue
        message = _("the {column} column holds words, not a figure of this row").format(column=column_word(column))
        findings.append(
            document.finding(
                (*path, "source", "cells", *cell_path(column)), with_quote(message, indicator, column), severity=WARNING
            )
        )
    return findings


def _columns_counting_different_things(
    document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator
) -> list[Finding]:
    """A row whose year columns, or whose plan, count something other than its target or plan."""
    findings = []
    measures = indicator.measures

    def anchored(measure: Measure) -> bool:
        return measure.target is not None or has_plan(measure)

    anchors = [m for m in measures if anchored(m)]
    year_columns = actual_columns(indicator)
    for column in year_columns:
        year = int(column.partition("_")[2])
        counted = [m for m in measures if year in m.actuals]
        if not counted or cell_text(indicator, column) is None:
            continue
        if anchors and not any(anchored(m) for m in counted):
            message = _("the {column} figure counts {what}, but the row's target and plan count {anchors}").format(
                column=column_word(column),
                what=", ".join(measure_words(m) for m in counted),
                anchors=", ".join(measure_words(m) for m in anchors),
            )
        elif column != year_columns[0] and not anchors:
            first_year = int(year_columns[0].partition("_")[2])
            earlier = [m for m in measures if first_year in m.actuals]
            if not earlier or any(m in earlier for m in counted):
                continue
            message = _("the {column} figure counts {what}, but the {other_column} figure counts {earlier}").format(
                column=column_word(column),
                other_column=column_word(year_columns[0]),
                what=", ".join(measure_words(m) for m in counted),
                earlier=", ".join(measure_words(m) for m in earlier),
            )
        else:
            continue
        findings.append(
            document.finding(
                (*path, "source", "cells", *cell_path(column)), with_quote(message, indicator, column), severity=WARNING
            )
        )
    planned = [m for m in measures if has_plan(m)]
    targeted = [m for m in measures if m.target is not None and not has_plan(m) and not _is_share(indicator, m)]
    for column in plan_columns(indicator):
        if not (
            planned and targeted and not any(m.target is not None for m in planned) and cell_text(indicator, column)
        ):
            continue
        message = _("the {column} counts {what}, but the period target counts {targets}").format(
            column=column_word(column),
            what=", ".join(measure_words(m) for m in planned),
            targets=", ".join(measure_words(m) for m in targeted),
        )
        findings.append(
            document.finding(
                (*path, "source", "cells", *cell_path(column)), with_quote(message, indicator, column), severity=WARNING
            )
        )
    return findings


def _is_share(indicator: Indicator, measure: Measure) -> bool:
    """A percentage of something (a share or a rate): it has no count to plan."""
    return measure.unit.lstrip().startswith("%") or (measure.kind or indicator.kind) in (Kind.SHARE, Kind.THRESHOLD)


def _repeated_numbering(
    document: YamlDocument, catalogue: Catalogue, at: Callable[..., tuple[str | int, ...]]
) -> list[Finding]:
    """A row number (TT) printed twice in one program: the source restarts or slips its numbering."""
    findings = []
    first: dict[tuple[str, str], Indicator] = {}
    for indicator in catalogue.indicators:
        if indicator.tt is None:
            continue
        earlier = first.setdefault((indicator.program, indicator.tt), indicator)
        if earlier is indicator:
            continue
        message = _("TT {tt} is printed again in program {program} (first for {first}, source line {line})").format(
            tt=indicator.tt, program=indicator.program, first=earlier.id, line=earlier.source.line
        )
        findings.append(document.finding(at(indicator, "tt"), with_quote(message, indicator, "tt"), severity=WARNING))
    return findings


def _unnumbered_row(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A row of the appendix printed without its number (TT): a bullet under a numbered row."""
    cells = indicator.source.cells
    if cells is None or cells.tt is not None or indicator.tt is not None:
        return []
    if indicator.parent is not None:
        message = _("the source prints this row without a number (TT); it is read as a part of {parent}").format(
            parent=indicator.parent
        )
    else:
        message = _("the source prints this row without a number (TT)")
    column = "content" if cells.content else "tt"
    where = at_cell(path, column) if cells.content else (*path, "source", "cells")
    return [document.finding(where, with_quote(message, indicator, column), severity=WARNING)]


def _figures_run_together(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """`14.811 đơn 247 đơn sáng chế`: two counts in one cell with nothing between them, as a scan
    runs two lines of a cell into one."""
    findings = []
    for column in all_columns(indicator):
        text = cell_text(indicator, column)
        together = counts_run_together(text) if text else []
        if not together:
            continue
        first, second = together[0]
        message = _("the {column} cell runs two figures together with nothing between them: “{first}” and “{second}”")
        findings.append(
            document.finding(
                at_cell(path, column),
                with_quote(message.format(column=column_word(column), first=first, second=second), indicator, column),
                severity=WARNING,
            )
        )
    return findings


def _unclosed_marks(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A cell that opens a bracket or a quotation it never closes: the scan lost the end of it."""
    findings = []
    for column in all_columns(indicator):
        text = cell_text(indicator, column)
        if not text:
            continue
        brackets = text.count("(") > text.count(")")
        quotes = text.count("“") > text.count("”") or text.count('"') % 2 == 1
        for unclosed, message in (
            (brackets, _("the {column} cell opens a bracket it never closes")),
            (quotes, _("the {column} cell opens a quotation mark it never closes")),
        ):
            if not unclosed:
                continue
            message = message.format(column=column_word(column))
            findings.append(
                document.finding(at_cell(path, column), with_quote(message, indicator, column), severity=WARNING)
            )
    return findings


_KEPT = "duy trì"
"""The source's word for a level kept each quarter ("Duy trì giới thiệu 200 CN&TB"): a stock, not a flow."""


def _kept_levels(document: YamlDocument, path: tuple[str | int, ...], indicator: Indicator) -> list[Finding]:
    """A row whose words say a level is kept, with no measure read as a stock: its quarters would be summed."""
    if not indicator.measures or any(m.quantity == "stock" for m in indicator.measures):
        return []
    cells = indicator.source.cells
    texts = [indicator.source.text or ""]
    if cells is not None:
        texts += [value for value in cells.model_dump().values() if isinstance(value, str)]
        texts += [*cells.actuals.values(), *cells.plans.values()]
    for text in texts:
        if _KEPT in unicodedata.normalize("NFC", text).casefold():
            return [
                document.finding(
                    path,
                    _(
                        "the source says a level is kept (“{word}”), but no measure is a stock (quantity: stock): "
                        "its quarters would be summed; source line {line}: “{text}”"
                    ).format(word=_KEPT, line=indicator.source.line, text=text),
                    severity=WARNING,
                )
            ]
    return []


def source_rows(run: CheckRun) -> list[Finding]:
    """Each plan's appendix rows that disagree with themselves, row numbers printed twice, levels kept."""
    findings: list[Finding] = []
    for read in run.plans:
        catalogue, document = read.catalogue, read.document
        assert catalogue is not None
        at = functools.partial(indicator_path, read)
        for indicator in catalogue.indicators:
            findings += source_inconsistencies(document, at(indicator), indicator)
            findings += _kept_levels(document, at(indicator, "measures"), indicator)
        findings += _repeated_numbering(document, catalogue, at)
    return findings

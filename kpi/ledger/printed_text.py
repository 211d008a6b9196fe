"""The plan's text as printed: the appendix's gaps, the headings' task counts, misprints kept verbatim, errata."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

from kpi.errors import Finding, Severity
from kpi.files.catalogue import (
    CatalogueRead,
    task_section,
)
from kpi.files.yamlsource import YamlDocument
from kpi.i18n import _, ngettext
from kpi.ledger.cells import (
    all_columns,
    appendix_rows,
    cell_text,
    column_word,
    printed_by_the_plan,
)
from kpi.ledger.findings import (
    WARNING,
    indicator_path,
    unknown_name,
)
from kpi.model.models import Catalogue, Indicator, in_language
from kpi.model.numbers import announced_tasks


def _gap_findings(
    document: YamlDocument, catalogue: Catalogue, positions: list[int], at: Callable[..., tuple[str | int, ...]]
) -> list[Finding]:
    """Each gap of the appendix (a lost page, a cut-off end) as a warning quoting the lines on
    either side; an error where a gap names what is not there; a warning for a rebuilt row that
    no gap accounts for."""
    indicators = {i.id: i for i in catalogue.indicators}
    programs = {p.code for p in catalogue.programs}
    printed = _printed_lines(catalogue)
    at_line = {row.source.line: row for row in appendix_rows(catalogue)}
    findings = []
    accounted: set[str] = set()
    for index, gap in zip(positions, catalogue.gaps):
        if gap.program not in programs:
            findings.append(
                document.finding(("gaps", index, "program"), unknown_name(_("program"), gap.program, programs))
            )
            continue
        sound = True
        for position, row_id in enumerate(gap.rows):
            row = indicators.get(row_id)
            if row is not None and row.program == gap.program and row.source.recovered is not None:
                accounted.add(row_id)
                continue
            sound = False
            message = (
                unknown_name(_("indicator"), row_id, indicators)
                if row is None
                else _("{id} is not a row of program {program} rebuilt from elsewhere (source.recovered)").format(
                    id=row_id, program=gap.program
                )
            )
            findings.append(document.finding(("gaps", index, "rows", position), message))
        for name, line in (("after_line", gap.after_line), ("before_line", gap.before_line)):
            if line is not None and printed.get(line, ("",))[0] != gap.program:
                sound = False
                message = _("program {program} prints no header or row on source line {line}").format(
                    program=gap.program, line=line
                )
                findings.append(document.finding(("gaps", index, name), message))
        if not sound:
            continue
        rebuilt = [indicators[row_id] for row_id in gap.rows]
        rebuilt_from = ", ".join(str(line) for line in sorted({row.source.line for row in rebuilt}))
        values = {
            "program": gap.program,
            "rows": ", ".join(gap.rows),
            "lines": rebuilt_from,
            "after_line": gap.after_line,
            "before_line": gap.before_line,
        }
        if gap.before_line is None:
            message = ngettext(
                "program {program} is cut off after source line {after_line}: row {rows} is missing from the "
                "appendix; rebuilt from source lines {lines}",
                "program {program} is cut off after source line {after_line}: rows {rows} are missing from the "
                "appendix; rebuilt from source lines {lines}",
                len(gap.rows),
            ).format(**values)
        else:
            message = ngettext(
                "a page of program {program} is lost between source lines {after_line} and {before_line}: row "
                "{rows} is missing from the appendix; rebuilt from source lines {lines}",
                "a page of program {program} is lost between source lines {after_line} and {before_line}: rows "
                "{rows} are missing from the appendix; rebuilt from source lines {lines}",
                len(gap.rows),
            ).format(**values)
        for line in (gap.after_line, gap.before_line):
            if line is not None:
                message += "; " + _("source line {line}: “{text}”").format(line=line, text=printed[line][1])
        findings.append(document.finding(("gaps", index, "rows"), message, severity=WARNING))
        findings += _gap_numbering(
            document, index, [at_line.get(gap.after_line), *rebuilt, at_line.get(gap.before_line or 0)]
        )
    for indicator in catalogue.indicators:
        if (
            indicator.source.recovered is not None
            and indicator.id not in accounted
            and _has_appendix(catalogue, indicator)
        ):
            message = _(
                "{id} is rebuilt from elsewhere in the source, but no entry of gaps says which rows the appendix lost"
            ).format(id=indicator.id)
            findings.append(document.finding(at(indicator, "source", "recovered"), message, severity=WARNING))
    return findings


def _gap_numbering(document: YamlDocument, index: int, rows: list[Indicator | None]) -> list[Finding]:
    """The rows rebuilt for a gap, between the rows printed on either side, must number on from one
    to the next (8.3, then 9, 10, 11, 11.1, then 11.2); rows without a number are passed over."""
    numbered = [(row, number) for row in rows if row is not None and row.tt and (number := _tt_number(row.tt))]
    for (before, earlier), (after, later) in itertools.pairwise(numbered):
        if _follows(earlier, later):
            continue
        message = _(
            "the rows of the gap do not number on from one to the next: TT {later} ({after}) follows TT {earlier} ({before})"
        )
        return [
            document.finding(
                ("gaps", index, "rows"),
                message.format(later=after.tt, after=after.id, earlier=before.tt, before=before.id),
                severity=WARNING,
            )
        ]
    return []


def _tt_number(tt: str) -> tuple[int, ...] | None:
    """`8.3` -> (8, 3); None for a number that is not one (`(1)`, `I`)."""
    parts = tt.split(".")
    return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None


def _follows(previous: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Whether a row number comes right after another: its first child (8 -> 8.1) or the next at
    any level (8.3 -> 8.4, 8.3 -> 9)."""
    if number == (*previous, 1):
        return True
    return any(number == (*previous[:level], previous[level] + 1) for level in range(len(previous)))


def _printed_lines(catalogue: Catalogue) -> dict[int, tuple[str, str]]:
    """Each line of the appendix the catalogue holds: its program and its words as printed (a
    program's or section's header, a row's number and content)."""
    printed: dict[int, tuple[str, str]] = {}
    for program in catalogue.programs:
        if program.line is not None:
            printed[program.line] = (program.code, program.title)
        for section in program.sections:
            if section.line is not None:
                printed[section.line] = (program.code, f"{section.code} {section.title}")
    for row in appendix_rows(catalogue):
        cells = row.source.cells
        assert cells is not None
        printed[row.source.line] = (row.program, " ".join(cell for cell in (cells.tt, cells.content) if cell))
    return printed


def _has_appendix(catalogue: Catalogue, indicator: Indicator) -> bool:
    """Whether the indicator's program has rows in the appendix (main-text sections have none to lose)."""
    return any(row.program == indicator.program for row in appendix_rows(catalogue))


def _heading_findings(document: YamlDocument, catalogue: Catalogue, positions: list[int]) -> list[Finding]:
    """A heading of the main text that announces a number of tasks (`(8 đầu việc)`) and lists
    another: counted from the tasks of its section that stand between it and the next heading."""
    findings = []
    for index, heading in zip(positions, catalogue.headings):
        announced = announced_tasks(heading.text)
        tasks = [task for task in catalogue.tasks if task_section(task) == heading.section]
        if announced is None or not tasks:
            continue  # a section with no task in the catalogue cannot be counted
        if heading.part is not None:
            end = min((other.line for other in catalogue.headings if other.line > heading.line), default=None)
            tasks = [task for task in tasks if heading.line < task.line and (end is None or task.line < end)]
        if len(tasks) == announced:
            continue
        numbers = sorted(int(task.id.split(".", 1)[1]) for task in tasks)
        if numbers and numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            listed = f"({numbers[0]})–({numbers[-1]})"
        else:
            listed = ", ".join(f"({number})" for number in numbers) or "–"
        name = f"{heading.section} {heading.part})" if heading.part else str(heading.section)
        message = _("the heading of section {section} announces {announced} tasks but lists {count}: {tasks}").format(
            section=name, announced=announced, count=len(tasks), tasks=listed
        )
        message += "; " + _("source line {line}: “{text}”").format(line=heading.line, text=heading.text)
        findings.append(document.finding(("headings", index, "text"), message, severity=WARNING))
    return findings


def _words_of(catalogue: Catalogue) -> dict[str, tuple[int | None, list[tuple[str | None, str]]]]:
    """What a slip may sit in, by name: each indicator's cells (by column) or text, each task's
    text, each program's and section's title; with the source line that prints it."""
    words: dict[str, tuple[int | None, list[tuple[str | None, str]]]] = {}
    for program in catalogue.programs:
        words[program.code] = (program.line, [(None, program.title)])
        for section in program.sections:
            words[f"{program.code}.{section.code}"] = (section.line, [(None, section.title)])
    for indicator in catalogue.indicators:
        line = indicator.source.line if printed_by_the_plan(catalogue, indicator) else None
        texts: list[tuple[str | None, str]] = [
            (column, text) for column in all_columns(indicator) if (text := cell_text(indicator, column))
        ]
        if indicator.source.text:
            texts.append((None, indicator.source.text))
        words[indicator.id] = (line, texts)
    for task in catalogue.tasks:
        words[task.id] = (task.line, [(None, task.text)])
    return words


def _slip_findings(document: YamlDocument, catalogue: Catalogue, positions: list[int]) -> list[Finding]:
    """Each misprint the catalogue keeps verbatim and nothing corrects, as a warning quoting the
    words that hold it; an error where a slip names words that are not there."""
    words = _words_of(catalogue)
    findings = []
    for index, slip in zip(positions, catalogue.slips):
        quote = ""
        if slip.of is not None:
            if slip.of not in words:
                message = _("no indicator, task, program or section '{of}' holds a slip").format(of=slip.of)
                findings.append(document.finding(("slips", index, "of"), message))
                continue
            line, texts = words[slip.of]
            holding = next(((column, text) for column, text in texts if slip.verbatim in text), None)
            if holding is None:
                message = _("the words of {of} have no '{verbatim}'").format(of=slip.of, verbatim=slip.verbatim)
                findings.append(document.finding(("slips", index, "verbatim"), message))
                continue
            if line is not None and line != slip.line:
                message = _("{of} is printed on source line {line}, not {given}").format(
                    of=slip.of, line=line, given=slip.line
                )
                findings.append(document.finding(("slips", index, "line"), message))
                continue
            column, text = holding
            if column is None:
                quote = _("{of}: “{text}”").format(of=slip.of, text=text)
            else:
                quote = _("{of}, {column}: “{cell}”").format(of=slip.of, column=column_word(column), cell=text)
        values = {
            "line": slip.line,
            "verbatim": slip.verbatim,
            "reading": slip.reading,
            "reason": in_language(slip.reason),
        }
        if quote:
            message = _("source line {line} prints “{verbatim}” for “{reading}” ({quote}): {reason}").format(
                quote=quote, **values
            )
        else:
            message = _("source line {line} prints “{verbatim}” for “{reading}”: {reason}").format(**values)
        findings.append(document.finding(("slips", index, "verbatim"), message, severity=WARNING))
    return findings


def _errata_findings(document: YamlDocument, catalogue: Catalogue, positions: list[int]) -> list[Finding]:
    """Each corrected reading as a note, for a reviewer to see; an error where it names a title
    that does not exist or words the title does not have."""
    titles = {p.code: p.title for p in catalogue.programs}
    titles |= {f"{p.code}.{s.code}": s.title for p in catalogue.programs for s in p.sections}
    titles |= {i.id: i.title for i in catalogue.indicators}
    misprinted_on = _title_lines(catalogue)
    findings = []
    for index, erratum in zip(positions, catalogue.errata):
        title = titles.get(erratum.of)
        if title is None:
            message = _("no program, section or indicator '{of}' to correct").format(of=erratum.of)
            findings.append(document.finding(("errata", index, "of"), message))
        elif erratum.verbatim not in title:
            message = _("the title of {of} has no '{verbatim}' to correct: “{title}”").format(
                of=erratum.of, verbatim=erratum.verbatim, title=title
            )
            findings.append(document.finding(("errata", index, "verbatim"), message))
        else:
            line = misprinted_on.get(erratum.of)
            lines = ", ".join(str(cited) for cited in erratum.source_lines)
            if line is not None and set(erratum.source_lines) <= {line}:
                message = _(
                    "the erratum of {of} cites only source line {line}, where the misprint stands; cite the lines "
                    "that give the reading “{reading}”"
                ).format(of=erratum.of, line=line, reading=erratum.reading)
                findings.append(document.finding(("errata", index, "source_lines"), message, severity=WARNING))
            if line is None:
                message = _(
                    "{of} reads “{reading}” where the source prints “{verbatim}”: {reason} (source lines {lines})"
                )
            else:
                message = _(
                    "{of} reads “{reading}” where source line {line} prints “{verbatim}”: {reason} "
                    "(the reading from source lines {lines})"
                )
            findings.append(
                document.finding(
                    ("errata", index, "reading"),
                    message.format(
                        of=erratum.of,
                        reading=erratum.reading,
                        verbatim=erratum.verbatim,
                        reason=in_language(erratum.reason),
                        line=line,
                        lines=lines,
                    ),
                    severity=Severity.NOTE,
                )
            )
    return findings


def _title_lines(catalogue: Catalogue) -> dict[str, int]:
    """The source line that prints each title an erratum may correct: a program's (C), a section's
    (C.II), an indicator's (D.I.2)."""
    lines = {p.code: p.line for p in catalogue.programs if p.line is not None}
    lines |= {f"{p.code}.{s.code}": s.line for p in catalogue.programs for s in p.sections if s.line is not None}
    lines |= {i.id: i.source.line for i in catalogue.indicators if printed_by_the_plan(catalogue, i)}
    return lines


def printed_text_findings(read: CatalogueRead) -> list[Finding]:
    """One plan's text as printed: its gaps, headings, slips and errata."""
    catalogue, document, where = read.catalogue, read.document, read.positions
    assert catalogue is not None
    findings = _gap_findings(document, catalogue, where["gaps"], functools.partial(indicator_path, read))
    findings += _heading_findings(document, catalogue, where["headings"])
    findings += _slip_findings(document, catalogue, where["slips"])
    findings += _errata_findings(document, catalogue, where["errata"])
    return findings

"""The office's text as every writer lays it out: headings, paragraphs and list items made of runs
(bold, italic, or a marked blank), parsed from the Markdown with markdown-it-py, each named figure
written in the report's language.

Without a text the report still has its four sections (Decree 30 leaves a báo cáo's content to the
office; these are the parts a Sở's periodic report has: results, shortcomings and their causes,
tasks for the next period, proposals), each with a marked blank to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kpi.compute.narrative import NAME
from kpi.i18n import _, speaking
from kpi.model.words import status_word, with_percent_sign
from kpi.reports.cells import number, percent
from kpi.reports.document import BLANK
from kpi.reports.layout import Narrative, NarrativeFigure


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    missing: bool = False  # a blank to fill in by hand (no text written, or a figure not in the report)


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "paragraph", "item"]
    runs: tuple[Run, ...]
    level: int = 0  # a heading's level (1 the highest); a list item's depth (0 the outermost)
    marker: str = ""  # a list item's "-" or "1."

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def default_sections() -> list[str]:
    return [
        _("I. RESULTS ACHIEVED"),
        _("II. SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES"),
        _("III. TASKS AND SOLUTIONS FOR THE NEXT PERIOD"),
        _("IV. PROPOSALS AND RECOMMENDATIONS"),
    ]


def narrative_blocks(narrative: Narrative | None, lang: str) -> list[Block]:
    """The text's blocks in order; without a text, the four sections each with a marked blank."""
    with speaking(lang):
        if narrative is None:
            to_write = _("(text of the report, written by the office)")
            blank = Run(f"{BLANK} {to_write} {BLANK}", missing=True)
            blocks = []
            for title in default_sections():
                blocks += [Block("heading", (Run(title, bold=True),), level=2), Block("paragraph", (blank,))]
            return blocks
        return _blocks(MarkdownIt("commonmark").parse(narrative.text), narrative.figures, lang)


def split_first_section(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The first section (results achieved, under which the report's tables stand) and the rest."""
    headings = [b.level for b in blocks if b.kind == "heading"]
    if not headings:
        return blocks, []
    top = min(headings)
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == top]
    if len(starts) < 2:
        return blocks, []
    return blocks[: starts[1]], blocks[starts[1] :]


def _blocks(tokens: list[Token], figures: dict[str, NarrativeFigure], lang: str) -> list[Block]:
    blocks: list[Block] = []
    lists: list[list[int]] = []  # the open lists: [next number] for an ordered list, [] for a bullet list
    in_item = False
    heading = 0
    for token in tokens:
        if token.type == "heading_open":
            heading = int(token.tag[1:])
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "bullet_list_open":
            lists.append([])
        elif token.type == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "inline":
            runs = _runs(token.children or [], figures, lang, bold=bool(heading))
            if heading:
                blocks.append(Block("heading", runs, level=heading))
            elif lists and in_item:
                counter = lists[-1]
                marker = "-"
                if counter:
                    marker = f"{counter[0]}."
                    counter[0] += 1
                blocks.append(Block("item", runs, level=len(lists) - 1, marker=marker))
                in_item = False  # a second paragraph of the item goes on as a paragraph
            else:
                blocks.append(Block("paragraph", runs, level=len(lists)))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("paragraph", (Run(token.content.rstrip("\n")),)))
    return blocks


def _runs(children: list[Token], figures: dict[str, NarrativeFigure], lang: str, bold: bool) -> tuple[Run, ...]:
    runs: list[Run] = []
    strong = emphasis = 0
    for child in children:
        if child.type == "strong_open":
            strong += 1
        elif child.type == "strong_close":
            strong -= 1
        elif child.type == "em_open":
            emphasis += 1
        elif child.type == "em_close":
            emphasis -= 1
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run(" " if child.type == "softbreak" else "\n", bold or strong > 0, emphasis > 0))
        elif child.type in ("text", "code_inline", "html_inline"):
            runs += _filled(child.content, figures, lang, bold or strong > 0, emphasis > 0)
    return tuple(runs)


def _filled(text: str, figures: dict[str, NarrativeFigure], lang: str, bold: bool, italic: bool) -> list[Run]:
    """A text with each `{name}` written as its figure, `{{` `}}` as braces."""
    runs: list[Run] = []
    at = 0
    for match in NAME.finditer(text):
        runs.append(Run(text[at : match.start()], bold, italic))
        at = match.end()
        name = match.group(1)
        if name is None:
            runs.append(Run(match.group(0)[0], bold, italic))
            continue
        figure = figures.get(name.strip())
        shown = figure_text(figure, lang) if figure is not None else ""
        runs.append(Run(shown, bold, italic) if shown else Run(BLANK, bold, italic, missing=True))
    runs.append(Run(text[at:], bold, italic))
    return [run for run in runs if run.text]


def figure_text(figure: NarrativeFigure, lang: str) -> str:
    """`3.989 DN`, `39,89%`, `đạt chỉ tiêu`; empty when the report has no such figure."""
    if figure.field == "status":
        return status_word(figure.status, lang) if figure.status is not None else ""
    if figure.value is None:
        return ""
    if figure.field == "rate":
        return percent(figure.value, lang)
    shown = number(figure.value, lang)
    if figure.unit == "%":
        return with_percent_sign(shown, lang)
    return f"{shown} {figure.unit}".strip()


def markdown(blocks: list[Block]) -> list[str]:
    """The blocks as Markdown again, each figure written in: the md report's lines."""
    lines: list[str] = []
    for block in blocks:
        text = "".join(_md_run(run) for run in block.runs)
        if block.kind == "heading":
            lines += [f"{'#' * max(block.level, 2)} {block.text}", ""]
        elif block.kind == "item":
            lines.append(f"{'  ' * block.level}{block.marker} {text}")
        else:
            if lines and lines[-1] != "":
                lines.append("")
            lines += [text, ""]
    if lines and lines[-1] != "":
        lines.append("")
    return lines


def _md_run(run: Run) -> str:
    from kpi.files.escaping import markdown_cell

    text = markdown_cell(run.text)
    if run.missing:
        return f"<mark>{text}</mark>"
    if run.bold and text.strip():
        text = f"**{text}**"
    if run.italic and text.strip():
        text = f"_{text}_"
    return text

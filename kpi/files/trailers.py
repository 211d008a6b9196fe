"""The commit-trailer format, written and read in one place, from plain values.

kpi's commits carry a subject, sometimes a paragraph, then `Key: value` trailers that `kpi log`
and `kpi undo` read back (`kpi.files.trail` has examples of each kind of commit). The format is a
machine format: in English whatever the run's language, one line per value, and stable, since
the history of every data folder is written in it.

- A recording (`kpi record`, `kpi undo`) repeats a block of FIGURE trailers once per figure;
  an undo puts `Undone: <commit>` above them.
- An approval or a reopening: APPROVAL trailers; a year's closing: CLOSING trailers.
- A figure is written `850`, `39.89` or `done 2018-03-20` (`figure_text`), read back by
  `read_figure`; `none` stands for no figure (the previous value of a new record).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from kpi.files.escaping import commit_line

FIGURE = ("Indicator", "Measure", "Quarter", "Value", "Previous", "Recorded-by")
"""One block per figure, in this order; each `Indicator` starts a new block."""
UNDONE = "Undone"
"""The trailer of an undo (`kpi undo`): the commit whose recording it takes back."""
CLOSING = ("Closed", "Closed-by", "Figures", "Missing")
APPROVAL = ("Approved", "Reopened", "Owner", "Approved-by", "Reopened-by", "Reason", "Missing")
NO_FIGURE = "none"


def one_line(text: str) -> str:
    """A value as a trailer (or a subject) can hold it: one line, whatever the names in it hold."""
    return commit_line(text)


def message(subject: str, trailers: Mapping[str, str | None], body: str = "") -> str:
    """A commit message: the subject, an optional paragraph (`body`, ending in a blank line), then one
    `Key: value` line per trailer that has a value, in the mapping's order."""
    return f"{subject}\n\n{body}" + lines(trailers)


def lines(trailers: Mapping[str, str | None]) -> str:
    """`Key: value` lines, each ending in a newline, leaving out the keys without a value."""
    return "".join(f"{key}: {value}\n" for key, value in trailers.items() if value)


def figure_block(
    indicator: str | None,
    measure: str | None,
    quarter: str | None,
    value: str | None,
    previous: str | None,
    recorded_by: str | None,
) -> dict[str, str | None]:
    """A figure's block of trailers, each value on one line (None: left out)."""
    values = zip(FIGURE, (indicator, measure, quarter, value, previous, recorded_by))
    return {key: one_line(text) if text else None for key, text in values}


def figures_message(subject: str, blocks: list[dict[str, str | None]], undone: str | None = None) -> str:
    """A recording's (or an undo's) message: `Undone:` when it takes one back, then each figure's block."""
    return message(subject, {UNDONE: undone} if undone else {}) + "".join(lines(block) for block in blocks)


def figure_text(value: Decimal | None, done: date | None) -> str:
    """A figure as the trailers write it: `850`, `39.89`, or `done 2018-03-20`."""
    if done is not None:
        return f"done {done.isoformat()}"
    assert value is not None
    return format(value, "f")


def read_figure(text: str) -> Decimal | date | None:
    """A figure the trailers wrote: a number, the day a milestone was done, or None (not a figure: read as written)."""
    if text.startswith("done "):
        try:
            return date.fromisoformat(text.removeprefix("done "))
        except ValueError:
            return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def figure_words(text: str | None, lang: str) -> str:
    """A trailer's figure (`850`, `39.89`, `done 2018-05-02`) in the reader's notation (`lang`, in a
    sentence of the language being spoken); anything else as written."""
    from kpi.i18n import _
    from kpi.model.numbers import format_number
    from kpi.model.words import date_words

    if not text:
        return ""
    figure = read_figure(text)
    if figure is None:
        return text
    if isinstance(figure, date):
        return _("done on {day}").format(day=date_words(figure, lang))
    return format_number(figure, lang)


def read(text: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The trailers named by `keys` in git's `%(trailers:only,unfold)` text (the last of each)."""
    found = {}
    for line in text.splitlines():
        key, separator, value = line.partition(":")
        if separator and key in keys:
            found[key] = value.strip()
    return found


def read_figure_blocks(text: str) -> list[dict[str, str]]:
    """Split the trailer lines into one block per figure: each `Indicator:` starts a new one."""
    blocks: list[dict[str, str]] = []
    for line in text.splitlines():
        key, separator, value = line.partition(":")
        if not separator or key not in FIGURE:
            continue
        if key == "Indicator":
            blocks.append({})
        if blocks:
            blocks[-1][key] = value.strip()
    return blocks


def read_undone(text: str) -> str | None:
    """The commit an undo takes back, or None for any other commit."""
    for line in text.splitlines():
        key, separator, value = line.partition(":")
        if separator and key == UNDONE:
            return value.strip()
    return None


def read_approval(text: str) -> dict[str, str] | None:
    """The trailers of an approval or a reopening, or None for any other commit."""
    found = read(text, APPROVAL)
    return found if ("Approved" in found) != ("Reopened" in found) else None

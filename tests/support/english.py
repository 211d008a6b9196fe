"""Finding English words in what kpi says to a person, for the tests of "one language at a time".

Only kpi's own words count: option names, metavars, code in quotes, paths, snake_case keys,
field paths and the data's own words are stripped first. The word list holds the words an English
sentence or label can hardly do without, and the framework's and kpi's own vocabulary; the tests
that use it also check that it does find English in English output, so it can tell the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ENGLISH = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "is",
        "are",
        "for",
        "with",
        "not",
        "or",
        "this",
        "that",
        "from",
        "by",
        "in",
        "on",
        "at",
        "be",
        "an",
        "as",
        "it",
        "its",
        "no",
        "if",
        "else",
        "when",
        "only",
        "each",
        "every",
        "one",
        "all",
        "none",
        "into",
        "than",
        "then",
        "use",
        "show",
        "shows",
        "exit",
        "usage",
        "options",
        "arguments",
        "commands",
        "default",
        "required",
        "error",
        "missing",
        "indicator",
        "indicators",
        "figure",
        "figures",
        "quarter",
        "recorded",
        "record",
        "done",
        "late",
        "days",
        "target",
        "plan",
        "owner",
        "value",
        "title",
        "pace",
        "behind",
        "risk",
        "track",
        "pending",
        "overdue",
        "data",
        "file",
        "files",
        "folder",
        "reporting",
        "date",
        "program",
        "programme",
        "measure",
        "status",
        "found",
        "did",
        "you",
        "mean",
        "warning",
        "warnings",
        "checked",
        # the words of record's own questions and answers
        "yes",
        "optional",
        "source",
        "note",
        "evidence",
        "was",
        "replaced",
        "unchanged",
        "nothing",
        "written",
        "committed",
        "answer",
        "choose",
        "key",
        "who",
        "change",
        "hand",
    }
)
# Command names and machine values are English by design (`kpi status`, `--format json`).
COMMANDS = (
    "check",
    "schema",
    "status",
    "overdue",
    "show",
    "find",
    "record",
    "log",
    "report",
    "reporting",
    "remind",
    "form",
    "year",
    "approve",
    "reopen",
    "export",
)
ALLOWED = frozenset(
    {
        *COMMANDS,
        "kpi",
        "json",
        "csv",
        "tsv",
        "markdown",
        "plain",
        "table",
        "xlsx",
        "html",
        "md",
        "yaml",
        "git",
        "vi",
        "en",
        "id",
        "commit",
    }
)

OPTION = re.compile(r"(?<![\w])--?[A-Za-z][\w-]*")  # --as-of, -p
CODE = re.compile(r"`[^`]*`|'[^']*'|\[[^\]]*\|[^\]]*\]|<[^>]*>")  # `kpi schema`, 'B.1', [a|b|c], <x>
METAVAR = re.compile(r"\b[A-Z][A-Z0-9_.]+\b")  # FILE, DATE, QLCN, B.1
# Paths and file names (`/tmp/x/data/plan2018.yaml:283:25`, `settings.yaml`), snake_case keys of the
# data files (`reporting_date`) and the field paths `kpi check` names (`indicators[A.6].measures[firms]`)
# are names, not words.
PATH = re.compile(r"\S*/\S*|[\w.-]+\.(?:yaml|yml|csv|tsv|xlsx|html|md|txt|json|po|mo)\b")
KEY = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b\w+\[[^\]]*\](?:\.\w+(?:\[[^\]]*\])?)*")
HASH = re.compile(r"\b(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b")  # a commit's hash: `69753be310` holds no word "be"
WORD = re.compile(r"[^\W\d_]+")
QUOTED_LINE = re.compile(r"^\s+\d+ \| ")  # `  413 |         target: 100 chuyên gia`, as kpi check quotes a file


def english_words(text: str, data_words: Iterable[str] = ()) -> list[str]:
    """The English words a person would read in `text`, each with its line, outside options,
    code, names and the data's own words."""
    data = {word.casefold() for word in data_words}
    found = []
    for line in text.splitlines():
        if QUOTED_LINE.match(line):
            continue  # a line of a data file, quoted under a finding: the data's words, keys and all
        line = METAVAR.sub(" ", CODE.sub(" ", KEY.sub(" ", OPTION.sub(" ", PATH.sub(" ", HASH.sub(" ", line))))))
        for word in WORD.findall(line):
            lower = word.casefold()
            if lower in ENGLISH and lower not in ALLOWED and lower not in data:
                found.append(f"{word!r} in: {line.strip()}")
    return found

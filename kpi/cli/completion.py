"""Completing an ID at the shell (`kpi show B.1<Tab>`) without building the command line.

The shell runs kpi on every Tab, with `_KPI_COMPLETE` naming the shell and the words typed in its
own variables (the scripts `kpi --install-completion` installs). Typer answers by importing every
command and loading the catalogue: a third of a second. For the one question asked most, the ID
after `kpi show`, this answers from the IDs the cache keeps beside each checked plan
(`kpi.ledger.catalogue_ids`), in the very format Typer's answer has, and imports neither typer nor
pydantic. Anything else (another command, an option, a word it is unsure of, no cache entry)
returns None, and Typer answers as before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

COMPLETE_VAR = "_KPI_COMPLETE"

_ROOT_VALUES = ("--data", "--lang")
"""The root's options that take a value (`kpi --data DIR show ...`); `--debug` takes none."""
_SHOW_VALUES = ("--as-of", "--year", "--format", "-f", "--lang")
"""`kpi show`'s options that take a value: its ID may come after them."""


def quick_answer(environ: Mapping[str, str], cwd: Path | None = None) -> tuple[str | None, int] | None:
    """What Typer would print for this completion request (None: print nothing) and the exit code,
    when it is the ID after `kpi show` and the cache holds the plans' IDs; else None."""
    instruction = environ.get(COMPLETE_VAR, "")
    request = _request(instruction, environ)
    if request is None:
        return None
    args, incomplete = request
    is_show_id, data = _show_id_position(args)
    if not is_show_id or (incomplete and not incomplete[0].isalnum()):  # `-…` completes an option: Typer's
        return None
    ids = _ids(data, environ, cwd)
    if ids is None:
        return None
    # `complete_id`'s match, any case, then Typer's own, which keeps only what starts with the very
    # text typed (typer/core.py): `b.1<Tab>` offers nothing, whichever way it is answered.
    found = [item for item in ids if item.casefold().startswith(incomplete.casefold()) and item.startswith(incomplete)]
    return _formatted(instruction, found, environ)


def _request(instruction: str, environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words before the one being completed, and that word, as each shell's script passes them
    (typer/_completion_classes.py)."""
    if instruction == "complete_bash":
        try:
            words, index = _split(environ["COMP_WORDS"]), int(environ["COMP_CWORD"])
        except (KeyError, ValueError):
            return None
        return words[1:index], words[index] if index < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)
    if instruction in ("complete_zsh", "complete_fish"):
        args = words[1:]
        if args and not line.endswith(" "):
            return args[:-1], args[-1]
        return args, ""
    if instruction in ("complete_powershell", "complete_pwsh"):
        incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[1:-1] if incomplete else words[1:]), incomplete
    return None


def _formatted(instruction: str, found: list[str], environ: Mapping[str, str]) -> tuple[str | None, int]:
    """The IDs as Typer's completion class for the shell writes them (none of them has a help)."""
    if instruction == "complete_bash":
        return "\n".join(found), 0
    if instruction == "complete_zsh":
        if not found:
            return "_files", 0
        return "_arguments '*: :((" + "\n".join(f'"{_zsh_escaped(item)}"' for item in found) + "))'", 0
    if instruction == "complete_fish":
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "get-args":
            return ("\n".join(found) if found else ""), 0
        if action == "is-args":
            return None, 0 if found else 1
        return "", 0
    return "\n".join(f"{item}::: " for item in found), 0  # PowerShell


def _zsh_escaped(text: str) -> str:
    return text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _show_id_position(args: list[str]) -> tuple[bool, str | None]:
    """Whether the word being completed is `kpi show`'s ID, and `--data` as given (or None)."""
    data: str | None = None
    index = 0
    while index < len(args) and args[index] != "show":
        arg = args[index]
        if arg in _ROOT_VALUES:
            if index + 1 >= len(args):
                return False, None
            if arg == "--data":
                data = args[index + 1]
            index += 2
            continue
        if arg.startswith("--data="):
            data = arg.partition("=")[2]
        elif not (arg.startswith("--lang=") or arg == "--debug"):
            return False, None  # another command, --help, a word this does not know: Typer's to answer
        index += 1
    if index >= len(args):
        return False, None
    rest = args[index + 1 :]
    while rest:
        if rest[0] in _SHOW_VALUES and len(rest) >= 2:
            rest = rest[2:]
        elif rest[0].startswith(tuple(f"{name}=" for name in _SHOW_VALUES if name.startswith("--"))):
            rest = rest[1:]
        else:
            return False, None  # the ID is given already, or an option waits for its value
    return True, data


def _ids(data: str | None, environ: Mapping[str, str], cwd: Path | None) -> list[str] | None:
    from kpi.errors import KpiError
    from kpi.files.datadir import ENV_VAR, find_data_dir
    from kpi.ledger.catalogue_ids import cached_ids

    explicit = data or environ.get(ENV_VAR) or None
    try:
        folder = Path(explicit) if explicit else find_data_dir(None, cwd, environ)
        if cwd is not None and not folder.is_absolute():
            folder = cwd / folder
        return cached_ids(folder, environ)
    except (KpiError, OSError):
        return None


def _split(line: str) -> list[str]:
    """Words as a shell splits them, an unfinished quote kept as typed (click's `split_arg_string`)."""
    import shlex

    lex = shlex.shlex(line, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words: list[str] = []
    try:
        for word in lex:
            words.append(word)
    except ValueError:
        words.append(lex.token)
    return words


def complete_quickly() -> bool:
    """Answer the shell's completion request here when `quick_answer` can; True when it did."""
    if COMPLETE_VAR not in os.environ:
        return False
    answer = quick_answer(os.environ)
    if answer is None:
        return False
    text, code = answer
    if text is not None:
        import sys

        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    if code:
        raise SystemExit(code)
    return True

"""Typer's own words ("Usage:", "Options", "Error: Missing option ...") in kpi's language.

Typer asks gettext for some of them (section titles, "[default: ...]": see
`kpi.i18n.route_framework_messages`), but the copy of click it ships writes the rest as plain
string literals, which no catalogue reaches. Those are said again here, through `_()`:
the usage line and the help option by the command classes below, errors by `show_error`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import typer
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from kpi.cli.arguments import WordArgument
from kpi.i18n import N_, _

# What Typer itself looks up with gettext (typer/core.py, typer/rich_utils.py): listed so that
# extraction keeps them in the catalogue.
TYPER_GETTEXT_MESSAGES = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("(deprecated) "),
    N_("[default: {}]"),
    N_("[env var: {}]"),
    N_("[required]"),
    N_("Error"),
    N_("Aborted."),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
)


class LocalisedFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class LocalisedContext(Context):
    formatter_class = LocalisedFormatter


class _Localised:
    context_class: type[Context] = LocalisedContext

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        words = {"[OPTIONS]": _("[OPTIONS]"), "COMMAND [ARGS]...": _("COMMAND [ARGS]...")}
        return [words.get(piece, piece) for piece in pieces]


class LocalisedCommand(_Localised, TyperCommand):
    """A command in kpi's language, whose arguments read like words in its help (`ID`, `[PATH]...`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = WordArgument


class LocalisedGroup(_Localised, TyperGroup):
    """The root group: runs the command line and shows usage errors in kpi's language."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_errors.ClickException as error:
            show_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def command(*args: Any, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
    """Mark a function as a command of `kpi`, with what `app.command()` is to be given: the command
    modules only mark their commands, and `kpi.cli.root` registers them (`commands_in`), so that
    registration runs one way, from the root to the commands."""

    def mark(function: CommandFunctionType) -> CommandFunctionType:
        setattr(function, _COMMAND, (args, kwargs))
        return function

    return mark


_COMMAND = "__kpi_command__"


def commands_in(module: ModuleType) -> list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]:
    """The commands a module marks (`command`), in the order it defines them: (function, args, kwargs)."""
    found = []
    for value in vars(module).values():
        if callable(value) and getattr(value, "__module__", None) == module.__name__ and hasattr(value, _COMMAND):
            args, kwargs = getattr(value, _COMMAND)
            found.append((value, args, kwargs))
    return found


class LocalisedTyper(typer.Typer):
    """Commands added with `@app.command()` get the localised command class."""

    def command(
        self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(*args, cls=cls or LocalisedCommand, **kwargs)


def show_error(error: click_errors.ClickException) -> None:
    """What click's `show()` prints, said in kpi's language."""
    if isinstance(error, click_errors.NoArgsIsHelpError):
        error.show()
        return
    lines = []
    if isinstance(error, click_errors.UsageError) and error.ctx is not None:
        lines.append(error.ctx.get_usage())
        if error.ctx.command.get_help_option(error.ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=error.ctx.command_path, option=error.ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=error_message(error)))
    typer.echo("\n".join(lines), err=True)


def error_message(error: click_errors.ClickException) -> str:
    if isinstance(error, click_errors.MissingParameter):
        return _missing(error)
    if isinstance(error, click_errors.NoSuchOption):
        message = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            message += " " + _("(Possible options: {options})").format(options=", ".join(sorted(error.possibilities)))
        return message
    if isinstance(error, click_errors.BadParameter):
        hint = (
            error.param_hint
            if error.param_hint is not None
            else (error.param.get_error_hint() if error.param is not None else None)
        )
        if hint is None:
            return _("Invalid value: {message}").format(message=phrase(error.message))
        return _("Invalid value for {name}: {message}").format(name=_hints(hint), message=phrase(error.message))
    return phrase(error.format_message())


def _hints(hint: Sequence[str] | str) -> str:
    return hint if isinstance(hint, str) else " / ".join(repr(name) for name in hint)


def _missing(error: click_errors.MissingParameter) -> str:
    hint = (
        error.param_hint
        if error.param_hint is not None
        else (error.param.get_error_hint() if error.param is not None else "")
    )
    kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
    template = {"option": _("Missing option {name}."), "argument": _("Missing argument {name}.")}.get(
        kind, _("Missing parameter {name}.")
    )
    message = template.format(name=_hints(hint)).replace(" .", ".")
    extra = [error.message] if error.message else []
    if error.param is not None:
        choices = error.param.get_missing_message(ctx=error.ctx)
        if choices:
            extra.append(phrase(choices))
    return " ".join([message, *extra])


# Messages the vendored click builds from literals, recognised by shape.
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", re.S),
        N_("Got unexpected extra argument(s) ({args})"),
    ),
    (re.compile(r"Option (?P<name>'.*') requires an argument\."), N_("Option {name} requires an argument.")),
    # Typer's checks of a path (typer/_param_types.py): "file 'data' is a directory."
    (re.compile(r"(?:file|dir|path) (?P<name>'.*') does not exist\.", re.S), N_("{name} does not exist.")),
    (re.compile(r"(?:file|dir|path) (?P<name>'.*') is a file\.", re.S), N_("{name} is a file, not a folder.")),
    (re.compile(r"(?:file|dir|path) (?P<name>'.*') is a directory\.", re.S), N_("{name} is a folder, not a file.")),
    (re.compile(r"(?:file|dir|path) (?P<name>'.*') is not readable\.", re.S), N_("{name} cannot be read.")),
    (re.compile(r"(?:file|dir|path) (?P<name>'.*') is not writable\.", re.S), N_("{name} cannot be written.")),
    (
        re.compile(r"Option (?P<name>'.*') requires (?P<count>\d+) arguments\."),
        N_("Option {name} requires {count} arguments."),
    ),
    (re.compile(r"Option (?P<name>'.*') does not take a value\."), N_("Option {name} does not take a value.")),
    (
        re.compile(r"(?:Value error, )?(?P<value>.+) is not one of (?P<choices>.+)\.", re.S),
        N_("{value} is not one of {choices}."),
    ),
    (re.compile(r"Choose from:(?P<choices>.*)", re.S), N_("Choose from:{choices}")),
    (
        re.compile(r"(?P<message>.*)\. Did you mean (?P<suggestions>.+)\?", re.S),
        N_("{message}. Did you mean {suggestions}?"),
    ),
]


def phrase(message: str) -> str:
    """A message from the framework in kpi's language, when its shape is known."""
    for pattern, template in _PHRASES:
        match = pattern.fullmatch(message)
        if match:
            return _(template).format(**match.groupdict())
    return _(message)

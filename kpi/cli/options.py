"""Options several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

import typer

from kpi.i18n import LANGUAGES, N_, _, language
from kpi.model.vocabulary import Kind, Status

if TYPE_CHECKING:
    from kpi.model.words import InLanguage

E = TypeVar("E", bound=Enum)


class OutputFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    tsv = "tsv"
    plain = "plain"
    json = "json"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def parse_date(text: str) -> date:
    from kpi.model.dates import parse_entered_date

    try:
        return parse_entered_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_(
            "Reporting date YYYY-MM-DD or DD/MM/YYYY (default: reporting_date in settings.yaml if set, else the end "
            "of the latest quarter with a recorded figure, else the end of the plan's last year of actuals)."
        ),
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        metavar="YEAR",
        min=1900,
        max=2200,
        help=_("Report to the end of this year (the same as --as-of YEAR-12-31), against that year's plan."),
    ),
]
QuarterOption = Annotated[
    str | None,
    typer.Option(
        "--quarter",
        "-q",
        metavar="QUARTER",
        help=_("The quarter, e.g. 2018-Q2 (default: the quarter of the reporting date)."),
    ),
]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help=_("Output format."))]
Wide = Annotated[
    bool,
    typer.Option(
        "--wide",
        help=_("Table: keep every column and whole titles, however wide (default: fit the terminal, or COLUMNS)."),
    ),
]


def run_language_option(ctx: typer.Context, param: typer.CallbackParam, value: Lang) -> Lang:
    # The commands declare `= Lang.vi`; unless --lang was given, the run's language stands
    # (KPI_LANG, then `language:` in settings.yaml: see kpi.cli.run_language).
    from typer._click.core import ParameterSource

    from kpi.i18n import language, set_language

    if param.name is not None and ctx.get_parameter_source(param.name) is ParameterSource.DEFAULT:
        return Lang(language())
    set_language(value.value)
    return value


LANG_HELP = _(
    "Language of messages and numbers: vi (1.069; 39,89%) or en (1,069; 39.89%). "
    "Default: KPI_LANG, else language in settings.yaml, else vi."
)
LangOption = Annotated[Lang, typer.Option("--lang", callback=run_language_option, show_default=False, help=LANG_HELP)]


def _catalogue_for_completion(ctx: typer.Context) -> Any:
    """The catalogue, for completing a word at the shell; None when there is none to read."""
    from pathlib import Path

    from kpi.errors import KpiError
    from kpi.files.datadir import find_data_dir
    from kpi.ledger.load import load_catalogue

    root = ctx.find_root()
    data = root.params.get("data") if root is not None else None
    try:
        return load_catalogue(find_data_dir(Path(data) if data else None))
    except (KpiError, OSError):
        return None


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Indicator and task IDs starting with what was typed, any case: `b.1<TAB>`."""
    catalogue = _catalogue_for_completion(ctx)
    if catalogue is None:
        return []
    ids = [i.id for i in catalogue.indicators] + [t.id for t in catalogue.tasks]
    return [item for item in ids if item.casefold().startswith(incomplete.casefold())]


def complete_program(ctx: typer.Context, incomplete: str) -> list[str]:
    catalogue = _catalogue_for_completion(ctx)
    codes = [p.code for p in catalogue.programs] if catalogue is not None else []
    return [code for code in codes if code.casefold().startswith(incomplete.casefold())]


def complete_owner(ctx: typer.Context, incomplete: str) -> list[str]:
    catalogue = _catalogue_for_completion(ctx)
    codes = [o.code for o in catalogue.owners] if catalogue is not None else []
    return [code for code in codes if code.casefold().startswith(incomplete.casefold())]


Programs = Annotated[
    list[str] | None,
    typer.Option(
        "--program",
        "-p",
        metavar="CODE",
        autocompletion=complete_program,
        help=_("Program code (A-E, S5, S6); repeatable. Default: all."),
    ),
]
Owners = Annotated[
    list[str] | None,
    typer.Option(
        "--owner", "-u", metavar="CODE", autocompletion=complete_owner, help=_("Owner unit code; repeatable.")
    ),
]


class WordChoice(Generic[E]):
    """A choice option a person answers in words: the word the run's language prints for it, the
    other language's word, or the English key, in any case and with accents composed or not.
    Its help lists the words of the run's language."""

    def __init__(self, words: Callable[[], InLanguage[E]], refusal: str, keys: Callable[[], list[E]]):
        self._words, self._refusal, self._keys = words, refusal, keys

    def _lookup(self) -> dict[str, E]:
        import unicodedata

        lookup: dict[str, E] = {str(key.value): key for key in self._keys()}
        for lang in LANGUAGES:
            lookup.update({word: key for key, word in self._words()[lang].items()})
        return {unicodedata.normalize("NFC", word).casefold(): key for word, key in lookup.items()}

    def parse(self, text: str) -> E:
        import unicodedata

        found = self._lookup().get(unicodedata.normalize("NFC", text).strip().casefold())
        if found is None:
            raise typer.BadParameter(_(self._refusal).format(text=text, choices=self.choices()))
        return found

    def choices(self) -> str:
        return ", ".join(self._words()[language()].values())

    def complete(self, incomplete: str) -> list[str]:
        words = list(self._words()[language()].values())
        return [word for word in words if word.casefold().startswith(incomplete.casefold())]


def _status_words() -> InLanguage[Status]:
    from kpi.model.words import STATUS_WORDS

    return STATUS_WORDS


def _kind_words() -> InLanguage[Kind]:
    from kpi.model.words import KIND_WORDS

    return KIND_WORDS


STATUS_CHOICE = WordChoice(
    _status_words, N_("'{text}' is not a status; choose one of: {choices}"), lambda: list(Status)
)
KIND_CHOICE = WordChoice(_kind_words, N_("'{text}' is not a kind; choose one of: {choices}"), lambda: list(Kind))


def parse_status(text: str) -> Status:
    """`chưa báo cáo`, `not reported` or `no data`: the word the run prints, in either language, or the key."""
    return STATUS_CHOICE.parse(text)


def status_choices() -> str:
    return STATUS_CHOICE.choices()


def complete_status(incomplete: str) -> list[str]:
    return STATUS_CHOICE.complete(incomplete)


StatusOption = Annotated[
    Status | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        parser=parse_status,
        autocompletion=complete_status,
        help=_("Only rows with this status: {choices} (the English words and the JSON keys are taken too).").format(
            choices=status_choices()
        ),
    ),
]
KindOption = Annotated[
    Kind | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        parser=KIND_CHOICE.parse,
        autocompletion=KIND_CHOICE.complete,
        help=_("Only indicators of this kind: {choices} (the English words are taken too).").format(
            choices=KIND_CHOICE.choices()
        ),
    ),
]

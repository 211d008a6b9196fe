"""The data formats, defined once: the plan catalogue and the quarterly actuals files.

Every model forbids unknown fields (a typo must fail loudly) and keeps a fixed field
order, so a file written from a model always comes out the same.

Why one module of 600 lines: it is the schema of the data files (`kpi schema` writes it), read
top to bottom as the files are, and the models refer to one another (a catalogue holds programs,
indicators, measures, cells); split, the reader would jump between files to read one format.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.config import JsonDict

from kpi.i18n import _, language
from kpi.model.quarters import Quarter
from kpi.model.text import mail_address
from kpi.model.vocabulary import Kind

INDICATOR_ID_PATTERN = r"^[A-Z][A-Z0-9]*(\.[A-Za-z0-9]+)*$"
CODE_PATTERN = r"^[A-Z][A-Z0-9_]*$"
MEASURE_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
TASK_ID_PATTERN = r"^T[1-9][0-9]*\.[1-9][0-9]*$"


FROM_CACHE = "from_cache"
"""Validation context of a model read back from kpi's own cache, where JSON holds each Decimal as
its exact text (`"39.89"`): there, and only there, a number may come as text."""


def _number_not_text(value: Any, info: ValidationInfo) -> Any:
    # Lax pydantic would turn the text "10.000" into ten; in this ledger text is never a number.
    if isinstance(value, str) and info.context is not None and info.context.get(FROM_CACHE):
        return value
    if isinstance(value, (bool, str, float)):
        raise ValueError(_("must be a number written without quotes, e.g. 10000 or 39.89"))
    return value


# The largest figure the plan can mean: its biggest numbers are budgets in đồng (22,6 tỷ đồng has 11
# digits). Fifteen whole digits and six decimal places keep every sum and percentage kpi computes
# within Decimal's default 28 significant digits, so no result is ever rounded or overflows.
MAX_WHOLE_DIGITS = 15
MAX_DECIMAL_PLACES = 6


def within_limits(value: Any) -> Any:
    """A figure within MAX_WHOLE_DIGITS and MAX_DECIMAL_PLACES (ValueError, saying which, otherwise)."""
    if not isinstance(value, Decimal):
        return value
    if not value.is_finite():
        raise ValueError(_("must be a finite number"))
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        raise ValueError(
            _("has more than {digits} digits before the decimal point; no figure of the plan comes near that").format(
                digits=MAX_WHOLE_DIGITS
            )
        )
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    if exponent >= -MAX_DECIMAL_PLACES:  # most figures: whole or few places; nothing more to count
        return value
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if value and exponent + trailing_zeros < -MAX_DECIMAL_PLACES:
        raise ValueError(_("has more than {places} decimal places").format(places=MAX_DECIMAL_PLACES))
    return value


Quantity = Annotated[
    Decimal,
    BeforeValidator(_number_not_text),
    AfterValidator(within_limits),
    Field(ge=0),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
"""A non-negative exact number: a count, a percentage (39.89 means 39,89 %) or a factor."""

PaceThreshold = Annotated[
    Decimal, BeforeValidator(_number_not_text), Field(gt=0), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
"""A pace bound in settings. Its JSON Schema is written out, as Quantity's is, so that the committed
schemas do not change with pydantic's rendering of Decimal (2.14 dropped a `pattern`)."""


ActualBasis = Literal["quarters", "official"]
"""How a plan's year figure was obtained: closed from the recorded quarters, or entered by hand."""

Year = Annotated[int, Field(ge=1900, le=2200)]
"""A calendar year of the plan period, as a key: `2016: 1069` under `actuals`."""

BY_YEAR: JsonDict = {"propertyNames": {"pattern": "^[0-9]{4}$"}}
"""JSON Schema for a mapping keyed by year, so that editors flag `201: 5` or `năm 2016: 5`."""


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Wording(StrictModel):
    """A text a person reads, kept in each language kpi speaks: `{vi: ..., en: ...}`."""

    vi: str = Field(min_length=1, description="In Vietnamese, in the plan's own administrative wording")
    en: str = Field(min_length=1, description="In English, a faithful translation")

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def in_language(text: Wording | str | None, lang: str | None = None) -> str | None:
    """A catalogue text in the reader's language (the run's unless `lang` says): a text kept in one
    language only is the same in both."""
    if text is None or isinstance(text, str):
        return text
    return text.in_language(lang if lang is not None else language())


class Owner(StrictModel):
    code: Annotated[str, Field(pattern=CODE_PATTERN, description="Short code used everywhere else")]
    name_vi: str
    name_en: str

    def name_in(self, lang: str) -> str:
        """The unit's name in the language of the run or the report."""
        return self.name_en if lang == "en" else self.name_vi


class Section(StrictModel):
    code: str = Field(description="Roman numeral of the appendix (I, II...) or letter of the main text (a, b...)")
    title: str
    line: int | None = Field(default=None, ge=1, description="Line of the header in the source text")


class Program(StrictModel):
    code: Annotated[str, Field(pattern=CODE_PATTERN)]
    title: str = Field(description="Title verbatim from the source")
    title_en: str
    owner: str | None = Field(default=None, description="Lead unit; entries may name their own")
    main_text_section: int = Field(ge=1, description="Section of part II NỘI DUNG that describes it")
    line: int | None = Field(default=None, ge=1)
    sections: list[Section] = Field(default_factory=list)


class AppendixCells(StrictModel):
    """Every cell of an appendix row, verbatim, under the column it stood in."""

    tt: str | None = None
    content: str | None = None
    target: str | None = None
    actuals: dict[Year, str] = Field(
        default_factory=dict, description="The actual columns (Thực hiện <year>), by year", json_schema_extra=BY_YEAR
    )
    rate: str | None = None
    plans: dict[Year, str] = Field(
        default_factory=dict, description="The plan column (Kế hoạch <year>), by year", json_schema_extra=BY_YEAR
    )
    deadline: str | None = None
    notes: str | None = None


class Source(StrictModel):
    """Where an entry comes from, with the source's own words, so every figure can be checked."""

    document: str | None = Field(
        default=None,
        description="The source document, when it is not the plan's own (an entry carried over from an earlier plan)",
    )
    line: int = Field(ge=1, description="Line in the source document (the plan's source_file unless `document` says)")
    cells: AppendixCells | None = Field(default=None, description="Appendix rows: the row's cells verbatim")
    text: str | None = Field(default=None, description="Main-text entries: the task's words verbatim")
    recovered: Wording | str | None = Field(
        default=None,
        description="For rows the source lost: why, and what they were rebuilt from ({vi, en}, or one text)",
    )

    @model_validator(mode="after")
    def _cells_or_text(self) -> Source:
        if (self.cells is None) == (self.text is None):
            raise ValueError(_("give either cells (an appendix row) or text (a main-text task), not both"))
        return self


class TargetRevision(StrictModel):
    """A change of a measure's period target by a decision, from the day it takes effect."""

    previous: Quantity = Field(description="The target in force before this revision")
    target: Quantity = Field(description="The target from `effective` on")
    effective: date = Field(description="First day the new target is in force")
    decision: str = Field(min_length=1, description="Number of the decision that revised it, e.g. 123/QĐ-UBND")
    decided: date = Field(description="Date of that decision")


class Measure(StrictModel):
    """One quantity an indicator tracks. What `target` means depends on the kind:
    a period total (cumulative), a yearly figure (annual), a bar (threshold),
    a factor (growth) or a percentage of an uncounted population (share)."""

    key: Annotated[str, Field(pattern=MEASURE_KEY_PATTERN, description="For files, JSON and --measure; never shown")]
    label: Wording | None = Field(
        default=None,
        description="What the measure counts, as a person reads it wherever it appears: vi in the plan's own "
        "wording, en a faithful translation; kpi check requires both",
    )
    unit: str = Field(description="Unit of count as the source writes it: DN, dự án, %, lượt...")
    kind: Kind | None = Field(default=None, description="Only where it differs from the indicator's kind")
    quantity: Literal["flow", "stock", "scope"] | None = Field(
        default=None,
        description="What a recorded figure is: a flow added up over the quarters (the default for counts), "
        "a stock kept each quarter ('Duy trì 200 ...': the latest figure stands, never summed), or the scope "
        "another measure covers (the schools a training reaches: shown, not summed, not judged as an output)",
    )
    direction: Literal["at_least", "at_most", "within"] | None = Field(
        default=None,
        description="Thresholds: which side of the bar is good (default at_least: higher is better; at_most: "
        "lower is better; within: between target and upper)",
    )
    upper: Quantity | None = Field(default=None, description="direction within: the top of the band")
    target: Quantity | None = None
    target_basis: str | None = Field(
        default=None, description="How the target was derived when the source does not write it as one number"
    )
    revisions: list[TargetRevision] = Field(
        default_factory=list, description="Later changes of the target, oldest first; `target` is the published one"
    )
    actuals: dict[Year, Quantity] = Field(
        default_factory=dict,
        description="Yearly actuals the plan states (official year-end figures), by year",
        json_schema_extra=BY_YEAR,
    )
    actual_basis: dict[Year, ActualBasis] = Field(
        default_factory=dict,
        description="How a year's figure under `actuals` was obtained, by year: `quarters` (written by "
        "`kpi year close` from the four recorded quarters) or `official` (entered by hand, as the published "
        "plan states it); a year not named here is official",
        json_schema_extra=BY_YEAR,
    )
    stated_to_date: Quantity | None = Field(
        default=None, description="Total of the years before the plan year, as the source states it"
    )
    stated_percent: Quantity | None = Field(
        default=None, description="Share of the period target as the source states it, in percent (39.89)"
    )
    stated_factor: Quantity | None = Field(default=None, description="Growth factor as the source states it")
    plans: dict[Year, Quantity | None] = Field(
        default_factory=dict,
        description="Planned figure by year; a year written with no value is a plan still to be filled in",
        json_schema_extra=BY_YEAR,
    )

    def label_in(self, lang: str | None = None) -> str:
        """The measure's name in `lang` (the run's language by default): see `measure_label`."""
        return measure_label(self, lang)

    @model_validator(mode="after")
    def _basis_of_a_stated_year(self) -> Measure:
        unstated = sorted(year for year in self.actual_basis if year not in self.actuals)
        if unstated:
            raise ValueError(
                _("actual_basis names {years}, for which actuals states no figure").format(
                    years=", ".join(map(str, unstated))
                )
            )
        return self


def measure_label(measure: Measure, lang: str | None = None) -> str:
    """What a person reads for a measure, in `lang` (the run's language by default): its label; the
    key only where the catalogue has none (`kpi check` reports that as an error)."""
    if measure.label is None:
        return measure.key
    return measure.label.in_language(lang if lang is not None else language())


class Indicator(StrictModel):
    id: Annotated[str, Field(pattern=INDICATOR_ID_PATTERN, description="See docs/data.md: IDs")]
    program: str
    section: str | None = None
    tt: str | None = Field(default=None, description="The row number as printed (TT), or null if none")
    parent: str | None = None
    title: str = Field(description="Verbatim from the source (NFC)")
    owner: str
    co_owners: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list, description="Co-operating bodies named in notes")
    kind: Kind
    deadline: Quarter | None = Field(default=None, description="Deadline quarter; `Năm 2018` is 2018-Q4")
    sum_of_children: bool = Field(default=False, description="The source's figures are the sum of its children")
    measures: list[Measure] = Field(default_factory=list)
    notes: Wording | str | None = Field(
        default=None, description="The catalogue's remarks on the row, in each language ({vi, en}) or in one"
    )
    reading: Wording | str | None = Field(
        default=None,
        description="Why this reading of the source differs from a literal transcription of its cells "
        "({vi, en}, or one text)",
    )
    retired: str | None = Field(
        default=None,
        description="Why (and by which decision) the indicator is no longer tracked from this plan's year; kept for the record",
    )
    source: Source


class Task(StrictModel):
    """A numbered task ("đầu việc") of part II of the main text."""

    id: Annotated[str, Field(pattern=TASK_ID_PATTERN, description="T<section>.<number>, e.g. T2.8")]
    text: str = Field(description="Verbatim, bullets included")
    line: int = Field(ge=1)
    deadline: Quarter | None = None
    measured_by: list[str] = Field(min_length=1, description="Indicators that track this task")


class PlanInfo(StrictModel):
    number: str | None = Field(description="The plan's number and symbol; null while a prepared plan is not issued yet")
    title: str
    issuer: str
    governing_body: str | None = Field(
        default=None,
        description="The body above the issuer, as the letterhead names it (Ủy ban nhân dân Thành phố Hồ Chí Minh)",
    )
    signed: date | None = Field(description="Day the plan was signed; null while it is not issued yet")
    period_start: int = Field(ge=1900, le=2200)
    period_end: int = Field(ge=1900, le=2200)
    year: int = Field(ge=1900, le=2200, description="The year this plan covers")
    source_file: str | None = Field(description="The plan's text, transcribed; null while there is none")

    @model_validator(mode="after")
    def _period_in_order(self) -> PlanInfo:
        if self.period_start > self.period_end:
            raise ValueError(_("period_start is after period_end"))
        if not self.period_start <= self.year <= self.period_end:
            raise ValueError(_("the plan year lies outside the period"))
        return self


class Erratum(StrictModel):
    """A scanning error in a heading or title: the words as the source prints them (kept verbatim
    in the title) and how they read, with the lines of the source that say so."""

    of: str = Field(description="Whose title: a program (C), a section (C.II) or an indicator (D.I.2)")
    verbatim: str = Field(min_length=1, description="The damaged words, exactly as the title has them")
    reading: str = Field(min_length=1, description="What they read, as the reports print them")
    reason: Wording | Annotated[str, Field(min_length=1)] = Field(
        description="Why this reading, in a sentence ({vi, en}, or one text)"
    )
    source_lines: list[Annotated[int, Field(ge=1)]] = Field(
        min_length=1, description="Lines of the source text that give the reading"
    )


class Heading(StrictModel):
    """A heading of part II of the main text, verbatim: a numbered section (`1. Triển khai …`) or a
    lettered part of one (`b) Phát triển tiềm lực KH&CN (8 đầu việc)`). `kpi check` counts the
    tasks under each heading that announces how many it has."""

    section: int = Field(ge=1, description="Number of the section of part II")
    part: str | None = Field(default=None, description="Letter of the part (a, b, đ...); null for the section itself")
    text: str = Field(min_length=1, description="The heading as the source prints it")
    line: int = Field(ge=1, description="Line of the heading in the source text")


class SourceGap(StrictModel):
    """Rows of the appendix the source lost: a page between two printed lines, or the end of the
    document after its last printed line; the catalogue's rows rebuilt for them."""

    program: str = Field(description="The program whose rows are lost")
    after_line: int = Field(ge=1, description="The last line printed before the gap: a row or a section header")
    before_line: int | None = Field(
        default=None, ge=1, description="The first row printed after the gap; null when the document ends there"
    )
    rows: list[str] = Field(
        min_length=1, description="Indicators rebuilt for the lost rows (each with source.recovered), in order"
    )


class Slip(StrictModel):
    """A misprint of the source outside the titles the errata correct (a cell, a page header, the
    main text): the catalogue keeps it verbatim and nothing prints it corrected, so `kpi check`
    warns of it."""

    line: int = Field(ge=1, description="Line of the source text that prints it")
    of: str | None = Field(
        default=None, description="The indicator (C.5) or task (T3.6) whose words hold it; null for a page header"
    )
    verbatim: str = Field(min_length=1, description="The misprinted words, exactly as the source prints them")
    reading: str = Field(min_length=1, description="What they read")
    reason: Wording | Annotated[str, Field(min_length=1)] = Field(
        description="Why this reading, in a sentence ({vi, en}, or one text)"
    )


class Catalogue(StrictModel):
    """`data/plan2018.yaml`: the whole plan."""

    plan: PlanInfo
    owners: list[Owner]
    programs: list[Program]
    indicators: list[Indicator]
    tasks: list[Task] = Field(default_factory=list)
    errata: list[Erratum] = Field(
        default_factory=list,
        description="Corrected readings of headings and titles the source misprints; the titles stay verbatim",
    )
    headings: list[Heading] = Field(
        default_factory=list, description="Headings of part II of the main text, verbatim, with their lines"
    )
    gaps: list[SourceGap] = Field(
        default_factory=list, description="Rows of the appendix the source lost, and the rows rebuilt for them"
    )
    slips: list[Slip] = Field(
        default_factory=list,
        description="Misprints of the source outside the corrected titles, kept verbatim; kpi check warns of each",
    )

    def reading(self, of: str, title: str) -> str:
        """`title` of program, section (`C.II`) or indicator `of`, as its errata read it."""
        for erratum in self.errata:
            if erratum.of == of:
                title = title.replace(erratum.verbatim, erratum.reading)
        return title

    def program_labels(self) -> dict[str, str]:
        """Each program as the plan numbers it, what a document prints (issue 30). A program of the
        appendix by the appendix's letter, its code (A); one whose entries are all tasks of the main text
        (each with its words in `source.text`, none a row of the appendix) by its section of part II
        (5, 6): the plan has no letter for it, and the catalogue's code (S5) is kpi's, not the plan's."""
        main_text: dict[str, bool] = {}
        for i in self.indicators:
            main_text[i.program] = main_text.get(i.program, True) and i.source.cells is None and bool(i.source.text)
        return {p.code: str(p.main_text_section) if main_text.get(p.code) else p.code for p in self.programs}

    def references(self) -> dict[str, str]:
        """Each indicator's ID -> how the plan numbers it, what a document prints: an appendix row by its
        ID (A.4, D.II.1: the program's letter, the section where TT restarts, TT); a task of part II by its
        section and its number there (6.(7), which kpi's ID calls S6.7). The ID stays the machine formats'
        and the command line's."""
        labels = self.program_labels()
        return {
            i.id: f"{labels[i.program]}.{i.tt}" if labels.get(i.program, i.program) != i.program and i.tt else i.id
            for i in self.indicators
        }

    def measure_label(self, indicator_id: str, key: str | None, lang: str | None = None) -> str | None:
        """The name a person reads for measure `key` of an indicator (`measure_label`); the key itself
        when the catalogue does not know it, None for no measure (a milestone)."""
        if key is None:
            return None
        indicator = self.indicator(indicator_id)
        measure = next((m for m in indicator.measures if m.key == key), None) if indicator is not None else None
        return measure_label(measure, lang) if measure is not None else key

    def indicator(self, indicator_id: str) -> Indicator | None:
        """Look an indicator up by ID, ignoring case (`b.1` finds `B.1`)."""
        return self._indicators_by_id.get(indicator_id.casefold())

    @cached_property
    def _indicators_by_id(self) -> dict[str, Indicator]:
        index: dict[str, Indicator] = {}
        for indicator in self.indicators:
            index.setdefault(indicator.id.casefold(), indicator)  # the first of duplicates, as check reports
        return index


class StatusThresholds(StrictModel):
    """Pace (share of target achieved ÷ share of time elapsed) that separates the status words."""

    on_track: PaceThreshold = Field(default=Decimal("0.9"), description="Pace at or above this is on track")
    at_risk: PaceThreshold = Field(
        default=Decimal("0.6"), description="Pace at or above this (and below on_track) is at risk; below it, behind"
    )

    @model_validator(mode="after")
    def _ordered(self) -> StatusThresholds:
        if self.at_risk > self.on_track:
            raise ValueError(_("at_risk must not exceed on_track"))
        return self


class TrendThresholds(StrictModel):
    """R = observed ÷ required compound annual growth (growth measures, and levels short of their
    bar) that separates the status words; see docs/progress.md."""

    on_track: PaceThreshold = Field(default=Decimal("0.95"), description="R at or above this is on track")
    at_risk: PaceThreshold = Field(
        default=Decimal("0.6"), description="R at or above this (and below on_track) is at risk; below it, behind"
    )

    @model_validator(mode="after")
    def _ordered(self) -> TrendThresholds:
        if self.at_risk > self.on_track:
            raise ValueError(_("at_risk must not exceed on_track"))
        return self


class ReportingSettings(StrictModel):
    """When the units' figures for a quarter are due, for `kpi reporting`'s on-time rate."""

    due_days: int = Field(
        default=10, ge=0, le=366, description="Figures for a quarter are due this many days after it ends"
    )


MailAddress = Annotated[str, AfterValidator(mail_address)]
"""One e-mail address, checked (no line break to forge a header) and its domain IDNA-encoded."""


class ReminderSettings(StrictModel):
    """Who the reminder drafts of `kpi remind` are from and to."""

    sender: MailAddress | None = Field(default=None, description="The planning office's address, the drafts' From")
    addresses: dict[str, MailAddress] = Field(
        default_factory=dict, description="Each owner unit's address by its code (QLCN: qlcn@...), the drafts' To"
    )
    symbol: str | None = Field(
        default=None,
        description="The reminder letter's symbol after its number (a công văn: SKHCN-KHTC); a blank to fill when unset",
    )


class RecordSettings(StrictModel):
    """How `kpi record` behaves unless told otherwise on the command line."""

    commit: bool = Field(
        default=True,
        description="Commit each recording to git when the data lies in a git work tree (false: as --no-commit)",
    )
    recorded_by: str | None = Field(default=None, description="Default --by; else git user.name, else the login name")


class SignerSettings(StrictModel):
    """Who signs the report, as the signature block prints it (Decree 30/2020/NĐ-CP)."""

    authority: str | None = Field(
        default=None,
        description="Signing for the head of the body: the line above the position (KT. GIÁM ĐỐC, TL. GIÁM ĐỐC)",
    )
    authority_en: str | None = Field(default=None, description="The same in English (FOR THE DIRECTOR)")
    position: str | None = Field(default=None, description="The signer's position (GIÁM ĐỐC, PHÓ GIÁM ĐỐC)")
    position_en: str | None = Field(default=None, description="The same in English (DIRECTOR, DEPUTY DIRECTOR)")
    name: str | None = Field(default=None, description="The signer's full name")


class DocumentSettings(StrictModel):
    """How `kpi report` frames the appendix as an administrative document the Department signs and
    sends: number and symbol, place and date, recipients and signature (Decree 30/2020/NĐ-CP).
    A value left out is printed as a marked placeholder, to be filled in by hand."""

    symbol: str | None = Field(
        default=None, description="The report's symbol after its number: BC-SKHCN (báo cáo of the Department)"
    )
    number: str | None = Field(
        default=None, description="The report's number, usually given per report with --number; blank to fill in"
    )
    signed: date | None = Field(
        default=None, description="The day the report is signed, usually given per report with --date"
    )
    place: str | None = Field(default=None, description="Where it is issued, before its date: TP. Hồ Chí Minh")
    place_en: str | None = Field(default=None, description="The same in English: Ho Chi Minh City")
    recipients: list[str] = Field(
        default_factory=list,
        description="Nơi nhận, one line each as printed: UBND TP (để báo cáo); Ban Giám đốc; Lưu: VT, KHTC.",
    )
    recipients_en: list[str] = Field(
        default_factory=list, description="The same in English; the Vietnamese lines when left out"
    )
    signer: SignerSettings = Field(default_factory=SignerSettings)


class Settings(StrictModel):
    """`data/settings.yaml`: optional; every field has a default."""

    reporting_date: date | None = Field(
        default=None,
        description="Pins the default --as-of date; when unset the date follows the data (end of the latest recorded quarter)",
    )
    thresholds: StatusThresholds = Field(default_factory=StatusThresholds)
    trend: TrendThresholds = Field(default_factory=TrendThresholds)
    reporting: ReportingSettings = Field(default_factory=ReportingSettings)
    reminders: ReminderSettings = Field(default_factory=ReminderSettings)
    record: RecordSettings = Field(default_factory=RecordSettings)
    document: DocumentSettings = Field(default_factory=DocumentSettings)
    language: Literal["vi", "en"] = Field(
        default="vi", description="Language of messages, headings and numbers; --lang and KPI_LANG override it"
    )


class ReplacedValue(StrictModel):
    """A value that `kpi record --replace` overwrote, kept so nothing is lost."""

    value: Quantity | None = None
    done: date | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    replaced_at: datetime | None = None


class Record(StrictModel):
    """One reported figure: a measure's value for the quarter, or a milestone done."""

    indicator: str
    measure: str | None = Field(default=None, description="May be left out when the indicator has one measure")
    value: Quantity | None = None
    done: date | None = Field(default=None, description="Milestones: the day it was completed")
    evidence: str | None = Field(default=None, description="E.g. the number of the approving decision")
    note: str | None = None
    source: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    received_on: date | None = Field(
        default=None,
        description="The day the unit sent the figure, when it came in (by e-mail, on paper) before it was recorded; "
        "kpi reporting judges on time by it",
    )
    history: list[ReplacedValue] = Field(default_factory=list)

    def arrived_on(self) -> date | None:
        """The day the figure came in: the day the unit sent it when known, else the first time it was
        recorded (a later correction does not make a figure that came in on time late)."""
        if self.received_on is not None:
            return self.received_on
        # Days, not datetimes: a stamp written by hand may lack its time zone, and those do not compare.
        days = [entry.recorded_at.date() for entry in self.history if entry.recorded_at is not None]
        if self.recorded_at is not None:
            days.append(self.recorded_at.date())
        return min(days) if days else None

    @model_validator(mode="after")
    def _value_or_done(self) -> Record:
        if self.value is not None and self.done is not None:
            raise ValueError(_("a record gives either value (a figure) or done (a milestone's date), not both"))
        if self.value is None and self.done is None:
            raise ValueError(_("a record needs a value (a figure) or done (a milestone's date)"))
        return self


class ActualsFile(StrictModel):
    """`data/actuals/<quarter>/<owner>.yaml`: what one unit reported for one quarter."""

    quarter: Quarter
    owner: str
    records: list[Record] = Field(default_factory=list)

"""The report as an administrative document (Decree 30/2020/NĐ-CP): issuing body over the national
motto, number and symbol, place and date, kind and title with the reporting period; at the end
"Nơi nhận" beside the signing position, a space to sign and the signer's name.

Every value comes from `document:` in the settings (number and date also from the command
line); a value left out becomes a marked placeholder to fill in by hand, never a blank. Each
writer lays the same `Frame` out in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpi.i18n import _, speaking
from kpi.model.models import DocumentSettings
from kpi.model.quarters import Quarter
from kpi.model.words import date_words, governing_lines
from kpi.reports.layout import ReportHeader

BLANK = "……"  # a form's dotted blank: filled in by hand when the report is signed


@dataclass(frozen=True)
class Part:
    """A piece of a line; `missing` when it stands for a value not given yet (a placeholder)."""

    text: str
    missing: bool = False


Text = tuple[Part, ...]


def plain(text: Text) -> str:
    return "".join(part.text for part in text)


def has_blank(text: Text) -> bool:
    return any(part.missing for part in text)


@dataclass(frozen=True)
class Frame:
    governing_body: str | None  # ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH
    issuer: str  # SỞ KHOA HỌC VÀ CÔNG NGHỆ: the city the line above names is not repeated
    nation: str
    motto: str
    number: Text  # Số: 15/BC-SKHCN
    attached: Text  # (Kèm theo Báo cáo số 15/BC-SKHCN ngày 05/07/2018): the appendix's own heading
    place_date: Text  # TP. Hồ Chí Minh, ngày 05 tháng 7 năm 2018
    kind: str  # BÁO CÁO
    title: str  # Kết quả thực hiện Kế hoạch số 62/KH-SKHCN 6 tháng đầu năm 2018
    plan_title: str
    recipients_label: str  # Nơi nhận:
    recipients: tuple[Text, ...]  # each printed after "- "
    authority: str | None  # KT. GIÁM ĐỐC
    position: Text  # PHÓ GIÁM ĐỐC
    name: Text

    @property
    def governing_lines(self) -> tuple[str, ...]:
        """The governing body on two lines, its kind over its place, as the plan prints it:
        ỦY BAN NHÂN DÂN / THÀNH PHỐ HỒ CHÍ MINH (Phụ lục I, Phần I, Mục I, khoản 2: tên cơ quan chủ quản)."""
        return governing_lines(self.governing_body)

    @property
    def heading(self) -> str:
        """The kind and title on one line, for a page title or a file's first line."""
        return f"{self.kind}: {self.title}"


def frame(header: ReportHeader, lang: str) -> Frame:
    """The document's frame in `lang`, from the header's plan and document settings."""
    with speaking(lang):
        return _frame(header, header.document, lang)


def _frame(header: ReportHeader, document: DocumentSettings, lang: str) -> Frame:
    english = lang == "en"
    signer = document.signer
    recipients = (document.recipients_en if english else []) or document.recipients
    authority = (signer.authority_en if english else None) or signer.authority
    position = (signer.position_en if english else None) or signer.position
    return Frame(
        governing_body=header.governing_body.upper() if header.governing_body else None,
        issuer=issuer_under(header.issuer, header.governing_body).upper(),
        nation=_("SOCIALIST REPUBLIC OF VIETNAM"),
        motto=_("Independence – Freedom – Happiness"),
        number=compose(_("No. {number}"), number=_number(document)),
        attached=compose(
            _("(Attached to Report No. {number} of {day})"),
            number=_number(document),
            day=(Part(date_words(document.signed, lang)),) if document.signed else (Part(BLANK, missing=True),),
        ),
        place_date=_place_date(document, lang),
        kind=_("REPORT"),
        title=_("Implementation of Plan No. {number}, {period}").format(
            number=header.plan_number, period=period_words(header.as_of, lang)
        ),
        plan_title=header.plan_title,
        recipients_label=_("Recipients:"),
        recipients=tuple((Part(line),) for line in recipients) or ((Part(BLANK, missing=True),),),
        authority=authority.upper() if authority else None,
        position=(Part(position.upper()),) if position else (Part(_("(position of the signer)"), missing=True),),
        name=(Part(signer.name),) if signer.name else (Part(_("(full name of the signer)"), missing=True),),
    )


def issuer_under(issuer: str, governing_body: str | None) -> str:
    """The issuing body without the place its governing body, printed just above it, already names
    (Sở Khoa học và Công nghệ under Ủy ban nhân dân Thành phố Hồ Chí Minh), as the plan heads itself."""
    if not governing_body:
        return issuer
    words, above = issuer.split(), governing_body.casefold().split()
    shared = 0
    while shared < min(len(words), len(above)) - 1 and words[-1 - shared].casefold() == above[-1 - shared]:
        shared += 1
    return " ".join(words[:-shared]) if shared >= 2 else issuer


def compose(message: str, **fields: Text) -> Text:
    """A translated message whose placeholders are parts of their own (some of them blanks)."""
    marked = message.format(**{name: f"\x00{name}\x00" for name in fields})
    parts: list[Part] = []
    for index, piece in enumerate(marked.split("\x00")):
        if index % 2:
            parts.extend(fields[piece])
        elif piece:
            parts.append(Part(piece))
    return tuple(parts)


def _number(document: DocumentSettings) -> Text:
    """`15/BC-SKHCN`; a number given whole (`15/BC-KHTC`) stands as given."""
    number = document.number.strip() if document.number else ""
    if "/" in number:
        return (Part(number),)
    first = Part(number) if number else Part(BLANK, missing=True)
    symbol = Part(document.symbol) if document.symbol else Part(BLANK, missing=True)
    return (first, Part("/"), symbol)


def _place_date(document: DocumentSettings, lang: str) -> Text:
    """`TP. Hồ Chí Minh, ngày 05 tháng 7 năm 2018`: the day before 10 and the months 1 and 2 with a
    leading zero, as Decree 30 writes dates; `Ho Chi Minh City, 5 July 2018` in English."""
    place_text = (document.place_en if lang == "en" else None) or document.place
    place = Part(place_text) if place_text else Part(BLANK, missing=True)
    day = document.signed
    if lang == "vi":
        if day is None:
            blank = Part(BLANK, missing=True)
            return (place, Part(", ngày "), blank, Part(" tháng "), blank, Part(" năm "), blank)
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return (place, Part(f", ngày {day.day:02d} tháng {month} năm {day.year}"))
    if day is None:
        return (place, Part(", "), Part(BLANK, missing=True))
    from babel.dates import format_date

    return (place, Part(", " + format_date(day, "d MMMM y", locale=lang)))


def period_words(as_of: date, lang: str) -> str:
    """The period a report's figures cover, counted from the start of the year as offices report:
    `quý I năm 2018` to 31/03, `6 tháng đầu năm 2018` to 30/06, `9 tháng đầu năm 2018` to 30/09,
    `năm 2018` to 31/12; `đến ngày 15/05/2018` to any other day."""
    with speaking(lang):
        quarter = Quarter.containing(as_of)
        if as_of != quarter.last_day:
            return _("to {day}").format(day=date_words(as_of, lang))
        if quarter.number == 1:
            return _("quarter I of {year}").format(year=quarter.year)
        if quarter.number == 2:
            return _("the first six months of {year}").format(year=quarter.year)
        if quarter.number == 3:
            return _("the first nine months of {year}").format(year=quarter.year)
        return _("year {year}").format(year=as_of.year)

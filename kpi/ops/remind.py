"""Reminder drafts, one per owner unit: a text file and an `.eml` draft the office sends itself
(kpi sends nothing). In the run's language, as the office writes to the units."""

from __future__ import annotations

from datetime import datetime
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from kpi.compute.reminders import Reminder
from kpi.errors import UsageError
from kpi.files.outputs import write_outputs
from kpi.i18n import _, language
from kpi.model.numbers import format_number
from kpi.model.quarters import quarter_words
from kpi.model.words import date_words
from kpi.ops.letter import Office, letter_docx

XLSX_SUBTYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reminder_subject(reminder: Reminder) -> str:
    return _("Figures for {quarter}, due {day}").format(
        quarter=quarter_words(reminder.quarter, language()), day=date_words(reminder.due, language())
    )


def reminder_text(reminder: Reminder, form: str | None = None) -> str:
    subject, to, body, recipients = letter_parts(reminder, form)
    return "\n".join([subject, "", to, "", *body, "", *recipients]) + "\n"


def letter_parts(reminder: Reminder, form: str | None = None) -> tuple[str, str, list[str], list[str]]:
    """The office's letter urging a unit to report (công văn đôn đốc): V/v, Kính gửi, what the
    quarter still needs in the unit's words (the measures by their labels), what is late and since
    when, and "Đề nghị … trước ngày …" with the due day and the form attached, when there is one
    (`form`, the unit's form of kpi form). It asks the unit for no tool and no machine columns."""
    lang = language()
    quarter = quarter_words(reminder.quarter, lang)
    due = date_words(reminder.due, lang)
    subject = _("Re: urging the report of figures for {quarter}").format(quarter=quarter)
    to = _("To: {name}.").format(name=reminder.name)
    lines = [
        _(
            "To compile the report on the plan's implementation for {quarter}, the Department asks {name} to "
            "report the following."
        ).format(quarter=quarter, name=reminder.name),
        "",
    ]
    figures = [item for item in reminder.owed if item.measure is not None]
    milestones = [item for item in reminder.owed if item.measure is None]
    if figures:
        lines.append(_("Figures still to report for {quarter}:").format(quarter=quarter))
        lines += [
            f"- {reminder.reference(item.indicator)} ({item.label or item.measure}): {item.title}" for item in figures
        ]
        lines.append("")
    if milestones:
        lines.append(_("Milestones due by the end of {quarter}:").format(quarter=quarter))
        lines += [f"- {reminder.reference(item.indicator)}: {item.title}" for item in milestones]
        lines.append("")
    if reminder.late:
        lines.append(_("Already late on {day}:").format(day=date_words(reminder.judged, lang)))
        lines += [
            "- "
            + _("{id}: {title}, {days} days late (since {day})").format(
                id=reminder.reference(item.id),
                title=item.title.rstrip(" .,;:"),  # the plan's own closing punctuation would run into ours
                days=format_number(item.days_late, lang),
                day=date_words(reminder.late_since(item), lang),
            )
            for item in reminder.late
        ]
        lines.append("")
    if form is not None:
        lines.append(
            _(
                "{name} is asked to fill in the attached form {form} (only its yellow cells) and send it to the "
                "Department before {day}."
            ).format(name=reminder.name, form=form, day=due)
        )
    else:
        lines.append(
            _("{name} is asked to send the figures above to the Department before {day}.").format(
                name=reminder.name, day=due
            )
        )
    return subject, to, lines, [_("Recipients:"), "- " + _("As above;"), "- " + _("Filed: VT.")]


def reminder_email(
    reminder: Reminder, sender: str | None, now: datetime, form: tuple[str, bytes] | None = None
) -> bytes:
    """An `.eml` draft: To the unit's address from settings, From the office's, the same text, and the
    unit's form attached when there is one (`form`: its file name and bytes)."""
    message = EmailMessage()
    message["Subject"] = reminder_subject(reminder)
    for name, address in (("From", sender), ("To", reminder.address)):
        if not address:
            continue
        try:  # settings.yaml checks each address (kpi check); what the header still refuses is said, not a crash
            message[name] = address
        except (ValueError, HeaderParseError) as exc:
            raise UsageError(
                _("{header}: cannot write the address '{address}' in a draft: {reason}").format(
                    header=name, address=address, reason=exc
                )
            ) from None
    message["Date"] = format_datetime(now)
    message["X-Unsent"] = "1"  # Outlook opens it as a draft to send, not as mail received
    message.set_content(reminder_text(reminder, form[0] if form else None))
    if form is not None:
        name, data = form
        message.add_attachment(data, maintype="application", subtype=XLSX_SUBTYPE, filename=name)
    return bytes(message)


def write_reminders(
    reminders: list[Reminder],
    folder: Path,
    sender: str | None,
    now: datetime,
    force: bool = False,
    forms: dict[str, bytes] | None = None,
    office: Office | None = None,
) -> list[Path]:
    """Write `<quarter>-<owner>.txt` and `.eml` for each reminder, and `<owner>-<quarter>.xlsx`, the
    unit's form (`forms`, by owner), beside them and attached to the draft; refuse, writing nothing,
    when a file is there already and `force` is not given."""
    planned = {}
    for reminder in reminders:
        stem = f"{reminder.quarter}-{reminder.owner}"
        workbook = (forms or {}).get(reminder.owner)
        form = (f"{reminder.owner}-{reminder.quarter}.xlsx", workbook) if workbook is not None else None
        planned[folder / f"{stem}.txt"] = reminder_text(reminder, form[0] if form else None).encode("utf-8")
        planned[folder / f"{stem}.eml"] = reminder_email(reminder, sender, now, form)
        if office is not None:  # the letter to sign, in Word, beside the draft
            planned[folder / f"{stem}.docx"] = letter_docx(office, *letter_parts(reminder, form[0] if form else None))
        if form is not None:
            planned[folder / form[0]] = form[1]
    # All the drafts, or (one there already, or a write refused) none of them.
    return write_outputs(planned, force, _("no reminder was written"))

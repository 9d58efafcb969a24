"""What a staged kiosk intake means for staff, without any UI: the reasons in plain English, the
line it gets on the triage queue, the safe-contact preferences, the case type its reasons suggest,
what the person typed in their own words (flagged when written in Spanish: shown as typed, never
translated), and what carries over to a person on file (filling only what is empty there).

The field ids are those of workflows/definitions/kiosk_intake.yaml; a changed definition that
drops one simply carries nothing over for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from pages.formatting import clock_time
from pages.services import Services
from store import KioskIntake, Person, SafeContact, StoreError, phone_digits
from workflows.model import Definition, local

KIOSK_WORKFLOW = "kiosk_intake"
LANGUAGES = {"en": "English", "es": "Spanish"}
# The case a walk-in's reasons most likely need, strongest first; the worker may choose another.
# Types as in pages.casework.queue.CASE_TYPES; "I just need information" suggests none.
REASON_CASE_TYPES = (
    ("hurt_or_threatened", "domestic_violence"),
    ("order_of_protection", "domestic_violence"),
    ("child_or_teen", "juvenile_family"),
    ("police_report_or_court", "victim_of_crime"),
    ("mental_health_substance_use", "mental_health"),
    ("basic_needs", "homelessness"),
)
CLOSE_REASONS = {
    "left": "Left before anyone came",
    "information": "Information given, no case needed",
    "referred": "Referred elsewhere",
    "duplicate": "Duplicate of another intake",
    "other": "Other (say why)",
}
SAFE_CONTACT_FIELDS = ("may_call", "may_text", "may_leave_voicemail")
# Free text that is not in anyone's language: a name is shown as it is, never flagged.
NOT_OWN_WORDS = {("name", "first_name")}
FREE_TEXT_TYPES = ("text", "long_text")
WRITTEN_IN_SPANISH = "written in Spanish, as typed — not translated"
SPANISH_NAMES = {"spanish", "español", "espanol", "es"}
ENGLISH_NAMES = {"english", "inglés", "ingles", "en"}


def answer(intake: KioskIntake, step: str, field_id: str) -> Any:
    section = intake.answers.get(step)
    return section.get(field_id) if isinstance(section, dict) else None


def kiosk_definition(services: Services, intake: KioskIntake) -> Definition:
    """The definition version the person answered (its snapshot), or today's if that is missing."""
    try:
        return services.definition_for(services.cases.documents, intake.definition_key)
    except (StoreError, KeyError, ValueError):
        return services.catalogue.get(KIOSK_WORKFLOW)


def _labels(definition: Definition, step: str, field_id: str, values: Any) -> list[str]:
    try:
        spec = definition.step(step).field(field_id)
    except KeyError:
        spec = None
    chosen = values if isinstance(values, list) else []
    return [spec.choice_label(v, "en") if spec else str(v) for v in chosen]


def reasons(definition: Definition, intake: KioskIntake) -> list[str]:
    """What brought them in, as the English choice labels."""
    return _labels(definition, "reason", "reasons", answer(intake, "reason", "reasons"))


def accessibility(definition: Definition, intake: KioskIntake) -> list[str]:
    return _labels(definition, "needs", "accessibility", answer(intake, "needs", "accessibility"))


def first_name(intake: KioskIntake) -> str:
    return str(answer(intake, "name", "first_name") or "").strip()


def phone(intake: KioskIntake) -> str:
    return str(answer(intake, "contact", "phone") or "").strip()



def who(intake: KioskIntake) -> str:
    name = first_name(intake)
    return f"{name} (first name only)" if name else "Anonymous walk-in"


def queue_reason(definition: Definition, intake: KioskIntake, zone: tzinfo | None = None) -> str:
    """The intake's line on the triage queue, in plain words."""
    if intake.urgent and intake.urgent_at:
        line = f"Not safe right now — at the lobby kiosk since {clock_time(intake.urgent_at, zone)}"
        return line + (f"; {intake.responder_name or intake.responder} is responding" if intake.responder else "")
    said = "; ".join(reasons(definition, intake)) or "no reason given yet"
    ask = " Asked for a staff member." if intake.asked_for_staff else ""
    return f"Walk-in at the kiosk: {said}, waiting since {clock_time(intake.created_at, zone)}.{ask}"


@dataclass(frozen=True)
class OwnWords:
    """One free-text answer: the question in English and the text exactly as the person typed it."""

    question: str
    text: str
    language: str  # the kiosk language they typed it in ("en" or "es")

    @property
    def flag(self) -> str | None:
        """What staff must be told before reading it, or None (English needs no flag)."""
        return WRITTEN_IN_SPANISH if self.language == "es" else None


def own_words(definition: Definition, intake: KioskIntake) -> list[OwnWords]:
    """What the person typed themselves (text boxes; not the name), in the definition's order.
    Typed at the Spanish kiosk means written in Spanish: it is never machine-translated, so staff
    see it flagged and as typed, and get an interpreter or a colleague if they need one."""
    out: list[OwnWords] = []
    for step in definition.steps:
        for spec in step.fields:
            if spec.type not in FREE_TEXT_TYPES or (step.id, spec.id) in NOT_OWN_WORDS:
                continue
            value = answer(intake, step.id, spec.id)
            if isinstance(value, str) and value.strip():
                out.append(OwnWords(local(spec.label, "en"), value.strip(), intake.language))
    return out


def own_words_note(definition: Definition, intake: KioskIntake) -> str:
    """The free text for the case note: flagged when in Spanish, quoted as typed."""
    words = own_words(definition, intake)
    if not words:
        return ""
    quoted = "; ".join(f"{w.question}: \u201c{w.text}\u201d" for w in words)
    flag = f" ({WRITTEN_IN_SPANISH})" if intake.language == "es" else ""
    return f"Typed at the kiosk{flag}: {quoted}"


def language_line(intake: KioskIntake) -> str:
    used = LANGUAGES.get(intake.language, intake.language)
    line = f"Used the kiosk in {used}."
    if answer(intake, "needs", "interpreter_needed") is True:
        wanted = str(answer(intake, "needs", "interpreter_language") or "").strip()
        line += f" Asked for an interpreter{f' ({wanted})' if wanted else ''}."
    return line


def safe_contact(intake: KioskIntake) -> SafeContact:
    """The preferences the person gave; None where they were not asked (no phone left)."""
    values: dict[str, Any] = {name: answer(intake, "contact", name) for name in SAFE_CONTACT_FIELDS}
    values = {name: value for name, value in values.items() if isinstance(value, bool)}
    values["safe_times"] = str(answer(intake, "contact", "safe_times") or "").strip()
    return SafeContact.model_validate(values)


def language_code(intake: KioskIntake) -> str:
    """The client's language: the interpreter language they named, else the kiosk's language."""
    wanted = str(answer(intake, "needs", "interpreter_language") or "").strip()
    if not wanted:
        return intake.language
    if wanted.casefold() in SPANISH_NAMES:
        return "es"
    return "en" if wanted.casefold() in ENGLISH_NAMES else wanted


def suggested_case_type(intake: KioskIntake) -> str | None:
    chosen = answer(intake, "reason", "reasons")
    chosen = chosen if isinstance(chosen, list) else []
    return next((case_type for reason, case_type in REASON_CASE_TYPES if reason in chosen), None)


def new_person_fields(definition: Definition, intake: KioskIntake) -> dict[str, Any]:
    """A new client's contact, language and access details from the intake (names come from the worker)."""
    number = phone(intake)
    return {
        "phones": [{"number": number, "label": "given at the kiosk"}] if number else [],
        "safe_contact": safe_contact(intake).model_dump(),
        "language": language_code(intake),
        "interpreter_needed": answer(intake, "needs", "interpreter_needed") is True,
        "accessibility_needs": "; ".join(accessibility(definition, intake)),
    }


@dataclass
class CarryOver:
    """What an intake adds to a person already on file, and what it would have changed but did not."""

    changes: dict[str, Any] = field(default_factory=dict)
    carried: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _yes_no(value: bool | None) -> str:
    return "yes" if value is True else "no" if value is False else "not asked"


CHANNEL_NAMES = {"may_call": "may call", "may_text": "may text", "may_leave_voicemail": "may leave a voicemail"}


def carry_over(definition: Definition, intake: KioskIntake, person: Person) -> CarryOver:
    """Fill only what is empty on the person; list what differs and was left as it is."""
    out = CarryOver()
    number = phone(intake)
    if number:
        on_file = [phone_digits(p.number) for p in person.phones]
        if not person.phones:
            out.changes["phones"] = [{"number": number, "label": "given at the kiosk"}]
            out.carried.append(f"Phone: {number}")
        elif phone_digits(number) not in on_file:
            out.kept.append(f"Phone: the kiosk number {number} is not on file; the numbers on file were kept")
    given = safe_contact(intake)
    contact = person.safe_contact.model_dump()
    for name, label in CHANNEL_NAMES.items():
        new, old = getattr(given, name), contact[name]
        if new is None:
            continue
        if old is None:
            contact[name] = new
            out.carried.append(f"Safe contact: {label} — {_yes_no(new)}")
        elif old != new:
            out.kept.append(f"Safe contact: {label} — on file {_yes_no(old)}, at the kiosk {_yes_no(new)}; "
                            "the file was kept")
    if given.safe_times:
        if not contact["safe_times"].strip():
            contact["safe_times"] = given.safe_times
            out.carried.append(f"Safe times: {given.safe_times}")
        elif contact["safe_times"].strip() != given.safe_times:
            out.kept.append(f"Safe times: on file \u201c{contact['safe_times']}\u201d, at the kiosk "
                            f"\u201c{given.safe_times}\u201d; the file was kept")
    if contact != person.safe_contact.model_dump():
        out.changes["safe_contact"] = contact
    language = language_code(intake)
    if language != person.language:
        if person.language == "en":  # the default: nobody chose it
            out.changes["language"] = language
            out.carried.append(f"Language: {LANGUAGES.get(language, language)}")
        else:
            out.kept.append(f"Language: on file {LANGUAGES.get(person.language, person.language)}, at the kiosk "
                            f"{LANGUAGES.get(language, language)}; the file was kept")
    if answer(intake, "needs", "interpreter_needed") is True and not person.interpreter_needed:
        out.changes["interpreter_needed"] = True
        out.carried.append("Needs an interpreter")
    needs = "; ".join(accessibility(definition, intake))
    if needs:
        if not person.accessibility_needs.strip():
            out.changes["accessibility_needs"] = needs
            out.carried.append(f"Accessibility: {needs}")
        elif person.accessibility_needs.strip() != needs:
            out.kept.append(f"Accessibility: at the kiosk \u201c{needs}\u201d; what is on file was kept")
    return out

"""People: clients and household members, with how they may safely be contacted.

A person lives in `people/<id>.json` (table `person`, one row). The index keeps a `PersonSummary`
(names, aliases, date of birth) for search and the queue; everything else is read from the file.

Safe contact is kept beside what it is about: each phone says whether we may call, text or leave
a voicemail on it and when, the address whether we may send mail there. The person-wide
`safe_contact` holds the safe third party and notes, and the channel answers given before a
phone or address had its own (the new-client form, the kiosk): those apply to every phone and the
address that has not answered for itself (`Person.phone_contact`, `Person.address_contact`).
"""

import re

from pydantic import BaseModel, ConfigDict, Field

from store.models.dates import IsoDate

PERSON_TABLE = "person"
PHONE_CHANNELS = (
    ("may_call", "calls"),
    ("may_text", "texts"),
    ("may_leave_voicemail", "voicemail"),
)
MAIL_CHANNELS = (("may_send_mail", "mail"),)
CONTACT_CHANNELS = PHONE_CHANNELS + MAIL_CHANNELS
# The same rule as the workflows' phone fields: digits and the usual punctuation, 7 to 15 digits.
PHONE_CHARS = re.compile(r"^[0-9+().\-\s]+$")


class Phone(BaseModel):
    """A phone number and how it may safely be used (None: not asked yet for this number)."""

    model_config = ConfigDict(extra="forbid")

    number: str
    label: str = ""  # "cell", "work", "sister's phone"…
    may_call: bool | None = None
    may_text: bool | None = None
    may_leave_voicemail: bool | None = None
    safe_times: str = ""


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    may_send_mail: bool | None = None  # None: not asked yet for this address

    @property
    def one_line(self) -> str:
        return ", ".join(x for x in (self.line1, self.line2, self.city, self.state, self.zip) if x)


class SafeContact(BaseModel):
    """How to reach someone without putting them at risk. None means "not asked yet"."""

    model_config = ConfigDict(extra="forbid")

    may_call: bool | None = None
    may_text: bool | None = None
    may_leave_voicemail: bool | None = None
    may_send_mail: bool | None = None
    safe_times: str = ""
    safe_third_party: str = ""
    notes: str = ""

    def summary(self, channels: tuple[tuple[str, str], ...] = CONTACT_CHANNELS, *,
                person_wide: bool = True) -> list[str]:
        """Plain phrases for a worker about to make contact, most restrictive first.

        `channels` limits them to what applies (a phone's calls, texts and voicemail; an
        address's mail); `person_wide=False` leaves out the third party and notes, which are
        said once for the person, not beside every number.
        """
        asked = {field for field, _ in channels}
        shown = self.model_copy(update={field: None for field, _ in CONTACT_CHANNELS if field not in asked})
        phrases = shown._phrases(person_wide)
        unknown = [name for field, name in channels if getattr(self, field) is None]
        if len(unknown) == len(channels) and not phrases:
            return ["safe contact not asked yet"]
        if unknown:
            # A missing answer is not a yes: say what still has to be asked.
            phrases.append("not asked yet: " + ", ".join(unknown))
        elif not phrases:
            phrases.append("mail is fine" if channels == MAIL_CHANNELS else "no limits on contact")
        return phrases

    def _phrases(self, person_wide: bool) -> list[str]:
        phrases: list[str] = []
        if self.may_call is False and self.may_text is True:
            phrases.append("text only")
        elif self.may_text is False and self.may_call is True:
            phrases.append("calls only, no texts")
        else:
            if self.may_call is False:
                phrases.append("do not call")
            if self.may_text is False:
                phrases.append("no texts")
        if self.may_leave_voicemail is False:
            phrases.append("no voicemail")
        if self.may_send_mail is False:
            phrases.append("do not send mail")
        if self.safe_times.strip():
            phrases.append(f"safe times: {self.safe_times.strip()}")
        if person_wide and self.safe_third_party.strip():
            phrases.append(f"safe contact through: {self.safe_third_party.strip()}")
        if person_wide and self.notes.strip():
            phrases.append(self.notes.strip())
        return phrases


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    first_name: str = ""
    last_name: str = ""
    aliases: list[str] = Field(default_factory=list)
    date_of_birth: IsoDate | None = None
    phones: list[Phone] = Field(default_factory=list)
    email: str | None = None
    address: Address | None = None
    safe_contact: SafeContact = Field(default_factory=SafeContact)
    language: str = "en"
    interpreter_needed: bool = False
    accessibility_needs: str = ""
    created_at: str
    updated_at: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def phone_contact(self, phone: Phone) -> SafeContact:
        """What applies to this number: its own answers, else the person-wide ones."""
        general = self.safe_contact
        return SafeContact(
            may_call=_first_answer(phone.may_call, general.may_call),
            may_text=_first_answer(phone.may_text, general.may_text),
            may_leave_voicemail=_first_answer(phone.may_leave_voicemail, general.may_leave_voicemail),
            safe_times=phone.safe_times.strip() or general.safe_times,
        )

    def address_contact(self) -> SafeContact:
        """What applies to the address: its own answer about mail, else the person-wide one."""
        own = self.address.may_send_mail if self.address else None
        return SafeContact(may_send_mail=_first_answer(own, self.safe_contact.may_send_mail))


def _first_answer(own: bool | None, general: bool | None) -> bool | None:
    return general if own is None else own


def phone_problem(number: str) -> str | None:
    """Why a phone number cannot be stored, or None (the workflows' phone rule)."""
    digits = sum(ch.isdigit() for ch in number)
    if not PHONE_CHARS.match(number) or not 7 <= digits <= 15:
        return "enter a phone number with its area code, for example 309-555-0100"
    return None


class PersonSummary(BaseModel):
    """What search, duplicates and the queue need about a person, kept in memory."""

    id: str
    first_name: str
    last_name: str
    aliases: list[str]
    date_of_birth: str | None
    updated_at: str
    # Digits of each phone number, for the walk-in duplicate check (an index written before this
    # field existed has none until the person is saved again or the index is rebuilt).
    phone_digits: list[str] = Field(default_factory=list)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


def phone_digits(number: str) -> str:
    """"(309) 555-0142" and "309.555.0142" are the same phone; a leading US 1 is dropped."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def summarize_person(person: Person) -> PersonSummary:
    fields = person.model_dump(include=set(PersonSummary.model_fields) - {"phone_digits"})
    digits = [d for d in (phone_digits(p.number) for p in person.phones) if d]
    return PersonSummary.model_validate({**fields, "phone_digits": digits})


# Fields a caller may set; id and the timestamps belong to the store.
PERSON_FIELDS = frozenset(Person.model_fields) - {"id", "created_at", "updated_at"}





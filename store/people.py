"""People: clients and household members, with how they may safely be contacted.

A person lives in `people/<id>.json` (table `person`, one row). The index keeps a `PersonSummary`
(names, aliases, date of birth) for search and the queue; everything else is read from the file.
"""

from pydantic import BaseModel, ConfigDict, Field

from store.casefile import Tables, rows
from store.dates import IsoDate

PERSON_TABLE = "person"
CONTACT_CHANNELS = (
    ("may_call", "calls"),
    ("may_text", "texts"),
    ("may_leave_voicemail", "voicemail"),
    ("may_send_mail", "mail"),
)


class Phone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str
    label: str = ""  # "cell", "work", "sister's phone"…


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""


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

    def summary(self) -> list[str]:
        """Plain phrases for a worker about to make contact, most restrictive first."""
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
        if self.safe_third_party.strip():
            phrases.append(f"safe contact through: {self.safe_third_party.strip()}")
        if self.notes.strip():
            phrases.append(self.notes.strip())
        unknown = [name for field, name in CONTACT_CHANNELS if getattr(self, field) is None]
        if len(unknown) == len(CONTACT_CHANNELS) and not phrases:
            return ["safe contact not asked yet"]
        if unknown:
            # A missing answer is not a yes: say what still has to be asked.
            phrases.append("not asked yet: " + ", ".join(unknown))
        elif not phrases:
            phrases.append("no limits on contact")
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


def person_tables(person: Person) -> Tables:
    """A person file's contents (TinyDB layout, like a case file)."""
    return {PERSON_TABLE: {"1": person.model_dump()}}


def read_person(data: Tables | None) -> Person | None:
    found = rows(data or {}, PERSON_TABLE, Person)
    return found[0] if found else None

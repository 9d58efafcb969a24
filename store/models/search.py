"""Finding people: search by name, alias, date of birth, case number or police report number,
and the duplicate check before a new person is added.

Names are compared normalised: accents and case folded away, apostrophes dropped, other
punctuation a word break ("García-López" ~ "garcia lopez", "O'Brien" ~ "obrien"). A name query
matches when each of its words starts a word of the person's name (or, failing that, of their
names and aliases together), so "mar lop" finds María López. Everything runs over the in-memory
index; no file is opened.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from store.models.cases import CaseSummary
from store.models.dates import parse_typed_date
from store.models.people import PersonSummary, phone_digits

CASE_NUMBER = re.compile(r"([A-Z])-(\d{4})-(\d{1,9})")
SIMILAR_NAME_RATIO = 0.75


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = bare.casefold().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def normalise_report(number: str) -> str:
    """Police report numbers as typed: "24 012345" and "24-012345" are the same report."""
    return re.sub(r"[\s\-_/]+", "", number).upper()


def case_number(seq: int, prefix: str, year: int) -> str:
    return f"{prefix}-{year}-{seq:05d}"


def canonical_case_number(text: str) -> str | None:
    """"c-2026-42" → "C-2026-00042"; None if the text is not a case number."""
    match = CASE_NUMBER.fullmatch(text.strip().upper())
    return case_number(int(match[3]), match[1], int(match[2])) if match else None


@dataclass(frozen=True, slots=True)
class PersonKey:
    """A person as search sees them, normalised once when the index learns of them."""

    summary: PersonSummary
    name: str  # "first last", normalised
    aliases: tuple[str, ...]
    name_words: str  # " first last", so " " + prefix finds a word start
    all_words: str  # the same with every alias's words


def person_key(summary: PersonSummary) -> PersonKey:
    name = normalise(f"{summary.first_name} {summary.last_name}")
    aliases = tuple(alias for alias in (normalise(a) for a in summary.aliases) if alias)
    return PersonKey(summary, name, aliases, " " + name, " " + " ".join((name, *aliases)))


@dataclass(frozen=True, slots=True)
class SearchHit:
    person: PersonSummary
    cases: list[CaseSummary]  # the person's cases as client, newest first
    matched: str  # "case number", "police report number", "date of birth", "name", "alias"


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    person: PersonSummary
    reason: str  # "same name", "same name as an alias", "same date of birth, similar name"


def name_matches(key: PersonKey, words: list[str]) -> str | None:
    if all(" " + word in key.name_words for word in words):
        return "name"
    if key.aliases and all(" " + word in key.all_words for word in words):
        return "alias"
    return None


def _similar(first: str, last: str, name: str, key: PersonKey) -> bool:
    their = key.name.split()
    if (first and first in their[:1]) or (last and last in their[-1:]):
        return True
    return SequenceMatcher(None, name, key.name).ratio() >= SIMILAR_NAME_RATIO


def possible_duplicates(
    people: list[PersonKey], first_name: str, last_name: str, date_of_birth: str | None
) -> list[PossibleDuplicate]:
    """People who may be the one about to be added: same name (in any order), a name that is one
    of their aliases, or the same date of birth and a similar name."""
    first, last = normalise(first_name), normalise(last_name)
    name = " ".join(part for part in (first, last) if part)
    if not name:
        return []
    words = sorted(name.split())
    found = []
    for key in people:
        if key.name == name or sorted(key.name.split()) == words:
            found.append(PossibleDuplicate(key.summary, "same name"))
        elif name in key.aliases:
            found.append(PossibleDuplicate(key.summary, "same name as an alias"))
        elif date_of_birth and key.summary.date_of_birth == date_of_birth and _similar(first, last, name, key):
            found.append(PossibleDuplicate(key.summary, "same date of birth, similar name"))
    found.sort(key=lambda d: (d.person.last_name.casefold(), d.person.first_name.casefold(), d.person.id))
    return found


def walk_in_duplicates(people: list[PersonKey], first_name: str, phone: str) -> list[PossibleDuplicate]:
    """People on file who may be a walk-in who gave only a first name and perhaps a phone: the same
    first name, or the same phone number (ten digits or more, so a half-typed number finds nobody)."""
    first = normalise(first_name)
    digits = phone_digits(phone or "")
    if len(digits) < 10:
        digits = ""
    found = []
    for key in people:
        same_name = bool(first) and (key.name.split()[:1] == [first] or first in key.aliases)
        same_phone = bool(digits) and digits in key.summary.phone_digits
        if same_name and same_phone:
            found.append(PossibleDuplicate(key.summary, "same first name and phone number"))
        elif same_phone:
            found.append(PossibleDuplicate(key.summary, "same phone number"))
        elif same_name:
            found.append(PossibleDuplicate(key.summary, "same first name"))
    # The strongest reason first, then by name.
    strength = {"same first name and phone number": 0, "same phone number": 1, "same first name": 2}
    found.sort(key=lambda d: (strength[d.reason], d.person.last_name.casefold(), d.person.first_name.casefold(),
                              d.person.id))
    return found


def classify(text: str) -> tuple[str | None, str | None, list[str]]:
    """What a query can be: (case number, date of birth, name words); a report number is tried always."""
    number = canonical_case_number(text)
    dob = parse_typed_date(text)
    words = [] if number or dob else normalise(text).split()
    return number, dob, words

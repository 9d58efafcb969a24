"""Whether client information may leave the unit: a consent's scope applied to a referral that
shares information and to the release of a document.

A consent names a recipient (a directory resource or a named person or agency), the categories
of information it covers (`information_sharing.yaml`), a purpose, the day it was signed and the day
it expires; it can be revoked. Information leaves the unit only when, today, a consent naming that
recipient covers every category that would leave, and each category's own rules hold (a consent of
its own for mental-health information, never for juvenile records). Everything else is refused
with the reason in plain words, so the worker can tell the client, or give the client the
provider's details instead ("information given to the client", which needs no consent).

Pure: no store, no UI. A consent is anything with the attributes of `ConsentTerms` (the store's
`Consent` record has them); dates are ISO `YYYY-MM-DD` strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from workflows.information import Category, SharingRules
from workflows.model import local

ConsentState = Literal["current", "not_yet_signed", "expired", "revoked", "unscoped"]


class ConsentTerms(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def recipient(self) -> str: ...
    @property
    def resource_id(self) -> str | None: ...
    @property
    def categories(self) -> Sequence[str]: ...
    @property
    def purpose(self) -> str: ...
    @property
    def information(self) -> str: ...  # exactly what may be disclosed, as the signed form says
    @property
    def signed_on(self) -> str: ...
    @property
    def expires_on(self) -> str: ...
    @property
    def revoked_at(self) -> str | None: ...


@dataclass(frozen=True)
class Recipient:
    """Who would receive the information: a directory resource (by id and name) or a named one."""

    name: str
    resource_id: str | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    consent_ids: tuple[str, ...] = ()  # the consents it is shared under, when allowed
    reasons: tuple[str, ...] = ()  # why not, in plain words, when refused

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


def consent_state(consent: ConsentTerms, today: dt.date) -> ConsentState:
    """"unscoped": recorded before consents named what they cover, so it covers nothing."""
    if consent.revoked_at is not None:
        return "revoked"
    if today.isoformat() < consent.signed_on:
        return "not_yet_signed"
    if today.isoformat() > consent.expires_on:
        return "expired"
    if not consent.categories:
        return "unscoped"
    return "current"


def state_phrase(consent: ConsentTerms, today: dt.date) -> str:
    """The consent's state as the case file shows it."""
    state = consent_state(consent, today)
    return {
        "current": "current",
        "revoked": f"revoked {(consent.revoked_at or '')[:10]}",
        "not_yet_signed": f"not in force until {consent.signed_on}",
        "expired": f"expired {consent.expires_on}",
        "unscoped": "recorded before consents named what they cover: it covers nothing until recorded again",
    }[state]


def names_recipient(consent: ConsentTerms, recipient: Recipient) -> bool:
    if consent.resource_id is not None and recipient.resource_id is not None:
        return consent.resource_id == recipient.resource_id
    return _fold(consent.recipient) == _fold(recipient.name)


def sharing_decision(rules: SharingRules, consents: Iterable[ConsentTerms], recipient: Recipient,
                     wanted: Iterable[str], today: dt.date) -> Decision:
    """May these categories go to this recipient today? Each must be covered by a current
    consent naming the recipient (several consents may together cover them)."""
    wanted = _ordered(rules, wanted)
    if not wanted:
        return Decision(False, reasons=("Nothing was chosen to share.",))
    reasons = _never_shared(rules, wanted)
    named = [c for c in consents if names_recipient(c, recipient)]
    if not named:
        return Decision(False, reasons=(*reasons, f"No consent on file names {recipient.name}."))
    current = [c for c in named if consent_state(c, today) == "current"]
    if not current:
        latest = max(named, key=lambda c: (c.expires_on, c.signed_on))
        return Decision(False, reasons=(*reasons, _not_in_force(latest, recipient.name, today)))
    chosen: set[str] = set()
    missing: list[str] = []
    for category in _shareable(rules, wanted):
        covering = [c for c in current if category.id in c.categories]
        valid = [c for c in covering if _own_consent_problem(rules, c, category) is None]
        if valid:
            chosen.add(max(valid, key=lambda c: (c.expires_on, c.signed_on)).id)
        elif covering:
            reasons.append(_own_consent_problem(rules, covering[0], category) or "")
        else:
            missing.append(category.id)
    if missing:
        reasons.append(f"The consent on file for {recipient.name} does not cover: {rules.labels(missing)}.")
    reasons = list(dict.fromkeys(reasons))  # one own-consent rule is said once
    return Decision(not reasons, tuple(sorted(chosen)) if not reasons else (), tuple(reasons))


def release_decision(rules: SharingRules, consent: ConsentTerms, contains: Iterable[str],
                     today: dt.date) -> Decision:
    """May a document that contains these categories be released under this one consent today?"""
    contains = _ordered(rules, contains)
    state = consent_state(consent, today)
    if state != "current":
        return Decision(False, reasons=(_not_in_force(consent, consent.recipient, today),))
    if not contains:
        return Decision(False, reasons=("This document does not say what information it contains, so it is "
                                        "never released.",))
    return sharing_decision(rules, [consent], Recipient(consent.recipient, consent.resource_id), contains, today)


def releasable(rules: SharingRules, consent: ConsentTerms, documents: Iterable[tuple[str, Sequence[str]]],
               today: dt.date) -> list[str]:
    """The ids of the documents (id, categories it contains) this consent lets the unit release."""
    return [doc_id for doc_id, contains in documents if release_decision(rules, consent, contains, today).allowed]


def recording_problems(rules: SharingRules, *, recipient: str, categories: Sequence[str], purpose: str,
                       details: str, signed_on: str, expires_on: str, today: dt.date) -> list[str]:
    """What is wrong with a consent as a worker is about to record it (nothing: an empty list)."""
    problems = []
    if not recipient.strip():
        problems.append("Say who may receive the information.")
    chosen = _ordered(rules, categories)
    if not chosen:
        problems.append("Tick what the consent covers.")
    problems += _never_shared(rules, chosen)
    groups = {c.own_consent for c in _categories(rules, chosen)}
    own = [g for g in groups if g is not None]
    for group in sorted(own):
        rule = local(rules.own_consents[group].rule)
        if len(groups) > 1:
            problems.append(f"{rule} Record the other information as a separate consent.")
        if not details.strip():
            problems.append(f"Write down exactly what may be disclosed, as the signed form says. {rule}")
    if not purpose.strip():
        problems.append("Say what the information is shared for (the purpose).")
    problems += _date_problems(rules, signed_on, expires_on, today)
    return problems


# -- internals -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _ordered(rules: SharingRules, category_ids: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(category_ids))
    order = {c.id: i for i, c in enumerate(rules.categories)}
    return sorted(ids, key=lambda c: order.get(c, len(order)))


def _categories(rules: SharingRules, category_ids: Iterable[str]) -> list[Category]:
    return [c for c in (rules.category(i) for i in category_ids) if c is not None]


def _shareable(rules: SharingRules, category_ids: Iterable[str]) -> list[Category]:
    return [c for c in _categories(rules, category_ids) if c.never_by_consent is None]


def _never_shared(rules: SharingRules, category_ids: Iterable[str]) -> list[str]:
    reasons = [local(c.never_by_consent) for c in _categories(rules, category_ids) if c.never_by_consent]
    unknown = [i for i in category_ids if rules.category(i) is None]
    if unknown:
        reasons.append(f"{', '.join(unknown)}: not a kind of information a consent can cover.")
    return list(dict.fromkeys(reasons))


def _own_consent_problem(rules: SharingRules, consent: ConsentTerms, category: Category) -> str | None:
    """A category that needs a consent of its own is covered only by a consent that holds nothing
    else and says exactly what is disclosed and why (740 ILCS 110/5; 42 CFR 2.31)."""
    group = category.own_consent
    if group is None:
        return None
    others = [c for c in consent.categories if (found := rules.category(c)) is None or found.own_consent != group]
    if others or not consent.purpose.strip() or not consent.information.strip():
        return local(rules.own_consents[group].rule)
    return None


def _not_in_force(consent: ConsentTerms, name: str, today: dt.date) -> str:
    state = consent_state(consent, today)
    if state == "revoked":
        return f"The consent for {name} was revoked on {(consent.revoked_at or '')[:10]}."
    if state == "expired":
        return f"The consent for {name} expired on {consent.expires_on}."
    if state == "not_yet_signed":
        return f"The consent for {name} is not in force until {consent.signed_on}."
    if state == "unscoped":
        return (f"The consent for {name} was recorded before consents named what they cover, so it covers "
                "nothing: record it again with what the client agreed to share.")
    return f"The consent for {name} is current."


def _date_problems(rules: SharingRules, signed_on: str, expires_on: str, today: dt.date) -> list[str]:
    signed, expires = _date(signed_on), _date(expires_on)
    if signed is None:
        return ["Say the day the client signed the consent."]
    if expires is None:
        return ["Say until when the consent lasts: it must be time-limited."]
    if signed > today:
        return ["The day it was signed cannot be in the future."]
    if expires < signed:
        return ["A consent cannot expire before it is signed."]
    limit = rules.consent.longest_days
    if limit is not None and limit.value is not None and (expires - signed).days > limit.value:
        return [f"A consent may last at most {limit.value} days ({limit.cite}); this one would last "
                f"{(expires - signed).days}. Choose an earlier expiry date."]
    return []


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text or "") == 10 else None
    except ValueError:
        return None

"""The consent rules (workflows.consent) over the shipped categories (information_sharing.yaml):
recipient, dates and revocation, which categories a consent covers, mental-health information
on a consent of its own (740 ILCS 110/5), juvenile records never (705 ILCS 405/5-905), what a
release offers, and what a worker is told when recording a consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from workflows.consent import (
    Recipient,
    consent_state,
    recording_problems,
    releasable,
    release_decision,
    sharing_decision,
)
from workflows.information import SHARING_FILE, SharingRules
from workflows.loader import DefinitionError, load_directory, load_sharing

TODAY = date(2026, 12, 1)
CFPA = Recipient("Center for Prevention of Abuse", "center-for-prevention-of-abuse")
UNITYPLACE = Recipient("UnityPoint Health – UnityPlace", "unitypoint-unityplace")


@dataclass
class Terms:
    """Stands in for the store's Consent record: the same attributes."""

    categories: list[str]
    id: str = "c1"
    recipient: str = CFPA.name
    resource_id: str | None = CFPA.resource_id
    purpose: str = "shelter intake"
    information: str = ""
    signed_on: str = "2026-11-20"
    expires_on: str = "2027-02-20"
    revoked_at: str | None = None


@pytest.fixture(scope="module")
def rules() -> SharingRules:
    return load_sharing()


NAME_PHONE_CHILDREN = ["name", "phone", "children_count"]


# -- recipient --------------------------------------------------------------------------------


def test_a_consent_covers_only_the_recipient_it_names(rules: SharingRules) -> None:
    consent = Terms(NAME_PHONE_CHILDREN)
    assert sharing_decision(rules, [consent], CFPA, ["name", "phone"], TODAY).allowed
    legal_aid = Recipient("Prairie State Legal Services", "prairie-state-legal-services")
    other = sharing_decision(rules, [consent], legal_aid, ["name"], TODAY)
    assert not other.allowed
    assert other.reason == "No consent on file names Prairie State Legal Services."
    # A named person or agency (no directory id) is matched by name, spaces and case aside.
    sister = Terms(["name"], recipient="Ana  Ruiz", resource_id=None)
    assert sharing_decision(rules, [sister], Recipient("ana ruiz"), ["name"], TODAY).allowed
    # Two directory resources never match by name alone.
    lookalike = Terms(["name"], recipient=CFPA.name, resource_id="peoria-county-family-justice-center")
    assert not sharing_decision(rules, [lookalike], CFPA, ["name"], TODAY).allowed


# -- dates and revocation ---------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "today", "state", "reason"), [
    ({}, date(2027, 2, 21), "expired", "The consent for Center for Prevention of Abuse expired on 2027-02-20."),
    ({"revoked_at": "2026-11-28T09:00:00+00:00"}, TODAY, "revoked",
     "The consent for Center for Prevention of Abuse was revoked on 2026-11-28."),
    ({}, date(2026, 11, 19), "not_yet_signed",
     "The consent for Center for Prevention of Abuse is not in force until 2026-11-20."),
])
def test_an_expired_revoked_or_future_consent_shares_nothing(rules: SharingRules, changes: dict[str, str],
                                                             today: date, state: str, reason: str) -> None:
    consent = Terms(NAME_PHONE_CHILDREN, **changes)  # type: ignore[arg-type]
    assert consent_state(consent, today) == state
    decision = sharing_decision(rules, [consent], CFPA, ["name"], today)
    assert (decision.allowed, decision.reason, decision.consent_ids) == (False, reason, ())
    assert not release_decision(rules, consent, ["safety_plan_take_home"], today).allowed


def test_the_first_and_last_day_count(rules: SharingRules) -> None:
    consent = Terms(["name"])
    assert sharing_decision(rules, [consent], CFPA, ["name"], date(2026, 11, 20)).allowed
    assert sharing_decision(rules, [consent], CFPA, ["name"], date(2027, 2, 20)).allowed


def test_an_old_free_text_consent_covers_nothing(rules: SharingRules) -> None:
    old = Terms([], information="name, phone, safety plan", purpose="")
    assert consent_state(old, TODAY) == "unscoped"
    decision = sharing_decision(rules, [old], CFPA, ["name"], TODAY)
    assert not decision.allowed
    assert "recorded before consents named what they cover" in decision.reason


# -- category coverage ------------------------------------------------------------------------


def test_everything_shared_must_be_covered(rules: SharingRules) -> None:
    consent = Terms(NAME_PHONE_CHILDREN)
    assert sharing_decision(rules, [consent], CFPA, NAME_PHONE_CHILDREN, TODAY).consent_ids == ("c1",)
    decision = sharing_decision(rules, [consent], CFPA, ["name", "address", "incident_details"], TODAY)
    assert not decision.allowed
    assert decision.reason == ("The consent on file for Center for Prevention of Abuse does not cover: "
                               "Address or where the client is staying; What happened (the incident).")
    assert sharing_decision(rules, [consent], CFPA, [], TODAY).reason == "Nothing was chosen to share."


def test_two_current_consents_may_cover_it_together(rules: SharingRules) -> None:
    first = Terms(["name", "phone"], id="first")
    second = Terms(["services_requested"], id="second", expires_on="2027-01-31")
    lapsed = Terms(["address"], id="lapsed", expires_on="2026-11-30")
    decision = sharing_decision(rules, [first, second, lapsed], CFPA, ["name", "services_requested"], TODAY)
    assert (decision.allowed, decision.consent_ids) == (True, ("first", "second"))
    assert not sharing_decision(rules, [first, lapsed], CFPA, ["address"], TODAY).allowed


# -- mental-health information needs its own consent (740 ILCS 110/5) --------------------------


def test_mental_health_information_needs_its_own_specific_consent(rules: SharingRules) -> None:
    blanket = Terms(["name", "phone", "mental_health"], recipient=UNITYPLACE.name,
                    resource_id=UNITYPLACE.resource_id, information="everything")
    refused = sharing_decision(rules, [blanket], UNITYPLACE, ["name", "mental_health"], TODAY)
    assert not refused.allowed
    assert refused.reason.startswith("Mental-health information needs its own written consent")
    assert "(740 ILCS 110/5)" in refused.reason
    # The name may still go under the general consent; the mental-health part needs the specific one.
    assert sharing_decision(rules, [blanket], UNITYPLACE, ["name"], TODAY).allowed
    vague = Terms(["mental_health"], id="vague", recipient=UNITYPLACE.name, resource_id=UNITYPLACE.resource_id)
    assert not sharing_decision(rules, [blanket, vague], UNITYPLACE, ["mental_health"], TODAY).allowed
    specific = Terms(["mental_health"], id="mh", recipient=UNITYPLACE.name, resource_id=UNITYPLACE.resource_id,
                     purpose="continuity of care after the crisis", information="the crisis screen of 2026-11-19")
    decision = sharing_decision(rules, [blanket, specific], UNITYPLACE, ["name", "mental_health"], TODAY)
    assert (decision.allowed, decision.consent_ids) == (True, ("c1", "mh"))


def test_juvenile_records_are_never_released_on_a_consent(rules: SharingRules) -> None:
    claimed = Terms(["name", "juvenile_record"])
    decision = release_decision(rules, claimed, ["juvenile_record"], TODAY)
    assert not decision.allowed
    assert decision.reason == ("Juvenile law-enforcement records are never released on a consent: only to the "
                               "recipients 705 ILCS 405/5-905 lists, or under a court order.")
    assert "juvenile_record" not in {c.id for c in rules.consentable()}


# -- releases ---------------------------------------------------------------------------------


def test_a_name_phone_children_consent_releases_no_safety_plan_copy(rules: SharingRules) -> None:
    """Never the staff lethality record under a consent for "name, phone, number of children"; the
    take-home plan only under a consent naming it. Declarations from the shipped workflow YAML."""
    plan = load_directory().get("safety_plan")
    copies = [(doc.id, doc.contains) for doc in plan.documents]
    assert releasable(rules, Terms(NAME_PHONE_CHILDREN), copies, TODAY) == []
    refused = release_decision(rules, Terms(NAME_PHONE_CHILDREN), dict(copies)["staff_record"], TODAY)
    assert refused.reason == ("The consent on file for Center for Prevention of Abuse does not cover: "
                              "The lethality screen and the staff safety-plan record.")
    take_home = Terms([*NAME_PHONE_CHILDREN, "safety_plan_take_home"])
    assert releasable(rules, take_home, copies, TODAY) == ["take_home"]
    assert releasable(rules, Terms(["safety_plan_take_home", "lethality_screen"]), copies, TODAY) == [
        "take_home", "staff_record"]
    assert not release_decision(rules, take_home, [], TODAY).allowed  # a document that declares nothing


def test_every_station_adjustment_document_is_a_juvenile_record(rules: SharingRules) -> None:
    catalogue = load_directory()
    for workflow in ("station_adjustment", "station_adjustment_violation"):
        for doc in catalogue.get(workflow).documents:
            assert doc.contains == ["juvenile_record"], (workflow, doc.id)
    assert catalogue.get("station_adjustment").referral_shares == ["name", "phone", "services_requested"]


# -- recording a consent ----------------------------------------------------------------------


def record(rules: SharingRules, **changes: object) -> list[str]:
    fields: dict[str, object] = {"recipient": CFPA.name, "categories": NAME_PHONE_CHILDREN, "purpose": "shelter",
                                 "details": "", "signed_on": "2026-11-20", "expires_on": "2027-02-20"} | changes
    return recording_problems(rules, today=TODAY, **fields)  # type: ignore[arg-type]


def test_a_complete_consent_records_without_problems(rules: SharingRules) -> None:
    assert record(rules) == []
    assert record(rules, expires_on="2027-11-20") == []  # exactly the longest, 365 days


@pytest.mark.parametrize(("changes", "problem"), [
    ({"recipient": " "}, "Say who may receive the information."),
    ({"categories": []}, "Tick what the consent covers."),
    ({"purpose": ""}, "Say what the information is shared for (the purpose)."),
    ({"expires_on": ""}, "Say until when the consent lasts: it must be time-limited."),
    ({"expires_on": "2026-11-19"}, "A consent cannot expire before it is signed."),
    ({"signed_on": "2026-12-02"}, "The day it was signed cannot be in the future."),
    ({"expires_on": "2027-11-21"}, "A consent may last at most 365 days (unit policy, not a statute;"),
    ({"categories": ["juvenile_record"]}, "Juvenile law-enforcement records are never released on a consent"),
    ({"categories": ["name", "nonsense"]}, "nonsense: not a kind of information a consent can cover."),
    ({"categories": ["name", "mental_health"], "details": "the screen"},
     "Mental-health information needs its own written consent"),
    ({"categories": ["mental_health"]}, "Write down exactly what may be disclosed, as the signed form says."),
])
def test_what_is_wrong_with_a_consent_is_said_before_it_is_recorded(rules: SharingRules, changes: dict[str, object],
                                                                    problem: str) -> None:
    problems = record(rules, **changes)
    assert any(p.startswith(problem) for p in problems), problems


def test_a_specific_mental_health_consent_records(rules: SharingRules) -> None:
    assert record(rules, categories=["mental_health"], details="the crisis screen of 2026-11-19") == []


def test_the_longest_a_consent_lasts_comes_from_the_yaml(tmp_path: Path) -> None:
    text = SHARING_FILE.read_text(encoding="utf-8")
    shorter = tmp_path / "information_sharing.yaml"
    shorter.write_text(text.replace("    value: 365\n", "    value: 90\n"), encoding="utf-8")
    problems = record(load_sharing(shorter))
    assert problems and problems[0].startswith("A consent may last at most 90 days")


def test_the_rules_file_is_checked(tmp_path: Path) -> None:
    text = SHARING_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "information_sharing.yaml"
    broken.write_text(text.replace("own_consent: substance_use_records", "own_consent: substance_use"),
                      encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_sharing(broken)
    assert exc.value.problems == [
        "information_sharing.yaml: categories[substance_use_records].own_consent: 'substance_use' is not one of "
        "own_consents (mental_health, substance_use_records)"]

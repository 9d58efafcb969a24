"""A submit and what it changes on its case: worked out with no UI (pages.workflow.case_effects),
then written in one write of the case file (CaseStore.submit_on_case)."""

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.store_testing import SAFETY_PLAN_V3

import store.files.storage
from pages.workflow.case_effects import RACE, case_effects
from store import Case, CaseStore, DocumentFinal, Person, RecordNotFound
from store.models.effects import CaseEffects, FollowUpToAdd, ReferralToAdd
from store.models.queue import RANK_HIGH_DANGER
from workflows.information import SharingRules
from workflows.loader import DEFINITIONS_DIR, load_file, load_sharing
from workflows.model import Definition

TODAY = date(2026, 11, 20)
CCBYS = "ccbys-childrens-home-association"
CCBYS_NAME = "Comprehensive Community-Based Youth Services (Children's Home Association of Illinois)"
SHARES = ["name", "phone", "services_requested"]


@pytest.fixture(scope="module")
def rules() -> SharingRules:
    return load_sharing()


@pytest.fixture(scope="module")
def lethality() -> Definition:
    return load_file(DEFINITIONS_DIR / "safety_plan.yaml", templates_dir=None)


@pytest.fixture(scope="module")
def station() -> Definition:
    return load_file(DEFINITIONS_DIR / "station_adjustment.yaml", templates_dir=None)


@pytest.fixture
def client(cases: CaseStore) -> Person:
    return cases.add_person(first_name="Ana", last_name="Young", date_of_birth="1990-09-01")


@pytest.fixture
def case(cases: CaseStore, client: Person) -> Case:
    return cases.open_case(client.id, "domestic_violence", created_by="ana", assigned_to="ana")


def draft(cases: CaseStore, case_id: str | None) -> str:
    return cases.documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id=case_id,
                                        answers={"step": {"q": 1}}).id


def consent(cases: CaseStore, case: Case, client: Person, categories: list[str]) -> str:
    return cases.add_consent(case.id, person_id=client.id, recipient="x", resource_id=CCBYS, categories=categories,
                             purpose="youth services", signed_on="2026-11-20", expires_on="2027-02-20",
                             created_by="ana").id


def everything(referrals: tuple[ReferralToAdd, ...] = ()) -> CaseEffects:
    return CaseEffects(high_danger=True, follow_up=FollowUpToAdd(title="Call back", kind="status_update",
                                                                 due_date="2026-11-27"),
                       referrals=referrals, today=TODAY)


# -- what a submit changes (no store writes) ----------------------------------------------------


def test_a_lethality_screen_tells_its_case_the_result(lethality: Definition, cases: CaseStore,
                                                      rules: SharingRules) -> None:
    def effects(computed: dict[str, Any]) -> CaseEffects:
        return case_effects(lethality, computed, "doc1", resources=cases.resources(), consents=[], rules=rules,
                            shares=[], today=TODAY)

    assert effects({"high_danger": True}) == CaseEffects(high_danger=True, today=TODAY)
    assert effects({"high_danger": False}).high_danger is False
    assert effects({}).empty  # not screened: the case is not told anything


def test_a_follow_up_and_referrals_without_a_consent_are_information_only(
        station: Definition, cases: CaseStore, rules: SharingRules) -> None:
    computed = {"follow_up_due": "2026-12-01", "follow_up_title": "Station adjustment follow-up: home visit",
                "follow_up_kind": "home_visit", "referral_resources": [CCBYS, "not-in-the-directory"]}
    effects = case_effects(station, computed, "doc1", resources=cases.resources(), consents=[], rules=rules,
                           shares=SHARES, today=TODAY)
    assert effects.high_danger is None
    assert effects.follow_up == FollowUpToAdd(title="Station adjustment follow-up: home visit", kind="home_visit",
                                              due_date="2026-12-01")
    [referral] = effects.referrals  # an id the directory does not hold makes no referral
    assert referral == ReferralToAdd(resource_id=CCBYS, sharing="information_only", notes="From document doc1",
                                     reason=f"No consent on file names {CCBYS_NAME}.")


def test_a_follow_up_of_an_unknown_kind_is_other_and_untitled_is_follow_up(
        station: Definition, cases: CaseStore, rules: SharingRules) -> None:
    effects = case_effects(station, {"follow_up_due": "2026-12-01", "follow_up_kind": "phone_call"}, "doc1",
                           resources=cases.resources(), consents=[], rules=rules, shares=SHARES, today=TODAY)
    assert effects.follow_up == FollowUpToAdd(title="Follow-up", kind="other", due_date="2026-12-01")


def test_a_referral_is_shared_only_under_a_consent_covering_all_of_it(
        station: Definition, cases: CaseStore, rules: SharingRules, case: Case, client: Person) -> None:
    narrow = consent(cases, case, client, ["name", "phone"])
    computed = {"referral_resources": [CCBYS]}

    def referral() -> ReferralToAdd:
        effects = case_effects(station, computed, "doc1", resources=cases.resources(),
                               consents=cases.consents(case.id), rules=rules, shares=SHARES, today=TODAY)
        [made] = effects.referrals
        return made

    refused = referral()
    assert (refused.sharing, refused.consent_ids) == ("information_only", ())
    assert refused.reason.startswith(f"The consent on file for {CCBYS_NAME} does not cover: ")
    cases.revoke_consent(case.id, narrow, by="ana")
    covering = consent(cases, case, client, SHARES)
    assert referral() == ReferralToAdd(resource_id=CCBYS, sharing="shared", shared=tuple(SHARES),
                                       consent_ids=(covering,), refused_reason=" ".join(RACE),
                                       notes="From document doc1")


# -- one write ------------------------------------------------------------------------------------


def test_the_submit_and_every_change_on_its_case_are_one_write(
        cases: CaseStore, case: Case, client: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    covering = consent(cases, case, client, SHARES)
    doc_id = draft(cases, case.id)
    writes: Counter[str] = Counter()
    real_write = store.files.storage.atomic_write_bytes

    def counting(path: Path, data: bytes) -> None:
        writes[path.name] += 1
        real_write(path, data)

    monkeypatch.setattr(store.files.storage, "atomic_write_bytes", counting)
    shared = ReferralToAdd(resource_id=CCBYS, sharing="shared", shared=tuple(SHARES), consent_ids=(covering,),
                           refused_reason="raced", notes=f"From document {doc_id}")
    given = ReferralToAdd(resource_id="988-lifeline", sharing="information_only", reason="No consent.")
    done = cases.submit_on_case(doc_id, {"step": {"q": 2}}, {"high_danger": True}, everything((shared, given)),
                                by="bo")
    assert writes == Counter({f"{case.id}.json": 1})

    assert (done.document.status, done.document.answers, done.document.computed) == (
        "submitted", {"step": {"q": 2}}, {"high_danger": True})
    assert cases.documents.get(doc_id) == done.document
    flagged = cases.get_case(case.id)
    assert done.case == flagged
    assert (flagged.high_danger, flagged.high_danger_document) == (True, doc_id)
    assert flagged.high_danger_at is not None
    [follow_up] = cases.follow_ups(case.id)
    assert follow_up == done.follow_up
    assert (follow_up.title, follow_up.kind, follow_up.due_date, follow_up.created_by, follow_up.assigned_to) == (
        "Call back", "status_update", "2026-11-27", "bo", "ana")
    assert cases.referrals(case.id) == list(done.referrals)
    assert [(r.resource_id, r.sharing, r.status, r.consent_ids, r.reason, r.created_by) for r in done.referrals] == [
        (CCBYS, "shared", "sent", [covering], "", "bo"),
        ("988-lifeline", "information_only", "given", [], "No consent.", "bo")]
    # Both indexes show it at once: the submitted list and the triage queue.
    assert [s.id for s in cases.documents.submitted()] == [doc_id]
    summary = cases.case_clients([case.id])[case.id].case
    assert summary.high_danger and summary.next_follow_up_due == "2026-11-27"
    assert [e.rank for e in cases.queue(today=TODAY)] == [RANK_HIGH_DANGER]


def test_the_indexes_agree_with_the_case_file_after_reopening_and_rebuilding(root: Path, cases: CaseStore,
                                                                             case: Case) -> None:
    doc_id = draft(cases, case.id)
    cases.submit_on_case(doc_id, {}, {"high_danger": True}, everything(), by="bo")
    cases.close()
    with CaseStore(root) as again:
        listed = again.documents.submitted(), again.case_clients([case.id])
        again.rebuild_index()
        assert (again.documents.submitted(), again.case_clients([case.id])) == listed
        assert [s.id for s in listed[0]] == [doc_id] and listed[1][case.id].case.high_danger


def test_a_refused_submit_changes_nothing_on_the_case(cases: CaseStore, case: Case) -> None:
    doc_id = draft(cases, case.id)
    cases.documents.submit(doc_id, {}, {})
    before = cases.get_case(case.id)
    with pytest.raises(DocumentFinal):
        cases.submit_on_case(doc_id, {}, {"high_danger": True}, everything(), by="bo")
    assert cases.get_case(case.id) == before and cases.follow_ups(case.id) == []
    unknown = ReferralToAdd(resource_id="nowhere", sharing="information_only")
    second = draft(cases, case.id)
    with pytest.raises(RecordNotFound):
        cases.submit_on_case(second, {}, {}, everything((unknown,)), by="bo")
    assert cases.documents.get(second).status == "draft" and cases.get_case(case.id) == before


def test_a_consent_revoked_before_the_write_shares_nothing(cases: CaseStore, case: Case, client: Person) -> None:
    covering = consent(cases, case, client, SHARES)
    decided = ReferralToAdd(resource_id=CCBYS, sharing="shared", shared=tuple(SHARES), consent_ids=(covering,),
                            refused_reason=" ".join(RACE))
    cases.revoke_consent(case.id, covering, by="ana")  # in another tab, after the decision
    done = cases.submit_on_case(draft(cases, case.id), {}, {}, CaseEffects(referrals=(decided,), today=TODAY),
                                by="bo")
    [referral] = done.referrals
    assert (referral.sharing, referral.status, referral.shared, referral.reason) == (
        "information_only", "given", [], " ".join(RACE))


def test_a_document_without_a_case_record_is_simply_submitted(cases: CaseStore) -> None:
    loose = cases.submit_on_case(draft(cases, None), {}, {}, CaseEffects(today=TODAY), by="bo")
    assert (loose.document.status, loose.case, loose.referrals) == ("submitted", None, ())
    # A case file that holds only documents (no case record): nothing to change, so just submitted...
    filed = cases.submit_on_case(draft(cases, "C-1"), {}, {}, CaseEffects(today=TODAY), by="bo")
    assert filed.document.status == "submitted"
    # ...but a flag for a case that is not there is refused before anything is written.
    doc_id = draft(cases, "C-1")
    with pytest.raises(RecordNotFound):
        cases.submit_on_case(doc_id, {}, {}, everything(), by="bo")
    assert cases.documents.get(doc_id).status == "draft"


# -- the crisis contact's suicide-risk screen: a flag of its own -----------------------------------


def test_a_crisis_contact_tells_its_case_the_suicide_risk(cases: CaseStore, rules: SharingRules) -> None:
    crisis = load_file(DEFINITIONS_DIR / "crisis_contact.yaml")
    computed = {"suicide_high_risk": True, "follow_up_due": None}
    effects = case_effects(crisis, computed, "doc1", resources=cases.resources(), consents=[], rules=rules,
                           shares=[], today=TODAY)
    assert (effects.suicide_high_risk, effects.high_danger) == (True, None)


def test_the_suicide_risk_and_the_lethality_screen_never_clear_each_other(cases: CaseStore, case: Case) -> None:
    lethal = draft(cases, case.id)
    cases.submit_on_case(lethal, {"step": {"q": 1}}, {}, CaseEffects(high_danger=True, today=TODAY), by="ana")
    first = draft(cases, case.id)
    cases.submit_on_case(first, {"step": {"q": 1}}, {}, CaseEffects(suicide_high_risk=True, today=TODAY), by="ana")
    flagged = cases.get_case(case.id)
    assert (flagged.high_danger, flagged.high_danger_document) == (True, lethal)
    assert (flagged.suicide_high_risk, flagged.suicide_risk_document) == (True, first)
    [top] = cases.queue(today=date(2026, 11, 21))
    assert top.reason.startswith("High danger on the lethality screen and high suicide risk on a crisis contact (")

    # A later contact with a lower risk clears the suicide flag only.
    later = draft(cases, case.id)
    cases.submit_on_case(later, {"step": {"q": 1}}, {}, CaseEffects(suicide_high_risk=False, today=TODAY), by="ana")
    after = cases.get_case(case.id)
    assert (after.high_danger, after.suicide_high_risk, after.suicide_risk_document) == (True, False, later)
    [top] = cases.queue(today=date(2026, 11, 21))
    assert top.reason.startswith("High danger on the lethality screen (")


def test_high_suicide_risk_alone_puts_the_case_first_with_its_own_reason(cases: CaseStore, case: Case,
                                                                         client: Person) -> None:
    other = cases.open_case(client.id, "mental_health", created_by="ana")
    doc = draft(cases, other.id)
    cases.submit_on_case(doc, {"step": {"q": 1}}, {}, CaseEffects(suicide_high_risk=True, today=TODAY), by="ana")
    ranked = cases.queue(today=date(2026, 11, 21))
    assert ranked[0].case_id == other.id
    assert ranked[0].reason.startswith("High suicide risk on a crisis contact (")
    assert cases.get_case(other.id).high_danger is False

"""CaseStore cases and their records: numbering, status, restriction, household, notes,
follow-ups, referrals, consents, the shared case file, and the referral directory."""

import json
import threading
from datetime import date
from pathlib import Path

import pytest
from support.casework import Clock
from support.store_testing import SAFETY_PLAN_V3

from store import CaseStore, Consent, Person, RecordNotFound
from store.files.case_records import ConsentNotInForce
from store.files.casefile import Tables


@pytest.fixture
def client(cases: CaseStore) -> Person:
    return cases.add_person(first_name="María", last_name="López")


def open_case(cases: CaseStore, client: Person, case_type: str = "domestic_violence", **kwargs: object) -> str:
    return cases.open_case(client.id, case_type, created_by="ana", **kwargs).id  # type: ignore[arg-type]


# -- opening and numbering ------------------------------------------------------------------


def test_case_numbers_count_up_within_a_year_and_start_again_the_next(
    cases: CaseStore, client: Person, clock: Clock, root: Path
) -> None:
    assert [open_case(cases, client) for _ in range(3)] == ["C-2026-00001", "C-2026-00002", "C-2026-00003"]
    assert open_case(cases, client, mode="training") == "T-2026-00001"
    clock.set("2027-01-01T06:00:00+00:00")
    assert open_case(cases, client) == "C-2027-00001"
    cases.close()
    with CaseStore(root) as reopened:  # numbering survives a restart
        assert open_case(reopened, client) == "C-2027-00002"


def test_a_number_with_a_file_already_is_skipped(cases: CaseStore, client: Person) -> None:
    cases.documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-2026-00001")
    assert open_case(cases, client) == "C-2026-00002"


def test_a_new_case_waits_for_someone_unless_assigned_at_once(cases: CaseStore, client: Person) -> None:
    waiting = cases.get_case(open_case(cases, client))
    assert (waiting.status, waiting.assigned_to, waiting.priority, waiting.opened_by) == ("new", None, "normal", "ana")
    taken = cases.get_case(open_case(cases, client, assigned_to="bo", priority="urgent",
                                     police_report_number="24-1"))
    assert (taken.status, taken.assigned_to, taken.priority, taken.police_report_number) == (
        "open", "bo", "urgent", "24-1")
    assigned = cases.assign(waiting.id, "ana")
    assert (assigned.status, assigned.assigned_to) == ("open", "ana")


def test_opening_needs_a_known_client_and_valid_choices(cases: CaseStore, client: Person, root: Path) -> None:
    with pytest.raises(RecordNotFound):
        cases.open_case("nosuchperson", "domestic_violence", created_by="ana")
    with pytest.raises(ValueError):
        cases.open_case(client.id, "burglary", created_by="ana")
    with pytest.raises(ValueError):
        cases.open_case(client.id, "homelessness", created_by="ana", priority="asap")
    assert list((root / "cases").iterdir()) == []


def test_juvenile_cases_are_always_restricted(cases: CaseStore, client: Person) -> None:
    juvenile = cases.get_case(open_case(cases, client, "juvenile_family"))
    assert juvenile.restricted
    with pytest.raises(ValueError, match="restricted"):
        cases.update_case(juvenile.id, restricted=False)
    other = open_case(cases, client, "mental_health")
    assert not cases.get_case(other).restricted
    assert cases.update_case(other, case_type="juvenile_family").restricted
    assert cases.update_case(open_case(cases, client, "victim_of_crime"), restricted=True).restricted


@pytest.mark.parametrize("field", ["client_id", "high_danger", "opened_at", "id", "closed_at", "status",
                                   "status_changes"])
def test_update_case_changes_only_the_case_fields_it_owns(cases: CaseStore, client: Person, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        cases.update_case(open_case(cases, client), **{field: "x"})


def test_unknown_cases_are_key_errors_and_never_file_names(cases: CaseStore, root: Path) -> None:
    for case_id in ("C-2026-99999", "../people/x", ""):
        with pytest.raises(RecordNotFound):
            cases.get_case(case_id)
        with pytest.raises(RecordNotFound):
            cases.add_note(case_id, author="ana", text="x")
        with pytest.raises(RecordNotFound):
            cases.notes(case_id)
    assert list((root / "cases").iterdir()) == []


# -- case record fields ---------------------------------------------------------------------


def test_household_confidentiality_and_lethality(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    son = cases.add_person(first_name="Leo", last_name="López", date_of_birth="2016-05-01")
    cases.add_household_member(case_id, name="Leo López", relationship="son", person_id=son.id,
                               date_of_birth="2016-05-01")
    case = cases.add_household_member(case_id, name="Ray", relationship="partner")
    assert [(m.name, m.relationship, m.person_id) for m in case.household] == [
        ("Leo López", "son", son.id), ("Ray", "partner", None)]
    with pytest.raises(RecordNotFound):
        cases.add_household_member(case_id, name="X", relationship="x", person_id="nosuchperson")

    first = cases.acknowledge_confidentiality(case_id, "ana")
    assert first.confidentiality_acknowledged_by == "ana" and first.confidentiality_acknowledged_at
    again = cases.acknowledge_confidentiality(case_id, "bo")
    assert (again.confidentiality_acknowledged_at, again.confidentiality_acknowledged_by) == (
        first.confidentiality_acknowledged_at, "ana")  # told at first contact: that moment stands

    flagged = cases.record_lethality(case_id, True, "doc123456789")
    assert (flagged.high_danger, flagged.high_danger_document) == (True, "doc123456789")
    assert flagged.high_danger_at is not None
    assert cases.get_case(case_id) == flagged


# -- notes and follow-ups -------------------------------------------------------------------


def test_notes_are_kept_in_order(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    cases.add_note(case_id, author="ana", text="Phone call.")
    cases.add_note(case_id, author="bo", text="Went with her to court.", note_type="court")
    assert [(n.author, n.note_type, n.text) for n in cases.notes(case_id)] == [
        ("ana", "contact", "Phone call."), ("bo", "court", "Went with her to court.")]
    with pytest.raises(ValueError):
        cases.add_note(case_id, author="ana", text="")
    with pytest.raises(ValueError):
        cases.add_note(case_id, author="ana", text="x", note_type="gossip")
    assert len(cases.notes(case_id)) == 2


def test_follow_ups_overdue_and_done(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client, assigned_to="ana")
    court = cases.add_follow_up(case_id, title="OP hearing", kind="court_date", due_date="2026-12-01",
                                created_by="ana", transport_arranged=True)
    visit = cases.add_follow_up(case_id, title="Visit", kind="home_visit", due_date="2026-11-18",
                                created_by="ana", police_backup_requested=True, assigned_to="bo")
    assert [f.id for f in cases.follow_ups(case_id)] == [visit.id, court.id]  # by due date
    assert (court.assigned_to, visit.assigned_to) == ("ana", "bo")  # defaults to the case's worker
    assert visit.police_backup_requested and court.transport_arranged
    assert [f.id for f in cases.overdue_follow_ups(case_id, date(2026, 11, 19))] == [visit.id]
    assert not court.is_overdue(date(2026, 12, 1))  # due today is not overdue yet
    assert court.is_overdue(date(2026, 12, 2))
    done = cases.complete_follow_up(case_id, visit.id, by="bo")
    assert done.done_at is not None and done.done_by == "bo"
    assert cases.complete_follow_up(case_id, visit.id, by="ana") == done
    assert cases.overdue_follow_ups(case_id, date(2026, 11, 19)) == []
    with pytest.raises(RecordNotFound):
        cases.complete_follow_up(case_id, "nosuchfollow", by="bo")
    with pytest.raises(ValueError):
        cases.add_follow_up(case_id, title="x", kind="home_visit", due_date="12/01/2026", created_by="ana")


# -- referrals and consents -----------------------------------------------------------------


def test_referrals_move_on_and_stop_at_a_final_status(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    referral = cases.add_referral(case_id, resource_id="prairie-state-legal-services", created_by="ana")
    assert (referral.status, referral.sharing, referral.shared) == ("given", "information_only", [])
    accepted = cases.set_referral_status(case_id, referral.id, "accepted", notes="intake on Monday")
    assert (accepted.status, accepted.notes) == ("accepted", "intake on Monday")
    assert accepted.updated_at > referral.updated_at
    with pytest.raises(ValueError, match="nothing was sent"):
        cases.set_referral_status(case_id, referral.id, "sent")  # information only is never "sent"
    cases.set_referral_status(case_id, referral.id, "completed")
    with pytest.raises(ValueError, match="completed"):
        cases.set_referral_status(case_id, referral.id, "accepted")
    with pytest.raises(ValueError):
        cases.set_referral_status(case_id, referral.id, "lost")
    with pytest.raises(RecordNotFound):
        cases.add_referral(case_id, resource_id="nowhere", created_by="ana")
    assert [r.status for r in cases.referrals(case_id)] == ["completed"]


def consent(cases: CaseStore, case_id: str, client: Person, **changes: object) -> Consent:
    fields = {"recipient": "Center for Prevention of Abuse", "resource_id": "center-for-prevention-of-abuse",
              "categories": ["name", "phone", "safety_plan_take_home"], "purpose": "shelter intake",
              "signed_on": "2026-11-20", "expires_on": "2027-02-20"} | changes
    return cases.add_consent(case_id, person_id=client.id, created_by="ana", **fields)  # type: ignore[arg-type]


def test_a_shared_referral_names_what_went_and_under_which_consent(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    given = consent(cases, case_id, client)
    shared = cases.add_referral(case_id, resource_id="center-for-prevention-of-abuse", created_by="ana",
                                sharing="shared", shared=["name", "phone"], consent_ids=[given.id],
                                today=date(2026, 12, 1))
    assert (shared.status, shared.sharing, shared.shared, shared.consent_ids) == (
        "sent", "shared", ["name", "phone"], [given.id])
    assert cases.referrals(case_id) == [shared]


@pytest.mark.parametrize("why", ["revoked", "expired", "not this case", "not covered", "nothing named"])
def test_a_share_the_consent_no_longer_allows_is_not_recorded(cases: CaseStore, client: Person, why: str) -> None:
    """Checked again under the case's lock: a consent revoked in another tab a moment ago stops it."""
    case_id = open_case(cases, client)
    given = consent(cases, case_id, client)
    other_case = open_case(cases, client)
    elsewhere = consent(cases, other_case, client)
    today, ids, shared = date(2026, 12, 1), [given.id], ["name"]
    if why == "revoked":
        cases.revoke_consent(case_id, given.id, by="ana")
    elif why == "expired":
        today = date(2027, 2, 21)
    elif why == "not this case":
        ids = [elsewhere.id]
    elif why == "not covered":
        shared = ["name", "address"]
    else:
        ids = []
    with pytest.raises(ConsentNotInForce):
        cases.add_referral(case_id, resource_id="center-for-prevention-of-abuse", created_by="ana",
                           sharing="shared", shared=shared, consent_ids=ids, today=today)
    assert cases.referrals(case_id) == []


def test_a_consent_is_current_from_signing_until_expiry_unless_revoked(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    given = consent(cases, case_id, client)
    assert (given.recipient, given.resource_id, given.categories, given.purpose) == (
        "Center for Prevention of Abuse", "center-for-prevention-of-abuse", ["name", "phone", "safety_plan_take_home"],
        "shelter intake")
    assert not given.is_current(date(2026, 11, 19))
    assert given.is_current(date(2026, 11, 20)) and given.is_current(date(2027, 2, 20))
    assert not given.is_current(date(2027, 2, 21))
    assert cases.current_consent(case_id, "center for prevention of abuse ", date(2026, 12, 1)) == given
    assert cases.current_consent(case_id, "Prairie State Legal Services", date(2026, 12, 1)) is None
    assert cases.current_consent(case_id, "Center for Prevention of Abuse", date(2027, 3, 1)) is None
    revoked = cases.revoke_consent(case_id, given.id, by="ana")
    assert revoked.revoked_at is not None and not revoked.is_current(date(2026, 12, 1))
    assert cases.current_consent(case_id, "Center for Prevention of Abuse", date(2026, 12, 1)) is None
    assert [c.id for c in cases.consents(case_id)] == [given.id]  # revoked ones are kept


def test_the_longest_lasting_current_consent_is_the_one_in_force(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    consent(cases, case_id, client, expires_on="2026-12-31")
    longer = consent(cases, case_id, client, expires_on="2027-06-30")
    assert cases.current_consent(case_id, "Center for Prevention of Abuse", date(2026, 12, 1)) == longer


def test_a_consent_must_be_time_limited_and_say_what_it_covers(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    with pytest.raises(ValueError):
        consent(cases, case_id, client, expires_on="2026-11-19")
    with pytest.raises(TypeError):
        cases.add_consent(case_id, person_id=client.id, recipient="x", categories=["name"], purpose="x",
                          signed_on="2026-11-20", created_by="ana")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="what it covers"):
        consent(cases, case_id, client, categories=[])
    with pytest.raises(ValueError, match="what it covers"):
        consent(cases, case_id, client, purpose=" ")
    with pytest.raises(RecordNotFound):
        consent(cases, case_id, client, resource_id="nowhere")
    assert cases.consents(case_id) == []
    named = consent(cases, case_id, client, recipient="Ana Ruiz (sister)", resource_id=None)
    assert (named.recipient, named.resource_id) == ("Ana Ruiz (sister)", None)


def test_consents_and_referrals_recorded_before_scopes_still_read(cases: CaseStore, client: Person) -> None:
    """Old rows: a free-text consent has no categories (it covers nothing until recorded again), an
    old referral says nothing about sharing (neither "shared" nor "information only")."""
    case_id = open_case(cases, client)

    def old_rows(data: Tables, case: object) -> None:
        data["consents"] = {"1": {"id": "c1", "case_id": case_id, "person_id": client.id, "recipient": "Legal aid",
                                  "information": "The safety plan", "signed_on": "2026-01-01",
                                  "expires_on": "2099-01-01", "revoked_at": None, "revoked_by": None,
                                  "created_by": "ana", "created_at": "2026-01-01T10:00:00+00:00"}}
        data["referrals"] = {"1": {"id": "r1", "case_id": case_id, "resource_id": "988-lifeline", "status": "sent",
                                   "notes": "", "created_by": "ana", "created_at": "2026-01-01T10:00:00+00:00",
                                   "updated_at": "2026-01-01T10:00:00+00:00"}}

    cases._change_case(case_id, old_rows)
    [old] = cases.consents(case_id)
    assert (old.categories, old.purpose, old.resource_id, old.information) == ([], "", None, "The safety plan")
    [referral] = cases.referrals(case_id)
    assert (referral.sharing, referral.status, referral.shared) == ("not_recorded", "sent", [])
    assert cases.set_referral_status(case_id, "r1", "accepted").status == "accepted"


# -- one case file, shared with the documents -----------------------------------------------


def test_a_cases_records_and_documents_share_its_file(cases: CaseStore, client: Person, root: Path) -> None:
    case_id = open_case(cases, client)
    doc = cases.documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id=case_id)
    cases.add_note(case_id, author="ana", text="note")
    cases.add_follow_up(case_id, title="x", kind="other", due_date="2026-12-01", created_by="ana")
    cases.add_referral(case_id, resource_id="988-lifeline", created_by="ana")
    consent(cases, case_id, client)
    cases.documents.save_draft(doc.id, {"home": {"address": "1 Elm"}}, "home")
    cases.add_note(case_id, author="ana", text="after the autosave")
    assert [p.name for p in (root / "cases").iterdir()] == [f"{case_id}.json"]
    tables = json.loads((root / "cases" / f"{case_id}.json").read_bytes())
    assert sorted(tables) == ["case", "consents", "documents", "follow_ups", "notes", "referrals"]
    assert cases.documents.get(doc.id).answers == {"home": {"address": "1 Elm"}}
    assert [s.id for s in cases.documents.case_documents(case_id)] == [doc.id]
    assert len(cases.notes(case_id)) == 2


def test_autosaves_and_notes_on_one_case_at_once_lose_nothing(cases: CaseStore, client: Person) -> None:
    case_id = open_case(cases, client)
    doc_id = cases.documents.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id=case_id).id

    def autosave() -> None:
        for n in range(40):
            cases.documents.save_draft(doc_id, {"progress": {"n": n}}, "progress")

    def write_notes(author: str) -> None:
        for n in range(20):
            cases.add_note(case_id, author=author, text=f"note {n}")

    threads = [threading.Thread(target=autosave), *(threading.Thread(target=write_notes, args=(a,)) for a in "xy")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cases.notes(case_id)) == 40
    assert cases.documents.get(doc_id).answers == {"progress": {"n": 39}}


# -- the referral directory -----------------------------------------------------------------


def test_the_directory_is_seeded_with_the_peoria_resources(cases: CaseStore) -> None:
    everything = cases.resources()
    assert len(everything) == 22
    cpa = cases.resource("center-for-prevention-of-abuse")
    assert cpa.name == "Center for Prevention of Abuse"
    assert "1-800-559-7233" in cpa.contact and "309-691-0551" in cpa.contact
    assert cases.resource("dream-center-peoria").contact == "714 Hamilton Blvd"
    assert cases.resource("988-lifeline").contact == "988"
    assert {r.id for r in cases.resources("domestic_violence")} >= {
        "center-for-prevention-of-abuse", "illinois-dv-hotline", "national-dv-hotline"}
    with pytest.raises(RecordNotFound):
        cases.resource("nowhere")


def test_the_directory_has_the_co_response_resources_marked_for_re_checking(cases: CaseStore) -> None:
    ers = cases.resource("trillium-place-ers")
    assert "309-671-8084" in ers.contact and "309-347-1148" in ers.contact and "2021" in ers.contact
    assert cases.resource("community-crisis-center").contact == "130 Richard Pryor Pl., Peoria"
    assert "Trillium Place" in cases.resource("unitypoint-unityplace").name
    coordinated_entry = cases.resource("home-for-all-coc")
    assert "coordinated_entry" in coordinated_entry.categories and "211" in coordinated_entry.contact
    co_response = ["unitypoint-unityplace", "trillium-place-ers", "community-crisis-center",
                   "trillium-young-minds-center", "heartland-health-services", "osf-saint-francis-ed",
                   "carle-health-hospitals", "home-for-all-coc", "dream-center-peoria", "south-side-mission",
                   "phoenix-community-development-services", "nami-tri-county-illinois"]
    for resource_id in co_response:
        assert "re-check" in cases.resource(resource_id).services, resource_id
    assert {r.id for r in cases.resources("homelessness")} >= {
        "home-for-all-coc", "dream-center-peoria", "south-side-mission", "salvation-army-peoria"}


def test_the_directory_is_seeded_once(root: Path, tmp_path: Path, clock: Clock) -> None:
    with CaseStore(root) as cases:
        before = cases.resources()
    empty_seed = tmp_path / "seed.yaml"
    empty_seed.write_text("[]\n")
    with CaseStore(root, resources_seed=empty_seed) as reopened:
        assert reopened.resources() == before

"""Staged kiosk intakes: the order they wait in, the urgent flag that never drops, matching and
closing, "I'm responding", the change announced after each write, and that they survive a
restart encrypted."""

from pathlib import Path

import pytest
from support.casework import Clock, every_file
from support.intakes import answers, stage

from store import CaseStore, RecordNotFound
from store.files.change_feed import Change
from store.files.intakes import AlreadyResponding
from store.security.crypto import AesGcmCodec


def test_a_submission_is_numbered_and_waits_on_the_queue(cases: CaseStore) -> None:
    first = stage(cases)
    second = stage(cases, language="es")
    assert (first.id, second.id) == ("K-2026-00001", "K-2026-00002")
    assert first.status == "new" and first.urgent_at is None
    assert [i.id for i in cases.intakes.open_intakes()] == [first.id, second.id]
    assert cases.intakes.get(second.id).language == "es"


def test_urgent_intakes_come_first_oldest_alert_first(cases: CaseStore, clock: Clock) -> None:
    calm = stage(cases)
    clock.set("2026-11-20T16:00:00+00:00")
    later_alert = stage(cases, urgent=True, submitted=False)
    clock.set("2026-11-20T15:30:00+00:00")
    # Raised mid-way by someone who started earlier but said "not safe" only now.
    early = stage(cases)
    clock.set("2026-11-20T16:10:00+00:00")
    raised = cases.intakes.update(early.id, answers=answers(safe="no"), urgent=True, submitted=False)
    order = [i.id for i in cases.intakes.open_intakes()]
    assert order == [later_alert.id, raised.id, calm.id]


def test_urgent_never_goes_back_and_keeps_its_first_alert_time(cases: CaseStore, clock: Clock) -> None:
    intake = stage(cases, urgent=True, submitted=False, answers=answers(safe="no"))
    clock.set("2026-11-20T17:00:00+00:00")
    done = cases.intakes.update(intake.id, answers=answers(safe="yes"), urgent=False, submitted=True)
    assert done.urgent and done.urgent_at == intake.urgent_at
    assert done.submitted and done.answers["safety"]["safe_now"] == "yes"


def test_update_of_an_unknown_or_resolved_intake_is_refused(cases: CaseStore) -> None:
    with pytest.raises(RecordNotFound):
        cases.intakes.update("K-2026-00099", answers={}, urgent=False, submitted=True)
    intake = stage(cases)
    cases.intakes.close(intake.id, reason="Left before anyone came", by="ana")
    with pytest.raises(ValueError, match="closed"):
        cases.intakes.update(intake.id, answers={}, urgent=True, submitted=True)


def test_matching_and_closing_take_the_intake_off_the_queue(cases: CaseStore) -> None:
    person = cases.add_person(first_name="Ximena")
    case = cases.open_case(person.id, "victim_of_crime", created_by="ana")
    matched, closed, waiting = stage(cases), stage(cases), stage(cases)
    done = cases.intakes.match(matched.id, person_id=person.id, case_id=case.id, by="ana")
    assert (done.status, done.person_id, done.case_id, done.resolved_by) == ("matched", person.id, case.id, "ana")
    gone = cases.intakes.close(closed.id, reason="Information given", by="bo")
    assert (gone.status, gone.closed_reason, gone.resolved_by) == ("closed", "Information given", "bo")
    assert [i.id for i in cases.intakes.open_intakes()] == [waiting.id]
    with pytest.raises(ValueError):
        cases.intakes.close(matched.id, reason="Duplicate", by="bo")
    with pytest.raises(ValueError, match="reason"):
        cases.intakes.close(waiting.id, reason="  ", by="bo")


def test_intakes_survive_a_restart_and_numbering_goes_on(root: Path, clock: Clock) -> None:
    with CaseStore(root) as cases:
        first = stage(cases, urgent=True)
        cases.intakes.close(stage(cases).id, reason="Duplicate", by="ana")
    with CaseStore(root) as cases:
        assert [i.id for i in cases.intakes.open_intakes()] == [first.id]
        assert cases.intakes.get("K-2026-00002").closed_reason == "Duplicate"
        assert stage(cases).id == "K-2026-00003"


def test_nothing_a_walk_in_typed_is_readable_on_disk(root: Path, clock: Clock) -> None:
    codec = AesGcmCodec(bytes(range(32)))
    with CaseStore(root, codec) as cases:
        stage(cases, answers=answers(name="Zephyrina"))
    files = every_file(root)
    assert any("intakes" in path.parts for path in files)
    assert not [path for path in files if b"Zephyrina" in path.read_bytes()]
    with CaseStore(root, codec) as cases:
        assert cases.intakes.open_intakes()[0].answers["name"]["first_name"] == "Zephyrina"


def test_the_definition_snapshot_key_is_stable(cases: CaseStore) -> None:
    source = "id: kiosk_intake\nversion: 1\n"
    key = cases.documents.remember_definition("kiosk_intake", 1, source)
    assert key == cases.documents.remember_definition("kiosk_intake", 1, source)
    assert cases.documents.definition_source(key) == source


def test_a_walk_in_is_checked_against_first_names_and_phones(cases: CaseStore) -> None:
    rosa = cases.add_person(first_name="Rosa", last_name="Alvarez", phones=[{"number": "(309) 555-0142"}])
    other = cases.add_person(first_name="Dana", last_name="Fox", phones=[{"number": "309.555.0199"}])
    cases.add_person(first_name="Rosalind", last_name="Kerr")
    found = cases.walk_in_duplicates("rosa", "1-309-555-0142").found
    assert [(d.person.id, d.reason) for d in found] == [(rosa.id, "same first name and phone number")]
    found = cases.walk_in_duplicates("Ximena", "309 555 0199").found
    assert [(d.person.id, d.reason) for d in found] == [(other.id, "same phone number")]
    assert [d.reason for d in cases.walk_in_duplicates("Rosa", "").found] == ["same first name"]
    assert cases.walk_in_duplicates("", "555").found == []


def test_the_first_worker_to_respond_keeps_it_and_everyone_hears_each_change(cases: CaseStore) -> None:
    heard: list[Change] = []
    cases.intakes.changes.subscribe(heard.append)
    intake = stage(cases, urgent=True, submitted=False)
    taken = cases.intakes.respond(intake.id, by="jo", name="Jo Worker")
    assert (taken.responder, taken.responder_name) == ("jo", "Jo Worker") and taken.responding_at
    assert cases.intakes.respond(intake.id, by="jo", name="Jo Worker") == taken  # pressed twice
    with pytest.raises(AlreadyResponding, match="Jo Worker is already responding"):
        cases.intakes.respond(intake.id, by="pat", name="Pat Supervisor")
    later = cases.intakes.update(intake.id, answers=answers(), urgent=True, submitted=True)
    assert later.responder == "jo"  # the person finishing at the kiosk does not undo it
    cases.intakes.close(intake.id, reason="Left before anyone came", by="jo")
    with pytest.raises(ValueError, match="closed"):
        cases.intakes.respond(intake.id, by="pat", name="Pat Supervisor")
    # Staged, responded to, updated, closed: each on disk before it was announced, by id only.
    assert heard == [Change("intake", intake.id)] * 4


def test_responding_survives_a_restart(root: Path, clock: Clock) -> None:
    with CaseStore(root) as cases:
        intake = stage(cases, urgent=True)
        cases.intakes.respond(intake.id, by="jo", name="Jo Worker")
    with CaseStore(root) as cases:
        assert cases.intakes.get(intake.id).responder_name == "Jo Worker"

"""The training records (attempts, comments, reviews, sandbox generations) and the practice
sandboxes (one encrypted CaseStore per user, reset without losing scores)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.files.sandboxes import Sandboxes, sandbox_folder_name
from store.files.training import TrainingRecords
from store.models.errors import RecordNotFound
from store.security.crypto import AesGcmCodec

ITEM = {"key": "lethality.q5", "label": "Choked?", "step_id": "lethality", "expected": "Yes", "given": "No",
        "matched": False, "why": "A hand on the neck is strangulation.", "weight": 2}


@pytest.fixture
def codec() -> AesGcmCodec:
    return AesGcmCodec(os.urandom(32))


@pytest.fixture
def records(tmp_path: Path, codec: AesGcmCodec) -> Iterator[TrainingRecords]:
    store = TrainingRecords(tmp_path / "training_records", codec)
    yield store
    store.close()


def submitted(records: TrainingRecords, username: str, doc_id: str, score: int = 50) -> str:
    attempt = records.start(username, "sp_one", "safety_plan", doc_id)
    records.complete(attempt.id, answers={"lethality": {"q5": False}}, score=score, matched=1, missed=1, items=[ITEM])
    return attempt.id


def test_an_attempt_is_found_by_its_draft_until_it_is_submitted(records: TrainingRecords) -> None:
    attempt = records.start("ira", "sp_one", "safety_plan", "doc1")
    assert records.in_progress("ira", "doc1") == attempt
    assert records.in_progress("kim", "doc1") is None  # another person's sandbox has its own ids
    done = records.complete(attempt.id, answers={"a": {"b": 1}}, score=75, matched=3, missed=1, items=[ITEM])
    assert (done.status, done.score, done.items[0].given, done.answers) == ("submitted", 75, "No", {"a": {"b": 1}})
    assert records.in_progress("ira", "doc1") is None


def test_submissions_list_unreviewed_first_then_newest(records: TrainingRecords) -> None:
    first = submitted(records, "ira", "d1")
    second = submitted(records, "ira", "d2")
    third = submitted(records, "kim", "d3")
    records.mark_reviewed(third, "pat")
    assert [a.id for a in records.submissions()] == [second, first, third]


def test_comments_and_review_are_kept_with_who_and_when(records: TrainingRecords) -> None:
    attempt_id = submitted(records, "ira", "d1")
    records.comment(attempt_id, "lethality", "  Listen for what happened.  ", "pat", "Pat Supervisor")
    records.comment(attempt_id, None, "Well done otherwise.", "pat")
    attempt = records.mark_reviewed(attempt_id, "pat")
    assert [c.text for c in attempt.comments_on("lethality")] == ["Listen for what happened."]
    assert [c.text for c in attempt.comments_on(None)] == ["Well done otherwise."]
    assert attempt.reviewed and attempt.reviewed_by == "pat" and attempt.reviewed_at
    with pytest.raises(ValueError):
        records.comment(attempt_id, None, "   ", "pat")
    with pytest.raises(RecordNotFound):
        records.get("nope")


def test_a_draft_cannot_be_commented_or_reviewed(records: TrainingRecords) -> None:
    attempt = records.start("ira", "sp_one", "safety_plan", "doc1")
    with pytest.raises(ValueError):
        records.comment(attempt.id, None, "Too early", "pat")
    with pytest.raises(ValueError):
        records.mark_reviewed(attempt.id, "pat")


def test_a_reset_ends_unfinished_attempts_and_keeps_submitted_ones(records: TrainingRecords) -> None:
    kept = submitted(records, "ira", "d1")
    unfinished = records.start("ira", "sp_one", "safety_plan", "d2")
    assert records.sandbox_reset("ira", "pat") == 1
    assert records.generation("ira") == 1 and records.generation("kim") == 0
    assert records.get(unfinished.id).status == "abandoned"
    assert records.get(kept).status == "submitted" and records.get(kept).score == 50
    # A new sandbox may hand out the same document id again: the old attempt does not claim it.
    assert records.in_progress("ira", "d2") is None


def test_the_records_are_encrypted_and_survive_a_restart(tmp_path: Path, codec: AesGcmCodec) -> None:
    store = TrainingRecords(tmp_path / "r", codec)
    attempt_id = submitted(store, "ira", "d1")
    store.close()
    assert b"Choked" not in (tmp_path / "r" / "attempts.json").read_bytes()
    again = TrainingRecords(tmp_path / "r", codec)
    assert again.get(attempt_id).items[0].label == "Choked?"
    again.close()


def test_each_user_has_a_sandbox_of_their_own(tmp_path: Path, codec: AesGcmCodec) -> None:
    sandboxes = Sandboxes(tmp_path / "training", codec)
    ira, kim = sandboxes.get("ira"), sandboxes.get("kim")
    assert ira is sandboxes.get("ira") and ira is not kim
    person = ira.add_person(first_name="Tessa", last_name="Practice")
    assert kim.search("Tessa") == [] and [h.person.id for h in ira.search("Tessa")] == [person.id]
    assert sandboxes.folder("ira").name == "user-ira"
    assert sandbox_folder_name("..") == "user-.."  # a single harmless name, never the parent folder
    sandboxes.close()


def test_a_reset_removes_the_sandbox_and_archives_its_audit_log(tmp_path: Path, codec: AesGcmCodec) -> None:
    sandboxes = Sandboxes(tmp_path / "training", codec)
    store = sandboxes.get("ira")
    person = store.add_person(first_name="Tessa", last_name="Practice")
    store.open_case(person.id, "domestic_violence", created_by="ira", mode="training")
    store.audit.record("ira", "intern", "read", "person", person.id, mode="training")
    draft = store.documents.create_draft("safety_plan", 1, "id: safety_plan\n", "ira", None, None, "training")
    contents = sandboxes.contents("ira")
    assert (contents.drafts, contents.documents, contents.people) == (1, 0, 1)

    sandboxes.reset("ira", tmp_path / "archive", "2026-11-26T22:00:00+00:00")
    assert not sandboxes.folder("ira").exists()
    [archived] = (tmp_path / "archive").iterdir()
    assert archived.name == "user-ira-2026-11-26T220000_0000"
    assert list(archived.glob("*.jsonl"))  # the practice audit trail outlives the sandbox
    fresh = sandboxes.get("ira")
    assert fresh.search("Tessa") == [] and fresh.documents.drafts(mode="training") == []
    assert draft.id not in {d.id for d in fresh.documents.drafts(mode="training")}
    sandboxes.close()

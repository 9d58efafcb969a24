"""DocumentStore: drafts, autosave, submit, revise, discard, lists and definition snapshots.

Every test runs twice: with plain JSON on disk and through a stand-in cipher (the codec seam).
"""

import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.store_testing import INTAKE_V1, SAFETY_PLAN_V3, SAFETY_PLAN_V3_EDITED, XorCodec, decode_file, journal_lines

from store import (
    CorruptFile,
    DefinitionNotFound,
    DocumentFinal,
    DocumentNotFound,
    DocumentNotSubmitted,
    DocumentStore,
    DocumentSuperseded,
    StoreBusy,
    StoreError,
)
from store.files.journal import decode_line


@pytest.fixture(params=["plain", "xor"])
def codec(request: pytest.FixtureRequest) -> XorCodec | None:
    return XorCodec() if request.param == "xor" else None


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path, codec: XorCodec | None) -> Iterator[DocumentStore]:
    with DocumentStore(root, codec=codec) as opened:
        yield opened


def draft(store: DocumentStore, owner: str = "ana", case_id: str | None = "C-1", **kwargs: Any) -> str:
    return store.create_draft("safety_plan", 3, SAFETY_PLAN_V3, owner, case_id=case_id, **kwargs).id


# -- create / get ---------------------------------------------------------------------------


def test_create_draft_is_stored_and_read_back(store: DocumentStore) -> None:
    made = store.create_draft(
        "safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1", answers={"home": {"address": "1 Elm"}}
    )
    assert re.fullmatch(r"[a-z2-7]{12}", made.id)
    assert (made.status, made.revision, made.supersedes, made.mode) == ("draft", 1, None, "live")
    assert made.created_at == made.updated_at
    assert datetime.fromisoformat(made.created_at).utcoffset() is not None
    assert store.get(made.id) == made


def test_documents_of_one_case_share_its_file_and_loose_documents_get_their_own(
    store: DocumentStore, root: Path, codec: XorCodec | None
) -> None:
    first, second = draft(store, case_id="C-1"), draft(store, case_id="C-1")
    loose = draft(store, case_id=None)
    assert sorted(p.name for p in (root / "cases").iterdir()) == ["C-1.json", f"_doc-{loose}.json"]
    stored = decode_file(root / "cases" / "C-1.json", codec)["documents"]
    assert {row["id"] for row in stored.values()} == {first, second}


def test_get_unknown_document_raises_a_key_error(store: DocumentStore) -> None:
    with pytest.raises(DocumentNotFound) as caught:
        store.get("nosuchdocume")
    assert isinstance(caught.value, KeyError)


@pytest.mark.parametrize("case_id", ["../etc", "", "_doc-x", "a/b", ".hidden"])
def test_unsafe_case_ids_are_refused_before_anything_is_written(store: DocumentStore, root: Path,
                                                                case_id: str) -> None:
    with pytest.raises(ValueError, match="case id"):
        draft(store, case_id=case_id)
    assert list((root / "cases").iterdir()) == []
    assert store.drafts() == []


def test_unknown_mode_is_refused(store: DocumentStore) -> None:
    with pytest.raises(ValueError):
        draft(store, mode="test")
    with pytest.raises(ValueError):
        store.drafts(mode="test")


# -- autosave -------------------------------------------------------------------------------


def test_save_draft_replaces_answers_and_step_and_survives_reopening(root: Path, codec: XorCodec | None) -> None:
    with DocumentStore(root, codec=codec) as store:
        doc_id = draft(store, answers={"home": {"address": "1 Elm", "pets": "no"}})
        before = store.get(doc_id)
        saved = store.save_draft(doc_id, {"home": {"address": "2 Oak"}}, "lethality")
        assert saved.updated_at > before.updated_at
    with DocumentStore(root, codec=codec) as reopened:
        again = reopened.get(doc_id)
        assert again.answers == {"home": {"address": "2 Oak"}}  # replaced, not merged
        assert again.current_step == "lethality"
        assert again == saved
        assert reopened.drafts()[0].current_step == "lethality"


def test_unserialisable_answers_leave_the_stored_draft_as_it_was(store: DocumentStore) -> None:
    doc_id = draft(store, answers={"home": {"address": "1 Elm"}})
    with pytest.raises((TypeError, ValueError)):
        store.save_draft(doc_id, {"home": {"when": object()}}, "home")
    with pytest.raises(ValueError):
        store.save_draft(doc_id, {"home": {"score": float("nan")}}, "home")
    assert store.get(doc_id).answers == {"home": {"address": "1 Elm"}}


def test_concurrent_autosaves_to_one_case_lose_nothing(store: DocumentStore) -> None:
    doc_ids = [draft(store, owner=f"worker{n}") for n in range(4)]

    def autosave_many(doc_id: str) -> None:
        for count in range(25):
            store.save_draft(doc_id, {"progress": {"count": count}}, "progress")

    threads = [threading.Thread(target=autosave_many, args=(doc_id,)) for doc_id in doc_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Without the per-case lock, two read-modify-writes of C-1 overwrite each other's saves.
    assert [store.get(doc_id).answers for doc_id in doc_ids] == [{"progress": {"count": 24}}] * 4


# -- submit ---------------------------------------------------------------------------------


def test_submit_makes_the_document_final(store: DocumentStore) -> None:
    doc_id = draft(store)
    done = store.submit(doc_id, {"lethality": {"q1": True}}, {"high_danger": True})
    assert done.status == "submitted"
    assert done.submitted_at == done.updated_at
    assert store.get(doc_id).computed == {"high_danger": True}
    with pytest.raises(DocumentFinal):
        store.submit(doc_id, {"lethality": {"q1": False}}, {})
    with pytest.raises(DocumentFinal):
        store.save_draft(doc_id, {"lethality": {"q1": False}}, None)
    with pytest.raises(DocumentFinal):
        store.discard_draft(doc_id)
    assert store.get(doc_id) == done


def test_submit_and_save_of_unknown_documents_raise_not_found(store: DocumentStore) -> None:
    with pytest.raises(DocumentNotFound):
        store.submit("nosuchdocume", {}, {})
    with pytest.raises(DocumentNotFound):
        store.save_draft("nosuchdocume", {}, None)


# -- revise ---------------------------------------------------------------------------------


def test_revise_makes_a_new_draft_and_leaves_the_submitted_one_alone(store: DocumentStore) -> None:
    original = store.submit(draft(store, owner="ana"), {"home": {"address": "1 Elm"}}, {"x": 1})
    revision = store.revise(original.id, owner="bo")
    assert revision.id != original.id
    assert (revision.status, revision.revision, revision.supersedes) == ("draft", 2, original.id)
    assert (revision.owner, revision.case_id, revision.definition_key) == ("bo", "C-1", original.definition_key)
    assert revision.answers == original.answers
    assert revision.submitted_at is None
    store.save_draft(revision.id, {"home": {"address": "2 Oak"}}, "home")
    assert store.get(original.id) == original
    assert [s.id for s in store.drafts(owner="bo")] == [revision.id]


def test_a_submitted_document_is_revised_once_and_revisions_chain(store: DocumentStore) -> None:
    first = store.submit(draft(store), {}, {})
    second = store.revise(first.id, "ana")
    with pytest.raises(DocumentSuperseded) as caught:
        store.revise(first.id, "ana")
    assert caught.value.by == second.id
    store.submit(second.id, {}, {})
    third = store.revise(second.id, "ana")
    assert (third.revision, third.supersedes) == (3, second.id)


def test_only_submitted_documents_are_revised(store: DocumentStore) -> None:
    with pytest.raises(DocumentNotSubmitted):
        store.revise(draft(store), "ana")
    with pytest.raises(DocumentNotFound):
        store.revise("nosuchdocume", "ana")


def test_a_loose_document_is_revised_in_its_own_file(store: DocumentStore, root: Path) -> None:
    original = store.submit(draft(store, case_id=None), {}, {})
    revision = store.revise(original.id, "ana")
    assert [p.name for p in (root / "cases").iterdir()] == [f"_doc-{original.id}.json"]
    assert store.get(revision.id).supersedes == original.id


# -- discard --------------------------------------------------------------------------------


def test_discard_draft_removes_only_that_draft(store: DocumentStore, root: Path) -> None:
    kept, dropped = draft(store), draft(store)
    store.discard_draft(dropped)
    with pytest.raises(DocumentNotFound):
        store.get(dropped)
    with pytest.raises(DocumentNotFound):
        store.discard_draft(dropped)
    assert [s.id for s in store.drafts()] == [kept]
    assert store.get(kept).id == kept


def test_discarding_a_loose_draft_deletes_its_file(store: DocumentStore, root: Path) -> None:
    doc_id = draft(store, case_id=None)
    store.discard_draft(doc_id)
    assert list((root / "cases").iterdir()) == []


def test_discarding_a_revision_keeps_the_submitted_original(store: DocumentStore) -> None:
    original = store.submit(draft(store, case_id=None), {}, {})
    store.discard_draft(store.revise(original.id, "ana").id)
    assert store.get(original.id) == original
    assert store.revise(original.id, "ana").supersedes == original.id  # can be revised afresh


# -- lists ----------------------------------------------------------------------------------


def test_drafts_are_listed_newest_saved_first_per_owner_and_mode(store: DocumentStore) -> None:
    old, middle, new = draft(store, "ana"), draft(store, "ana"), draft(store, "ana")
    other = draft(store, "bo")
    practice = draft(store, "ana", mode="training")
    store.save_draft(old, {"a": {"b": 1}}, "a")  # an autosave moves a draft to the top
    assert [s.id for s in store.drafts(owner="ana")] == [old, new, middle]
    assert [s.id for s in store.drafts()] == [old, other, new, middle]
    assert [s.id for s in store.drafts(owner="ana", mode="training")] == [practice]
    assert store.drafts(owner="nobody") == []


def test_submitted_are_listed_newest_submitted_first(store: DocumentStore) -> None:
    first, second, third = draft(store), draft(store, "bo"), draft(store)
    for doc_id in (second, first, third):
        store.submit(doc_id, {}, {})
    assert [s.id for s in store.submitted()] == [third, first, second]
    assert [s.id for s in store.submitted(owner="ana")] == [third, first]
    assert store.drafts() == []
    assert store.submitted(mode="training") == []


def test_summaries_carry_what_lists_show(store: DocumentStore) -> None:
    doc_id = draft(store, "ana", case_id="C-9")
    [summary] = store.drafts()
    record = store.get(doc_id)
    assert summary.model_dump() == record.model_dump(include=set(summary.model_dump()))
    assert (summary.id, summary.case_id, summary.owner, summary.workflow_id) == (doc_id, "C-9", "ana", "safety_plan")


def test_case_documents_lists_a_case_across_statuses(store: DocumentStore) -> None:
    submitted = store.submit(draft(store, case_id="C-1"), {}, {}).id
    drafted = draft(store, case_id="C-1")
    draft(store, case_id="C-2")
    assert {s.id for s in store.case_documents("C-1")} == {submitted, drafted}


# -- definition snapshots -------------------------------------------------------------------


def test_each_document_keeps_the_exact_definition_text_it_was_made_with(store: DocumentStore, root: Path) -> None:
    before = store.get(draft(store))
    after = store.create_draft("safety_plan", 3, SAFETY_PLAN_V3_EDITED, "ana")
    intake = store.create_draft("intake", 1, INTAKE_V1, "ana")
    assert before.definition_key != after.definition_key
    assert re.fullmatch(r"safety_plan-v3-[0-9a-f]{16}", before.definition_key)
    assert store.definition_source(before.definition_key) == SAFETY_PLAN_V3
    assert store.definition_source(after.definition_key) == SAFETY_PLAN_V3_EDITED
    assert store.definition_source(intake.definition_key) == INTAKE_V1  # \r\n kept
    assert len(list((root / "definitions").iterdir())) == 3


def test_a_definition_snapshot_is_written_once(store: DocumentStore, root: Path) -> None:
    key = store.get(draft(store)).definition_key
    path = root / "definitions" / f"{key}.yaml"
    inode = path.stat().st_ino
    draft(store)
    assert [p.name for p in (root / "definitions").iterdir()] == [path.name]
    assert path.stat().st_ino == inode


@pytest.mark.parametrize("key", ["safety_plan-v3-0000000000000000", "../../etc/passwd", "", "x.yaml"])
def test_unknown_definition_keys_raise_not_found(store: DocumentStore, key: str) -> None:
    draft(store)
    with pytest.raises(DefinitionNotFound):
        store.definition_source(key)


def test_a_damaged_definition_snapshot_is_reported(store: DocumentStore, root: Path) -> None:
    key = store.get(draft(store)).definition_key
    (root / "definitions" / f"{key}.yaml").write_text("id: something_else\n")
    with pytest.raises(CorruptFile):
        store.definition_source(key)


def test_bad_workflow_ids_and_versions_are_refused(store: DocumentStore) -> None:
    with pytest.raises(ValueError):
        store.create_draft("../x", 1, INTAKE_V1, "ana")
    with pytest.raises(ValueError):
        store.create_draft("intake", -1, INTAKE_V1, "ana")


# -- on disk --------------------------------------------------------------------------------


def test_the_codec_sees_every_byte_on_disk(store: DocumentStore, root: Path, codec: XorCodec | None) -> None:
    doc_id = draft(store, answers={"home": {"address": "1 Elm Street"}})
    raw = (root / "cases" / "C-1.json").read_bytes()
    assert (b"1 Elm Street" in raw) == (codec is None)
    assert decode_file(root / "cases" / "C-1.json", codec)["documents"]["1"]["id"] == doc_id


def test_a_folder_is_open_in_one_store_at_a_time(root: Path, store: DocumentStore) -> None:
    with pytest.raises(StoreBusy):
        DocumentStore(root)


def test_a_closed_store_refuses_writes(root: Path) -> None:
    store = DocumentStore(root)
    doc_id = draft(store)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError):
        store.save_draft(doc_id, {}, None)
    with pytest.raises(StoreError):
        draft(store)
    with DocumentStore(root) as reopened:  # the folder was unlocked
        assert reopened.get(doc_id).answers == {}


def test_close_waits_for_a_save_that_is_half_done(root: Path) -> None:
    class SlowDisk:
        """A codec that holds a case-file write until told to go on."""

        def __init__(self) -> None:
            self.writing, self.go_on = threading.Event(), threading.Event()
            self.hold = False

        def encode(self, data: bytes) -> bytes:
            if self.hold:
                self.writing.set()
                self.go_on.wait(10)
            return data

        def decode(self, data: bytes) -> bytes:
            return data

    disk = SlowDisk()
    store = DocumentStore(root, codec=disk)
    doc_id = draft(store)
    disk.hold = True
    saver = threading.Thread(target=store.save_draft, args=(doc_id, {"a": {"n": 1}}, "a"))
    saver.start()
    assert disk.writing.wait(10)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # still waiting for the save
    disk.go_on.set()
    saver.join(10)
    closer.join(10)
    assert decode_line(journal_lines(root)[-1][:-1]) == {"op": "closed"}
    with DocumentStore(root) as reopened:
        assert reopened.drafts()[0].current_step == "a"


def test_reopening_after_close_sees_everything(root: Path, codec: XorCodec | None) -> None:
    with DocumentStore(root, codec=codec) as store:
        kept = draft(store)
        done = store.submit(draft(store, case_id=None), {"a": {"b": 2}}, {})
        store.discard_draft(draft(store))
        lists = (store.drafts(), store.submitted())
    with DocumentStore(root, codec=codec) as reopened:
        assert (reopened.drafts(), reopened.submitted()) == lists
        assert reopened.get(kept).status == "draft"
        assert reopened.get(done.id) == done

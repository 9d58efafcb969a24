"""The TinyDB storage and the case file on top of it, over each storage backend (TinyDB style)."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from support.store_testing import XorCodec
from tinydb import TinyDB, where
from tinydb.storages import MemoryStorage, Storage

from store import AtomicJSONStorage, CorruptFile, DocumentFinal, DocumentNotFound, DocumentRecord
from store.files.casefile import CaseFile

StorageFactory = Callable[[], Storage]


@pytest.fixture(params=["memory", "atomic_json", "atomic_json_codec"])
def open_storage(request: pytest.FixtureRequest, tmp_path: Path) -> StorageFactory:
    """Opens "the same" storage each call, as the store does once per operation."""
    if request.param == "memory":
        memory = MemoryStorage()
        return lambda: memory
    codec = XorCodec() if request.param == "atomic_json_codec" else None
    return lambda: AtomicJSONStorage(tmp_path / "case.json", codec=codec)


def record(doc_id: str, **changes: object) -> DocumentRecord:
    fields: dict[str, object] = {
        "id": doc_id, "workflow_id": "safety_plan", "workflow_version": 3,
        "definition_key": "safety_plan-v3-0123456789abcdef", "status": "draft", "owner": "ana",
        "created_at": "2025-01-01T00:00:00.000000+00:00", "updated_at": "2025-01-01T00:00:00.000000+00:00",
    }
    return DocumentRecord.model_validate(fields | changes)


# -- the storage contract -------------------------------------------------------------------


def test_an_empty_storage_reads_as_none(open_storage: StorageFactory) -> None:
    assert open_storage().read() is None


def test_tinydb_round_trips_through_the_storage(open_storage: StorageFactory) -> None:
    with TinyDB(storage=open_storage) as db:
        db.table("documents").insert({"id": "a", "answers": {"home": {"address": "1 Elm — ñ"}}})
        db.table("documents").update({"status": "draft"}, where("id") == "a")
    with TinyDB(storage=open_storage) as db:
        assert db.table("documents").all() == [
            {"id": "a", "answers": {"home": {"address": "1 Elm — ñ"}}, "status": "draft"}
        ]


# -- AtomicJSONStorage specifics ------------------------------------------------------------


def test_json_on_disk_is_compact_utf8(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    AtomicJSONStorage(path).write({"documents": {"1": {"name": "Inés", "n": [1, 2]}}})
    assert path.read_bytes() == '{"documents":{"1":{"name":"Inés","n":[1,2]}}}'.encode()


def test_reading_a_missing_file_does_not_create_it(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "case.json").read() is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b'{"documents": {"1": {', b"[]", b"\xff\xfe"])
def test_a_damaged_file_is_reported_not_treated_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(content)
    with pytest.raises(CorruptFile):
        AtomicJSONStorage(path).read()


def test_the_wrong_codec_is_reported_as_damage(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    AtomicJSONStorage(path).write({"documents": {}})
    with pytest.raises(CorruptFile):
        AtomicJSONStorage(path, codec=XorCodec()).read()


def test_a_value_json_cannot_hold_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    storage = AtomicJSONStorage(path)
    storage.write({"documents": {"1": {"n": 1}}})
    with pytest.raises(ValueError):
        storage.write({"documents": {"1": {"n": float("inf")}}})
    assert json.loads(path.read_bytes()) == {"documents": {"1": {"n": 1}}}


# -- CaseFile over each backend -------------------------------------------------------------


def test_case_file_insert_get_all(open_storage: StorageFactory) -> None:
    case = CaseFile(open_storage)
    case.insert(record("aaaaaaaaaaaa"))
    case.insert(record("bbbbbbbbbbbb", case_id="C-1"))
    assert case.get("bbbbbbbbbbbb") == record("bbbbbbbbbbbb", case_id="C-1")
    assert case.get("cccccccccccc") is None
    assert [r.id for r in case.all()] == ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]
    with pytest.raises(ValueError):
        case.insert(record("aaaaaaaaaaaa"))


def test_case_file_change_replaces_the_whole_document(open_storage: StorageFactory) -> None:
    case = CaseFile(open_storage)
    case.insert(record("aaaaaaaaaaaa", answers={"a": {"x": 1}}, current_step="a"))
    changed = case.change("aaaaaaaaaaaa", lambda r: r.model_copy(update={"answers": {"b": {}}, "current_step": None}))
    assert case.get("aaaaaaaaaaaa") == changed
    assert changed.answers == {"b": {}}
    assert changed.current_step is None


def test_case_file_change_that_raises_writes_nothing(open_storage: StorageFactory) -> None:
    case = CaseFile(open_storage)
    case.insert(record("aaaaaaaaaaaa", status="submitted"))
    before = open_storage().read()

    def refuse(r: DocumentRecord) -> DocumentRecord:
        raise DocumentFinal(r.id)

    with pytest.raises(DocumentFinal):
        case.change("aaaaaaaaaaaa", refuse)
    assert open_storage().read() == before
    with pytest.raises(DocumentNotFound):
        case.change("zzzzzzzzzzzz", lambda r: r)


def test_case_file_remove_reports_what_is_left(open_storage: StorageFactory) -> None:
    case = CaseFile(open_storage)
    case.insert(record("aaaaaaaaaaaa"))
    case.insert(record("bbbbbbbbbbbb"))
    assert case.remove("aaaaaaaaaaaa") == 1
    assert case.remove("bbbbbbbbbbbb") == 0
    with pytest.raises(DocumentNotFound):
        case.remove("bbbbbbbbbbbb")
    assert case.all() == []


def test_case_file_on_a_missing_file_reads_nothing_and_creates_nothing(tmp_path: Path) -> None:
    case = CaseFile(lambda: AtomicJSONStorage(tmp_path / "case.json"))
    assert case.get("aaaaaaaaaaaa") is None
    assert case.all() == []
    with pytest.raises(DocumentNotFound):
        case.change("aaaaaaaaaaaa", lambda r: r)
    assert list(tmp_path.iterdir()) == []

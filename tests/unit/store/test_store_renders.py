"""A submitted document's PDFs, rendered once and kept with it: a download is a file read.

Every test runs with plain files and through a stand-in cipher (the codec seam)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.store_testing import SAFETY_PLAN_V3, XorCodec

from store import DocumentNotFound, DocumentNotSubmitted, DocumentStore

PDF = b"%PDF-1.7\n% Maria Example, 1 Elm St\n%%EOF\n"


@pytest.fixture(params=["plain", "xor"])
def codec(request: pytest.FixtureRequest) -> XorCodec | None:
    return XorCodec() if request.param == "xor" else None


@pytest.fixture
def store(tmp_path: Path, codec: XorCodec | None) -> Iterator[DocumentStore]:
    with DocumentStore(tmp_path / "data", codec=codec) as opened:
        yield opened


def submitted(store: DocumentStore) -> str:
    doc = store.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1")
    return store.submit(doc.id, {"home": {"address": "1 Elm"}}, {}).id


def test_a_kept_render_is_read_back_and_stored_through_the_codec(
        store: DocumentStore, tmp_path: Path, codec: XorCodec | None) -> None:
    doc_id = submitted(store)
    assert store.stored_render(doc_id, "take_home") is None
    store.keep_render(doc_id, "take_home", PDF)
    assert store.stored_render(doc_id, "take_home") == PDF
    assert store.stored_render(doc_id, "staff_record") is None
    on_disk = (tmp_path / "data" / "renders" / doc_id / "take_home.pdf").read_bytes()
    if codec is not None:
        assert b"Maria" not in on_disk and not on_disk.startswith(b"%PDF")


def test_the_render_outlives_a_reopen(tmp_path: Path, codec: XorCodec | None) -> None:
    with DocumentStore(tmp_path / "data", codec=codec) as store:
        doc_id = submitted(store)
        store.keep_render(doc_id, "take_home", PDF)
    with DocumentStore(tmp_path / "data", codec=codec) as store:
        assert store.stored_render(doc_id, "take_home") == PDF


def test_only_a_submitted_document_has_renders(store: DocumentStore) -> None:
    draft = store.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1")
    with pytest.raises(DocumentNotSubmitted):
        store.keep_render(draft.id, "take_home", PDF)
    with pytest.raises(DocumentNotSubmitted):
        store.stored_render(draft.id, "take_home")
    with pytest.raises(DocumentNotFound):
        store.stored_render("nosuchdocume", "take_home")


def test_a_render_must_be_a_pdf(store: DocumentStore) -> None:
    with pytest.raises(ValueError, match="PDF"):
        store.keep_render(submitted(store), "take_home", b"<html>not a pdf</html>")


@pytest.mark.parametrize("form_id", ["../../cases/C-1", "", "a/b", ".hidden"])
def test_a_form_id_cannot_name_a_file_outside_the_renders(store: DocumentStore, form_id: str) -> None:
    with pytest.raises(ValueError):
        store.keep_render(submitted(store), form_id, PDF)


def test_an_unreadable_render_is_dropped_so_it_is_rendered_again(
        store: DocumentStore, tmp_path: Path, codec: XorCodec | None) -> None:
    doc_id = submitted(store)
    store.keep_render(doc_id, "take_home", PDF)
    path = tmp_path / "data" / "renders" / doc_id / "take_home.pdf"
    path.write_bytes(b"torn")
    assert store.stored_render(doc_id, "take_home") is None
    assert not path.exists()
    store.keep_render(doc_id, "take_home", PDF)
    assert store.stored_render(doc_id, "take_home") == PDF

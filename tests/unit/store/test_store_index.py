"""The list index: journal lines, recovery after a crash, compaction and rebuild from case files."""

import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.store_testing import ROOT, SAFETY_PLAN_V3, journal_lines

from store import DocumentNotFound, DocumentStore, DocumentSummary
from store.files import recovery
from store.files.journal import decode_line, encode_line, read_journal


def lists(store: DocumentStore) -> tuple[list[DocumentSummary], ...]:
    return tuple(getattr(store, kind)(mode=mode) for kind in ("drafts", "submitted") for mode in ("live", "training"))


def populate(store: DocumentStore) -> dict[str, str]:
    """A bit of everything: cases, loose documents, training, revisions, a discard."""
    make = store.create_draft
    ids = {
        "draft": make("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1").id,
        "loose": make("safety_plan", 3, SAFETY_PLAN_V3, "bo").id,
        "training": make("safety_plan", 3, SAFETY_PLAN_V3, "intern", case_id="T-1", mode="training").id,
        "submitted": make("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-2").id,
        "gone": make("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1").id,
    }
    store.save_draft(ids["draft"], {"home": {"address": "1 Elm"}}, "home")
    store.submit(ids["submitted"], {"home": {}}, {"high_danger": False})
    ids["revision"] = store.revise(ids["submitted"], "bo").id
    store.discard_draft(ids["gone"])
    return ids


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path) -> Iterator[DocumentStore]:
    with DocumentStore(root) as opened:
        yield opened


# -- journal lines --------------------------------------------------------------------------


def test_journal_lines_check_themselves() -> None:
    line = encode_line({"op": "del", "id": "abc"})
    assert line.endswith(b"\n")
    assert decode_line(line[:-1]) == {"op": "del", "id": "abc"}
    damaged = line[:-3] + (b"x" if line[-3:-2] != b"x" else b"y") + line[-2:]
    assert decode_line(damaged[:-1]) is None
    assert decode_line(line[9:-1]) is None  # checksum missing
    assert decode_line(b"") is None


def test_read_journal_keeps_intact_lines_and_counts_a_torn_tail(tmp_path: Path) -> None:
    path = tmp_path / "documents.jsonl"
    path.write_bytes(encode_line({"op": "del", "id": "a"}) + encode_line({"op": "del", "id": "b"})[:20])
    contents = read_journal(path)
    assert contents is not None
    assert (contents.entries, contents.lines, contents.damaged_lines) == ([{"op": "del", "id": "a"}], 2, 1)
    assert read_journal(tmp_path / "missing.jsonl") is None


# -- rebuild and reopen ---------------------------------------------------------------------


def test_rebuilt_index_equals_the_live_one(store: DocumentStore) -> None:
    populate(store)
    live = lists(store)
    assert sum(map(len, live)) == 5
    store.rebuild_index()
    assert lists(store) == live


def test_a_clean_close_is_marked_and_reopening_sees_the_same_lists(root: Path) -> None:
    with DocumentStore(root) as store:
        populate(store)
        before = lists(store)
    assert decode_line(journal_lines(root)[-1][:-1]) == {"op": "closed"}
    with DocumentStore(root) as reopened:
        assert lists(reopened) == before


def test_a_torn_last_journal_line_is_ignored_and_repaired(root: Path) -> None:
    with DocumentStore(root) as store:
        ids = populate(store)
        before = lists(store)
    journal = root / "index" / "documents.jsonl"
    with journal.open("ab") as handle:  # what a crash halfway through an append leaves
        handle.write(encode_line({"op": "del", "id": ids["draft"]})[:25])
    with DocumentStore(root) as reopened:
        assert lists(reopened) == before
        assert reopened.get(ids["draft"]).answers == {"home": {"address": "1 Elm"}}
        reopened.save_draft(ids["draft"], {"home": {"address": "2 Oak"}}, "home")
    contents = read_journal(journal)
    assert contents is not None and contents.damaged_lines == 0  # the next append did not glue onto garbage
    with DocumentStore(root) as again:
        assert again.get(ids["draft"]).answers == {"home": {"address": "2 Oak"}}


def test_a_damaged_line_inside_the_journal_triggers_a_rebuild(root: Path) -> None:
    with DocumentStore(root) as store:
        populate(store)
        before = lists(store)
    lines = journal_lines(root)
    lines[2] = lines[2].replace(b'"ana"', b'"eve"')  # checksum no longer matches
    (root / "index" / "documents.jsonl").write_bytes(b"".join(lines))
    with DocumentStore(root) as reopened:
        assert lists(reopened) == before


def test_a_lost_journal_is_rebuilt_from_the_case_files(root: Path) -> None:
    with DocumentStore(root) as store:
        populate(store)
        before = lists(store)
    (root / "index" / "documents.jsonl").unlink()
    with DocumentStore(root) as reopened:
        assert lists(reopened) == before


def test_the_journal_is_compacted_on_open_once_it_outgrows_the_documents(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery, "COMPACT_SLACK_LINES", 5)
    with DocumentStore(root) as store:
        ids = populate(store)
        for n in range(20):
            store.save_draft(ids["draft"], {"home": {"n": n}}, "home")
        before = lists(store)
    assert len(journal_lines(root)) > 2 * 5 + 5
    with DocumentStore(root) as reopened:
        assert len(journal_lines(root)) == 5 + 1  # one line per live document, and "opened"
        assert lists(reopened) == before
        assert reopened.get(ids["draft"]).answers == {"home": {"n": 19}}


def test_a_small_journal_is_left_alone(root: Path) -> None:
    with DocumentStore(root) as store:
        populate(store)
    length = len(journal_lines(root))
    with DocumentStore(root):
        assert len(journal_lines(root)) == length + 1  # just the "opened" marker


def test_a_damaged_case_file_is_left_in_place_and_the_rest_is_listed(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with DocumentStore(root) as store:
        ids = populate(store)
    (root / "cases" / "C-1.json").write_bytes(b'{"documents": {"1": ')
    (root / "index" / "documents.jsonl").unlink()
    with caplog.at_level(logging.ERROR), DocumentStore(root) as reopened:
        assert ids["draft"] not in {s.id for s in reopened.drafts()}
        assert ids["loose"] in {s.id for s in reopened.drafts()}
    assert "C-1" in caplog.text
    assert (root / "cases" / "C-1.json").read_bytes() == b'{"documents": {"1": '


def test_temp_files_left_by_a_crash_are_swept_on_open(root: Path) -> None:
    with DocumentStore(root) as store:
        populate(store)
    (root / "cases" / ".C-1.json.k3j4h5.tmp").write_bytes(b'{"documents": {')
    with DocumentStore(root):
        assert not list(root.rglob("*.tmp"))


# -- crashes at chosen points (a real process, killed with os._exit) ------------------------

CRASH_CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import store.files.durable, store.files.journal
    from store import DocumentStore

    opened = DocumentStore(Path(sys.argv[2]))
    doc_id, where = sys.argv[4], sys.argv[5]
    die = lambda *args: os._exit(17)
    if where == "before journal":
        store.files.journal.append_line_durably = die   # the case file is written, its journal line is not
    else:
        store.files.durable.os.replace = die            # the temp file is written, not yet renamed
    exec(sys.argv[3])
    """
)


def crash(root: Path, code: str, doc_id: str = "", where: str = "before journal") -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASH_CHILD, str(ROOT), str(root), code, doc_id, where],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 17, done.stderr  # it died exactly where intended


@pytest.mark.parametrize(
    "code",
    [
        "opened.save_draft(doc_id, {'home': {'n': 2}}, 'after')",
        "opened.submit(doc_id, {}, {})",
        "opened.discard_draft(doc_id)",
        "opened.create_draft('safety_plan', 3, 'id: x', 'ana', case_id='C-1')",
    ],
    ids=["autosave", "submit", "discard", "create"],
)
def test_a_crash_between_case_file_and_journal_is_caught_up_on_open(root: Path, code: str) -> None:
    with DocumentStore(root) as store:
        doc_id = store.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id=None).id
    crash(root, code, doc_id)
    with DocumentStore(root) as reopened:
        after_crash = lists(reopened)
        reopened.rebuild_index()
        assert after_crash == lists(reopened)  # the index agrees with the case files
    with DocumentStore(root) as reopened:
        if "discard" in code:
            with pytest.raises(DocumentNotFound):
                reopened.get(doc_id)
            assert not list((root / "cases").iterdir())
        elif "submit" in code:
            assert [s.id for s in reopened.submitted()] == [doc_id]
        elif "save_draft" in code:
            assert reopened.get(doc_id).answers == {"home": {"n": 2}}
            assert reopened.drafts()[0].current_step == "after"
        else:
            assert len(reopened.drafts()) == 2


def test_a_crash_before_the_rename_keeps_the_last_save(root: Path) -> None:
    with DocumentStore(root) as store:
        doc_id = store.create_draft("safety_plan", 3, SAFETY_PLAN_V3, "ana", case_id="C-1").id
        store.save_draft(doc_id, {"home": {"n": 1}}, "home")
    crash(root, "opened.save_draft(doc_id, {'home': {'n': 2}}, 'x')", doc_id, where="before rename")
    assert list(root.rglob("*.tmp"))  # the half-done write is there...
    with DocumentStore(root) as reopened:
        assert reopened.get(doc_id).answers == {"home": {"n": 1}}
        assert not list(root.rglob("*.tmp"))  # ...and swept on open

"""The casework index: rebuilt equals live, reopening, journal damage and crashes, compaction."""

import logging
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.casework import Filled, fill, install_clock
from support.store_testing import ROOT

import store.files.journal
import store.files.recovery
from store import CaseStore, RecordNotFound, StoreBusy, StoreError
from store.files.journal import read_journal
from store.models.visibility import Staff

TODAY = date(2026, 11, 27)
SUPERVISOR = Staff("ana", "supervisor")  # sees restricted cases too


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_clock(monkeypatch)
    return tmp_path / "data"


def view(cases: CaseStore) -> dict[str, Any]:
    """Everything the index answers, for both kinds of user."""
    return {
        who: (
            cases.queue(today=TODAY, viewer=who),
            [(h.person, h.cases, h.matched) for text in ("lopez", "reyes", "1988-04-12", "24-012345")
             for h in cases.search(text, viewer=who)],
        )
        for who in (None, SUPERVISOR)
    }


def journal(root: Path) -> Path:
    return root / "index" / "casework.jsonl"


def test_a_rebuilt_index_equals_the_live_one(root: Path) -> None:
    with CaseStore(root) as cases:
        made = fill(cases)
        cases.close_case(cases.open_case(made.other.id, "homelessness", created_by="ana").id, reason="duplicate",
                         by="ana")
        live = view(cases)
        assert live[None][0] and live[SUPERVISOR][1]
        cases.rebuild_index()
        assert view(cases) == live
        assert cases.documents.case_documents(made.case.id)[0].id == made.doc_id


def test_reopening_a_store_sees_everything(root: Path) -> None:
    with CaseStore(root) as cases:
        made = fill(cases)
        before = view(cases)
        records = (cases.notes(made.case.id), cases.follow_ups(made.case.id), cases.referrals(made.case.id),
                   cases.consents(made.case.id))
    with CaseStore(root) as reopened:
        assert view(reopened) == before
        assert reopened.get_case(made.case.id) == made.case
        assert reopened.get_person(made.client.id) == made.client
        assert (reopened.notes(made.case.id), reopened.follow_ups(made.case.id), reopened.referrals(made.case.id),
                reopened.consents(made.case.id)) == records
        assert reopened.documents.get(made.doc_id).answers == {"about_you": {"name": "María López"}}
        assert [e.case_id for e in reopened.audit.for_case(made.case.id)] == [made.case.id]


@pytest.mark.parametrize("damage", ["lost", "torn tail", "changed line"])
def test_a_damaged_or_lost_journal_is_rebuilt_from_the_files(root: Path, damage: str) -> None:
    with CaseStore(root) as cases:
        fill(cases)
        before = view(cases)
    lines = journal(root).read_bytes().splitlines(keepends=True)
    if damage == "lost":
        journal(root).unlink()
    elif damage == "torn tail":
        journal(root).write_bytes(b"".join(lines) + lines[1][:30])
    else:
        changed = lines[1].replace(b"L\xc3\xb3pez", b"Lopes")
        assert changed != lines[1]
        journal(root).write_bytes(b"".join([lines[0], changed, *lines[2:]]))
    with CaseStore(root) as reopened:
        assert view(reopened) == before
        contents = read_journal(journal(root))
        assert contents is not None and contents.damaged_lines == 0


CRASH_CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import store.files.journal
    from store import CaseStore

    cases = CaseStore(Path(sys.argv[2]))
    # The file is written, its journal line is not: what a kill between the two leaves.
    store.files.journal.append_line_durably = lambda *args: os._exit(17)
    exec(sys.argv[3])
    """
)


@pytest.mark.parametrize(
    "code",
    [
        "cases.add_person(first_name='Zed', last_name='Crash')",
        "cases.update_person(sys.argv[4], last_name='Changed')",
        "cases.open_case(sys.argv[4], 'homelessness', created_by='ana')",
        "cases.assign(sys.argv[5], 'zed')",
    ],
    ids=["add person", "update person", "open case", "assign"],
)
def test_a_crash_between_file_and_journal_is_caught_up_on_open(root: Path, code: str) -> None:
    with CaseStore(root) as cases:
        made = fill(cases)
    done = subprocess.run(
        [sys.executable, "-c", CRASH_CHILD, str(ROOT), str(root), code, made.client.id, made.case.id],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 17, done.stderr
    with CaseStore(root) as reopened:
        after = view(reopened)
        reopened.rebuild_index()
        assert view(reopened) == after  # the index agrees with the files
        if "add_person" in code:
            assert [h.person.last_name for h in reopened.search("zed crash")] == ["Crash"]
        elif "update_person" in code:
            assert [h.person.id for h in reopened.search("changed")] == [made.client.id]
        elif "open_case" in code:
            existing = {c.id for c in reopened.cases_of(made.client.id)}
            assert len(existing) == 2
            assert reopened.open_case(made.client.id, "homelessness", created_by="ana").id not in existing
        else:
            assert {e.case_id: e.assigned_to for e in reopened.queue(today=TODAY)}[made.case.id] == "zed"


def test_a_failed_journal_append_is_made_good_on_close(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with CaseStore(root) as cases:
        made = fill(cases)

        def disk_full(*args: object) -> None:
            raise OSError(28, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(store.files.journal, "append_line_durably", disk_full)
            with pytest.raises(OSError):
                cases.assign(made.case.id, "zed")
        # The case file has the change, and so do the lists, at once.
        assert cases.get_case(made.case.id).assigned_to == "zed"
        assert {e.case_id: e.assigned_to for e in cases.queue(today=TODAY)}[made.case.id] == "zed"
    with CaseStore(root) as reopened:  # a clean close: no catch-up, so close had to repair the journal
        assert {e.case_id: e.assigned_to for e in reopened.queue(today=TODAY)}[made.case.id] == "zed"


def test_the_journal_is_compacted_once_it_outgrows_the_records(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store.files.recovery, "COMPACT_SLACK_LINES", 5)
    with CaseStore(root) as cases:
        made = fill(cases)
        for n in range(20):
            cases.add_note(made.case.id, author="ana", text=f"note {n}")
        before = view(cases)
    assert len(journal(root).read_bytes().splitlines()) > 2 * 4 + 5
    with CaseStore(root) as reopened:
        assert len(journal(root).read_bytes().splitlines()) == 4 + 1  # 2 people, 2 cases, "opened"
        assert view(reopened) == before
        assert len(reopened.notes(made.case.id)) == 21


def test_an_unreadable_file_is_left_in_place_and_the_rest_is_listed(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with CaseStore(root) as cases:
        made: Filled = fill(cases)
    person_file = root / "people" / f"{made.other.id}.json"
    person_file.write_bytes(b'{"person": {"1": ')
    journal(root).unlink()
    with caplog.at_level(logging.ERROR), CaseStore(root) as reopened:
        assert [h.person.id for h in reopened.search("lopez")] == [made.client.id]
        assert reopened.search("reyes", viewer=SUPERVISOR) == []
        with pytest.raises(RecordNotFound):
            reopened.get_person(made.other.id)
    assert made.other.id in caplog.text
    assert person_file.read_bytes() == b'{"person": {"1": '


def test_one_store_per_folder_and_a_closed_store_refuses_writes(root: Path) -> None:
    cases = CaseStore(root)
    made = fill(cases)
    with pytest.raises(StoreBusy):
        CaseStore(root)
    cases.close()
    cases.close()
    for write in (
        lambda: cases.add_note(made.case.id, author="ana", text="late"),
        lambda: cases.add_person(first_name="Late"),
        lambda: cases.documents.save_draft(made.doc_id, {}, None),
    ):
        with pytest.raises(StoreError):
            write()
    with CaseStore(root) as reopened:  # the folder was unlocked
        assert len(reopened.notes(made.case.id)) == 1

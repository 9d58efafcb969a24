"""The journals' format on disk: folders written before the indexes shared a module still open.

The sample lines below were written by the store as it was before `store.files.index` and
`store.files.recovery` replaced the per-index modules (one person, one case, a draft on it, a
discarded draft, a loose submitted document, a clean close). They must be read as they are and
the same records must be written back byte for byte, but for the two keys a case's summary gained
afterwards (the crisis contact's suicide-risk flag), appended with their defaults.
"""

from datetime import date
from pathlib import Path

from store import CaseStore
from store.files.index import CaseIndex, DocumentIndex
from store.files.journal import encode_line, read_journal

DOCUMENT_LINES = [
    b'7226d908 {"op":"opened"}\n',
    b'229abef6 {"op":"put","file":"C-2026-00001","doc":{"id":"qubjbbkwixys","workflow_id":"safety_plan",'
    b'"workflow_version":3,"status":"draft","owner":"ana","case_id":"C-2026-00001","mode":"live","revision":1,'
    b'"supersedes":null,"current_step":null,"created_at":"2026-11-20T15:00:00.000003+00:00",'
    b'"updated_at":"2026-11-20T15:00:00.000003+00:00","submitted_at":null}}\n',
    b'188e6552 {"op":"put","file":"C-2026-00001","doc":{"id":"jtlkrvtzmbmt","workflow_id":"safety_plan",'
    b'"workflow_version":3,"status":"draft","owner":"ana","case_id":"C-2026-00001","mode":"live","revision":1,'
    b'"supersedes":null,"current_step":null,"created_at":"2026-11-20T15:00:00.000004+00:00",'
    b'"updated_at":"2026-11-20T15:00:00.000004+00:00","submitted_at":null}}\n',
    b'c3cb9d51 {"op":"del","id":"jtlkrvtzmbmt"}\n',
    b'954551ec {"op":"put","file":"_doc-ub65haewtb6c","doc":{"id":"ub65haewtb6c","workflow_id":"safety_plan",'
    b'"workflow_version":3,"status":"draft","owner":"bo","case_id":null,"mode":"live","revision":1,'
    b'"supersedes":null,"current_step":null,"created_at":"2026-11-20T15:00:00.000005+00:00",'
    b'"updated_at":"2026-11-20T15:00:00.000005+00:00","submitted_at":null}}\n',
    b'56195c06 {"op":"put","file":"_doc-ub65haewtb6c","doc":{"id":"ub65haewtb6c","workflow_id":"safety_plan",'
    b'"workflow_version":3,"status":"submitted","owner":"bo","case_id":null,"mode":"live","revision":1,'
    b'"supersedes":null,"current_step":null,"created_at":"2026-11-20T15:00:00.000005+00:00",'
    b'"updated_at":"2026-11-20T15:00:00.000006+00:00","submitted_at":"2026-11-20T15:00:00.000006+00:00"}}\n',
    b'bc1c4aa8 {"op":"closed"}\n',
]
CASEWORK_LINES = [
    b'7226d908 {"op":"opened"}\n',
    b'46d97e40 {"op":"person","person":{"id":"5cple63wqwdv","first_name":"Mar\xc3\xada","last_name":"L\xc3\xb3pez",'
    b'"aliases":[],"date_of_birth":"1988-04-12","updated_at":"2026-11-20T15:00:00.000001+00:00",'
    b'"phone_digits":[]}}\n',
    b'854a77c4 {"op":"case","case":{"id":"C-2026-00001","client_id":"5cple63wqwdv","case_type":"domestic_violence",'
    b'"status":"new","assigned_to":null,"priority":"normal","restricted":false,"high_danger":false,'
    b'"high_danger_at":null,"police_report_number":"24-012345","mode":"live",'
    b'"opened_at":"2026-11-20T15:00:00.000002+00:00","closed_at":null,'
    b'"last_activity":"2026-11-20T15:00:00.000002+00:00","next_follow_up_due":null,"next_follow_up_label":null}}\n',
    b'bc1c4aa8 {"op":"closed"}\n',
]
OPENED = DOCUMENT_LINES[0]


def entries(lines: list[bytes], tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "sample.jsonl"
    path.write_bytes(b"".join(lines))
    contents = read_journal(path)
    assert contents is not None and contents.damaged_lines == 0
    return contents.entries


def test_the_sample_lines_replay_and_compact_to_the_same_bytes(tmp_path: Path) -> None:
    documents, casework = DocumentIndex(), CaseIndex()
    for entry in entries(DOCUMENT_LINES, tmp_path):
        documents.apply(entry)
    for entry in entries(CASEWORK_LINES, tmp_path):
        casework.apply(entry)
    # Compaction writes one line per live record, exactly as the old code wrote that record last.
    assert sorted(map(encode_line, documents.entries())) == sorted([DOCUMENT_LINES[1], DOCUMENT_LINES[5]])
    person, case = map(encode_line, casework.entries())
    assert person == CASEWORK_LINES[1]
    old = CASEWORK_LINES[2].split(b" ", 1)[1].rstrip(b"\n")
    assert case.split(b" ", 1)[1].rstrip(b"\n") == old[:-2] + b',"suicide_high_risk":false,"suicide_risk_at":null}}'


def test_a_folder_with_the_old_journals_opens_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "index").mkdir(parents=True)
    (root / "index" / "documents.jsonl").write_bytes(b"".join(DOCUMENT_LINES))
    (root / "index" / "casework.jsonl").write_bytes(b"".join(CASEWORK_LINES))
    with CaseStore(root) as cases:
        # Closed cleanly, so the journals are trusted as they are: nothing is rebuilt or rescanned.
        assert [s.id for s in cases.documents.drafts()] == ["qubjbbkwixys"]
        assert [(s.id, s.status) for s in cases.documents.submitted()] == [("ub65haewtb6c", "submitted")]
        assert [s.id for s in cases.documents.case_documents("C-2026-00001")] == ["qubjbbkwixys"]
        assert [e.case_id for e in cases.queue(today=date(2026, 11, 27))] == ["C-2026-00001"]
        hits = cases.search("lopez")
        assert [(h.person.id, [c.id for c in h.cases]) for h in hits] == [("5cple63wqwdv", ["C-2026-00001"])]
        # Neither journal was rewritten: only the "opened" marker was appended.
        assert (root / "index" / "documents.jsonl").read_bytes() == b"".join(DOCUMENT_LINES) + OPENED
        assert (root / "index" / "casework.jsonl").read_bytes() == b"".join(CASEWORK_LINES) + OPENED


def test_old_journals_left_by_a_crash_are_checked_against_the_files(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "index").mkdir(parents=True)
    # No "closed" marker, and none of the files the entries name: recovery drops every entry.
    (root / "index" / "documents.jsonl").write_bytes(b"".join(DOCUMENT_LINES[:-1]))
    (root / "index" / "casework.jsonl").write_bytes(b"".join(CASEWORK_LINES[:-1]))
    with CaseStore(root) as cases:
        assert (cases.documents.drafts(), cases.documents.submitted()) == ([], [])
        assert (cases.queue(today=date(2026, 11, 27)), cases.search("lopez")) == ([], [])
        assert (root / "index" / "documents.jsonl").read_bytes() == OPENED  # rewritten from the index
        assert (root / "index" / "casework.jsonl").read_bytes() == OPENED

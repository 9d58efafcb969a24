"""What the store does with a damaged file when it opens, beyond what the pages show
(tests/ui/test_damaged_files.py): a wrong key is never mistaken for damage, a damaged key check is
told apart from a different key, an audit log's damaged tail is cut and recorded, a snapshot is
rewritten from a copy elsewhere, and what an earlier start set aside is reported again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.files.audit import AuditLog
from store.files.casework import CaseStore
from store.files.damage import DamageReports, report_earlier
from store.files.storage import AtomicJSONStorage
from store.models.errors import AuditLogTampered, CorruptFile, DataKeyError, WrongDataKey
from store.security.crypto import AesGcmCodec

DEFINITION = "id: plan\nversion: 1\ntitle: {en: Plan}\nsteps: []\n"


def flip(path: Path, at: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 if at is None else at] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.fixture
def codec() -> AesGcmCodec:
    return AesGcmCodec(os.urandom(32))


# -- the key check ---------------------------------------------------------------------------------


def test_a_damaged_key_check_is_written_again_when_the_key_opens_the_other_files(
        tmp_path: Path, codec: AesGcmCodec) -> None:
    with CaseStore(tmp_path, codec) as store:
        store.add_person(first_name="Dana", last_name="Fox")
    flip(tmp_path / "keycheck")
    reports = DamageReports()
    with CaseStore(tmp_path, codec, reports=reports) as store:
        assert store.search("Fox")
    [report] = reports.all()
    assert report.what == "the data key check" and "The key is the right one" in report.done
    assert report.set_aside_to is not None and report.set_aside_to.parent == tmp_path / "damaged"
    with CaseStore(tmp_path, codec, reports=(again := DamageReports())):
        assert again.all() == []  # the new key check opens


def test_a_different_key_is_still_a_different_key(tmp_path: Path, codec: AesGcmCodec) -> None:
    with CaseStore(tmp_path, codec) as store:
        store.add_person(first_name="Dana", last_name="Fox")
    before = (tmp_path / "keycheck").read_bytes()
    with pytest.raises(WrongDataKey, match="encrypted with a different key"):
        CaseStore(tmp_path, AesGcmCodec(os.urandom(32)))
    assert (tmp_path / "keycheck").read_bytes() == before and not (tmp_path / "damaged").exists()


def test_a_key_check_alone_cannot_tell_damage_from_another_key(tmp_path: Path, codec: AesGcmCodec) -> None:
    (tmp_path).mkdir(exist_ok=True)
    (tmp_path / "keycheck").write_bytes(AesGcmCodec(os.urandom(32)).encode(b"wraparound data key check v1"))
    with pytest.raises(DataKeyError, match="nothing else to tell a damaged key check from a different key"):
        CaseStore(tmp_path, codec)


def test_a_key_check_of_the_wrong_shape_is_damage_whatever_else_is_there(tmp_path: Path, codec: AesGcmCodec) -> None:
    (tmp_path / "keycheck").write_bytes(b"garbage")
    reports = DamageReports()
    CaseStore(tmp_path, codec, reports=reports).close()
    assert [r.what for r in reports.all()] == ["the data key check"]


# -- the audit log -----------------------------------------------------------------------------------


def test_a_wrong_key_never_cuts_the_audit_log(tmp_path: Path, codec: AesGcmCodec) -> None:
    log = AuditLog(tmp_path, codec)
    log.record("ana", "social_worker", "read", "case", "C-1")
    log.close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(AuditLogTampered, match="no line of this log can be read with this key"):
        AuditLog(tmp_path, AesGcmCodec(os.urandom(32)))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_month_that_cannot_be_read_at_all_is_cut_back_to_the_last_readable_event(
        tmp_path: Path, codec: AesGcmCodec) -> None:
    log = AuditLog(tmp_path, codec)
    for n in range(3):
        log.record("ana", "social_worker", "read", "case", f"C-{n}")
    log.close()
    [month] = tmp_path.glob("*.jsonl")
    earlier = tmp_path / "2020-01.jsonl"
    month.rename(earlier)  # the readable events now sit in an earlier month
    month.write_bytes(b"not a sealed line\nnor this\n")
    reports = DamageReports()
    reopened = AuditLog(tmp_path, codec, reports)
    assert reopened.head()[0] == 4  # three events, then the recorded cut
    assert reopened.verify()
    [cut] = reopened.for_record(month.name)
    assert cut.detail.startswith("damaged tail set aside: 2 unreadable line(s)")
    [report] = reports.all()
    assert report.set_aside_to is not None and report.set_aside_to.read_bytes() == b"not a sealed line\nnor this\n"


# -- definition snapshots, intakes, earlier starts ---------------------------------------------------


def test_a_damaged_snapshot_is_rewritten_from_the_same_snapshot_in_another_folder(
        tmp_path: Path, codec: AesGcmCodec) -> None:
    with CaseStore(tmp_path / "live", codec) as live, CaseStore(tmp_path / "sandbox", codec) as sandbox:
        key = live.documents.remember_definition("plan", 1, DEFINITION)
        assert sandbox.documents.remember_definition("plan", 1, DEFINITION) == key
    flip(tmp_path / "live" / "definitions" / f"{key}.yaml")
    reports = DamageReports()
    with CaseStore(tmp_path / "live", codec, reports=reports) as live:
        with pytest.raises(CorruptFile):
            live.documents.definition_source(key)  # nothing known to rewrite it from
        assert live.documents.definition_source(key, elsewhere=[tmp_path / "sandbox" / "definitions"]) == DEFINITION
        assert live.documents.definition_source(key) == DEFINITION  # repaired on disk
    assert [r.done for r in reports.all()][-1] == "It was set aside and written again from the same snapshot in " \
                                                  "another data folder."


def test_a_readable_file_that_holds_no_intake_is_set_aside_too(tmp_path: Path, codec: AesGcmCodec) -> None:
    CaseStore(tmp_path, codec).close()
    AtomicJSONStorage(tmp_path / "intakes" / "K-2026-00007.json", codec).write({"something": {"1": {}}})
    reports = DamageReports()
    with CaseStore(tmp_path, codec, reports=reports) as store:
        assert store.intakes.open_intakes() == []
    [report] = reports.all()
    assert report.what == "the walk-in intake K-2026-00007" and report.problem == "it holds no intake"


def test_what_an_earlier_start_set_aside_is_reported_again(tmp_path: Path, codec: AesGcmCodec) -> None:
    CaseStore(tmp_path / "live", codec).close()
    flip(tmp_path / "live" / "resources.json")
    first = DamageReports()
    CaseStore(tmp_path / "live", codec, reports=first).close()
    report_earlier(tmp_path, first)
    assert [r.what for r in first.all()] == ["the referral directory"]  # not twice in the same start
    second = DamageReports()
    CaseStore(tmp_path / "live", codec, reports=second).close()
    report_earlier(tmp_path, second)
    [again] = second.all()
    assert again.what == "1 damaged file(s) set aside earlier" and again.file == tmp_path / "live" / "damaged"

"""The audit log: append-only events, lookups newest first, the hash chain and tamper detection."""

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from support.casework import Clock

import store.files.audit
import store.files.durable
from store import AesGcmCodec, AuditLog, AuditLogTampered
from store.files.journal import decode_line


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "audit"


@pytest.fixture(params=["plain", "sealed"])
def codec(request: pytest.FixtureRequest) -> AesGcmCodec | None:
    return AesGcmCodec(os.urandom(32)) if request.param == "sealed" else None


def some_events(log: AuditLog) -> None:
    log.record("ana", "social_worker", "read", "case", "C-2026-00001", case_id="C-2026-00001")
    log.record("ana", "social_worker", "write", "note", "note00000001", case_id="C-2026-00001", detail="added")
    log.record("bo", "supervisor", "download", "document", "doc000000001", case_id="C-2026-00002", detail="pdf")
    log.record("bo", "supervisor", "login", "account", "bo")
    log.record("kim", "intern", "read", "case", "T-2026-00001", mode="training", case_id="T-2026-00001")


def lines(folder: Path) -> list[bytes]:
    return b"".join(path.read_bytes() for path in sorted(folder.glob("*.jsonl"))).splitlines(keepends=True)


def test_events_are_found_by_case_user_and_record_newest_first(folder: Path, clock: Clock) -> None:
    log = AuditLog(folder)
    some_events(log)
    assert [(e.action, e.record_id) for e in log.for_case("C-2026-00001")] == [
        ("write", "note00000001"), ("read", "C-2026-00001")]
    assert [e.action for e in log.for_user("bo")] == ["login", "download"]
    assert [e.actor for e in log.for_record("doc000000001")] == ["bo"]
    [training] = log.for_user("kim")
    assert (training.mode, training.role, training.case_id) == ("training", "intern", "T-2026-00001")
    assert training.at.startswith("2026-11-20T15:00:00")
    log.close()
    assert [e.action for e in AuditLog(folder).for_case("C-2026-00001")] == ["write", "read"]


def test_the_log_has_no_way_to_change_or_remove_an_event(folder: Path) -> None:
    public = {name for name in dir(AuditLog) if not name.startswith("_")}
    assert public == {"record", "record_soon", "flush", "head", "close", "verify", "for_case", "for_user", "for_record"}


def test_the_pages_audit_sink_can_call_it_positionally(folder: Path) -> None:
    sink = AuditLog(folder).record  # what app.py hands the pages as `audit`
    sink("ana", "social_worker", "export", "report", "2026-Q1", "live", None)
    log = AuditLog(folder)
    assert log.for_record("2026-Q1")[0].action == "export"


@pytest.mark.parametrize(
    "bad",
    [{"action": "delete"}, {"mode": "demo"}],
)
def test_bad_events_are_refused_and_nothing_is_written(folder: Path, bad: dict) -> None:
    log = AuditLog(folder)
    fields = {"actor": "ana", "role": "social_worker", "action": "read", "record_type": "case",
              "record_id": "C-1"} | bad
    with pytest.raises(ValueError):
        log.record(**fields)
    assert lines(folder) == []


def test_huge_or_multi_line_fields_are_cut_to_one_short_line(folder: Path) -> None:
    """A visitor's 300,000-character "user name" must not add megabytes to the log; the event is
    still written (a refused audit would leave the change it records unaudited)."""
    log = AuditLog(folder)
    huge = "a\nforged line\x1b[31m" + "x" * 300_000
    written = log.record(huge, huge, "login_failed", huge, huge, case_id=huge, detail=huge)
    (path,) = sorted(folder.glob("*.jsonl"))
    assert path.stat().st_size < 1500
    (event,) = AuditLog(folder).for_user(written.actor)
    for value, limit in ((event.actor, 80), (event.role, 32), (event.record_type, 40), (event.record_id, 120),
                         (event.case_id, 64), (event.detail, 200)):
        assert value is not None and len(value) == limit and value.endswith("…")
        assert "\n" not in value and "\x1b" not in value
    assert event.actor.startswith("a forged line [31m")


def test_every_event_is_on_the_disk_before_record_returns(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(store.files.durable.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    log = AuditLog(folder)
    log.record("ana", "social_worker", "read", "case", "C-1")
    log.record("ana", "social_worker", "read", "case", "C-1")
    assert len(synced) >= 2


def test_the_chain_verifies_and_carries_on_across_months_and_restarts(
    folder: Path, clock: Clock, codec: AesGcmCodec | None
) -> None:
    log = AuditLog(folder, codec)
    some_events(log)
    clock.set("2026-12-01T00:00:01+00:00")
    log.record("ana", "social_worker", "read", "case", "C-2026-00001", case_id="C-2026-00001")
    log.close()
    assert sorted(p.name for p in folder.iterdir()) == ["2026-11.jsonl", "2026-12.jsonl"]
    reopened = AuditLog(folder, codec)
    reopened.record("ana", "social_worker", "logout", "account", "ana")
    assert reopened.verify() is True
    assert reopened.head()[0] == 7
    assert [e.at[:7] for e in reopened.for_case("C-2026-00001")] == ["2026-12", "2026-11", "2026-11"]
    entries = [decode_line(line[:-1], codec) for line in lines(folder)]
    assert [entry["seq"] for entry in entries if entry] == list(range(1, 8))
    assert entries[0] is not None and entries[0]["prev"] == "0" * 64


def rewrite_plain(folder: Path, change: Callable[[list[dict]], list[dict]]) -> None:
    """What someone editing the plain log by hand would do, checksums fixed up and all."""
    path = folder / "2026-11.jsonl"
    entries = [json.loads(line.split(b" ", 1)[1]) for line in path.read_bytes().splitlines()]
    out = b""
    for entry in change(entries):
        body = json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode()
        out += b"%08x %s\n" % (zlib.crc32(body), body)
    path.write_bytes(out)


@pytest.mark.parametrize(
    ("tamper", "line", "reason"),
    [
        (lambda es: [*es[:2], {**es[2], "event": {**es[2]["event"], "actor": "eve"}}, *es[3:]], 4, "changed"),
        (lambda es: es[:1] + es[2:], 2, "removed"),
        (lambda es: [es[0], es[2], es[1], *es[3:]], 2, "reordered"),
        (lambda es: [*es[:3], {**es[3], "seq": 4, "prev": es[2]["prev"]}, *es[3:]], 4, "changed"),
    ],
    ids=["edited event", "deleted line", "swapped lines", "inserted copy"],
)
def test_tampering_is_detected_with_the_line_number(folder: Path, clock: Clock, tamper: Callable, line: int,
                                                     reason: str) -> None:
    log = AuditLog(folder)
    some_events(log)
    log.close()
    rewrite_plain(folder, tamper)
    with pytest.raises(AuditLogTampered, match=reason) as caught:
        AuditLog(folder).verify()
    assert (caught.value.path.name, caught.value.line) == ("2026-11.jsonl", line)


def test_a_sealed_line_cannot_be_edited_at_all(folder: Path, clock: Clock) -> None:
    codec = AesGcmCodec(os.urandom(32))
    log = AuditLog(folder, codec)
    some_events(log)
    log.close()
    path = folder / "2026-11.jsonl"
    data = path.read_bytes().splitlines(keepends=True)
    data[1] = data[1][:20] + (b"A" if data[1][20:21] != b"A" else b"B") + data[1][21:]
    path.write_bytes(b"".join(data))
    with pytest.raises(AuditLogTampered, match="cannot be read with this key") as caught:
        AuditLog(folder, codec).verify()
    assert caught.value.line == 2
    with pytest.raises(AuditLogTampered):
        AuditLog(folder, AesGcmCodec(os.urandom(32)))  # another key cannot carry the chain on


def test_a_deleted_month_is_detected(folder: Path, clock: Clock) -> None:
    log = AuditLog(folder)
    some_events(log)
    clock.set("2026-12-01T00:00:01+00:00")
    log.record("ana", "social_worker", "read", "case", "C-1")
    log.close()
    (folder / "2026-11.jsonl").unlink()
    with pytest.raises(AuditLogTampered, match="expected event 1, found 6") as caught:
        AuditLog(folder).verify()
    assert (caught.value.path.name, caught.value.line) == ("2026-12.jsonl", 1)


def test_a_torn_last_line_from_a_crash_is_cut_off_on_open(folder: Path, clock: Clock,
                                                          codec: AesGcmCodec | None) -> None:
    log = AuditLog(folder, codec)
    some_events(log)
    path = folder / "2026-11.jsonl"
    whole = path.read_bytes()
    path.write_bytes(whole + whole.splitlines(keepends=True)[0][:15])  # a crash mid-append
    with pytest.raises(AuditLogTampered, match="incomplete"):
        log.verify()
    log.close()
    reopened = AuditLog(folder, codec)
    assert path.read_bytes() == whole  # the unacknowledged half line is gone, nothing else
    reopened.record("ana", "social_worker", "read", "case", "C-1")
    assert reopened.verify()


def test_events_queued_for_the_writer_keep_their_order_and_every_read_waits_for_them(
        folder: Path, codec: AesGcmCodec | None) -> None:
    log = AuditLog(folder, codec)
    log.record_soon("ana", "social_worker", "read", "case", "C-1", case_id="C-1")
    log.record("ana", "social_worker", "write", "note", "note1", case_id="C-1")
    for n in range(20):
        log.record_soon("ana", "social_worker", "read", "document", f"doc{n}", case_id="C-1")
    assert [e.record_id for e in reversed(log.for_case("C-1"))] == ["C-1", "note1", *(f"doc{n}" for n in range(20))]
    assert log.head()[0] == 22
    assert log.verify()
    log.close()


def test_close_writes_what_is_still_queued(folder: Path) -> None:
    log = AuditLog(folder)
    for n in range(5):
        log.record_soon("bo", "supervisor", "read", "case", f"C-{n}")
    log.close()
    assert len(lines(folder)) == 5
    assert [e.record_id for e in AuditLog(folder).for_user("bo")] == [f"C-{n}" for n in reversed(range(5))]


def test_a_queued_event_that_cannot_be_written_is_reported_loudly(
        folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    log = AuditLog(folder)

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.files.audit, "append_line_durably", full_disk)
    log.record_soon("ana", "social_worker", "read", "case", "C-1")
    log.flush()
    assert "AUDIT EVENT NOT WRITTEN" in caplog.text and "No space left" in caplog.text

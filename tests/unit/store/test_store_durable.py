"""Durable writes: a file is replaced whole or not at all, in the order a power cut needs."""

import os
from pathlib import Path

import pytest

from store.files import durable
from store.files.durable import append_line_durably, atomic_write_bytes, remove_durably, remove_stale_temp_files


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_atomic_write_never_modifies_the_file_in_place(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    atomic_write_bytes(target, b"old content")
    with target.open("rb") as reader_of_old:
        atomic_write_bytes(target, b"new")
        # A reader that opened the old file still sees all of it: the new one is a different file.
        assert reader_of_old.read() == b"old content"
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "case.json"
    atomic_write_bytes(target, b'{"documents":{}}')

    def boom(*args: object) -> None:
        raise OSError(f"simulated {failing} failure")

    if failing == "write":
        monkeypatch.setattr(durable.os, "fdopen", lambda fd, mode: _FailingFile(fd))
    else:
        monkeypatch.setattr(durable.os, failing, boom)
    with pytest.raises(OSError, match="simulated"):
        atomic_write_bytes(target, b'{"documents":{"1":{"id":"x"}}}')
    monkeypatch.undo()
    assert target.read_bytes() == b'{"documents":{}}'
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


class _FailingFile:
    """Writes half the data, then fails, as a full disk would."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def __enter__(self) -> "_FailingFile":
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)

    def write(self, data: bytes) -> None:
        os.write(self._fd, data[: len(data) // 2])
        raise OSError("simulated write failure")


def test_write_order_is_data_fsync_then_rename_then_folder_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if Path(f"/proc/self/fd/{fd}").resolve().is_dir() else "fsync file")
        real_fsync(fd)

    def replace(src: str, dst: Path) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(durable.os, "fsync", fsync)
    monkeypatch.setattr(durable.os, "replace", replace)
    atomic_write_bytes(tmp_path / "case.json", b"{}")
    assert events == ["fsync file", "replace", "fsync folder"]


def test_append_line_durably_appends_whole_lines_and_syncs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(durable.os, "fsync", fsync)
    journal = tmp_path / "documents.jsonl"
    with journal.open("ab") as handle:
        append_line_durably(handle, b"one\n")
        append_line_durably(handle, b"two\n")
        with pytest.raises(ValueError):
            append_line_durably(handle, b"no newline")
        assert synced == [handle.fileno()] * 2
    assert journal.read_bytes() == b"one\ntwo\n"


def test_remove_durably_and_temp_sweep(tmp_path: Path) -> None:
    kept, stale = tmp_path / "case.json", tmp_path / ".case.json.abc123.tmp"
    kept.write_bytes(b"{}")
    stale.write_bytes(b"{half")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]
    remove_durably(kept)
    remove_durably(kept)  # already gone: not an error
    assert list(tmp_path.iterdir()) == []

"""The TinyDB storage for case files: whole-file reads, atomic whole-file writes, compact JSON.

TinyDB's own `JSONStorage` truncates and rewrites its file in place, so a crash mid-write tears
it. `AtomicJSONStorage` writes through `store.files.durable.atomic_write_bytes` instead. It also holds
the seam for encryption at rest: a `Codec` turns the JSON bytes into what lands on the disk and
back. The default codec is the identity; `store.security.crypto.AesGcmCodec` is the real cipher.

Files are encrypted whole; journal and audit lines one line at a time, which needs a `LineCodec`
(a codec whose output fits on one line). A codec without line methods — the test stand-ins —
covers files only, and the lines stay plain.
"""

import json
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from tinydb.storages import Storage

from store.files.durable import atomic_write_bytes
from store.models.errors import CorruptFile


class Codec(Protocol):
    """Turns serialised bytes into stored bytes and back (e.g. a cipher); must round-trip."""

    def encode(self, data: bytes) -> bytes: ...

    def decode(self, data: bytes) -> bytes: ...


@runtime_checkable
class LineCodec(Codec, Protocol):
    """A codec that can also seal one line of an append-only file (journal, audit log).

    `encode_line` must return bytes without a newline; `decode_line` raises ValueError for a line
    it did not write unchanged (a torn last line included).
    """

    def encode_line(self, data: bytes) -> bytes: ...

    def decode_line(self, data: bytes) -> bytes: ...


def line_codec(codec: Codec | None) -> LineCodec | None:
    """The codec for journal and audit lines: `codec` itself if it can seal lines, else none."""
    return codec if isinstance(codec, LineCodec) else None


class IdentityCodec:
    """Stores the JSON as it is: the default when no data key is given (tests, tools)."""

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        return data


def encode_json(data: Any) -> bytes:
    """Compact, strict JSON: NaN/Infinity are refused because no other JSON reader accepts them."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


class AtomicJSONStorage(Storage):
    """A TinyDB storage over one file that is never modified in place."""

    def __init__(self, path: str | Path, codec: Codec | None = None) -> None:
        self._path = Path(path)
        self._codec: Codec = codec if codec is not None else IdentityCodec()

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            # A case with nothing written yet; reading must not create the file.
            return None
        if not raw:
            # Atomic writes never leave an empty file, so an empty one means damage; treating it
            # as "no data" would let the next write silently replace whatever was lost.
            raise CorruptFile(self._path, "empty file")
        try:
            plain = self._codec.decode(raw)
        except ValueError as exc:  # a cipher's "not authentic" is a ValueError too
            raise CorruptFile(self._path, f"cannot be decoded ({exc})") from exc
        try:
            data = json.loads(plain)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
            raise CorruptFile(self._path, f"not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise CorruptFile(self._path, "top level is not a JSON object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # Serialise before touching the disk, so an unserialisable answer leaves the file as it was.
        atomic_write_bytes(self._path, self._codec.encode(encode_json(data)))

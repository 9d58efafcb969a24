"""Definition snapshots: the exact YAML text each document was made with, kept forever.

A workflow definition changes over time; a document must still render with the version it was
made with. The first time a given text is used, it is written once, atomically, under
`definitions/<workflow_id>-v<version>-<sha256 prefix>.yaml`. The file name carries the hash, so
the same text always gets the same key, two texts never share one, and a damaged snapshot is
detected when read. With a codec the file holds the encrypted text; the hash is of the plain text,
so the key does not depend on the data key.
"""

import hashlib
import re
import threading
from pathlib import Path

from store.durable import atomic_write_bytes
from store.errors import CorruptFile, DefinitionNotFound
from store.layout import check_name
from store.storage import Codec, IdentityCodec

HASH_CHARS = 16
SNAPSHOT_SUFFIX = ".yaml"
KEY_PATTERN = re.compile(r"(?P<workflow>[A-Za-z0-9][A-Za-z0-9._-]{0,99})-v(?P<version>\d+)-(?P<hash>[0-9a-f]{16})")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


class DefinitionSnapshots:
    def __init__(self, folder: Path, codec: Codec | None = None) -> None:
        self._folder = folder
        self._codec: Codec = codec if codec is not None else IdentityCodec()
        # Keys known to be on disk, so the common case (same definition again) costs no stat.
        self._known: set[str] = set()
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self._folder / (key + SNAPSHOT_SUFFIX)

    def remember(self, workflow_id: str, version: int, source: str) -> str:
        """Store this definition text if it is new; return its key. Idempotent."""
        check_name("workflow id", workflow_id)
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise ValueError(f"workflow version must be a non-negative integer, not {version!r}")
        data = source.encode("utf-8")
        key = f"{workflow_id}-v{version}-{_digest(data)}"
        with self._lock:
            if key not in self._known:
                path = self._path(key)
                # An existing file is complete (it was written atomically) and, by its name,
                # holds this very text, so it is never rewritten.
                if not path.exists():
                    atomic_write_bytes(path, self._codec.encode(data))
                self._known.add(key)
        return key

    def source(self, key: str) -> str:
        match = KEY_PATTERN.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            # Also what keeps a crafted key from naming a file outside the folder.
            raise DefinitionNotFound(key)
        path = self._path(key)
        try:
            data = self._codec.decode(path.read_bytes())
        except FileNotFoundError:
            raise DefinitionNotFound(key) from None
        except ValueError as exc:
            raise CorruptFile(path, f"cannot be decoded ({exc})") from exc
        if _digest(data) != match["hash"]:
            raise CorruptFile(path, "definition text does not match its hash")
        return data.decode("utf-8")

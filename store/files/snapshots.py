"""Definition snapshots: the exact YAML text each document was made with, kept forever.

A workflow definition changes over time; a document must still render with the version it was
made with. The first time a given text is used, it is written once, atomically, under
`definitions/<workflow_id>-v<version>-<sha256 prefix>.yaml`. The file name carries the hash, so
the same text always gets the same key, two texts never share one, and a damaged snapshot is
detected when read. With a codec the file holds the encrypted text; the hash is of the plain text,
so the key does not depend on the data key.

Because the name is the hash, a damaged snapshot can be rewritten from any text with that hash: the
current workflow definitions, or the same snapshot in another data folder (each practice sandbox
keeps its own). The damaged copy is set aside in `definitions/damaged/` and the repair reported;
with no matching text anywhere, the damage is reported and the read fails.
"""

import hashlib
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from store.files.damage import DamageReport, DamageReports, describe, set_aside
from store.files.durable import atomic_write_bytes
from store.files.layout import check_name
from store.files.storage import Codec, IdentityCodec
from store.models.errors import CorruptFile, DefinitionNotFound

HASH_CHARS = 16
SNAPSHOT_SUFFIX = ".yaml"
KEY_PATTERN = re.compile(r"(?P<workflow>[A-Za-z0-9][A-Za-z0-9._-]{0,99})-v(?P<version>\d+)-(?P<hash>[0-9a-f]{16})")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


class DefinitionSnapshots:
    def __init__(self, folder: Path, codec: Codec | None = None, reports: DamageReports | None = None) -> None:
        self._folder = folder
        self._codec: Codec = codec if codec is not None else IdentityCodec()
        self._reports = reports if reports is not None else DamageReports()
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

    @property
    def folder(self) -> Path:
        return self._folder

    def source(self, key: str, known: Iterable[str] = (), elsewhere: Iterable[Path] = ()) -> str:
        """The text stored under `key`. A damaged snapshot is rewritten from a text in `known` or
        from the same snapshot in one of the `elsewhere` folders, whichever has the right hash."""
        match = KEY_PATTERN.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            # Also what keeps a crafted key from naming a file outside the folder.
            raise DefinitionNotFound(key)
        try:
            return self._read(self._path(key), match["hash"])
        except CorruptFile as exc:
            return self._repair(key, match["hash"], exc, known, elsewhere)

    def check(self, known: Iterable[str] = (), elsewhere: Iterable[Path] = ()) -> None:
        """Read every snapshot once (at start-up) and repair or report the damaged ones."""
        texts = list(known)
        for path in sorted(self._folder.glob(f"*{SNAPSHOT_SUFFIX}")):
            match = KEY_PATTERN.fullmatch(path.stem)
            if match is None or path.name.startswith("."):
                continue
            try:
                self._read(path, match["hash"])
            except CorruptFile as exc:
                try:
                    self._repair(path.stem, match["hash"], exc, texts, elsewhere)
                except CorruptFile:
                    continue  # reported; the documents made with it say so when opened

    def _read(self, path: Path, digest: str) -> str:
        try:
            data = self._codec.decode(path.read_bytes())
        except FileNotFoundError:
            raise DefinitionNotFound(path.stem) from None
        except ValueError as exc:
            raise CorruptFile(path, f"cannot be decoded ({exc})") from exc
        if _digest(data) != digest:
            raise CorruptFile(path, "definition text does not match its hash")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorruptFile(path, "not UTF-8 text") from exc

    def _repair(self, key: str, digest: str, exc: CorruptFile, known: Iterable[str], elsewhere: Iterable[Path]) -> str:
        path = self._path(key)
        text = next((t for t in known if _digest(t.encode("utf-8")) == digest), None)
        source = "the current workflow definition, whose text has the same hash"
        if text is None:
            text = self._copy_elsewhere(key, digest, elsewhere)
            source = "the same snapshot in another data folder"
        if text is None:
            self._reports.report(DamageReport(
                file=path, what=f"the definition snapshot {key}", problem=describe(exc),
                done="No copy of that text was found. Documents made with this version of the workflow cannot "
                     "be shown or printed until it is restored; everything else works.",
                todo=f"Restore definitions/{path.name} from a backup: the app checks a restored copy "
                     "against the hash in its name."))
            raise exc
        with self._lock:
            moved = set_aside(path) if path.exists() else None
            atomic_write_bytes(path, self._codec.encode(text.encode("utf-8")))
            self._known.add(key)
        self._reports.report(DamageReport(
            file=path, what=f"the definition snapshot {key}", problem=describe(exc), set_aside_to=moved,
            done=f"It was set aside and written again from {source}.", todo="Nothing else is needed."))
        return text

    def _copy_elsewhere(self, key: str, digest: str, folders: Iterable[Path]) -> str | None:
        for folder in folders:
            if folder.resolve() == self._folder.resolve():
                continue
            try:
                return self._read(folder / (key + SNAPSHOT_SUFFIX), digest)
            except (CorruptFile, DefinitionNotFound):
                continue
        return None

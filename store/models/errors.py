"""The store's exceptions: what a caller can be told went wrong with a read or a write.

Lookups that find nothing are also `KeyError`s, so `except KeyError` keeps working for callers
that treat the store like a mapping.
"""

from pathlib import Path


class StoreError(Exception):
    """Base class for every error the store raises on purpose."""


class DocumentNotFound(StoreError, KeyError):
    """No document with this id (never created, or a discarded draft)."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id

    def __str__(self) -> str:
        return f"no document {self.doc_id!r}"


class DocumentFinal(StoreError):
    """The document was submitted; a submitted document is never changed, only revised."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id

    def __str__(self) -> str:
        return f"document {self.doc_id!r} is submitted and can no longer be changed"


class DocumentNotSubmitted(StoreError):
    """Only a submitted document can be revised; a draft is simply edited."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id

    def __str__(self) -> str:
        return f"document {self.doc_id!r} is a draft; only submitted documents are revised"


class DocumentSuperseded(StoreError):
    """The submitted document already has a revision; revise (or resume) that one instead."""

    def __init__(self, doc_id: str, by: str) -> None:
        super().__init__(doc_id, by)
        self.doc_id = doc_id
        self.by = by

    def __str__(self) -> str:
        return f"document {self.doc_id!r} was already revised by {self.by!r}"


class DefinitionNotFound(StoreError, KeyError):
    """No stored definition snapshot under this key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"no stored definition {self.key!r}"


class CorruptFile(StoreError):
    """A stored file does not hold what the store wrote there (damaged disk, edited by hand)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class StoreBusy(StoreError):
    """Another DocumentStore (in this or another process) already has the data folder open."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.root = root

    def __str__(self) -> str:
        return f"the data folder {self.root} is already open in another store"


class DataKeyError(StoreError):
    """The data key is missing, malformed, stored unsafely, or does not open this data folder."""


class WrongDataKey(DataKeyError):
    """The data folder was encrypted with another key: nothing in it can be read with this one."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.root = root

    def __str__(self) -> str:
        return (
            f"the data key does not open {self.root}: it was encrypted with a different key "
            "(check WRAPAROUND_DATA_KEY / WRAPAROUND_KEY_FILE)"
        )


class RecordNotFound(StoreError, KeyError):
    """No casework record of this kind with this id (a person, a case, a note, a resource…)."""

    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(kind, record_id)
        self.kind = kind
        self.record_id = record_id

    def __str__(self) -> str:
        return f"no {self.kind} {self.record_id!r}"


class CaseChangeRefused(StoreError, ValueError):
    """A case cannot change this way now (closing a closed case, taking a case someone has)."""

    def __init__(self, case_id: str, why: str) -> None:
        super().__init__(case_id, why)
        self.case_id = case_id
        self.why = why

    def __str__(self) -> str:
        return f"case {self.case_id} cannot change: {self.why}"


class AuditLogTampered(StoreError):
    """An audit log line was changed, removed, inserted or reordered (or the disk damaged it)."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(path, line, reason)
        self.path = path
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}, line {self.line}: {self.reason}"


class ConsentNotInForce(ValueError):
    """A referral was to share information under a consent that, by the time it was written, was
    revoked, out of date, or not this case's: nothing was recorded as shared."""

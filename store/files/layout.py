"""Where things live under the data folder, and which names are allowed there.

    root/
      cases/<case_id>.json          one TinyDB file per case: its record, notes, follow-ups,
                                    referrals, consents and documents (one table each)
      cases/_doc-<doc_id>.json      a document without a case (and its revisions)
      people/<person_id>.json       one TinyDB file per person (client or household member)
      intakes/<K-year-n>.json       one file per staged kiosk intake (store.files.intakes)
      definitions/<workflow_id>-v<version>-<sha256 prefix>.yaml   definition snapshots
      renders/<doc_id>/<form_id>.pdf  a submitted document's PDFs, rendered once (store.files.renders)
      index/documents.jsonl         the document list index: an append-only journal (a cache)
      index/casework.jsonl          the people and case index: the same kind of journal
      audit/<YYYY-MM>.jsonl         the audit log, one file per month, hash-chained
      resources.json                the referral directory, seeded on first open
      keycheck                      proves the data key on open (encryption at rest only)
      .lock                         held while a store has the folder open

Case and workflow ids become file names, so they are restricted to a safe alphabet: they can
never climb out of their folder or collide with the `_doc-` files (case ids start alphanumeric).
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from store.files.durable import fsync_dir

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
LOOSE_PREFIX = "_doc-"
CASE_SUFFIX = ".json"
KEY_CHECK_NAME = "keycheck"


def check_name(kind: str, value: str) -> str:
    if not isinstance(value, str) or not SAFE_NAME.fullmatch(value):
        raise ValueError(f"{kind} {value!r} must be 1-100 letters, digits, '.', '_' or '-', starting alphanumeric")
    return value


def case_file_stem(case_id: str | None, doc_id: str) -> str:
    """The file a new document goes to: its case's, or one of its own when it has no case."""
    if case_id is None:
        return LOOSE_PREFIX + doc_id
    return check_name("case id", case_id)


def is_loose(stem: str) -> bool:
    return stem.startswith(LOOSE_PREFIX)


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    @property
    def definitions(self) -> Path:
        return self.root / "definitions"

    @property
    def renders(self) -> Path:
        return self.root / "renders"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def key_check(self) -> Path:
        return self.root / KEY_CHECK_NAME

    @property
    def journal(self) -> Path:
        return self.index / "documents.jsonl"

    @property
    def casework_journal(self) -> Path:
        return self.index / "casework.jsonl"

    @property
    def people(self) -> Path:
        return self.root / "people"

    @property
    def intakes(self) -> Path:
        return self.root / "intakes"

    @property
    def audit(self) -> Path:
        return self.root / "audit"

    @property
    def resources(self) -> Path:
        return self.root / "resources.json"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"

    def case_path(self, stem: str) -> Path:
        return self.cases / (stem + CASE_SUFFIX)

    def person_path(self, person_id: str) -> Path:
        return self.people / (check_name("person id", person_id) + CASE_SUFFIX)

    def holds_records(self) -> bool:
        """Whether any case, person or staged intake file exists yet."""
        return bool(self.case_files() or self.people_files() or (self.intakes.is_dir() and _json_files(self.intakes)))

    def folders(self) -> tuple[Path, ...]:
        return (self.cases, self.definitions, self.renders, self.index, self.people, self.audit, self.intakes)

    def ensure(self) -> None:
        """Create missing folders, durably: a new folder is itself an entry in its parent."""
        for folder in (self.root, *self.folders()):
            if not folder.is_dir():
                # Owner only: the files are 0600 already, but names (case numbers) are data too.
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                fsync_dir(folder.parent)

    def case_files(self) -> dict[str, int]:
        """Every case file's stem and modification time (ns); temp files are not case files."""
        return _json_files(self.cases)

    def people_files(self) -> dict[str, int]:
        """Every person file's id and modification time (ns)."""
        return _json_files(self.people)


def _json_files(folder: Path) -> dict[str, int]:
    """Stem and modification time (ns) of each `*.json` in a folder; temp files start with '.'."""
    found = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(CASE_SUFFIX) and not name.startswith(".") and entry.is_file():
                found[name[: -len(CASE_SUFFIX)]] = entry.stat().st_mtime_ns
    return found

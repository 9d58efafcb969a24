"""Crash test: kill a saving process with SIGKILL over and over; no acknowledged save may be lost.

The child (store_crash_child.py) autosaves in a loop and prints a line after every call returns.
The parent kills it at a random moment, then checks the data folder as the app would find it
after a power cut or an OOM kill: every case file parses, and, once the store is opened, every
acknowledged save is there (each draft's counter at least what was acknowledged, every
acknowledged document present, every acknowledged submit and discard in effect), the index agrees
with a rebuild from the case files, and every document's definition snapshot is readable.

Some submits are high-danger lethality screens on cases with a case record, written with their
case's flag and a follow-up in one write (`CaseStore.submit_on_case`): after every kill, every
screen found submitted in a case file, acknowledged or not, has its case flagged, pointing at the
latest screen, and its follow-up; and the casework index agrees with a rebuild.

Set STORE_CRASH_SEED to replay a run's choices (kill timing still varies).
"""

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.store_crash_child import DEFINITION

from store import CaseStore, DocumentNotFound, DocumentStore
from store.files.case_tables import read_case
from store.files.casefile import DOCUMENTS_TABLE, rows
from store.models.cases import FOLLOW_UPS_TABLE, FollowUp
from store.models.documents import DocumentRecord

CHILD = Path(__file__).resolve().parents[3] / "tests" / "support" / "store_crash_child.py"
KILLS_WHILE_SAVING = 100
KILLS_WHILE_STARTING = 10  # these may land in imports, in recovery or in the first saves


@dataclass
class Acknowledged:
    drafts: dict[str, int] = field(default_factory=dict)  # id -> counter acknowledged
    submitted: dict[str, int] = field(default_factory=dict)
    discarded: set[str] = field(default_factory=set)
    submitting: dict[str, int] = field(default_factory=dict)  # started, not acknowledged
    discarding: set[str] = field(default_factory=set)
    revisions: dict[str, str] = field(default_factory=dict)  # new id -> id it supersedes
    saves: int = 0

    def take(self, line: str) -> None:
        match line.split():
            case ["new", doc_id]:
                self.drafts[doc_id] = 0
            case ["save", doc_id, count]:
                self.drafts[doc_id] = max(self.drafts.get(doc_id, 0), int(count))
                self.saves += 1
            case ["submitting", doc_id, count]:
                self.submitting[doc_id] = int(count)
            case ["submitted", doc_id, count]:
                self.drafts.pop(doc_id, None)
                self.submitting.pop(doc_id, None)
                self.submitted[doc_id] = int(count)
            case ["discarding", doc_id]:
                self.discarding.add(doc_id)
            case ["discarded", doc_id]:
                self.drafts.pop(doc_id, None)
                self.discarding.discard(doc_id)
                self.discarded.add(doc_id)
            case ["revised", old_id, new_id, count]:
                self.drafts[new_id] = int(count)
                self.revisions[new_id] = old_id
            case ["ready"]:
                pass
            case _:
                raise AssertionError(f"child printed {line!r}")


def check_case_files_parse(root: Path) -> None:
    for path in (root / "cases").glob("*.json"):
        if not path.name.startswith("."):
            assert isinstance(json.loads(path.read_bytes()), dict), path


def check_screens_flag_their_cases(root: Path, context: str) -> int:
    """Read from the case files themselves: a submitted high-danger screen never lacks its flag."""
    screens = 0
    for path in (root / "cases").glob("*.json"):
        if path.name.startswith("."):
            continue
        data = json.loads(path.read_bytes())
        submitted = [d for d in rows(data, DOCUMENTS_TABLE, DocumentRecord)
                     if d.status == "submitted" and d.computed.get("high_danger")]
        if not submitted:
            continue
        case = read_case(data)
        assert case is not None, f"{context}: a screen was submitted on {path.stem}, which has no case"
        latest = max(submitted, key=lambda d: d.submitted_at or "")
        assert (case.high_danger, case.high_danger_document) == (True, latest.id), (
            f"{context}: {path.stem} has {len(submitted)} high-danger screen(s) but its flag is "
            f"{case.high_danger} for {case.high_danger_document}")
        titles = {f.title for f in rows(data, FOLLOW_UPS_TABLE, FollowUp)}
        assert {f"Check on {d.id}" for d in submitted} <= titles, f"{context}: a screen's follow-up is missing"
        screens += len(submitted)
    return screens


def check_casework(root: Path, context: str) -> None:
    """Opened after the kill, the casework index agrees with a rebuild from the files."""
    with CaseStore(root) as cases:
        ids = [path.stem for path in (root / "cases").glob("*.json") if not path.name.startswith(".")]
        listed = cases.case_clients(ids)
        cases.rebuild_index()
        assert cases.case_clients(ids) == listed, f"{context}: the case index after recovery differs from the files"


def check_store(root: Path, acked: Acknowledged, context: str) -> None:
    with DocumentStore(root) as store:
        assert not list(root.rglob("*.tmp")), context
        for doc_id, count in list(acked.drafts.items()):
            try:
                record = store.get(doc_id)
            except DocumentNotFound:
                assert doc_id in acked.discarding, f"{context}: acknowledged draft {doc_id} lost"
                del acked.drafts[doc_id]
                acked.discarded.add(doc_id)
                continue
            stored = record.answers["progress"]["n"]
            if record.status == "submitted":
                assert acked.submitting.get(doc_id) == stored, f"{context}: {doc_id} submitted unasked"
                del acked.drafts[doc_id]
                acked.submitted[doc_id] = stored
                continue
            assert stored >= count, f"{context}: {doc_id} has {stored}, {count} was acknowledged"
            assert record.supersedes == acked.revisions.get(doc_id, record.supersedes), context
        for doc_id, count in acked.submitted.items():
            record = store.get(doc_id)
            assert (record.status, record.answers["progress"]["n"]) == ("submitted", count), context
        for doc_id in acked.discarded:
            with pytest.raises(DocumentNotFound):
                store.get(doc_id)
        acked.submitting.clear()
        acked.discarding.clear()

        listed = {
            kind: [s for mode in ("live", "training") for s in getattr(store, kind)(mode=mode)]
            for kind in ("drafts", "submitted")
        }
        assert set(acked.drafts) <= {s.id for s in listed["drafts"]}, context
        assert set(acked.submitted) <= {s.id for s in listed["submitted"]}, context
        for summary in listed["drafts"] + listed["submitted"]:
            assert store.definition_source(store.get(summary.id).definition_key) == DEFINITION
        store.rebuild_index()
        rebuilt = {
            kind: [s for mode in ("live", "training") for s in getattr(store, kind)(mode=mode)]
            for kind in ("drafts", "submitted")
        }
        assert rebuilt == listed, f"{context}: the index after recovery differs from the case files"


def run_and_kill(root: Path, seed: int, wait_for_ack: bool, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(root), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    output = b""
    try:
        if wait_for_ack:
            # Read a random number of acknowledged lines, then let it run a moment longer. Counting
            # lines, not sleeping, keeps the work done between kills the same on a busy machine
            # (a timed wait once left too few saves for the check at the end to mean anything).
            wanted = rng.randrange(2, 40)
            while output.count(b"\n") < wanted:
                ready, _, _ = select.select([child.stdout], [], [], 30)
                chunk = os.read(child.stdout.fileno(), 65536) if ready else b""
                if not chunk:
                    raise AssertionError(f"child stopped: {child.stderr.read().decode()}")
                output += chunk
            time.sleep(rng.uniform(0, 0.02))
        else:
            time.sleep(rng.uniform(0, 0.3))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    output += child.stdout.read()
    stderr = child.stderr.read().decode()
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, stderr
    # A line without its newline was cut by the kill: it acknowledges nothing.
    return output.decode().split("\n")[:-1]


def test_no_acknowledged_save_is_lost_when_the_process_is_killed(tmp_path: Path) -> None:
    seed = int(os.environ.get("STORE_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    root = tmp_path / "data"
    acked = Acknowledged()
    screens = 0
    plan = [True] * KILLS_WHILE_SAVING + [False] * KILLS_WHILE_STARTING
    rng.shuffle(plan)
    for round_number, wait_for_ack in enumerate(plan):
        context = f"seed {seed}, round {round_number}"
        for line in run_and_kill(root, rng.randrange(2**32), wait_for_ack, rng):
            acked.take(line)
        if (root / "cases").exists():
            check_case_files_parse(root)
            screens = check_screens_flag_their_cases(root, context)
            check_casework(root, context)  # first: opening the case store sweeps what a kill left at the top
            check_store(root, acked, context)
    # The test only means something if the child really got work done between kills.
    assert acked.saves > 10 * KILLS_WHILE_SAVING, f"seed {seed}: only {acked.saves} saves acknowledged"
    assert len(acked.submitted) > 5 and len(acked.discarded) > 5 and acked.revisions, f"seed {seed}"
    assert screens > 3, f"seed {seed}: only {screens} high-danger screens submitted"

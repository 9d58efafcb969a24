"""The process that test_store_crash kills: it saves in a loop and acknowledges every save.

Usage: store_crash_child.py <data folder> <seed>

It opens the store (recovering from the previous kill), learns from the store which drafts exist
and how far each has counted, then loops for ever: mostly autosaves that count up, now and then a
new draft, a submit, a discard or a revision. After each call returns it prints one line and
flushes, so every line the parent reads is a save the store has acknowledged. Before a submit or a
discard it also prints what it is about to do: once the call has started, its effect may be on
disk even if the process dies before the acknowledgement.

Some drafts are on real cases (with a case record, opened here on the first run): those are
submitted as high-danger lethality screens through `CaseStore.submit_on_case`, which flags the
case and adds a follow-up in the same write ("Check on <document id>").

It imports only the store (tinydb, pydantic; the case store reads its two small YAML seeds when it
opens) to start fast: the parent starts it over 100 times.
"""

import random
import sys
from datetime import date
from pathlib import Path

from store import CaseStore
from store.models.effects import CaseEffects, FollowUpToAdd

OWNER = "crash"
CASES = ("C-1", "C-2", "C-3", None)  # None: a document with a file of its own
DEFINITION = "id: crash_test\nversion: 1\ntitle: {en: Crash test — ñ}\n"
REAL_CASES = 2  # cases with a case record, for the lethality screens


def screen_effects(doc_id: str) -> CaseEffects:
    """A high-danger screen: the case's flag and a follow-up, written with the submit."""
    return CaseEffects(high_danger=True, today=date.today(),
                       follow_up=FollowUpToAdd(title=f"Check on {doc_id}", kind="other", due_date="2026-12-01"))


def real_cases(cases: CaseStore) -> list[str]:
    found = sorted(entry.case_id for entry in cases.queue(today=date.today()))
    while len(found) < REAL_CASES:
        client = cases.add_person(first_name="Crash", last_name="Test")
        found.append(cases.open_case(client.id, "domestic_violence", created_by=OWNER).id)
    return found


def answers(count: int, rng: random.Random) -> dict[str, dict[str, object]]:
    # Varying sizes, so kills land at different points of differently long writes.
    return {"progress": {"n": count}, "notes": {"text": "x" * rng.randint(0, 1500)}}


def say(*words: object) -> None:
    print(*words, flush=True)


def main(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    cases = CaseStore(root)
    store = cases.documents
    screened = real_cases(cases)
    counts: dict[str, int] = {}
    everything = []
    for mode in ("live", "training"):
        everything += store.drafts(owner=OWNER, mode=mode) + store.submitted(owner=OWNER, mode=mode)
    for summary in everything:
        if summary.status == "draft":
            counts[summary.id] = store.get(summary.id).answers["progress"]["n"]
    revised = {summary.supersedes for summary in everything}
    revisable = [s.id for s in everything if s.status == "submitted" and s.id not in revised]
    say("ready")
    while True:
        roll = rng.random()
        if len(counts) < 3 or roll < 0.04:
            mode = "training" if rng.random() < 0.2 else "live"
            case_id = rng.choice([*CASES, *screened, *screened])  # half on cases with a record
            doc = store.create_draft("crash_test", 1, DEFINITION, OWNER, case_id=case_id, answers=answers(0, rng),
                                     mode=mode)
            counts[doc.id] = 0
            say("new", doc.id)
        elif roll < 0.07:
            doc_id = rng.choice(sorted(counts))
            count = counts.pop(doc_id) + 1
            say("submitting", doc_id, count)
            if store.case_of(doc_id) in screened:
                cases.submit_on_case(doc_id, answers(count, rng), {"done": True, "high_danger": True},
                                     screen_effects(doc_id), by=OWNER)
            else:
                store.submit(doc_id, answers(count, rng), {"done": True})
            revisable.append(doc_id)
            say("submitted", doc_id, count)
        elif roll < 0.09:
            doc_id = rng.choice(sorted(counts))
            del counts[doc_id]
            say("discarding", doc_id)
            store.discard_draft(doc_id)
            say("discarded", doc_id)
        elif roll < 0.11 and revisable:
            old_id = revisable.pop(rng.randrange(len(revisable)))
            doc = store.revise(old_id, OWNER)
            counts[doc.id] = doc.answers["progress"]["n"]
            say("revised", old_id, doc.id, counts[doc.id])
        else:
            doc_id = rng.choice(sorted(counts))
            counts[doc_id] += 1
            store.save_draft(doc_id, answers(counts[doc_id], rng), f"step{counts[doc_id] % 15}")
            say("save", doc_id, counts[doc_id])


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))

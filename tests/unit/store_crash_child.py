"""The process that test_store_crash kills: it saves in a loop and acknowledges every save.

Usage: store_crash_child.py <data folder> <seed>

It opens the store (recovering from the previous kill), learns from the store which drafts exist
and how far each has counted, then loops for ever: mostly autosaves that count up, now and then a
new draft, a submit, a discard or a revision. After each call returns it prints one line and
flushes, so every line the parent reads is a save the store has acknowledged. Before a submit or a
discard it also prints what it is about to do: once the call has started, its effect may be on
disk even if the process dies before the acknowledgement.

It imports only the store (tinydb, pydantic) to start fast: the parent starts it over 100 times.
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store import DocumentStore

OWNER = "crash"
CASES = ("C-1", "C-2", "C-3", None)  # None: a document with a file of its own
DEFINITION = "id: crash_test\nversion: 1\ntitle: {en: Crash test — ñ}\n"


def answers(count: int, rng: random.Random) -> dict[str, dict[str, object]]:
    # Varying sizes, so kills land at different points of differently long writes.
    return {"progress": {"n": count}, "notes": {"text": "x" * rng.randint(0, 1500)}}


def say(*words: object) -> None:
    print(*words, flush=True)


def main(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = DocumentStore(root)
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
            doc = store.create_draft("crash_test", 1, DEFINITION, OWNER, case_id=rng.choice(CASES),
                                     answers=answers(0, rng), mode=mode)
            counts[doc.id] = 0
            say("new", doc.id)
        elif roll < 0.07:
            doc_id = rng.choice(sorted(counts))
            count = counts.pop(doc_id) + 1
            say("submitting", doc_id, count)
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

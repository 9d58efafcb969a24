"""Autosave latency: does a save cost the same with 20,000 cases in the store as with 100?

Builds a store of 100 cases and one of 20,000 in temp folders, each case holding a safety plan
sized draft (15 steps, ~80 fields, long free texts, a list of 6 phone numbers), then times
`DocumentStore.save_draft` — the real autosave, with every fsync — on drafts spread over the
store. Filling the big store goes through the real `create_draft` too, but with fsync switched
off for the fill only, so it takes seconds instead of minutes.

Run: .venv/bin/python benchmarks/autosave.py [--saves N]
Targets: p95 at 20,000 cases <= 15 ms, and p95(20,000) / p95(100) <= 1.5.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import DocumentStore

DEFINITION = "id: safety_plan\nversion: 3\n# (the benchmark only needs a stable definition text)\n"
SIZES = (100, 20_000)
P95_LIMIT_MS = 15.0
RATIO_LIMIT = 1.5


def long_text(rng: random.Random, words: int) -> str:
    vocabulary = ["partner", "left", "the", "house", "after", "he", "threatened", "her", "with", "the",
                  "car", "keys", "and", "phone", "neighbour", "called", "police", "children", "safe"]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def safety_plan_answers(rng: random.Random) -> dict[str, dict[str, Any]]:
    """About what a filled-in safety plan holds: 15 steps, ~80 fields."""
    yes_no = lambda: rng.random() < 0.5  # noqa: E731
    return {
        "lethality": {f"q{n}": yes_no() for n in range(1, 12)},
        "about_you": {"name": "Maria Lopez", "dob": "1988-04-12", "language": "es", "pronouns": "she/her",
                      "phone": "555-0100", "email": "m.lopez@example.org"},
        "home": {"address": "1200 W Elm St Apt 4", "lives_with_partner": yes_no(), "lease_in_name": yes_no(),
                 "weapons_in_home": yes_no(), "notes": long_text(rng, 120)},
        "contacts": {"phones": [{"name": f"Contact {n}", "relation": "sister", "number": f"555-01{n:02d}",
                                 "safe_to_leave_message": yes_no()} for n in range(6)]},
        "escape": {"route": long_text(rng, 250), "bag_location": "neighbour's garage", "car_keys": yes_no(),
                   "money": yes_no(), "documents_ready": yes_no(), "pets_plan": long_text(rng, 40)},
        "signals": {"code_word": "blue umbrella", "who_knows": "sister, neighbour", "kids_know": yes_no()},
        "children": {"children": [{"name": f"Child {n}", "dob": "2015-06-0{n}", "school": "Lincoln Elem",
                                   "pickup_plan": long_text(rng, 30)} for n in range(1, 3)]},
        "school": {"school_notified": yes_no(), "pickup_list_updated": yes_no(), "contact": "Ms. Park"},
        "work": {"employer_aware": yes_no(), "security_escort": yes_no(), "schedule_changes": long_text(rng, 40),
                 "parking": "level 2", "screen_calls": yes_no()},
        "legal": {"protective_order": yes_no(), "order_number": "PO-2024-001234", "expires": "2025-12-31",
                  "court_date": "2025-02-14", "advocate": "J. Rivera", "custody_order": yes_no()},
        "technology": {"phone_shared_plan": yes_no(), "location_sharing_off": yes_no(),
                       "passwords_changed": yes_no(), "social_media": long_text(rng, 30)},
        "health": {"injuries": long_text(rng, 60), "medications": "sertraline 50mg", "doctor": "Dr. Chen",
                   "pregnant": yes_no(), "substance_use": yes_no()},
        "emotional": {"supports": long_text(rng, 50), "counselling_referral": yes_no(), "hotline_given": yes_no()},
        "after_leaving": {"new_locks": yes_no(), "change_routes": yes_no(), "plan": long_text(rng, 200)},
        "review": {"worker_notes": long_text(rng, 300), "client_signature": "Maria Lopez",
                   "signed_on": "2025-01-31", "copy_given": yes_no(), "follow_up": "2025-02-07"},
    }


@contextmanager
def fsync_off() -> Iterator[None]:
    """For filling the store only: measured saves always run with the real fsync."""
    real_fsync = os.fsync

    def no_fsync(fd: Any) -> None:
        pass

    os.fsync = no_fsync
    try:
        yield
    finally:
        os.fsync = real_fsync


def fill(root: Path, cases: int, rng: random.Random) -> list[str]:
    with fsync_off(), DocumentStore(root) as store:
        return [
            store.create_draft("safety_plan", 3, DEFINITION, f"worker{n % 25}", case_id=f"C-{n:05d}",
                               answers=safety_plan_answers(rng)).id
            for n in range(cases)
        ]


class AutosaveRun:
    """An open store and the drafts whose autosaves are timed."""

    def __init__(self, root: Path, doc_ids: list[str], rng: random.Random) -> None:
        started = time.perf_counter()
        self.store = DocumentStore(root)
        self.open_ms = (time.perf_counter() - started) * 1000
        self.targets = rng.sample(doc_ids, min(20, len(doc_ids)))
        self.answers = {doc_id: self.store.get(doc_id).answers for doc_id in self.targets}
        self.timings: list[float] = []
        self.saves = 0

    def autosave(self, count: int, record: bool = True) -> None:
        for _ in range(count):
            doc_id = self.targets[self.saves % len(self.targets)]
            self.saves += 1
            # What a user does between two autosaves: a little more text in one field.
            self.answers[doc_id]["review"]["worker_notes"] += f" typed {self.saves}"
            started = time.perf_counter()
            self.store.save_draft(doc_id, self.answers[doc_id], "review")
            if record:
                self.timings.append((time.perf_counter() - started) * 1000)


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=500, help="measured autosaves per store size")
    args = parser.parse_args()
    rng = random.Random(1)
    print(f"answers per draft: ~{len(str(safety_plan_answers(rng)).encode()) // 1024} KiB; "
          f"{args.saves} measured saves per size")
    with tempfile.TemporaryDirectory(prefix="wraparound-bench-") as folder:
        runs, fill_s = {}, {}
        for cases in SIZES:
            started = time.perf_counter()
            doc_ids = fill(Path(folder) / f"data-{cases}", cases, rng)
            fill_s[cases] = time.perf_counter() - started
            runs[cases] = AutosaveRun(Path(folder) / f"data-{cases}", doc_ids, rng)
        # Write the unsynced fill out now, so the measured fsyncs do not pay for it.
        os.sync()
        for run in runs.values():
            run.autosave(20, record=False)  # warm caches
        # Alternate short blocks, so background disk activity hits both sizes alike.
        block = 25
        for _ in range(max(1, args.saves // block)):
            for run in runs.values():
                run.autosave(block)
        for run in runs.values():
            run.store.close()
    p95s = {}
    for cases, run in runs.items():
        p50, p95 = percentile(run.timings, 0.50), percentile(run.timings, 0.95)
        p95s[cases] = p95
        print(f"autosave p50={p50:.2f}ms p95={p95:.2f}ms max={max(run.timings):.2f}ms cases={cases} "
              f"(fill {fill_s[cases]:.1f}s without fsync, open {run.open_ms:.0f}ms)")
    ratio = p95s[SIZES[1]] / p95s[SIZES[0]]
    print(f"p95 ratio {SIZES[1]}/{SIZES[0]} cases = {ratio:.2f} (target <= {RATIO_LIMIT}); "
          f"p95 at {SIZES[1]} cases target <= {P95_LIMIT_MS:.0f}ms")
    ok = ratio <= RATIO_LIMIT and p95s[SIZES[1]] <= P95_LIMIT_MS
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

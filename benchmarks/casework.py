"""Casework at full size: the triage queue, name search and autosave with 20,000 cases.

Builds an encrypted store (AES-GCM, as the app runs) with 20,000 clients, 20,000 cases and
100,000 documents (5 per case), plus notes, follow-ups, lethality flags and closed cases in
realistic proportions. Filling goes through the real CaseStore / DocumentStore calls with fsync
switched off (about two minutes); every measured call is the real one, with every fsync.

Measures p50/p95 of:
- `queue(today=...)`: the whole queue, every open case ranked — repeated, and with a note added
  to some case before each call (untimed), so entries must be remade; `queue(assigned_to=...)`;
- `search()` for a common surname (~1 % of clients), a rare one, and a date of birth;
- `documents.save_draft()` of a safety-plan sized draft (~9 KiB) in a case file that also holds
  the case record, notes and four other documents — with every fsync.

Run: .venv/bin/python benchmarks/casework.py [--cases N] [--runs N] [--data DIR]
(--data keeps the filled store in DIR and reuses it on the next run: the fill takes ~2 minutes.)
Targets: queue and search p95 <= 100 ms; save p95 <= 15 ms (as benchmarks/autosave.py).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autosave import DEFINITION, fsync_off, safety_plan_answers

from store import AesGcmCodec, CaseStore
from store.models.visibility import Staff

QUERY_LIMIT_MS = 100.0
SAVE_LIMIT_MS = 15.0
TODAY = date.today()
FIRST = ["Maria", "José", "Ana", "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
         "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
         "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra",
         "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua"]
SYLLABLES = ["and", "ber", "cas", "del", "fer", "gar", "hal", "jon", "kel", "lin", "mor", "nov", "ort", "pel",
             "quin", "ros", "san", "tor", "val", "wil", "yar", "zel", "ez", "son", "ton", "ley", "ski", "ova"]
COMMON_SURNAME = "Smith"
RARE_SURNAME = "Quintanilla-Oyelaran"
CASE_TYPES = ["domestic_violence", "victim_of_crime", "juvenile_family", "mental_health", "substance_use",
              "homelessness"]
WORKERS = [f"worker{n}" for n in range(25)]
# Synthetic data only: a fixed key lets --data reuse a store between runs.
BENCH_KEY = b"wraparound-benchmark-key-32bytes"
BENCH = Staff("bench", "supervisor")  # sees every case, restricted ones too: the queue at its largest
assert len(BENCH_KEY) == 32


def surname(rng: random.Random) -> str:
    if rng.random() < 0.012:
        return COMMON_SURNAME
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def small_answers(rng: random.Random) -> dict[str, dict[str, object]]:
    return {"intake": {"reason": " ".join(rng.choice(SYLLABLES) for _ in range(60)), "referred_by": "patrol",
                       "children_present": rng.random() < 0.4, "language": "en"}}


def fill(root: Path, codec: AesGcmCodec, cases_wanted: int, rng: random.Random) -> tuple[list[str], str]:
    """The store; returns the drafts whose autosaves are timed and a date of birth that exists."""
    targets: list[str] = []
    dob = ""
    with fsync_off(), CaseStore(root, codec) as cases:
        for n in range(cases_wanted):
            last = RARE_SURNAME if n == cases_wanted // 2 else surname(rng)
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 60))
            dob = dob or born.isoformat()
            client = cases.add_person(first_name=rng.choice(FIRST), last_name=last, date_of_birth=born.isoformat(),
                                      phones=[{"number": f"309-555-{n % 10000:04d}", "label": "cell"}])
            roll = rng.random()
            case = cases.open_case(client.id, rng.choice(CASE_TYPES), created_by="intake",
                                   assigned_to=None if roll < 0.1 else rng.choice(WORKERS),
                                   police_report_number=f"{rng.randint(20, 26)}-{n:06d}")
            cases.add_note(case.id, author="intake", text="First contact at the station.")
            if rng.random() < 0.3:
                due = TODAY + timedelta(days=rng.randint(-20, 20))
                cases.add_follow_up(case.id, title="Visit", kind="home_visit", due_date=due.isoformat(),
                                    created_by="intake")
            doc_ids = [
                cases.documents.create_draft("safety_plan", 3, DEFINITION, "intake", case_id=case.id,
                                             answers=small_answers(rng)).id
                for _ in range(5)
            ]
            if rng.random() < 0.02:
                cases.record_lethality(case.id, True, doc_ids[0])
            if roll > 0.7:
                cases.close_case(case.id, reason="services_completed", by="intake")
            elif len(targets) < 20 and n % 97 == 0:
                cases.documents.save_draft(doc_ids[-1], safety_plan_answers(rng), "review")
                targets.append(doc_ids[-1])
    return targets, dob


def timed(call: Callable[[], object], runs: int, between: Callable[[], object] | None = None) -> list[float]:
    call()  # warm
    timings = []
    for _ in range(runs):
        if between is not None:
            between()
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def report(label: str, timings: list[float], limit: float, extra: str = "") -> bool:
    p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
    ok = p95 <= limit
    print(f"{label:<34} p50={p50:7.2f}ms p95={p95:7.2f}ms (target p95 <= {limit:.0f}ms) "
          f"{'ok' if ok else 'MISSED'}{extra}")
    return ok


def measure(cases: CaseStore, targets: list[str], dob: str, args: argparse.Namespace) -> bool:
    queue = cases.queue(today=TODAY, viewer=BENCH)
    common = cases.search(COMMON_SURNAME, limit=10_000)
    rare = cases.search(RARE_SURNAME[:8])
    runs = args.runs
    ok = report("queue() whole", timed(lambda: cases.queue(today=TODAY, viewer=BENCH), runs),
                QUERY_LIMIT_MS, f"  [{len(queue)} open cases]")
    rng = random.Random(3)

    def note() -> None:
        entry = rng.choice(queue)
        cases.add_note(entry.case_id, author="bench", text="Called back.")

    ok &= report("queue() whole, after a new note", timed(
        lambda: cases.queue(today=TODAY, viewer=BENCH), runs // 2, between=note), QUERY_LIMIT_MS)
    ok &= report("queue(assigned_to=...)", timed(lambda: cases.queue(today=TODAY, assigned_to="worker3"), runs),
                 QUERY_LIMIT_MS)
    ok &= report(f"search('{COMMON_SURNAME}') common", timed(lambda: cases.search(COMMON_SURNAME), runs),
                 QUERY_LIMIT_MS, f"  [{len(common)} people; 50 returned]")
    ok &= report(f"search('{RARE_SURNAME[:8]}') rare", timed(lambda: cases.search(RARE_SURNAME[:8]), runs),
                 QUERY_LIMIT_MS, f"  [{len(rare)} person]")
    ok &= report(f"search('{dob}') date of birth", timed(lambda: cases.search(dob), runs), QUERY_LIMIT_MS)
    answers = {doc_id: cases.documents.get(doc_id).answers for doc_id in targets}
    saves = 0

    def autosave() -> None:
        nonlocal saves
        doc_id = targets[saves % len(targets)]
        saves += 1
        # What a user does between two autosaves: a little more text in one field.
        answers[doc_id]["review"]["worker_notes"] += f" typed {saves}"
        cases.documents.save_draft(doc_id, answers[doc_id], "review")

    ok &= report("save_draft (fsync, ~9 KiB draft)", timed(autosave, args.saves), SAVE_LIMIT_MS)
    return ok


def run(args: argparse.Namespace, root: Path) -> bool:
    codec = AesGcmCodec(BENCH_KEY)
    notes = root.parent / f"{root.name}.benchmark"  # which drafts to time, for a reused store
    started = time.perf_counter()
    if notes.exists():
        dob, *targets = notes.read_text().split()
        filled = "reused"
    else:
        targets, dob = fill(root, codec, args.cases, random.Random(7))
        notes.write_text(" ".join([dob, *targets]))
        filled = f"filled in {time.perf_counter() - started:.0f}s without fsync"
    os.sync()  # the unsynced fill goes to disk now, not during the measured saves
    started = time.perf_counter()
    with CaseStore(root, codec) as cases:
        opened = time.perf_counter() - started
        print(f"store: {len(cases.queue(today=TODAY, viewer=BENCH))} open cases, "
              f"{len(cases.documents.drafts())} documents, AES-GCM encrypted; {filled}; opened in {opened:.1f}s")
        return measure(cases, targets, dob, args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200, help="measured calls per query")
    parser.add_argument("--saves", type=int, default=300, help="measured autosaves")
    parser.add_argument("--data", type=Path, help="keep the filled store here and reuse it next time")
    args = parser.parse_args()
    if args.data:
        ok = run(args, args.data)
    else:
        with tempfile.TemporaryDirectory(prefix="wraparound-casework-") as folder:
            ok = run(args, Path(folder) / "data")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""The audit chain check at 100,000 events: how long `python -m store verify` and the app's check
at start-up take, and what opening the log costs.

Writes an encrypted audit log (AES-GCM, as the app runs) of N events spread over 12 month files,
each line sealed and chained exactly as `AuditLog.record` writes it (but written in one go, not
fsynced line by line, which would take minutes), then measures:
- `verify_chain` (what `python -m store verify` and the start-up check run per log), best of 3;
- `AuditLog(...)` (opening: only the last line is read), best of 3.

Run: .venv/bin/python benchmarks/audit_verify.py [--events N]
"""

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import AesGcmCodec, AuditLog
from store.files.audit import GENESIS, AuditEvent, verify_chain
from store.files.journal import encode_line
from store.files.storage import encode_json


def write_log(folder: Path, codec: AesGcmCodec, events: int) -> None:
    prev, per_month = GENESIS, -(-events // 12)
    for month in range(12):
        lines = []
        for seq in range(month * per_month + 1, min(events, (month + 1) * per_month) + 1):
            event = AuditEvent(at=f"2025-{month + 1:02d}-01T00:00:00.000000+00:00", actor="worker",
                               role="social_worker", action="read", record_type="case",
                               record_id=f"C-2025-{seq:05d}", case_id=f"C-2025-{seq:05d}")
            entry = {"seq": seq, "prev": prev, "event": event.model_dump()}
            lines.append(encode_line(entry, codec))
            prev = hashlib.sha256(encode_json(entry)).hexdigest()
        (folder / f"2025-{month + 1:02d}.jsonl").write_bytes(b"".join(lines))


def best_of(runs: int, call: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    codec = AesGcmCodec(os.urandom(32))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_log(folder, codec, args.events)
        size = sum(p.stat().st_size for p in folder.iterdir())
        events, _ = verify_chain(folder, codec)
        assert events == args.events
        verify = best_of(3, lambda: verify_chain(folder, codec))
        opening = best_of(3, lambda: AuditLog(folder, codec).close())
    print(f"audit log: {args.events:,} events, {size / 2**20:.1f} MiB encrypted, 12 month files")
    print(f"verify the whole chain: {verify:.2f} s ({verify / args.events * 1e6:.1f} µs per event)")
    print(f"open the log (last line only): {opening * 1000:.1f} ms")


if __name__ == "__main__":
    main()

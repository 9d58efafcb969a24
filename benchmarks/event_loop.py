"""Event-loop delay while PDFs render off the loop: a thread vs a process pool.

The app's pages run on one asyncio loop (NiceGUI); a PDF render is ~0.15–0.3 s of CPU. Rendering
on the loop would freeze every open page for that long, so it must go elsewhere. This measures how
late a 1 ms ticker on the loop gets while the staff-record PDF renders back to back:

- idle:    no rendering (the floor on this machine);
- thread:  `await asyncio.to_thread(render_pdf, ...)`  (what NiceGUI's `run.io_bound` does);
- process: `await loop.run_in_executor(ProcessPoolExecutor, render_pdf, ...)`  (`run.cpu_bound`),
           the pool warmed up first (`initializer=forms.renderer.warm_up` plus one render).

A thread shares the GIL with the loop: WeasyPrint is mostly pure Python, so the loop only runs
when the interpreter switches threads (every `sys.getswitchinterval()`, 5 ms by default). A process
has its own interpreter; the loop only pays for pickling the context and the PDF bytes.

Run: .venv/bin/python benchmarks/event_loop.py [--renders N]
Target: p95 and max loop delay <= 50 ms while rendering.
"""

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms.renderer import render_pdf, warm_up
from forms.samples import safety_plan_context, template_for

TICK_S = 0.001
TARGET_MS = 50.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def measure(work: Callable[[], Awaitable[list[float]]] | None, idle_s: float = 1.0
                  ) -> tuple[list[float], list[float]]:
    """Run `work` while a 1 ms ticker records how late each tick wakes up (ms)."""
    delays: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            start = time.perf_counter()
            await asyncio.sleep(TICK_S)
            delays.append(max(0.0, (time.perf_counter() - start - TICK_S) * 1000))

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)  # let the ticker settle
    if work is None:
        await asyncio.sleep(idle_s)
        renders: list[float] = []
    else:
        renders = await work()
    done.set()
    await task
    return delays, renders


def report(name: str, delays: list[float], renders: list[float]) -> bool:
    p95, worst = percentile(delays, 0.95), max(delays)
    line = (f"{name:8s} loop delay: median {statistics.median(delays):5.1f} ms  p95 {p95:5.1f} ms  "
            f"p99 {percentile(delays, 0.99):5.1f} ms  max {worst:5.1f} ms  ({len(delays)} ticks)")
    if renders:
        line += f" | render wall time median {statistics.median(renders):4.0f} ms  max {max(renders):4.0f} ms"
    ok = worst <= TARGET_MS and p95 <= TARGET_MS
    print(line + ("" if name == "idle" else f" | target <= {TARGET_MS:.0f} ms: {'ok' if ok else 'OVER'}"))
    return ok


async def main_async(renders: int) -> int:
    template = template_for("staff_record")
    context = safety_plan_context("staff_record")
    print(f"{renders} renders of {template} back to back; ticker every {TICK_S * 1000:.0f} ms; "
          f"switch interval {sys.getswitchinterval() * 1000:.0f} ms")

    async def timed(call: Callable[[], Awaitable[Any]]) -> list[float]:
        out = []
        for _ in range(renders):
            start = time.perf_counter()
            await call()
            out.append((time.perf_counter() - start) * 1000)
        return out

    report("idle", *await measure(None))

    warm_up()
    render_pdf(template, context)  # this thread's warm-up is not what we measure...
    await asyncio.to_thread(render_pdf, template, context)  # ...but the worker thread's is
    thread_ok = report("thread", *await measure(
        lambda: timed(lambda: asyncio.to_thread(render_pdf, template, context))))

    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1, initializer=warm_up) as pool:
        await loop.run_in_executor(pool, render_pdf, template, context)
        process_ok = report("process", *await measure(
            lambda: timed(lambda: loop.run_in_executor(pool, render_pdf, template, context))))

    print("recommendation: render in a process pool (NiceGUI run.cpu_bound)" if process_ok and not thread_ok
          else "recommendation: both keep the loop responsive; prefer the process pool for isolation"
          if process_ok else "recommendation: neither met the target on this machine; see the figures")
    return 0 if process_ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=10)
    args = parser.parse_args()
    return asyncio.run(main_async(args.renders))


if __name__ == "__main__":
    sys.exit(main())

"""The pages' audit sink: on the event loop an event is queued for the log's writer thread (no
open page waits for a disk); in a worker thread it is written before the call returns."""

import asyncio
from types import SimpleNamespace
from typing import Any

from pages.services import Services


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def record(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("record", args))

    def record_soon(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("record_soon", args))


def services_with(audit: Recorder) -> Services:
    fake = SimpleNamespace(audit=audit)
    return Services(settings=None, catalogue=None, cases=fake, sandboxes=None, training=fake,  # type: ignore[arg-type]
                    scenarios=None, accounts=None, security=None, kiosk_devices=None, changes=None)  # type: ignore[arg-type]


def test_on_the_event_loop_an_event_is_queued() -> None:
    audit = Recorder()
    services = services_with(audit)

    async def page() -> None:
        services.record_event("ana", "social_worker", "read", "case", "C-1", case_id="C-1")

    asyncio.run(page())
    assert [name for name, _ in audit.calls] == ["record_soon"]


def test_in_a_worker_thread_an_event_is_written_before_returning() -> None:
    audit = Recorder()
    services = services_with(audit)

    async def page() -> None:
        await asyncio.to_thread(services.record_event, "ana", "social_worker", "read", "case", "C-1")

    asyncio.run(page())
    services.record_event("ana", "social_worker", "read", "case", "C-2")
    assert [name for name, _ in audit.calls] == ["record", "record"]

"""The in-process change feed: every subscriber hears every change until it unsubscribes; a
subscriber that fails is logged (by kind only) and never stops the others or the write."""

import logging
import threading

import pytest

from store.files.change_feed import Change, LocalChangeFeed


def test_every_subscriber_hears_each_change_until_it_unsubscribes() -> None:
    feed = LocalChangeFeed()
    heard: dict[str, list[Change]] = {"a": [], "b": []}
    stop_a = feed.subscribe(heard["a"].append)
    feed.subscribe(heard["b"].append)
    feed.publish(Change("intake", "K-2026-00001"))
    stop_a()
    stop_a()  # twice is harmless
    feed.publish(Change("kiosk_device", "dev1"))
    assert heard["a"] == [Change("intake", "K-2026-00001")]
    assert heard["b"] == [Change("intake", "K-2026-00001"), Change("kiosk_device", "dev1")]
    assert feed.subscriber_count() == 1


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(caplog: pytest.LogCaptureFixture) -> None:
    feed = LocalChangeFeed()
    heard: list[Change] = []

    def broken(change: Change) -> None:
        raise RuntimeError("Rosa Alvarez's page is gone")

    feed.subscribe(broken)
    feed.subscribe(heard.append)
    with caplog.at_level(logging.ERROR):
        feed.publish(Change("intake", "K-2026-00001"))
    assert heard == [Change("intake", "K-2026-00001")]
    assert [r.getMessage() for r in caplog.records] == ["a change listener failed (intake): RuntimeError"]


def test_publishing_from_many_threads_reaches_every_subscriber() -> None:
    feed = LocalChangeFeed()
    heard: list[Change] = []
    lock = threading.Lock()

    def listen(change: Change) -> None:
        with lock:
            heard.append(change)

    feed.subscribe(listen)
    threads = [threading.Thread(target=feed.publish, args=(Change("intake", f"K-2026-{n:05d}"),)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(c.record_id for c in heard) == [f"K-2026-{n:05d}" for n in range(20)]

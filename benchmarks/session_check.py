"""What judging one event from an open page costs (pages.account.sessions.judge and the account).

Every event an open page sends (a click, a key press in a text box) is checked against its session
and its account before the handler runs, on the event loop. This prints the time per check with
the accounts file encrypted, for a unit-sized and a county-sized number of accounts: reading the
account every time (decrypting and parsing the whole accounts file), and as the app does it
(`current_account`: what was read is kept until the file changes, one stat per event).

Run: .venv/bin/python benchmarks/session_check.py
Target: well under 1 ms per event for 50 accounts (a fast typist sends about 10 events a second).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pages import services
from pages.account.sessions import PageSession, current_account, judge
from store.files.accounts import AccountStore
from store.security.crypto import open_codec
from store.security.policy import SecuritySettings

CHECKS = 2000


class Accounts:
    """The one part of pages.services.Services that judging uses."""

    def __init__(self, accounts: AccountStore) -> None:
        self.accounts = accounts


def per_check_us(accounts: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as config:
        os.environ["WRAPAROUND_CONFIG_DIR"] = config
        # The cheapest argon2 parameters ASVS allows: creating accounts is not what is measured.
        store = AccountStore(Path(data) / "accounts", open_codec(Path(data)), SecuritySettings())
        for n in range(accounts):
            store.add(f"worker{n}", f"Worker {n}", "social_worker", "correct horse battery staple")
        now = time.time()
        state = {"username": "worker7", "last_active": now, "login_at": now + 1, "locked": False}
        page = PageSession(session_id="s", state=state, username="worker7", role="social_worker")
        services.install(Accounts(store))  # type: ignore[arg-type]
        figures = []
        for read in (store.get, current_account):
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                for _ in range(CHECKS):
                    judge(page, read("worker7"), 15)
                runs.append((time.perf_counter() - start) / CHECKS * 1e6)
            figures.append(statistics.median(runs))
        store.close()
        return figures[0], figures[1]


if __name__ == "__main__":
    for count in (10, 50, 500):
        every_time, kept = per_check_us(count)
        print(f"judging an event, {count:>3} accounts: {kept:6.1f} µs per event as the app does it "
              f"({every_time:7.0f} µs reading the account each time)")

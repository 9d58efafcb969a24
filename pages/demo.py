"""Demo mode (`make run`): clearly-marked demo accounts so a person can log in and look around.
Never used unless WRAPAROUND_DEMO=1."""

from __future__ import annotations

import contextlib

from store.accounts import AccountError, AccountStore

DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105 - printed on purpose, demo mode only
DEMO_ACCOUNTS = [
    ("demo.worker", "Demo social worker", "social_worker"),
    ("demo.supervisor", "Demo supervisor", "supervisor"),
    ("demo.intern", "Demo intern", "intern"),
    ("demo.admin", "Demo administrator", "admin"),
]


def seed_accounts(accounts: AccountStore) -> None:
    for username, name, role in DEMO_ACCOUNTS:
        with contextlib.suppress(AccountError):  # already there from an earlier demo run
            accounts.add(username, f"{name} (DEMO)", role, DEMO_PASSWORD, demo=True)
    print("\nDEMO MODE: these demo accounts are for trying the app, never for real client data.")
    for username, _, role in DEMO_ACCOUNTS:
        print(f"  {username:<17} ({role}) password: {DEMO_PASSWORD}")
    print(flush=True)

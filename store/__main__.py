"""`python -m store`: administer the data folder from a shell.

    python -m store users add NAME --role admin [--name "Full Name"]   (asks for the password)
    python -m store users list
    python -m store users unlock NAME
    python -m store users password NAME
    python -m store verify          check the hash chain of every audit log (exit 1 on a break)

The data folder is WRAPAROUND_DATA_DIR (default ./data); the data key is found as the app finds
it (WRAPAROUND_DATA_KEY, WRAPAROUND_KEY_FILE, or data.key in the config folder), and refused
before anything is read if it does not open the folder's live data. Passwords are read from the
terminal, or from standard input with --password-stdin (for scripts), never from the command line.

`users add` is also the way back in after the accounts file was damaged and set aside: it starts a
new accounts file holding that one account (the others are added again under Users, or the file is
restored from a backup). Each change holds the accounts lock, so it is safe while the app runs.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from store.files.accounts import AccountError, AccountStore, AccountsUnavailable, Role
from store.files.auditcheck import verify_logs
from store.files.storage import line_codec
from store.models.accounts import ROLE_NAMES
from store.models.errors import DataKeyError
from store.security.crypto import check_data_key, open_codec


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Same password again: ") != first:
        raise SystemExit("the two passwords differ")
    return first


def _users(args: argparse.Namespace, accounts: AccountStore) -> None:
    if args.command == "add":
        recovering = accounts.needs_recovery() or accounts.unavailable()
        account = accounts.add(args.username, args.name or args.username, args.role, _password(args),
                               recover=True)
        print(f"added {account.username} ({ROLE_NAMES[account.role]})")
        if recovering:
            print("The accounts file had been damaged and set aside (accounts/damaged/); this started a new one "
                  f"that holds only {account.username}. Add the other staff again under Users, or stop the app "
                  "and restore accounts/accounts.json from a backup.")
    elif args.command == "list":
        for account in accounts.list():
            state = "active" if account.active else "deactivated"
            print(f"{account.username:<20} {ROLE_NAMES[account.role]:<15} {state}"
                  f"{' (demo)' if account.demo else ''}")
    elif args.command == "unlock":
        accounts.unlock(args.username)
        print(f"unlocked {args.username}")
    elif args.command == "password":
        accounts.set_password(args.username, _password(args))
        print(f"password changed for {args.username}")


def _verify(data_dir: Path) -> int:
    codec = open_codec(data_dir)
    check_data_key(data_dir, codec)
    statuses = verify_logs(data_dir, line_codec(codec))
    for status in statuses:
        where = status.folder.relative_to(data_dir)
        if status.problem is None:
            print(f"ok      {where}: {status.events} events, newest {status.head[:16]}")
        else:
            place = status.problem.path.relative_to(data_dir)
            print(f"BROKEN  {place}, line {status.problem.line}: {status.problem.reason}")
    broken = sum(1 for s in statuses if s.problem is not None)
    print(f"{len(statuses)} audit log(s) checked, {broken} broken", file=sys.stderr)
    return 1 if broken else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description="Administer Wraparound's data folder.")
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("WRAPAROUND_DATA_DIR", "data")))
    sub = parser.add_subparsers(dest="area", required=True)
    users = sub.add_parser("users", help="staff accounts").add_subparsers(dest="command", required=True)
    add = users.add_parser("add", help="add a staff account (after a damaged accounts file: start a new one)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--name", default="", help="full name shown in the app")
    add.add_argument("--password-stdin", action="store_true")
    users.add_parser("list", help="list accounts")
    unlock = users.add_parser("unlock", help="clear a lockout after failed logins")
    unlock.add_argument("username")
    password = users.add_parser("password", help="set a new password")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    sub.add_parser("verify", help="check the hash chain of every audit log; exit 1 where one breaks")
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    try:
        if args.area == "verify":
            return _verify(data_dir)
        codec = open_codec(data_dir)
        # A wrong key would make every good file look damaged: refuse it before anything is read.
        check_data_key(data_dir, codec)
        accounts = AccountStore(data_dir / "accounts", codec)
        try:
            _users(args, accounts)
        finally:
            accounts.close()
    except (AccountError, AccountsUnavailable, DataKeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

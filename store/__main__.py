"""`python -m store`: administer the data folder from a shell.

    python -m store users add NAME --role admin [--name "Full Name"]   (asks for the password)
    python -m store users list
    python -m store users unlock NAME
    python -m store users password NAME

The data folder is WRAPAROUND_DATA_DIR (default ./data); the data key is found as the app finds
it (WRAPAROUND_DATA_KEY, WRAPAROUND_KEY_FILE, or data.key in the config folder). Passwords are
read from the terminal, or from standard input with --password-stdin (for scripts), never from
the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from store.accounts import ROLE_NAMES, AccountError, AccountStore, Role
from store.crypto import open_codec


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Same password again: ") != first:
        raise SystemExit("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description="Administer Wraparound's data folder.")
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("WRAPAROUND_DATA_DIR", "data")))
    sub = parser.add_subparsers(dest="area", required=True)
    users = sub.add_parser("users", help="staff accounts").add_subparsers(dest="command", required=True)
    add = users.add_parser("add", help="add a staff account")
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
    args = parser.parse_args(argv)

    accounts = AccountStore(args.data_dir / "accounts", open_codec(args.data_dir))
    try:
        if args.command == "add":
            account = accounts.add(args.username, args.name or args.username, args.role, _password(args))
            print(f"added {account.username} ({ROLE_NAMES[account.role]})")
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
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        accounts.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

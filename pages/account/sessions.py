"""A session ends everywhere at once.

Every page is bound to the session it was built for when it is created: the middleware stores a
`PageSession` (the session id, its server-side state, who it was built for, with which role and in
which mode) in the page's request. From then on every event from that page is judged against the
session and the account before its handler runs (pages.account.socket_guard), and a page whose session
ended is closed by the server: its content is removed, a notice says why, and the browser is sent
back to the page's own address, where the middleware asks for a log-in, the lock screen, or shows
what the new role allows.

A session is over when it was logged out (its state cleared), when the account is gone, inactive
or had its sessions revoked (deactivation; a password change), and locked while idle past the lock
(only input counts as activity: page loads and the idle script's `wa_activity`, never a page's own
events) or locked on the lock screen. A page also closes when the account's role is no longer the
one the page was built for: what the page shows and offers was chosen for the old role.

Log-in replaces the session id (no session fixation): the log-in form, on a socket, cannot set a
cookie, so a correct password earns a one-time ticket bound to the current session id, and the
browser redeems it at `/login?ticket=…`, an HTTP request whose response carries the new session
cookie (pages.account.auth).
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fastapi import Request
from nicegui import Client, app, ui

from pages.services import get
from pages.widgets import Heading
from store import Account

BINDING = "wraparound.page_session"  # key in the page request's scope
ENDED = "wraparound.page_ended"      # key in a closed page's client storage
REVOKED = "wraparound.sessions_revoked_at"  # app.storage.general: {username: time}
TICKET_SECONDS = 60
SWEEP_SECONDS = 10


class Standing(StrEnum):
    ok = "ok"
    logged_out = "logged out"        # no session any more: log in again
    locked = "locked"                # idle past the lock, or locked on the lock screen
    access_changed = "access changed"  # the role the page was built for is not the account's now


@dataclass(frozen=True, eq=False)
class PageSession:
    """The session a page was built for. `username` None: a page anyone may open (log in, kiosk)."""

    session_id: str
    state: dict[str, Any]  # the session's server-side storage (app.storage.user of that session)
    username: str | None = None
    role: str = ""
    mode: str = "live"
    path: str = "/"        # the page's own address, where the browser goes when the page closes


def bind(request: Request, state: dict[str, Any], account: Account | None = None, mode: str = "live") -> None:
    """Called by the middleware for every page request, before the page is built."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    request.scope[BINDING] = PageSession(
        session_id=str(request.session.get("id", "")), state=state,
        username=account.username if account else None, role=account.role.value if account else "",
        mode=mode, path=path)


def page_session(client: Client) -> PageSession | None:
    try:
        binding = client.request.scope.get(BINDING)
    except RuntimeError:  # a client without a request was never served through the middleware
        return None
    return binding if isinstance(binding, PageSession) else None


# -- judging -----------------------------------------------------------------------------------

_accounts_read: dict[str, tuple[tuple[int, ...], Account | None]] = {}  # name -> (file revision, account)


def current_account(username: str) -> Account | None:
    """The account as it is now. Judging runs for every event (each key press in a text box), so
    what was read is kept until the accounts file changes: a stat instead of decrypting and parsing
    every account each time (see benchmarks/session_check.py)."""
    accounts = get().accounts
    revision = (id(accounts), *accounts.revision())
    known = _accounts_read.get(username)
    if known is not None and known[0] == revision:
        return known[1]
    if known is None and len(_accounts_read) > 10_000:
        _accounts_read.clear()  # only names of pages that were opened get here; a bound, anyway
    account = accounts.get(username)
    _accounts_read[username] = (revision, account)
    return account


def is_locked(state: dict[str, Any], idle_minutes: float, now: float | None = None) -> bool:
    last = state.get("last_active")
    now = time.time() if now is None else now
    return bool(state.get("locked")) or not isinstance(last, int | float) or now - last > idle_minutes * 60


def revoke_sessions(username: str) -> None:
    """End every session of this user, also ones with no page open now (deactivation)."""
    revoked = dict(app.storage.general.get(REVOKED) or {})
    revoked[username] = time.time()
    app.storage.general[REVOKED] = revoked


def _revoked(state: dict[str, Any], account: Account) -> bool:
    login_at = state.get("login_at")
    if not isinstance(login_at, int | float):
        return True  # a session from before log-in times were kept
    revoked_at = (app.storage.general.get(REVOKED) or {}).get(account.username)
    if isinstance(revoked_at, int | float) and login_at <= revoked_at:
        return True
    # A new password (an administrator's reset, also from the command line) ends older sessions.
    changed = account.password_changed_at
    return bool(changed) and login_at < _epoch(changed)


def _epoch(iso: str) -> float:
    try:
        return dt.datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0


def standing(state: dict[str, Any], account: Account | None, idle_minutes: float,
             now: float | None = None) -> Standing:
    """Whether a session may act now: the one rule for page requests and page events."""
    if account is None or not account.active or state.get("username") != account.username:
        return Standing.logged_out
    if _revoked(state, account):
        return Standing.logged_out
    if is_locked(state, idle_minutes, now):
        return Standing.locked
    return Standing.ok


def judge(page: PageSession, account: Account | None, idle_minutes: float, now: float | None = None) -> Standing:
    """Whether an open page may still act for its session."""
    if page.username is None:
        return Standing.ok  # log in, lock, the kiosk: pages for anyone, judged by their own rules
    if account is None or account.username != page.username:
        return Standing.logged_out
    verdict = standing(page.state, account, idle_minutes, now)
    if verdict is Standing.ok and account.role.value != page.role:
        return Standing.access_changed
    return verdict


# -- closing pages -----------------------------------------------------------------------------

NOTICES = {
    Standing.logged_out: ("You are logged out", "This page was closed because the session ended. Log in "
                          "again to go on.", "Log in again"),
    Standing.locked: ("Your session is locked", "This page was closed because the session locked. Enter "
                      "your password to go on.", "Unlock"),
    Standing.access_changed: ("Your access has changed", "This page was closed because your role changed. "
                              "Open it again to see what your role allows now.", "Open the page again"),
}


def close_page(client: Client, page: PageSession, verdict: Standing) -> None:
    """Remove everything the page shows, say why, and send the browser to the page's address (the
    middleware then asks for a log-in or the password, or shows the page for the new role)."""
    if client.is_deleted or client.storage.get(ENDED):
        return
    client.storage[ENDED] = True
    title, text, link = NOTICES[verdict]
    with client:
        for element in list(client.layout.default_slot.children):
            if element is not client.page_container:
                element.delete()  # the header, drawers and footers: names, menus, the mode
        client.content.clear()
        with client.content, ui.column().classes("wa-card gap-3 max-w-md self-center") as notice:
            notice.props["role"] = "alert"
            Heading(title, 1)
            ui.label(text)
            ui.link(link, page.path).classes("wa-link")
    client.open(page.path)


def recheck(which: Callable[[PageSession], bool] = lambda page: True) -> int:
    """Judge every open page chosen by `which` now, and close those whose session has ended.
    Returns how many were closed."""
    idle_minutes = get().security.idle_lock_minutes
    closed = 0
    for client in list(Client.instances.values()):
        page = page_session(client)
        if page is None or page.username is None or client.storage.get(ENDED) or not which(page):
            continue
        verdict = judge(page, current_account(page.username), idle_minutes)
        if verdict is not Standing.ok:
            close_page(client, page, verdict)
            closed += 1
    return closed


def end_session_pages(session_id: str) -> int:
    """After logging out or locking: the other open pages of this session close at once."""
    return recheck(lambda page: page.session_id == session_id)


def end_user_pages(username: str) -> int:
    """After an account change (deactivated, role changed): that user's open pages, everywhere."""
    return recheck(lambda page: page.username == username)


def sweep() -> None:
    if app.is_started:  # not while the app shuts down and the stores close
        recheck()


def start_sweeping() -> None:
    """Idle locks and changes made elsewhere (the `users` command) reach open pages without waiting
    for their next event."""
    app.timer(SWEEP_SECONDS, sweep, immediate=False)


# -- log-in tickets ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Ticket:
    session_id: str
    username: str
    expires: float


_tickets: dict[str, _Ticket] = {}


def issue_ticket(session_id: str, username: str) -> str:
    """A one-time, short-lived proof that this session's browser just gave the right password."""
    now = time.time()
    for key in [key for key, ticket in _tickets.items() if ticket.expires < now]:
        del _tickets[key]
    ticket = secrets.token_urlsafe(32)
    _tickets[ticket] = _Ticket(session_id, username, now + TICKET_SECONDS)
    return ticket


def redeem_ticket(ticket: str, session_id: str) -> str | None:
    """The user name a ticket was issued for, once, to the same session, within its time."""
    grant = _tickets.pop(ticket, None)
    if grant is None or grant.expires < time.time() or not secrets.compare_digest(grant.session_id, session_id):
        return None
    return grant.username

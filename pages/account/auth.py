"""Log in, log out and the idle lock. The session lives in NiceGUI's per-browser server-side
storage (`app.storage.user`); the browser holds only a signed, HttpOnly, SameSite cookie.

Log-in (and unlocking) gives the browser a new session id: the form earns a one-time ticket, and
`/login?ticket=…` moves the session to a new id in an HTTP response that sets the new cookie, so
a cookie planted before log-in is worth nothing after it (pages.account.sessions). Logging out or locking
closes the session's other open pages at once."""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from pages.account import sessions
from pages.layout import bare_frame
from pages.services import Services, get, off_loop
from pages.widgets import Heading
from store import MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH, is_username

NOT_A_USER_NAME = "(not a user name)"  # what the audit log says when the name typed cannot be one


def safe_redirect(target: str | None) -> str:
    """Only a path on this site: never `//evil.example`, a scheme, or a backslash trick."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


ACCOUNTS_UNAVAILABLE = ("Log-in is not possible right now: the staff accounts could not be read. An administrator "
                        "has to restore them on the server (the server log says how). Nothing else was changed.")


def failed_login_message(reason: str, lockout_minutes: int) -> str:
    """What a failed log-in says. A user name without an account locks after the same number of
    tries and reads the same (store.files.accounts), so no answer tells which user names exist."""
    if reason == "unavailable":
        return ACCOUNTS_UNAVAILABLE
    if reason == "locked":
        return (f"Too many failed attempts with this user name: it cannot log in for {lockout_minutes} minutes. "
                "Try again then, or ask an administrator.")
    return "That user name and password do not match an active account."


def session() -> dict[str, Any]:
    return app.storage.user


def start_session(username: str, role: str) -> None:
    state = session()
    state.clear()
    now = time.time()
    # Interns practise only: their mode is training from the moment they log in.
    state.update(username=username, role=role, mode="training" if role == "intern" else "live",
                 last_active=now, login_at=now, locked=False)


def _session_id() -> str:
    return str(ui.context.client.request.session.get("id", ""))


async def _complete_login(request: Request, ticket: str) -> bool:
    """Redeem a log-in ticket: the session moves to a new id, the old one is emptied."""
    username = sessions.redeem_ticket(ticket, str(request.session.get("id", "")))
    account = get().accounts.get(username) if username else None
    if account is None or not account.active:
        return False
    session().clear()  # whatever knew the old id (a planted cookie) now holds an empty session
    request.session["id"] = new_id = str(uuid.uuid4())
    # NiceGUI creates a session's storage when a request first brings its id; this one is new now.
    await app.storage._create_user_storage(new_id)
    start_session(account.username, account.role)
    return True


def _ticket_url(username: str, target: str) -> str:
    ticket = sessions.issue_ticket(_session_id(), username)
    return f"/login?ticket={ticket}&redirect_to={quote(target)}"


def _logged_in(services: Services) -> bool:
    state = session()
    username = state.get("username")
    account = services.accounts.get(username) if isinstance(username, str) else None
    return sessions.standing(state, account, services.security.idle_lock_minutes) is sessions.Standing.ok


def _audit_name(name: str) -> str:
    return name if is_username(name) else NOT_A_USER_NAME


def _audit_login(services: Services, name: str, ok: bool) -> None:
    who = _audit_name(name)
    services.record_event(who, "", "login" if ok else "login_failed", "account", who)


def touch() -> None:
    session()["last_active"] = time.time()


def switch_mode(mode: str) -> None:
    """Social workers and supervisors move between live work and practice ("training.switch");
    interns stay in training mode whatever is asked. Audited in the live log (it is account
    activity, not practice data)."""
    from pages.authz import may
    from pages.services import current_actor

    actor = current_actor()
    if mode not in ("live", "training") or not may(actor, "training.switch"):
        return
    session()["mode"] = mode
    get().record_event(actor.username, actor.role, "write", "session", actor.username,
                       detail=f"switched to {mode} mode")
    ui.navigate.to("/training" if mode == "training" else "/")


IDLE_SCRIPT = """
(function () {
  if (window.waIdle) return; window.waIdle = true;
  const limit = %d; let last = Date.now(); let sent = 0;
  const seen = () => { last = Date.now(); if (last - sent > 30000) { sent = last; emitEvent('wa_activity'); } };
  ['keydown', 'mousedown', 'touchstart', 'wheel', 'input'].forEach(
    (name) => document.addEventListener(name, seen, {passive: true, capture: true}));
  setInterval(() => {
    if (Date.now() - last > limit) {
      window.location.replace('/lock?redirect_to=' + encodeURIComponent(location.pathname));
    }
  }, 5000);
})();
"""


def install_idle_lock() -> None:
    """Lock the session in this tab after the idle limit; tell the server about input meanwhile."""
    minutes = get().security.idle_lock_minutes
    ui.add_body_html(f"<script>{IDLE_SCRIPT % int(minutes * 60_000)}</script>")
    ui.on("wa_activity", touch)


def register() -> None:
    @ui.page("/login")
    async def login(request: Request, redirect_to: str = "/", ticket: str = "") -> Response | None:
        target = safe_redirect(redirect_to)
        if ticket and await _complete_login(request, ticket):
            return RedirectResponse(target, status_code=303)
        services = get()
        if not ticket and _logged_in(services):
            # Already logged in (e.g. this page reloaded after log-in finished in another tab, or
            # after its own log-in moved the session to a new id): go on to the page asked for.
            return RedirectResponse(target, status_code=303)

        async def attempt() -> None:
            name, secret = (username.value or "").strip().lower(), password.value or ""
            password.value = ""
            if not is_username(name) or len(secret) > MAX_PASSWORD_LENGTH:
                # No account has such a name or password: refused without hashing megabytes.
                _audit_login(services, name, False)
                message.set_text("That user name and password do not match an active account.")
                return
            result = await off_loop(services.accounts.verify, name, secret)
            _audit_login(services, name, result.ok)
            if result.ok and result.account is not None:
                ui.navigate.to(_ticket_url(result.account.username, target))
                return
            message.set_text(failed_login_message(result.reason, services.security.lockout_minutes))

        with bare_frame("Log in"), ui.column().classes("wa-card gap-3 max-w-md self-center"):
            Heading("Log in to Wraparound", 1)
            ui.label("For staff of the police social services unit.").classes("wa-muted")
            message = ui.label(ACCOUNTS_UNAVAILABLE if services.accounts.unavailable() else
                               "That log-in was not finished in time. Please log in again." if ticket else "")
            message.classes("wa-error").props["role"] = "alert"
            message.mark("login:message")
            username = ui.input("User name").props(f"outlined autocomplete=username maxlength={MAX_USERNAME_LENGTH}")
            username.classes("w-full").mark("login:username")
            password = ui.input("Password", password=True).props(
                f"outlined autocomplete=current-password maxlength={MAX_PASSWORD_LENGTH}")
            password.classes("w-full").mark("login:password")
            password.on("keydown.enter", attempt)
            ui.button("Log in", on_click=attempt).mark("login:submit")
        return None

    @ui.page("/lock")
    async def lock(request: Request, redirect_to: str = "/") -> None:
        target = safe_redirect(redirect_to)
        state = session()
        username = state.get("username")
        if not username:
            ui.navigate.to(f"/login?redirect_to={quote(target)}")
            return
        state["locked"] = True
        sessions.end_session_pages(str(request.session.get("id", "")))
        services = get()

        async def unlock() -> None:
            secret = password.value or ""
            password.value = ""
            if state.get("username") != username:
                # Unlocked (or logged out) in another tab meanwhile: this session id is gone, and
                # the page asked for decides with the browser's cookie as it is now.
                ui.navigate.to(target)
                return
            result = await off_loop(services.accounts.verify, username, secret[:MAX_PASSWORD_LENGTH + 1])
            services.record_event(username, state.get("role", ""), "login" if result.ok else "login_failed",
                                  "account", username)
            if result.ok and result.account is not None:
                ui.navigate.to(_ticket_url(result.account.username, target))
            elif result.reason in ("locked", "unavailable"):
                message.set_text(failed_login_message(result.reason, services.security.lockout_minutes))
            else:
                message.set_text("That password is not right.")

        with bare_frame("Session locked"), ui.column().classes("wa-card gap-3 max-w-md self-center"):
            Heading("Your session is locked", 1)
            ui.label(f"It locked after {services.security.idle_lock_minutes:g} minutes without input, so "
                     "nobody passing by can read client records. Enter your password to continue.")
            message = ui.label("").classes("wa-error")
            message.props["role"] = "alert"
            ui.label(f"User: {username}").classes("wa-muted")
            password = ui.input("Password", password=True).props(
                f"outlined autocomplete=current-password maxlength={MAX_PASSWORD_LENGTH}")
            password.classes("w-full").mark("lock:password")
            password.on("keydown.enter", unlock)
            with ui.row().classes("gap-3"):
                ui.button("Continue", on_click=unlock).mark("lock:submit")
                ui.link("Log in as someone else", "/logout").classes("wa-link self-center")

    @ui.page("/logout")
    def logout(request: Request) -> None:
        state = session()
        if state.get("username"):
            get().record_event(state["username"], state.get("role", ""), "logout", "account", state["username"])
        state.clear()
        sessions.end_session_pages(str(request.session.get("id", "")))  # every other tab, now
        ui.navigate.to("/login")

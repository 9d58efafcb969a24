"""Log in, log out and the idle lock. The session lives in NiceGUI's per-browser server-side
storage (`app.storage.user`); the browser holds only a signed, HttpOnly, SameSite cookie."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote, urlsplit

from nicegui import app, ui

from pages.layout import Heading, bare_frame
from pages.services import get, off_loop


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
    tries and reads the same (store.accounts), so no answer tells which user names exist."""
    if reason == "unavailable":
        return ACCOUNTS_UNAVAILABLE
    if reason == "locked":
        return (f"Too many failed attempts with this user name: it cannot log in for {lockout_minutes} minutes. "
                "Try again then, or ask an administrator.")
    return "That user name and password do not match an active account."


def session() -> dict[str, Any]:
    return app.storage.user


def is_locked(state: dict[str, Any], idle_minutes: float, now: float | None = None) -> bool:
    last = state.get("last_active")
    now = time.time() if now is None else now
    return bool(state.get("locked")) or not isinstance(last, int | float) or now - last > idle_minutes * 60


def start_session(username: str, role: str) -> None:
    state = session()
    state.clear()
    # Interns practise only: their mode is training from the moment they log in.
    state.update(username=username, role=role, mode="training" if role == "intern" else "live",
                 last_active=time.time(), locked=False)


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
    async def login(redirect_to: str = "/") -> None:
        target = safe_redirect(redirect_to)
        services = get()

        async def attempt() -> None:
            result = await off_loop(services.accounts.verify, username.value or "", password.value or "")
            password.value = ""
            services.record_event(username.value or "", "", "login" if result.ok else "login_failed",
                                  "account", (username.value or "").strip().lower())
            if result.ok and result.account is not None:
                start_session(result.account.username, result.account.role)
                ui.navigate.to(target)
                return
            message.set_text(failed_login_message(result.reason, services.security.lockout_minutes))

        with bare_frame("Log in"), ui.column().classes("wa-card gap-3 max-w-md self-center"):
            Heading("Log in to Wraparound", 1)
            ui.label("For staff of the police social services unit.").classes("wa-muted")
            message = ui.label(ACCOUNTS_UNAVAILABLE if services.accounts.unavailable() else "").classes("wa-error")
            message.props["role"] = "alert"
            message.mark("login:message")
            username = ui.input("User name").props("outlined autocomplete=username").classes("w-full")
            username.mark("login:username")
            password = ui.input("Password", password=True).props("outlined autocomplete=current-password")
            password.classes("w-full").mark("login:password")
            password.on("keydown.enter", attempt)
            ui.button("Log in", on_click=attempt).mark("login:submit")

    @ui.page("/lock")
    async def lock(redirect_to: str = "/") -> None:
        target = safe_redirect(redirect_to)
        state = session()
        username = state.get("username")
        if not username:
            ui.navigate.to(f"/login?redirect_to={quote(target)}")
            return
        state["locked"] = True
        services = get()

        async def unlock() -> None:
            result = await off_loop(services.accounts.verify, username, password.value or "")
            password.value = ""
            services.record_event(username, state.get("role", ""), "login" if result.ok else "login_failed",
                                  "account", username)
            if result.ok and result.account is not None:
                start_session(result.account.username, result.account.role)
                ui.navigate.to(target)
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
            password = ui.input("Password", password=True).props("outlined autocomplete=current-password")
            password.classes("w-full").mark("lock:password")
            password.on("keydown.enter", unlock)
            with ui.row().classes("gap-3"):
                ui.button("Continue", on_click=unlock).mark("lock:submit")
                ui.link("Log in as someone else", "/logout").classes("wa-link self-center")

    @ui.page("/logout")
    def logout() -> None:
        state = session()
        if state.get("username"):
            get().record_event(state["username"], state.get("role", ""), "logout", "account", state["username"])
        state.clear()
        ui.navigate.to("/login")

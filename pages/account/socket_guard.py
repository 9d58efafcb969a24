"""The one place every event from an open page passes through, on the socket and in NiceGUI.

NiceGUI takes the client id of an event from the message, not from the socket that sent it, and
its handshake does not look at the cookie: any socket that knows a page's client id could click
that page's buttons. So:

- the handshake is accepted only from a socket whose session cookie is the session the page was
  built for (pages.account.sessions binds every page to its session at creation);
- an event, a JavaScript answer, an acknowledgement or a browser log line is taken only from a
  socket that passed the handshake for that very page;
- every UI event, however it arrives, is judged (pages.account.sessions.judge) before its handler runs:
  an ended session's page is closed instead, and the refusal audited once;
- browser log lines are one line, bounded, and at most a few per page and minute.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from base64 import b64decode
from typing import Any

import socketio
from nicegui import Client, app, core, events, storage
from nicegui import nicegui as nicegui_server
from nicegui.logging import log
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import cookie_parser

from pages import authz
from pages.account.log_safety import one_line
from pages.account.sessions import ENDED, Standing, close_page, current_account, judge, page_session
from pages.services import get

BROWSER_LOG_LEVELS = {"debug", "info", "warning", "error"}
BROWSER_LOG_CHARACTERS = 500
BROWSER_LOG_PER_MINUTE = 10
HANDSHAKE_KEYS = ("client_id", "tab_id", "document_id")
LOG_COUNT = "wraparound.browser_log"  # key in a page's client storage: (minute, lines logged)

_sockets: dict[str, str] = {}  # socket id -> the client id it passed the handshake for


# -- which session a socket carries --------------------------------------------------------------

def _session_middleware() -> SessionMiddleware | None:
    for middleware in app.user_middleware:
        if middleware.cls is SessionMiddleware:
            return SessionMiddleware(app, *middleware.args, **middleware.kwargs)  # type: ignore[arg-type]
    return None


def cookie_session_id(cookie_header: str) -> str | None:
    """The session id in a signed session cookie, read exactly as Starlette's SessionMiddleware
    reads it (same secret, cookie name and age limit), or None."""
    sessions = _session_middleware()
    if sessions is None:
        return None
    raw = cookie_parser(cookie_header).get(sessions.session_cookie)
    if not raw:
        return None
    try:
        data = json.loads(b64decode(sessions.signer.unsign(raw.encode(), max_age=sessions.max_age)))
    except Exception:  # a bad signature, an old cookie, not base64 or not JSON: no session
        return None
    session_id = data.get("id") if isinstance(data, dict) else None
    return session_id if isinstance(session_id, str) else None


def _same_session(client: Client, environ: dict[str, Any] | None) -> bool:
    page = page_session(client)
    if page is None or not page.session_id or environ is None:
        return False
    return cookie_session_id(str(environ.get("HTTP_COOKIE", ""))) == page.session_id


# -- socket handlers -----------------------------------------------------------------------------

async def _on_connect(sid: str, environ: dict[str, Any], _auth: Any = None) -> None:
    query = {k: v[0] for k, v in urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).items()}
    if query.get("implicit_handshake", "") == "true" and not await _on_handshake(sid, query):
        raise socketio.exceptions.ConnectionRefusedError("Implicit handshake failed")


async def _on_handshake(sid: str, data: dict[str, Any]) -> bool:
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in HANDSHAKE_KEYS):
        return False
    client = Client.instances.get(data["client_id"])
    if client is None or not _same_session(client, core.sio.get_environ(sid)):
        return False  # the browser reloads the page, which binds it to the session it really has
    if not await nicegui_server._on_handshake(sid, data):
        return False
    _sockets[sid] = client.id
    return True


def _on_disconnect(sid: str) -> None:
    _sockets.pop(sid, None)
    nicegui_server._on_disconnect(sid)


def _client_of(sid: str, msg: Any) -> Client | None:
    """The page this socket may speak for: only the one it passed the handshake for."""
    client_id = msg.get("client_id") if isinstance(msg, dict) else None
    if client_id is None or _sockets.get(sid) != client_id:
        return None
    client = Client.instances.get(client_id)
    return client if client is not None and client.has_socket_connection else None


def _on_event(sid: str, msg: dict[str, Any]) -> None:
    if client := _client_of(sid, msg):
        client.handle_event(msg)


def _on_javascript_response(sid: str, msg: dict[str, Any]) -> None:
    if client := _client_of(sid, msg):
        client.handle_javascript_response(msg)


def _on_ack(sid: str, msg: dict[str, Any]) -> None:
    if client := _client_of(sid, msg):
        client.outbox.prune_history(msg["next_message_id"])


def _on_log(sid: str, msg: dict[str, Any]) -> None:
    if client := _client_of(sid, msg):
        log_from_browser(client, msg.get("level"), msg.get("message"))


def log_from_browser(client: Client, level: Any, message: Any) -> None:
    """A browser's console error, as one bounded line, at most a few per page and minute."""
    minute = int(time.time() // 60)
    last_minute, count = client.storage.get(LOG_COUNT, (minute, 0))
    count = count + 1 if last_minute == minute else 1
    client.storage[LOG_COUNT] = (minute, count)
    if count > BROWSER_LOG_PER_MINUTE:
        return
    name = level if isinstance(level, str) and level in BROWSER_LOG_LEVELS else "warning"
    text = one_line(str(message), BROWSER_LOG_CHARACTERS)
    getattr(log, name)("browser on %s: %s", one_line(client.page.path, 100), text)


# -- the event gate ------------------------------------------------------------------------------

def allows(client: Client) -> bool:
    """Whether an event from this page may reach its handler now; closes the page if not."""
    if client.storage.get(ENDED):
        return False
    page = page_session(client)
    if page is None:
        return False  # never served through the middleware: nobody can say whose page it is
    if page.username is None:
        return True
    services = get()
    verdict = judge(page, current_account(page.username), services.security.idle_lock_minutes)
    if verdict is Standing.ok:
        return True
    close_page(client, page, verdict)
    route = authz.route_for(page.path.split("?", 1)[0]) or "(unknown)"
    services.record_event(page.username, page.role, "read", "page", route, mode=page.mode,
                          detail=f"event refused: {verdict.value}")
    return False


def _install_event_gate() -> None:
    # Every event NiceGUI dispatches to a handler goes through events.handle_event: the socket's
    # (Element._handle_event) and the simulated user's in tests. Wrap NiceGUI's own function, also
    # when the app is built again in the same process (tests), never a wrapper of a wrapper.
    original = getattr(events.handle_event, "__wrapped__", events.handle_event)

    def gated(handler: Any, arguments: Any, *, expect_args: bool | None = None) -> None:
        if isinstance(arguments, events.UiEventArguments):
            if not allows(arguments.client):
                return
            # The handler acts for the session its page was judged for (app.storage.user), as the
            # socket path already arranges (Element._handle_event); the simulated user's path too.
            storage.request_contextvar.set(arguments.client.request)
        original(handler, arguments, expect_args=expect_args)

    gated.__wrapped__ = original  # type: ignore[attr-defined]
    events.handle_event = gated


def install() -> None:
    """Called once by app.py before the server starts."""
    _install_event_gate()
    sio = core.sio
    sio.on("connect", _on_connect)
    sio.on("handshake", _on_handshake)
    sio.on("disconnect", _on_disconnect)
    sio.on("event", _on_event)
    sio.on("javascript_response", _on_javascript_response)
    sio.on("ack", _on_ack)
    sio.on("log", _on_log)

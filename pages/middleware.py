"""One middleware in front of every page: who is asking (the session), whether that role may open
the page (the matrix in pages.authz), and `Cache-Control: no-store` on everything that may show
client data. NiceGUI's own assets stay reachable without a session.

A request carrying a valid lobby-kiosk cookie (pages.kiosk.device) has the role "kiosk", whatever
else it carries (a staff session too): the tablet in the lobby opens only the rows that list the
kiosk, and every other page is refused (403) and the refusal audited.

Every page request is bound to its session here (pages.account.sessions.bind), before the page is built:
that is what each later event from the page is judged against."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from pages import authz
from pages.account.auth import touch
from pages.account.sessions import Standing, bind, standing
from pages.kiosk.device import device_for
from pages.services import get, session_mode

REFUSED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed — Wraparound</title>
</head><body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; color: #1f2933">
<h1>You do not have access to this page</h1>
<p>Your role does not include this page. If you need it for your work, ask your supervisor.</p>
<p><a href="/">Back to the home page</a></p></body></html>"""

KIOSK_REFUSED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not available</title>
</head><body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; color: #1f2933; font-size: 22px">
<h1>This screen is for the lobby kiosk only</h1>
<p lang="es">Esta pantalla es solo para el quiosco del vestíbulo.</p>
<p><a href="/kiosk">Back to start</a> · <a href="/kiosk" lang="es">Volver al inicio</a></p></body></html>"""


def _is_asset(path: str) -> bool:
    return path.startswith("/_nicegui") or path in ("/favicon.ico",)


class AuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if _is_asset(path):
            return await call_next(request)
        route = authz.route_for(path)
        device = device_for(request)
        state = app.storage.user
        if device is not None:
            bind(request, state)
            return await self._kiosk(request, call_next, route, device.id)
        if route is None or authz.page_allows(route, "anonymous"):
            bind(request, state)
            response = await call_next(request)
            response.headers["Cache-Control"] = "no-store"
            return response
        services = get()
        username = state.get("username")
        account = services.accounts.get(username) if isinstance(username, str) else None
        back = quote(path + (f"?{request.url.query}" if request.url.query else ""))
        verdict = standing(state, account, services.security.idle_lock_minutes)
        if account is None or verdict is Standing.logged_out:
            return RedirectResponse(f"/login?redirect_to={back}", status_code=303)
        if verdict is Standing.locked:
            return RedirectResponse(f"/lock?redirect_to={back}", status_code=303)
        if not authz.page_allows(route, account.role.value):
            services.record_event(account.username, account.role.value, "read", "page", route,
                                  mode=state.get("mode", "live"), detail="refused")
            return HTMLResponse(REFUSED, status_code=403, headers={"Cache-Control": "no-store"})
        touch()
        bind(request, state, account, session_mode(account, state))
        response = await call_next(request)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _kiosk(self, request: Request, call_next: RequestResponseEndpoint, route: str | None,
                     device_id: str) -> Response:
        if route is not None and authz.page_allows(route, "kiosk"):
            response = await call_next(request)
            response.headers["Cache-Control"] = "no-store"
            return response
        # Not a page of the kiosk (or no page at all): a tablet in the lobby gets nothing else.
        get().record_event(f"kiosk:{device_id}", "kiosk", "read", "page", route or "(unknown)", detail="refused")
        return HTMLResponse(KIOSK_REFUSED, status_code=403, headers={"Cache-Control": "no-store"})

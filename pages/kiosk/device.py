"""Which tablet is asking: the `wraparound_kiosk` cookie an enrolled lobby tablet carries, and the
enrolment that gives it one.

An administrator starts an enrolment at /admin/kiosks and gets a one-time code; on the tablet,
someone opens /kiosk/enrol and types it. The form posts to the HTTP route here (an HttpOnly cookie
can only be set by an HTTP response), which asks store.files.kiosk_devices for the device's secret token
and sets it as the cookie: HttpOnly (no script can read it), SameSite=Strict, Secure behind HTTPS,
kept for 400 days (the most a browser keeps a cookie). Only the token's hash is stored.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from pages.services import get, off_loop
from pages.widgets import Tag
from store import KioskDevice

COOKIE = "wraparound_kiosk"
COOKIE_MAX_AGE = 400 * 24 * 60 * 60  # Chrome keeps no cookie longer than 400 days
ENROL_PATH = "/kiosk/enrol"

PROBLEMS = {
    "wrong": "That code did not work. It may be mistyped, already used or expired: ask the administrator "
             "for a new code and try again.",
    "closed": "Too many wrong codes were typed, so setting up a tablet is paused for a few minutes. Try again "
              "later with the administrator's code.",
    "origin": "The code must be typed on this page. Please try again.",
}


def device_for(request: Request) -> KioskDevice | None:
    """The enrolled, unrevoked tablet this request comes from, or None."""
    token = request.cookies.get(COOKIE)
    return get().kiosk_devices.verify(token) if token else None


def _same_origin(request: Request) -> bool:
    # A page on another site must not be able to post a code and turn a staff browser into a kiosk.
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.url.netloc




def register() -> None:
    @ui.page(ENROL_PATH, title="Set up the lobby kiosk — Wraparound")
    def enrol_page(request: Request, problem: str | None = None) -> None:
        from pages.layout import bare_frame

        device = device_for(request)
        with bare_frame("Set up the lobby kiosk"):
            Tag("h1", "Set up this tablet as the lobby kiosk").classes("text-2xl font-semibold m-0")
            if device is not None:
                ui.label(f"This tablet is already set up as the kiosk “{device.name}”. A new code replaces "
                         "that.").classes("wa-instructions w-full")
            ui.label("An administrator opens Kiosk tablets in the staff menu, presses Enrol a tablet and gets a "
                     "one-time code. Type that code here, on the tablet itself.").classes("wa-muted")
            if problem in PROBLEMS:
                alert = ui.label(PROBLEMS[problem]).classes("wa-summary w-full")
                alert.props["role"] = "alert"
            form = ui.element("form").classes("column gap-3 wa-card")
            form.props.update({"method": "post", "action": ENROL_PATH})
            with form:
                label = Tag("label", "Enrolment code").classes("font-semibold")
                label.props["for"] = "kiosk-code"
                box = ui.element("input").classes("text-2xl p-2 border-2 rounded")
                box.props.update({"id": "kiosk-code", "name": "code", "autocomplete": "off", "required": True,
                                  "autocapitalize": "characters", "spellcheck": "false", "maxlength": "64"})
                button = Tag("button", "Set up this tablet").classes(
                    "q-btn bg-primary text-white text-lg px-6 py-3 rounded self-start")
                button.props["type"] = "submit"

    # After the page: NiceGUI's ui.page drops any route already registered at its path.
    @app.post(ENROL_PATH)
    async def complete_enrolment(request: Request) -> Response:
        if not _same_origin(request):
            return RedirectResponse(f"{ENROL_PATH}?problem=origin", status_code=303)
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        token, problem = await off_loop(_enrol, (form.get("code") or [""])[0][:64])
        if token is None:
            return RedirectResponse(f"{ENROL_PATH}?problem={problem}", status_code=303)
        response = RedirectResponse("/kiosk", status_code=303)
        response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="strict",
                            secure=os.environ.get("WRAPAROUND_HTTPS") == "1")
        return response


def _enrol(code: str) -> tuple[str | None, str]:
    """The device's token for a right code (audited either way), or None and what went wrong."""
    services = get()
    devices = services.kiosk_devices
    token = devices.complete_enrolment(code)
    if token is None:
        services.record_event("kiosk-enrolment", "anonymous", "write", "kiosk_device", "-",
                              detail="wrong or expired enrolment code")
        return None, "closed" if devices.enrolment_closed_until() else "wrong"
    device = devices.verify(token)
    services.record_event("kiosk-enrolment", "anonymous", "write", "kiosk_device", device.id if device else "-",
                          detail="tablet enrolled")
    return token, ""

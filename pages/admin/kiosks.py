"""/admin/kiosks, for the `admin` role: the lobby tablets allowed to send walk-in intakes. Enrol a
tablet (a one-time code to type on it at /kiosk/enrol), see each one's state (including a tablet
over its intake limit, which every staff page's header also shows), revoke one (with a
confirmation). Every change is audited. Administrators never see the intakes themselves."""

from __future__ import annotations

from nicegui import ui

from pages.authz import may
from pages.formatting import clock_time_or
from pages.intake.alerts import limit_line
from pages.intake.live_updates import follow
from pages.layout import frame, register_nav
from pages.services import Actor, Services, current_actor, get, off_loop
from pages.widgets import Heading, table_head
from store import KioskDevice, OverLimit

ENROL_PATH = "/kiosk/enrol"


def _state(device: KioskDevice, over: OverLimit | None = None) -> str:
    if device.revoked_at:
        return f"Revoked {clock_time_or(device.revoked_at, '—')} by {device.revoked_by or 'an administrator'}"
    if device.enrolled_at:
        return f"Enrolled. {limit_line(over, named=False)}" if over else "Enrolled"
    return f"Waiting for the tablet (code valid until {clock_time_or(device.code_expires_at, '—')})"


async def render_kiosks(services: Services, actor: Actor) -> None:
    devices = services.kiosk_devices

    @ui.refreshable
    def device_list() -> None:
        rows = devices.devices()
        over = {o.device.id: o for o in devices.over_limit()}
        services.record_event(actor.username, actor.role, "read", "kiosk_devices", "-",
                              detail=f"{len(rows)} listed")
        if not rows:
            ui.label("No tablet is enrolled yet.").classes("wa-muted")
            return
        with ui.element("table").classes("w-full wa-queue"):
            table_head("Tablet", "Enrolment started", "Enrolled", "State", "")
            with ui.element("tbody"):
                for device in rows:
                    with ui.element("tr").mark(f"kiosk:{device.id}"):
                        for text in (device.name, f"{clock_time_or(device.started_at, '—')} by {device.enrolled_by}",
                                     clock_time_or(device.enrolled_at, '—'), _state(device, over.get(device.id))):
                            with ui.element("td"):
                                ui.label(text)
                        with ui.element("td"):
                            if not device.revoked_at:
                                button = ui.button("Revoke", on_click=lambda d=device: confirm(d)).props(
                                    "flat dense color=negative")
                                button.props["aria-label"] = f"Revoke {device.name}"
                                button.mark(f"kiosk:revoke:{device.id}")

    async def confirm(device: KioskDevice) -> None:
        with ui.dialog() as dialog, ui.card().classes("gap-3"):
            Heading(f"Revoke {device.name}?", 2)
            ui.label("The tablet stops working at once: it can no longer send walk-in intakes and shows the "
                     "enrolment screen. To use it again, enrol it anew.")
            with ui.row().classes("gap-2"):
                ui.button("Revoke the tablet", on_click=lambda: dialog.submit(True)).props("color=negative").mark(
                    "kiosk:confirm_revoke")
                ui.button("Keep it", on_click=lambda: dialog.submit(False)).props("outline")
        if await dialog:
            await off_loop(devices.revoke, device.id, by=actor.username)
            services.record_event(actor.username, actor.role, "write", "kiosk_device", device.id, detail="revoked")
            message.set_text(f"{device.name} is revoked.")
            device_list.refresh()
        dialog.delete()

    async def enrol() -> None:
        try:
            device, code = await off_loop(devices.start_enrolment, name.value or "", by=actor.username)
        except ValueError as exc:
            message.set_text(str(exc))
            return
        services.record_event(actor.username, actor.role, "write", "kiosk_device", device.id,
                              detail="enrolment started")
        message.set_text("")
        name.value = ""
        shown.clear()
        with shown:
            Heading(f"Enrol {device.name}", 3)
            ui.label(f"On the tablet, open {ENROL_PATH} on this server and type this code:")
            ui.label(f"{code[:4]} {code[4:]}").classes("text-3xl font-mono font-bold").mark("kiosk:code")
            until = clock_time_or(device.code_expires_at, "—")
            ui.label(f"The code works once, until {until}. It is not shown again; if it runs out, "
                     "start again.").classes("wa-help")
        shown.classes(add="wa-instructions")
        device_list.refresh()

    with frame("Kiosk tablets"):
        Heading("Lobby kiosk tablets", 1)
        ui.label("Only an enrolled tablet can send walk-in intakes to the triage queue. Revoke a tablet that is "
                 "lost, stolen or replaced.").classes("wa-help")
        message = ui.label("").classes("wa-muted")
        message.props["role"] = "status"
        with ui.column().classes("wa-card gap-2"):
            device_list()
        follow(services.changes, ("kiosk_device",), device_list.refresh)  # a tablet going over its limit
        with ui.column().classes("wa-card gap-2"):
            Heading("Enrol a tablet", 2)
            name = ui.input("Name of the tablet (e.g. Lobby tablet, front desk)").props("outlined").classes(
                "w-full").mark("kiosk:name")
            ui.button("Enrol a tablet", icon="tablet", on_click=enrol).mark("kiosk:enrol")
            shown = ui.column().classes("w-full gap-1")
            shown.props["role"] = "status"


def register() -> None:
    register_nav("Kiosk tablets", "/admin/kiosks")

    @ui.page("/admin/kiosks")
    async def kiosks_page() -> None:
        services, actor = get(), current_actor()
        if not may(actor, "kiosk.manage"):
            return
        await render_kiosks(services, actor)

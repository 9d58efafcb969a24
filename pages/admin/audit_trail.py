"""The audit log per user, for supervisors (per case it is on the case file). Read-only: the app
has no way to change or delete an entry."""

from __future__ import annotations

from nicegui import ui

from pages.formatting import local_timestamp
from pages.layout import frame, register_nav
from pages.services import current_actor, get, off_loop
from pages.widgets import Heading


def register() -> None:
    register_nav("Audit", "/audit")

    @ui.page("/audit")
    async def audit_page(user: str = "") -> None:
        services, actor = get(), current_actor()
        accounts = {a.username: a.display_name for a in services.accounts.list()}
        # In training mode the live log is never read: the supervisor's own practice sandbox's log and
        # the training records' log (attempts, comments, reviews, resets) instead.
        logs = [services.cases_for(actor).audit] + ([services.training.audit] if actor.mode == "training" else [])
        events = [e for log in logs for e in (await off_loop(log.for_user, user) if user in accounts else [])]
        events.sort(key=lambda e: e.at, reverse=True)
        services.audit(actor, "read", "audit", user or "-")
        with frame("Audit log"):
            Heading("Audit log by staff member", 1)
            if actor.mode == "training":
                ui.label("Training mode: this shows practice only (your own sandbox, and reviews, comments and "
                         "sandbox resets). Switch back to live work to read the live audit log.").classes("wa-help")
            with ui.row().classes("gap-3"):
                for username, name in accounts.items():
                    ui.link(name, f"/audit?user={username}").classes("wa-link")
            with ui.column().classes("wa-card gap-1"):
                if not user:
                    ui.label("Choose a staff member to see what they read and changed.").classes("wa-muted")
                elif not events:
                    ui.label("Nothing recorded for this person.").classes("wa-muted")
                with ui.element("ul"):
                    for event in events[:500]:
                        with ui.element("li"):
                            where = f" · case {event.case_id}" if event.case_id else ""
                            ui.label(f"{local_timestamp(event.at)} · {event.action} {event.record_type} "
                                     f"{event.record_id}{where}{' · ' + event.detail if event.detail else ''}"
                                     f" ({event.mode})")

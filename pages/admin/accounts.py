"""Account administration for the `admin` role: add staff, change roles, unlock, deactivate,
reset passwords. Administrators manage accounts; they do not see client records."""

from __future__ import annotations

from nicegui import ui

from pages.account.sessions import end_user_pages, revoke_sessions
from pages.authz import may
from pages.formatting import local_time
from pages.layout import frame, register_nav
from pages.services import current_actor, get, off_loop
from pages.widgets import Heading, table_head
from store import ROLE_NAMES, AccountError, Role


def register() -> None:
    register_nav("Users", "/admin/users")

    @ui.page("/admin/users")
    async def users_page() -> None:
        services, actor = get(), current_actor()
        if not may(actor, "users.manage"):
            return

        async def add() -> None:
            try:
                await off_loop(services.accounts.add, username.value or "", display.value or "",
                               role.value, password.value or "")
            except AccountError as exc:
                message.set_text(str(exc))
                return
            services.record_event(actor.username, actor.role, "write", "account", username.value or "")
            message.set_text(f"Added {username.value}.")
            username.value = display.value = password.value = ""
            accounts_list.refresh()

        async def change(name: str, what: str) -> None:
            if what == "unlock":
                await off_loop(services.accounts.unlock, name)
            elif what in ("deactivate", "activate"):
                await off_loop(services.accounts.set_active, name, what == "activate")
                if what == "deactivate":
                    revoke_sessions(name)  # also sessions with no page open now: none comes back
            services.record_event(actor.username, actor.role, "write", "account", name)
            end_user_pages(name)  # their pages open anywhere close at once
            accounts_list.refresh()

        @ui.refreshable
        def accounts_list() -> None:
            rows = services.accounts.list()
            with ui.element("table").classes("w-full"):
                table_head("User name", "Name", "Role", "State", "")
                with ui.element("tbody"):
                    for account in rows:
                        state = "active" if account.active else "deactivated"
                        if account.locked_until:
                            state += f", locked until {local_time(account.locked_until)}"
                        with ui.element("tr"):
                            for text in (account.username, account.display_name, ROLE_NAMES[account.role], state):
                                with ui.element("td"):
                                    ui.label(text)
                            with ui.element("td"), ui.row().classes("gap-1"):
                                if account.locked_until:
                                    b = ui.button("Unlock", on_click=lambda n=account.username: change(n, "unlock"))
                                    b.props("flat dense")
                                    b.props["aria-label"] = f"Unlock {account.username}"
                                what = "deactivate" if account.active else "activate"
                                if account.username != actor.username:
                                    b = ui.button(what.capitalize(),
                                                  on_click=lambda n=account.username, w=what: change(n, w))
                                    b.props("flat dense").mark(f"user:{what}:{account.username}")
                                    b.props["aria-label"] = f"{what.capitalize()} {account.username}"

        with frame("Users"):
            Heading("Staff accounts", 1)
            with ui.column().classes("wa-card gap-2"):
                accounts_list()
            with ui.column().classes("wa-card gap-2"):
                Heading("Add a staff member", 2)
                message = ui.label("").classes("wa-muted")
                message.props["role"] = "status"
                username = ui.input("User name").props("outlined").classes("w-full").mark("user:username")
                display = ui.input("Full name").props("outlined").classes("w-full").mark("user:name")
                role = ui.select({r.value: ROLE_NAMES[r] for r in Role}, value=Role.social_worker.value,
                                 label="Role").props("outlined").classes("w-full").mark("user:role")
                password = ui.input("First password (at least 12 characters)", password=True).props(
                    "outlined autocomplete=new-password").classes("w-full").mark("user:password")
                ui.button("Add staff member", on_click=add).mark("user:add")

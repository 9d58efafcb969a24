"""Search for a client by name (case and accents ignored, aliases too), date of birth, case number
or police report number. Restricted (juvenile) cases appear only to who may open them."""

from __future__ import annotations

from nicegui import ui

from pages.casework.queue import CASE_TYPES
from pages.layout import frame, register_nav
from pages.services import current_actor, get, off_loop
from pages.widgets import Heading


def register() -> None:
    register_nav("Search", "/search")

    @ui.page("/search")
    async def search_page(q: str = "") -> None:
        services, actor = get(), current_actor()
        store = services.cases_for(actor)

        @ui.refreshable
        async def results() -> None:
            text = (box.value or "").strip()
            if not text:
                ui.label("Type a name, a date of birth, a case number or a police report number.").classes(
                    "wa-muted")
                return
            # Only the people and cases this actor may see (store.models.visibility), counted as shown.
            hits = await off_loop(store.search, text, viewer=actor)
            services.audit(actor, "search", "person", "-", detail=f"{len(hits)} found")
            with ui.element("ul").classes("column gap-2"):
                for hit in hits:
                    with ui.element("li"):
                        born = f", born {hit.person.date_of_birth}" if hit.person.date_of_birth else ""
                        ui.link(f"{hit.person.full_name}{born}", f"/people/{hit.person.id}").classes("wa-link")
                        ui.label(f"matched by {hit.matched}").classes("wa-muted text-sm")
                        for case in hit.cases:
                            ui.link(f"{case.id} — {CASE_TYPES.get(case.case_type, case.case_type)} ({case.status})",
                                    f"/cases/{case.id}").classes("wa-link ml-4")
            if not hits:
                ui.label("Nobody found. Check the spelling, or add a new client.").classes("wa-muted")

        with frame("Search"):
            Heading("Search clients and cases", 1)
            with ui.row().classes("w-full items-end gap-2"):
                box = ui.input("Name, date of birth, case or report number", value=q).props(
                    "outlined dense autofocus").classes("flex-1").mark("search:box")
                box.on("keydown.enter", results.refresh)
                ui.button("Search", on_click=results.refresh).mark("search:go")
            with ui.column().classes("wa-card gap-2"):
                await results()

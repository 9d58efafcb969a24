"""The case file's referrals: to a resource of the directory, either as information given to the
client (the client contacts the provider; nothing about the client leaves the unit) or sharing
information with the provider, which needs a current consent naming the provider and covering
what is shared (VAWA 34 U.S.C. 12291(b)(2); 740 ILCS 110/5). A refused share says why and offers
"information given to the client" instead. The list says which each referral was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from nicegui import background_tasks, ui

from pages.casework.case_sections import Refresh, _section
from pages.formatting import local_time_or
from pages.services import Actor, Services, off_loop
from pages.workflow.sharing import share_or_refuse
from store import Case, Consent, Referral, Resource
from workflows.consent import Recipient, consent_state, names_recipient
from workflows.information import SharingRules
from workflows.model import local

HOW = {
    "information_only": "Information given to the client only: the client contacts them, nothing about the client "
                        "leaves the unit",
    "shared": "Share information with the provider: needs the client's current written consent naming them",
}
STATUSES = {
    "shared": {"sent": "Sent", "accepted": "Accepted", "declined": "Declined", "completed": "Completed"},
    "information_only": {"given": "Information given", "accepted": "Client connected", "declined": "Declined",
                         "completed": "Completed"},
    "not_recorded": {"sent": "Referred", "accepted": "Accepted", "declined": "Declined", "completed": "Completed"},
}


def describe(referral: Referral, name: str, rules: SharingRules) -> str:
    """What the case file says a referral was: "shared" only when something was."""
    day = local_time_or(referral.created_at)[:10]
    if referral.sharing == "shared":
        what = f"{name} — shared with the provider {day}: {rules.labels(referral.shared)}"
    elif referral.sharing == "information_only":
        what = f"{name} — information given to the client {day}; nothing shared"
    else:
        what = f"{name} — referred {day} (made before referrals recorded whether information was shared)"
    return what + (f" · {referral.notes}" if referral.notes else "")


def _on_file(consents: list[Consent], resource: Resource, rules: SharingRules) -> str:
    today = dt.date.today()
    recipient = Recipient(resource.name, resource.id)
    current = [c for c in consents if names_recipient(c, recipient) and consent_state(c, today) == "current"]
    if not current:
        return f"No current consent names {resource.name}: choose information given to the client, or record the " \
               "client's consent below first."
    return " ".join(f"Consent on file for {resource.name} until {c.expires_on}: {rules.labels(c.categories)}."
                    for c in current)


def referrals_section(services: Services, actor: Actor, case: Case, referrals: list[Referral],
                      directory: list[Resource]) -> None:
    """`referrals` as read with the case (one read of its file); read again after each change."""
    store = services.cases_for(actor)
    rules = services.catalogue.sharing
    resources = {r.id: r for r in directory}
    shareable = [c for c in rules.consentable() if c.kind == "information"]

    @ui.refreshable
    def listing(referrals: list[Referral]) -> None:
        if not referrals:
            ui.label("No referrals yet.").classes("wa-muted")
        for referral in referrals:
            resource = resources.get(referral.resource_id)
            name = resource.name if resource else referral.resource_id
            with ui.column().classes("gap-0 w-full"):
                with ui.row().classes("items-center gap-2 w-full"):
                    ui.label(describe(referral, name, rules)).mark(f"referral:line:{referral.id}")
                    options = STATUSES[referral.sharing]
                    status = ui.select(options, value=referral.status,
                                       on_change=lambda e, r=referral.id: move(r, e.value))
                    status.props("outlined dense").mark(f"referral:{referral.id}")
                    status.props["aria-label"] = f"Status of the referral to {name}"
                    status.set_enabled(referral.status not in ("declined", "completed"))
                if referral.reason:
                    ui.label(f"Not shared: {referral.reason}").classes("wa-muted text-sm")

    async def move(referral_id: str, status: str) -> None:
        await _write(lambda: store.set_referral_status(case.id, referral_id, status), "status", reload)

    async def _write(action: Callable[[], object], detail: str, done: Refresh) -> None:
        result = await off_loop(action)
        services.audit(actor, "write", "referral", getattr(result, "id", case.id), case.id, detail)
        await done()

    async def reload() -> None:
        listing.refresh(await off_loop(store.referrals, case.id))

    with _section("Referrals", "section:referrals"):
        listing(referrals)
        choice = ui.select({r.id: f"{r.name} — {r.contact}" if r.contact else r.name for r in resources.values()},
                           label="Refer to", on_change=lambda: show_on_file()).props("outlined dense").classes(
            "w-full").mark("referral:resource")
        how = ui.radio(HOW, value="information_only", on_change=lambda: show_on_file()).mark("referral:how")
        how.props["aria-label"] = "What the referral tells the provider"
        with ui.column().classes("gap-1 w-full") as share_box:
            on_file = ui.label("").classes("wa-help").mark("referral:on_file")
            ui.label("What the provider may be told:")
            with ui.row().classes("gap-x-4 gap-y-0"):
                ticks = {c.id: ui.checkbox(local(c.label)).mark(f"referral:share:{c.id}") for c in shareable}
        notes = ui.input("Notes for the referral").props("outlined dense").classes("w-full").mark("referral:notes")
        message = ui.label("").classes("wa-error").mark("referral:message")
        refused_reason = {"text": ""}

        asked = {"n": 0}

        def show_on_file() -> None:
            share_box.set_visibility(how.value == "shared")
            message.set_text("")
            instead.set_visibility(False)
            resource = resources.get(choice.value or "")
            on_file.set_text("")
            if resource is not None:
                asked["n"] += 1
                background_tasks.create(say_on_file(resource, asked["n"]), name="consents on file")

        async def say_on_file(resource: Resource, ask: int) -> None:
            """The consents naming the provider, read off the event loop; a newer choice wins."""
            consents = await off_loop(store.consents, case.id)
            if ask == asked["n"]:
                on_file.set_text(_on_file(consents, resource, rules))

        async def cleared() -> None:
            await reload()
            choice.value = None
            notes.value = ""
            for tick in ticks.values():
                tick.value = False
            how.value = "information_only"
            message.set_text("")
            instead.set_visibility(False)

        async def add() -> None:
            resource = resources.get(choice.value or "")
            if resource is None:
                message.set_text("Choose who to refer the client to.")
                return
            if how.value == "information_only":
                await _write(lambda: store.add_referral(case.id, resource_id=resource.id, created_by=actor.username,
                                                        notes=notes.value or ""), "information only", cleared)
                return
            wanted = [category for category, tick in ticks.items() if tick.value]
            referral, decision = await off_loop(share_or_refuse, store, rules, case.id, resource, wanted,
                                                by=actor.username, notes=notes.value or "", today=dt.date.today())
            if referral is None:
                # Nothing left the unit; the attempt is on record like a refused release.
                services.audit(actor, "export", "referral", resource.id, case.id, "refused: no consent covers it")
                refused_reason["text"] = decision.reason
                message.set_text(f"Not shared: {decision.reason}")
                instead.set_visibility(True)
                return
            services.audit(actor, "write", "referral", referral.id, case.id, f"shared: {', '.join(referral.shared)}")
            await cleared()

        async def give_instead() -> None:
            resource = resources.get(choice.value or "")
            if resource is None:
                return
            reason = refused_reason["text"]
            await _write(lambda: store.add_referral(case.id, resource_id=resource.id, created_by=actor.username,
                                                    notes=notes.value or "", reason=reason),
                         "information only, sharing refused", cleared)

        with ui.row().classes("gap-2"):
            ui.button("Add referral", on_click=add).mark("referral:add")
            instead = ui.button("Record as information given to the client instead", on_click=give_instead).props(
                "outline").mark("referral:instead")
        instead.set_visibility(False)
        share_box.set_visibility(False)

"""The case file's consents to release information: who may receive what, for what, until when.

A worker records the signed form's scope by picking the recipient (a directory resource or a named
person or agency), ticking what it covers (the categories of workflows/information_sharing.yaml),
and typing the purpose and the dates. The rules (workflows.consent) say what is wrong before
anything is saved: mental-health information on a consent of its own (740 ILCS 110/5), juvenile
records never, the longest a consent may last. Consents recorded before scopes existed are shown
as covering nothing until recorded again."""

from __future__ import annotations

import datetime as dt

from nicegui import ui

from pages.casework.case_sections import _section
from pages.services import Actor, Services, off_loop
from pages.widgets import Heading
from store import Case, Consent, Resource
from workflows.consent import consent_state, recording_problems, state_phrase
from workflows.information import Category, SharingRules
from workflows.model import local

SOMEONE_ELSE = "someone_else"
QUICK_EXPIRY_DAYS = {"30 days": 30, "90 days": 90, "6 months": 182, "1 year": 365}


def describe(consent: Consent, rules: SharingRules, today: dt.date) -> str:
    if not consent.categories:
        what = f"“{consent.information}”" if consent.information else "no scope"
    else:
        what = rules.labels(consent.categories) + (f" — for {consent.purpose}" if consent.purpose else "")
    return (f"To {consent.recipient}: {what} (signed {consent.signed_on}, until {consent.expires_on}) — "
            f"{state_phrase(consent, today)}")


def _tick_label(category: Category, rules: SharingRules) -> str:
    label = local(category.label)
    if category.own_consent is not None:
        label += f" (on a consent of its own: {rules.own_consents[category.own_consent].cite})"
    return label


def consents_section(services: Services, actor: Actor, case: Case, consents: list[Consent],
                     directory: list[Resource]) -> None:
    """`consents` as read with the case (one read of its file); read again after each change."""
    store = services.cases_for(actor)
    rules = services.catalogue.sharing
    today = dt.date.today()
    resources = {r.id: r.name for r in directory}

    @ui.refreshable
    def listing(consents: list[Consent]) -> None:
        if not consents:
            ui.label("No consent to release information on file: nothing may be shared with anyone outside the "
                     "unit.").classes("wa-muted")
        for consent in consents:
            with ui.column().classes("gap-0 w-full"):
                with ui.row().classes("items-center gap-2 w-full"):
                    ui.label(describe(consent, rules, today)).mark(f"consent:line:{consent.id}")
                    if consent_state(consent, today) in ("current", "unscoped", "not_yet_signed"):
                        revoke = ui.button("Revoke", on_click=lambda c=consent.id: take_back(c))
                        revoke.props("flat dense").mark(f"consent:revoke:{consent.id}")
                        revoke.props["aria-label"] = f"Revoke the consent to {consent.recipient}"
                if consent.categories and consent.information:
                    ui.label(f"As the signed form says: {consent.information}").classes("wa-muted text-sm")

    async def reload() -> None:
        listing.refresh(await off_loop(store.consents, case.id))

    async def take_back(consent_id: str) -> None:
        await off_loop(lambda: store.revoke_consent(case.id, consent_id, by=actor.username))
        services.audit(actor, "write", "consent", consent_id, case.id, "revoked")
        await reload()

    with _section("Consent to release information", "section:consents"):
        ui.label("Written, informed and time-limited (VAWA 34 U.S.C. 12291(b)(2)). Services never depend on "
                 "signing one. Record exactly what the signed form says.").classes("wa-help")
        listing(consents)
        Heading("Record a signed consent", 3)
        options = {**resources, SOMEONE_ELSE: "Someone else (type the name)"}
        to = ui.select(options, label="Who may receive it").props("outlined dense").classes("w-full").mark(
            "consent:resource")
        name = ui.input("Name of the person or agency").props("outlined dense").classes("w-full").mark("consent:to")
        name.set_visibility(False)
        to.on_value_change(lambda: name.set_visibility(to.value == SOMEONE_ELSE))
        ticks: dict[str, ui.checkbox] = {}
        for kind, title in (("information", "Information it covers"), ("document", "Documents it covers")):
            ui.label(title).classes("font-semibold")
            with ui.row().classes("gap-x-4 gap-y-0"):
                for category in (c for c in rules.consentable() if c.kind == kind):
                    ticks[category.id] = ui.checkbox(_tick_label(category, rules)).mark(f"consent:cat:{category.id}")
        purpose = ui.input("Purpose (what it is shared for)").props("outlined dense").classes("w-full").mark(
            "consent:purpose")
        what = ui.input("Exactly what may be disclosed, as the form says (needed for mental-health or "
                        "substance-use records)").props("outlined dense").classes("w-full").mark("consent:what")
        with ui.row().classes("gap-2 items-end"):
            signed = ui.input("Signed on", value=today.isoformat()).props("outlined dense type=date stack-label").mark(
                "consent:signed")
            expires = ui.input("Expires on").props("outlined dense type=date stack-label").mark("consent:expires")
            for label, days in QUICK_EXPIRY_DAYS.items():
                quick = ui.button(label, on_click=lambda d=days: expire_after(d)).props("flat dense")
                quick.props["aria-label"] = f"Expires {label} after signing"
        limit = rules.consent.longest_days
        if limit is not None and limit.value is not None:
            ui.label(f"At most {limit.value} days ({limit.cite}).").classes("wa-help")
        message = ui.label("").classes("wa-error").mark("consent:message")

        def expire_after(days: int) -> None:
            try:
                start = dt.date.fromisoformat(signed.value or "")
            except ValueError:
                start = today
            expires.value = (start + dt.timedelta(days=days)).isoformat()

        async def add() -> None:
            resource_id = to.value if to.value in resources else None
            recipient = resources[resource_id] if resource_id else (name.value or "") if to.value else ""
            categories = [category for category, tick in ticks.items() if tick.value]
            problems = recording_problems(rules, recipient=recipient, categories=categories,
                                          purpose=purpose.value or "", details=what.value or "",
                                          signed_on=signed.value or "", expires_on=expires.value or "", today=today)
            if problems:
                message.set_text("Not recorded: " + " ".join(problems))
                return
            try:
                consent = await off_loop(lambda: store.add_consent(
                    case.id, person_id=case.client_id, recipient=recipient, resource_id=resource_id,
                    categories=categories, purpose=purpose.value or "", information=what.value or "",
                    signed_on=signed.value, expires_on=expires.value, created_by=actor.username))
            except ValueError as exc:
                message.set_text(f"Not recorded: {exc}")
                return
            services.audit(actor, "write", "consent", consent.id, case.id, f"covers {', '.join(categories)}")
            message.set_text("")
            to.value = None
            name.value = purpose.value = what.value = expires.value = ""
            for tick in ticks.values():
                tick.value = False
            await reload()

        ui.button("Record consent", on_click=add).mark("consent:add")

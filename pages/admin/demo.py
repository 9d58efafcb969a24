"""Demo mode (`make run`): clearly-marked demo accounts and fictional clients so a person can log
in and look around. Never used unless WRAPAROUND_DEMO=1."""

from __future__ import annotations

import contextlib
import datetime as dt

from store import AccountError, Accounts, Casework
from workflows.loader import Catalogue

DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105 - printed on purpose, demo mode only
DEMO_ACCOUNTS = [
    ("demo.worker", "Demo social worker", "social_worker"),
    ("demo.supervisor", "Demo supervisor", "supervisor"),
    ("demo.intern", "Demo intern", "intern"),
    ("demo.admin", "Demo administrator", "admin"),
]


def seed_accounts(accounts: Accounts) -> None:
    for username, name, role in DEMO_ACCOUNTS:
        with contextlib.suppress(AccountError):  # already there from an earlier demo run
            accounts.add(username, f"{name} (DEMO)", role, DEMO_PASSWORD, demo=True)
    print("\nDEMO MODE: these demo accounts are for trying the app, never for real client data.")
    for username, _, role in DEMO_ACCOUNTS:
        print(f"  {username:<17} ({role}) password: {DEMO_PASSWORD}")
    print(flush=True)


def seed_casework(cases: Casework) -> None:
    """A handful of fictional clients (every last name starts "Demo-") so the queue, case files and
    search have something to show. Only into an empty demo store."""
    today = dt.date.today()
    if cases.queue(today=today) or cases.search("Demo"):
        return
    rosa = cases.add_person(first_name="Rosa", last_name="Demo-Alvarez", date_of_birth="1991-02-14",
                            phones=[{"number": "309-555-0142", "label": "cell"}],
                            safe_contact={"may_call": True, "may_text": True, "may_leave_voicemail": False,
                                          "safe_times": "after 5 pm"}, language="es", interpreter_needed=True)
    case = cases.open_case(rosa.id, "domestic_violence", created_by="demo.worker", assigned_to="demo.worker",
                           police_report_number="26-004188")
    cases.add_household_member(case.id, name="Leo Demo-Alvarez", relationship="son", date_of_birth="2019-06-01")
    cases.add_follow_up(case.id, title="Status update owed on the court date", kind="status_update",
                        due_date=(today - dt.timedelta(days=3)).isoformat(), created_by="demo.worker")
    cases.add_note(case.id, author="demo.worker", note_type="contact",
                   text="DEMO: first contact at the station after the incident report.")
    shelter = next((r for r in cases.resources() if r.id == "center-for-prevention-of-abuse"), None)
    if shelter is not None:
        cases.add_consent(case.id, person_id=rosa.id, recipient=shelter.name, resource_id=shelter.id,
                          categories=["name", "phone", "children_count"], purpose="DEMO: shelter intake",
                          signed_on=today.isoformat(), expires_on=(today + dt.timedelta(days=90)).isoformat(),
                          created_by="demo.worker")
    marcus = cases.add_person(first_name="Marcus", last_name="Demo-Lee", date_of_birth="1984-09-30")
    cases.open_case(marcus.id, "mental_health", created_by="demo.supervisor", police_report_number="26-004512")
    tina = cases.add_person(first_name="Tina", last_name="Demo-Young", date_of_birth="2010-03-03")
    cases.open_case(tina.id, "juvenile_family", created_by="demo.worker", assigned_to="demo.worker")
    sam = cases.add_person(first_name="Sam", last_name="Demo-Walker", aliases=["Sammy"])
    walker = cases.open_case(sam.id, "homelessness", created_by="demo.supervisor", assigned_to="demo.supervisor")
    dream = next((r for r in cases.resources() if "Dream Center" in r.name), None)
    if dream is not None:
        cases.add_referral(walker.id, resource_id=dream.id, created_by="demo.supervisor",
                           notes="DEMO: family shelter bed")
    print("DEMO MODE: seeded fictional clients (last names start with 'Demo-').", flush=True)


def seed_kiosk_intake(cases: Casework, catalogue: Catalogue) -> None:
    """One fictional walk-in waiting on the triage queue, as if sent from the lobby tablet (no tablet
    is enrolled in demo mode: an administrator does that at /admin/kiosks). Only when none waits."""
    if cases.intakes.open_intakes() or "kiosk_intake" not in catalogue:
        return
    definition = catalogue.get("kiosk_intake")
    key = cases.documents.remember_definition(definition.id, definition.version, catalogue.sources[definition.id])
    cases.intakes.stage(
        language="es", definition_key=key, device_id="demo", urgent=False, submitted=True,
        answers={
            "reason": {"reasons": ["basic_needs", "information"]},
            "safety": {"safe_now": "yes"},
            "name": {"first_name": "Demo-Lucía"},
            "contact": {"phone": "309-555-0188", "may_call": True, "may_text": True, "may_leave_voicemail": False,
                        "safe_times": "weekday mornings"},
            "needs": {"interpreter_needed": True, "interpreter_language": "Spanish", "accessibility": []},
            "anything_else": {"note": "DEMO: looking for a food pantry near the south side."},
        },
    )
    print("DEMO MODE: one fictional walk-in from the lobby kiosk is waiting on the triage queue.", flush=True)

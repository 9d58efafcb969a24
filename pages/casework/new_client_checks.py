"""What the new-client form checks before anything is saved, as messages for the field they are
about (pages.casework.form_errors shows them beside the field and in the summary)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pages.casework.contact_editor import email_error, phone_error
from pages.services import Actor
from store import RESTRICTED_TYPES


def new_client_problems(actor: Actor, values: Mapping[str, Any], today: dt.date | None = None) -> dict[str, str]:
    """{field: message} in the order the form asks, empty when the form may be saved."""
    found: dict[str, str] = {}
    text = {key: str(values.get(key) or "").strip() for key in ("first", "last", "dob", "phone", "email")}
    if not (text["first"] or text["last"]):
        found["first"] = "Enter a first or last name (or a name the client uses)."
    if text["dob"] and text["dob"] > (today or dt.date.today()).isoformat():
        found["dob"] = "A date of birth cannot be in the future."
    if text["phone"] and (problem := phone_error(text["phone"])):
        found["phone"] = problem
    if problem := email_error(text["email"]):
        found["email"] = problem
    case_type = values.get("case_type")
    if not case_type:
        found["case_type"] = "Choose the type of case."
    elif case_type in RESTRICTED_TYPES and not values.get("mine") and actor.role != "supervisor":
        # Otherwise the worker could not open the case they just made (705 ILCS 405/1-7).
        found["mine"] = ("A juvenile case is a restricted record that only its worker and supervisors see: "
                         "assign it to yourself (a supervisor can reassign it).")
    return found

"""A walk-in staged straight into a store, as the kiosk would, for the store tests."""

from __future__ import annotations

from typing import Any

from store import CaseStore

KEY = "kiosk_intake-v1-0123456789abcdef"

def answers(name: str = "Ximena", safe: str = "yes") -> dict[str, Any]:
    return {"reason": {"reasons": ["basic_needs"]}, "safety": {"safe_now": safe},
            "name": {"first_name": name}, "contact": {"phone": "309-555-0199", "may_call": True}}

def stage(cases: CaseStore, *, urgent: bool = False, submitted: bool = True, **kw: Any) -> Any:
    return cases.intakes.stage(language=kw.pop("language", "en"), answers=kw.pop("answers", answers()),
                               definition_key=KEY, device_id="dev1", urgent=urgent, submitted=submitted, **kw)

"""Closing a walk-in with a long reason, as a worker does it on the intake page: saved and audited
together, or refused before anything is saved; the audit log records the kind of reason only."""

from __future__ import annotations

from nicegui.testing import User
from support.ui import login
from support.ui_intakes import click, set_value, stage

from pages.services import get
from store.files.intakes import MAX_CLOSE_REASON


async def close_as_other(user: User, why: str) -> str:
    await user.open("/login")
    intake = stage("Ximena")
    await login(user, then=f"/intakes/{intake.id}")
    set_value(user, "intake:close_reason", "other")
    set_value(user, "intake:close_other", why)
    click(user, "intake:close")
    return intake.id


async def test_a_long_reason_is_saved_and_audited_by_its_kind(user: User) -> None:
    why = "She moved to Chicago with her sister and will call the unit there. " * 5
    intake_id = await close_as_other(user, why)
    await user.should_see("It is off the triage queue.")
    assert get().cases.intakes.get(intake_id).status == "closed"
    writes = [e.detail for e in get().cases.audit.for_record(intake_id) if e.action == "write"]
    assert writes == ["closed: other"]
    assert not [e for e in get().cases.audit.for_user("worker") if "Chicago" in e.model_dump_json()]


async def test_a_reason_over_the_limit_is_refused_and_nothing_is_saved(user: User) -> None:
    intake_id = await close_as_other(user, "x" * (MAX_CLOSE_REASON + 50))
    await user.should_see(f"Please say why in at most {MAX_CLOSE_REASON} characters.")
    assert get().cases.intakes.get(intake_id).status == "new"
    assert [e for e in get().cases.audit.for_record(intake_id) if e.action == "write"] == []

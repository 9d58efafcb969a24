"""The generic runner with the safety plan, through NiceGUI's simulated user."""

from __future__ import annotations

from pathlib import Path

from nicegui.testing import User
from support.ui import answer, field_value, login

NOT_HIGH_DANGER_ABOUT = {
    "about.person_name": "Ana",
    "about.plan_date": "2026-11-20",
    "about.intimate_partner": True,
    "about.has_children": False,
}


async def start_safety_plan(user: User) -> None:
    await login(user)
    user.find(marker="start:safety_plan").click()
    await user.should_see("About this plan")


async def next_step(user: User) -> None:
    user.find("Next").click()


async def test_next_with_missing_answers_shows_plain_messages(user: User) -> None:
    await start_safety_plan(user)
    await next_step(user)
    await user.should_see("4 answers on this step need attention before you go on:")
    await user.should_see("Name of the person this plan is for: Please answer this question.")
    await user.should_see("About this plan")  # still on the first step


async def test_answers_survive_back_and_next(user: User) -> None:
    await start_safety_plan(user)
    for key, value in NOT_HIGH_DANGER_ABOUT.items():
        answer(user, key, value)
    await next_step(user)
    await user.should_see("Lethality screen")
    answer(user, "lethality.q1", False)
    user.find("Back").click()
    await user.should_see(marker="about.person_name")
    assert field_value(user, "about.person_name") == "Ana"
    await next_step(user)
    await user.should_see(marker="lethality.q1")
    assert field_value(user, "lethality.q1") == "no"


async def test_a_not_intimate_partner_plan_skips_the_screen(user: User) -> None:
    await start_safety_plan(user)
    for key, value in {**NOT_HIGH_DANGER_ABOUT, "about.intimate_partner": False}.items():
        answer(user, key, value)
    await user.should_not_see("Lethality screen")
    await next_step(user)
    await user.should_see(marker="during_incident.safer_rooms")


async def test_high_danger_answers_reveal_the_protocol_step(user: User) -> None:
    await start_safety_plan(user)
    for key, value in NOT_HIGH_DANGER_ABOUT.items():
        answer(user, key, value)
    await next_step(user)
    await user.should_see(marker="lethality.q2")
    await user.should_not_see("High-danger protocol")
    answer(user, "lethality.q2", True)
    await user.should_see("High-danger protocol")


async def test_a_draft_is_saved_and_resumed(user: User, data_dir: Path) -> None:
    await start_safety_plan(user)
    for key, value in NOT_HIGH_DANGER_ABOUT.items():
        answer(user, key, value)
    await next_step(user)
    await user.should_see("Lethality screen")
    await user.open("/")
    await user.should_see("Resume Personal safety plan")
    user.find("Resume Personal safety plan").click()
    await user.should_see("Lethality screen")
    user.find("Back").click()
    await user.should_see(marker="about.person_name")
    assert field_value(user, "about.person_name") == "Ana"

"""The urgent walk-in alert in the header of every staff page, through the simulated browser: it is
pushed to a worker on a case page (no reload, no poll), "I'm responding" records who took it and
every other open page shows who is responding instead of the alarm; a closed page stops listening;
training mode shows no live details (a neutral notice to a worker practising, nothing to an
intern); a tablet over its intake limit is named in every header and on /admin/kiosks, and the
notice goes once the tablet may send again."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from nicegui import core
from nicegui.testing import User
from support.ui import login
from support.ui_intakes import stage

from pages.services import get
from store.files.change_feed import LocalChangeFeed

ALARM = "Urgent: someone at the lobby kiosk is not safe right now"


def another_user() -> User:
    """A second browser on the same app (its own cookies, so its own session)."""
    return User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))


def open_case(first: str = "Dana") -> str:
    cases = get().cases
    person = cases.add_person(first_name=first, last_name="Fox")
    return cases.open_case(person.id, "domestic_violence", created_by="worker", assigned_to="worker").id


def enrolled_tablet(name: str = "Lobby tablet") -> str:
    devices = get().kiosk_devices
    device, code = devices.start_enrolment(name, by="admin")
    assert devices.complete_enrolment(code) is not None
    return device.id


async def test_the_alert_reaches_a_worker_on_a_case_page_without_a_reload(user: User) -> None:
    await login(user)
    case_id = open_case()
    await user.open(f"/cases/{case_id}")
    await user.should_see("Dana Fox")
    await user.should_not_see(ALARM)
    stage("Ximena")  # someone who is safe: on the queue, but no alarm
    intake = stage("Luz", urgent=True)  # what the kiosk does the moment someone says "not safe"
    await user.should_see(f"{ALARM} (since")
    await user.should_see(f"Open Luz (first name only) — {intake.id}")
    await user.should_see("I'm responding")
    alarm = next(iter(user.find(marker=f"alert:urgent:{intake.id}").elements))
    assert alarm.parent_slot is not None and alarm.parent_slot.parent.props["role"] == "alert"
    # Showing it is a read of the intake, audited (once per open page: the home page is open too).
    shown = {(e.action, e.detail) for e in get().cases.audit.for_record(intake.id) if e.actor == "worker"}
    assert shown == {("read", "urgent walk-in shown in the page header")}
    await user.should_not_see("Ximena")  # the header is for emergencies; the queue lists the rest


async def test_im_responding_records_who_and_tells_every_other_open_page(user: User) -> None:
    await login(user)  # Jo Worker, on a case file
    case_id = open_case()
    await user.open(f"/cases/{case_id}")
    other = another_user()  # Pat Supervisor, on the search page
    try:
        await login(other, "super")
        await other.open("/search")
        intake = stage("Luz", urgent=True)
        await user.should_see(ALARM)
        await other.should_see(ALARM)

        user.find(marker=f"alert:respond:{intake.id}").click()
        await user.should_see(f"You are responding to Luz (first name only) — {intake.id} (since")
        await other.should_see(f"Jo Worker is responding to Luz (first name only) — {intake.id} (since")
        await other.should_not_see(ALARM)  # it stops alarming on the other pages
        await other.should_not_see(marker=f"alert:respond:{intake.id}")

        taken = get().cases.intakes.get(intake.id)
        assert taken.responder == "worker" and taken.responder_name == "Jo Worker" and taken.responding_at
        trail = [(e.actor, e.action, e.detail) for e in get().cases.audit.for_record(intake.id)]
        assert ("worker", "write", "responding to the walk-in") in trail
        # The intake page says who is going, and offers no second "I'm responding".
        await other.open(f"/intakes/{intake.id}")
        await other.should_see("Jo Worker is responding to Luz")
        await other.should_not_see(marker="intake:respond")
    finally:
        await other.http_client.aclose()


async def test_responding_from_the_intake_page_is_the_same_acknowledgement(user: User) -> None:
    await login(user)
    intake_id = stage("Luz", urgent=True).id
    await user.open(f"/intakes/{intake_id}")
    await user.should_see("Nobody has said they are going to this person yet.")
    user.find(marker="intake:respond").click()
    await user.should_see(f"You are responding to Luz (first name only) — {intake_id}")
    await user.should_not_see(ALARM)
    assert get().cases.intakes.get(intake_id).responder == "worker"


async def test_resolving_the_walk_in_takes_it_out_of_every_header(user: User) -> None:
    await login(user)
    intake = stage("Luz", urgent=True)
    await user.open("/search")
    await user.should_see(ALARM)
    get().cases.intakes.close(intake.id, reason="Left before anyone came", by="super")
    await user.should_not_see(ALARM)


async def test_a_page_that_goes_away_stops_listening(user: User) -> None:
    await login(user)
    feed = get().changes
    assert isinstance(feed, LocalChangeFeed)
    before = feed.subscriber_count()
    await user.open("/search")
    assert feed.subscriber_count() == before + 1  # its header
    assert user.client is not None
    user.client.delete()  # what NiceGUI does once the browser has been gone past its reconnect timeout
    assert feed.subscriber_count() == before


async def test_training_mode_never_shows_a_live_walk_in(user: User) -> None:
    await login(user, "super")
    live_page = user.client
    user.find(marker="mode:switch").click()
    await user.should_see("TRAINING MODE")
    assert live_page is not None and live_page is not user.client
    live_page.delete()  # the browser left it for the training page
    intern = another_user()
    try:
        await login(intern, "intern")
        await intern.open("/training")
        intake = stage("Livia", urgent=True)
        await user.should_see("Urgent walk-in at the lobby kiosk — switch to live work to respond.")
        for text in ("Livia", intake.id, ALARM):
            await user.should_not_see(text)
        # Delivered to the supervisor's page, so the intern's has heard of it too: and shows nothing.
        await intern.should_not_see("Urgent walk-in")
        await intern.should_not_see("Livia")
        # Someone is on it: the practising worker is not called away any more.
        get().cases.intakes.respond(intake.id, by="worker", name="Jo Worker")
        await user.should_not_see("Urgent walk-in at the lobby kiosk")
    finally:
        await intern.http_client.aclose()
    assert not [e for e in get().cases.audit.for_record(intake.id) if e.actor in ("super", "intern")]


@pytest.fixture
def short_window(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A tablet may send 2 intakes per 2 seconds (set before the app starts)."""
    monkeypatch.setenv("WRAPAROUND_KIOSK_SUBMISSIONS", "2")
    monkeypatch.setenv("WRAPAROUND_KIOSK_WINDOW_SECONDS", "2")
    yield


async def test_a_tablet_over_its_limit_is_shown_in_every_header_until_it_may_send_again(
        short_window: None, user: User) -> None:
    await login(user)
    await user.open("/search")
    devices = get().kiosk_devices
    device_id = enrolled_tablet()
    assert devices.allow_submission(device_id) and devices.allow_submission(device_id)
    await user.should_not_see("over its intake limit")
    assert not devices.allow_submission(device_id)  # the third walk-in is sent to the front window
    await user.should_see("Kiosk tablet \u201cLobby tablet\u201d is over its intake limit since")
    await user.should_see("(1 walk-in sent to the front window)")
    await user.should_see("urgent alerts still come through")
    # The window slides on: the notice goes by itself, with no write to announce it (within 10 s:
    # the window is 2 s, the page looks again a second after it is due).
    await user.should_not_see("over its intake limit", retries=200)


async def test_an_administrator_sees_the_busy_tablet_in_the_header_and_the_list(user: User) -> None:
    await login(user, "admin")
    stage("Luz", urgent=True)
    device_id = enrolled_tablet()
    devices = get().kiosk_devices
    while devices.allow_submission(device_id):
        pass
    devices.allow_submission(device_id, urgent=True)
    await user.open("/admin/kiosks")
    await user.should_see("Enrolled. Over its intake limit since")
    await user.should_see("(1 walk-in sent to the front window)")
    await user.should_see("(1 past the limit so far: check the lobby)")
    await user.should_see("Kiosk tablet \u201cLobby tablet\u201d is over its intake limit since")
    await user.should_not_see(ALARM)  # administrators never see the walk-ins themselves


async def test_a_page_left_open_by_a_deactivated_account_is_not_told_who(user: User) -> None:
    await login(user)
    await user.open("/search")
    get().accounts.set_active("worker", False)  # left the unit; the page is still on a screen
    stage("Luz", urgent=True)
    other = another_user()
    try:
        await login(other, "super")  # a colleague's page hears of it, so this one has too
        await other.should_see(ALARM)
    finally:
        await other.http_client.aclose()
    await user.should_not_see(ALARM)
    await user.should_not_see("Luz")


async def test_a_burst_of_urgent_walk_ins_names_three_and_counts_the_rest(user: User) -> None:
    await login(user)
    await user.open("/search")
    burst = [stage(f"Persona{n}", urgent=True) for n in range(5)]
    await user.should_see("And 2 more urgent walk-ins at the lobby kiosk.")
    for intake in burst[:3]:  # the oldest alerts first, each with its own "I'm responding"
        await user.should_see(marker=f"alert:respond:{intake.id}")
    for intake in burst[3:]:
        await user.should_not_see(marker=f"alert:respond:{intake.id}")
    user.find(marker=f"alert:respond:{burst[0].id}").click()  # taken: the next one is named
    await user.should_see(marker=f"alert:respond:{burst[3].id}")
    await user.should_see("And 1 more urgent walk-in at the lobby kiosk.")

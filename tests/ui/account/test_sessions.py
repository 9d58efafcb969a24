"""A session ends everywhere at once: pages already open stop working after logout in another tab,
deactivation, a role change or the idle lock; a socket that did not pass the page's handshake
cannot act for it; and log-in gives the browser a new session id."""

from __future__ import annotations

from pathlib import Path

import httpx
from nicegui import core
from nicegui.testing import User
from support.ui import PASSWORD, login, session_state

from pages.services import get
from store.files.accounts import AccountStore
from store.security.crypto import open_codec

CLIENT_SHOWN = "Garcia, born 1990-04-02"


def a_client() -> None:
    get().cases.add_person(first_name="Maria", last_name="Garcia", date_of_birth="1990-04-02")


def searches_by(username: str) -> list[str]:
    return [e.detail for e in get().cases.audit.for_user(username) if e.action == "search"]


def another_tab(user: User) -> User:
    """A second tab of the same browser: the same cookies, its own page."""
    tab = User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))
    tab.http_client.cookies = user.http_client.cookies
    return tab


def another_browser() -> User:
    return User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))


async def open_search(user: User, username: str = "worker") -> None:
    await user.open("/login")
    a_client()
    await login(user, username, then="/search")
    await user.should_see("Search clients and cases")


def search_for(user: User, text: str) -> None:
    user.find(marker="search:box").clear().type(text)
    user.find(marker="search:go").click()


async def test_a_search_that_works_shows_the_client(user: User) -> None:
    """The control for the tests below: while the session lasts, the same search finds her."""
    await open_search(user)
    search_for(user, "Garcia")
    await user.should_see(f"Maria {CLIENT_SHOWN}")
    assert searches_by("worker") == ["1 found"]


async def test_logging_out_in_another_tab_closes_the_open_page(user: User) -> None:
    await open_search(user)
    button = user.find(marker="search:go")  # held on to, as a page still on screen would be
    tab = another_tab(user)
    await tab.open("/logout")
    await tab.should_see("Log in to Wraparound")
    await user.should_see("You are logged out")
    await user.should_not_see(marker="search:box")
    await user.should_not_see("Log out")  # the header with the name and the menu is gone too
    button.click()
    await user.should_not_see(CLIENT_SHOWN)
    assert searches_by("worker") == []


async def test_a_deactivated_account_cannot_search_on_a_page_already_open(user: User, data_dir: Path) -> None:
    await open_search(user)
    search_for(user, "Nobody")  # the account as the app last read it: active
    await user.should_see("Nobody found.")
    # Deactivated from elsewhere, as the `users` command would: nothing is pushed to the page.
    elsewhere = AccountStore(data_dir / "accounts", open_codec(data_dir))
    elsewhere.set_active("worker", False)
    elsewhere.close()
    search_for(user, "Garcia")
    await user.should_see("You are logged out")
    await user.should_not_see(CLIENT_SHOWN)
    assert searches_by("worker") == ["0 found"]
    refusals = [e.detail for e in get().cases.audit.for_user("worker") if e.record_type == "page"]
    assert refusals == ["event refused: logged out"]


async def test_deactivating_an_account_closes_its_pages_at_once(user: User) -> None:
    await open_search(user)
    admin = another_browser()  # an administrator at another desk
    await login(admin, "admin", then="/admin/users")
    admin.find(marker="user:deactivate:worker").click()
    await user.should_see("You are logged out")
    await user.should_not_see(marker="search:box")


async def test_a_role_change_reaches_a_page_already_open(user: User) -> None:
    await open_search(user)
    get().accounts.set_role("worker", "intern")  # interns may not search live client records
    search_for(user, "Garcia")
    await user.should_see("Your access has changed")
    await user.should_not_see(CLIENT_SHOWN)
    assert searches_by("worker") == []
    response = await user.http_client.get("/search")
    assert response.status_code == 403  # opening it again shows what the new role allows


async def test_an_idle_session_refuses_events_and_the_page_goes_to_the_lock(user: User) -> None:
    await open_search(user)
    session_state(user)["last_active"] -= 16 * 60  # the last input was 16 minutes ago
    search_for(user, "Garcia")
    await user.should_see("Your session is locked")
    await user.should_not_see(CLIENT_SHOWN)
    assert searches_by("worker") == []


async def test_a_socket_that_did_not_pass_the_handshake_cannot_search(user: User) -> None:
    await open_search(user)
    assert user.client is not None
    box = next(iter(user.find(marker="search:box").elements))
    button = next(iter(user.find(marker="search:go").elements))
    handlers = core.sio.handlers["/"]
    # No cookie, so the handshake for the page is refused ...
    assert await handlers["handshake"]("forged-socket", {"client_id": user.client.id, "tab_id": "t",
                                                         "document_id": "d"}) is False
    # ... and its events, naming the page's client id, reach nothing.
    for element, kind, args in ((box, "update:value", ['"Garcia"']), (button, "click", [])):
        listener = next(i for i, e in element._event_listeners.items() if e.type == kind)
        handlers["event"]("forged-socket", {"client_id": user.client.id, "id": element.id,
                                            "listener_id": listener, "args": args})
    await user.should_see("Search clients and cases")
    assert box.value == ""  # type: ignore[attr-defined]
    await user.should_not_see(CLIENT_SHOWN)
    assert searches_by("worker") == []


async def test_log_in_replaces_a_session_id_planted_before_it(user: User) -> None:
    await user.open("/login")
    planted = user.http_client.cookies["session"]  # e.g. set in the victim's browser by someone else
    await login(user)
    assert user.http_client.cookies["session"] != planted
    async with httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test",
                                 cookies={"session": planted}) as attacker:
        response = await attacker.get("/search")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert (await user.http_client.get("/search")).status_code == 200


async def test_a_used_log_in_ticket_cannot_be_used_again(user: User) -> None:
    await user.open("/login")
    await login(user)
    tickets = [url for url in user.back_history if "ticket=" in url]
    assert len(tickets) == 1
    await user.open(tickets[0])
    await user.should_see("That log-in was not finished in time. Please log in again.")


async def test_a_second_locked_tab_goes_on_once_another_tab_has_unlocked(user: User) -> None:
    await open_search(user)
    session_state(user)["locked"] = True
    first = another_tab(user)
    await first.open("/lock?redirect_to=/search")
    await first.should_see("Your session is locked")
    await user.should_see("Your session is locked")  # the open search page closed at once
    await user.open("/lock?redirect_to=/")  # where that page's browser went
    first.find(marker="lock:password").type(PASSWORD)
    first.find(marker="lock:submit").click()
    await first.should_see("Search clients and cases")
    user.http_client.cookies = first.http_client.cookies  # one browser: the new session cookie
    user.find(marker="lock:password").type(PASSWORD)
    user.find(marker="lock:submit").click()
    await user.should_see("Start a workflow")  # the home page, without asking again


async def test_the_log_in_page_of_a_browser_already_logged_in_goes_on_to_the_page_asked_for(user: User) -> None:
    await login(user)
    await user.open("/login?redirect_to=/search")  # e.g. the log-in tab reloading after log-in
    await user.should_see("Search clients and cases")

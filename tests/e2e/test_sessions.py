"""A session ends everywhere at once, in real Chromium against the app in a subprocess: logging out
in one tab sends the other tab's search to the log-in page, and a socket that does not carry the
session cookie cannot act for a page even when it knows the page's client id. Browser log lines
and paths with control characters cannot forge or flood the server log."""

from __future__ import annotations

import asyncio
import os
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import socketio
from playwright.sync_api import BrowserContext, Page, expect
from support.app_server import RunningApp
from support.workflow_driver import create_client, log_in

from store.files.audit import AuditLog
from store.security.crypto import AesGcmCodec, load_data_key

SEARCH_BOX = "Name, date of birth, case or report number"
FIND_IDS = """(label) => {
  const entries = Object.entries(mounted_app.elements);
  const listener = (element, type) => element.events.find((e) => e.type === type).listener_id;
  const [boxId, box] = entries.find(([, e]) => e.props && e.props.label === label);
  const [buttonId, button] = entries.find(([, e]) => e.tag === 'q-btn' && e.props.label === 'Search');
  return {client: window.clientId, box: Number(boxId), boxListener: listener(box, 'update:value'),
          button: Number(buttonId), buttonListener: listener(button, 'click')};
}"""


def search(page: Page, text: str) -> None:
    page.get_by_label(SEARCH_BOX).fill(text)
    page.get_by_role("button", name="Search", exact=True).click()


def searches_by(app: RunningApp, username: str) -> int:
    """Search events in the live audit log, read with the data key the app uses."""
    key = load_data_key(app.data_dir, {**os.environ, "WRAPAROUND_CONFIG_DIR": str(app.data_dir.parent / "config")})
    log = AuditLog(app.data_dir / "live" / "audit", AesGcmCodec(key))
    try:
        return len([e for e in log.for_user(username) if e.action == "search"])
    finally:
        log.close()


def test_logging_out_in_another_tab_sends_the_open_search_to_log_in(context: BrowserContext,
                                                                  live_app: RunningApp) -> None:
    page = context.new_page()
    log_in(page, live_app.url)
    create_client(page, "Rosa", "Quintana", "309-555-0142", date_of_birth="1985-06-01")
    page.goto(f"{live_app.url}/search")
    search(page, "Quintana")
    expect(page.get_by_role("link", name="Rosa Quintana, born 1985-06-01")).to_be_visible()
    other = context.new_page()
    other.goto(f"{live_app.url}/logout")
    expect(other.get_by_role("heading", name="Log in to Wraparound")).to_be_visible()
    # The first tab, left alone, is taken to the log-in page; the client it showed is gone.
    expect(page.get_by_role("heading", name="Log in to Wraparound")).to_be_visible()
    expect(page.get_by_text("Quintana")).to_have_count(0)
    expect(page.get_by_label(SEARCH_BOX)).to_have_count(0)


async def _forge(url: str, ids: dict[str, object], *, handshake: bool) -> bool:
    """A socket with no cookie, given the page's client id: True if the server accepted it."""
    forger = socketio.AsyncClient()
    query = f"client_id={ids['client']}&tab_id=forged&document_id=forged&implicit_handshake={str(handshake).lower()}"
    try:
        await forger.connect(f"{url}?{query}", socketio_path="/_nicegui_ws/socket.io", transports=["websocket"])
    except socketio.exceptions.ConnectionError:
        return False
    for element, listener, args in ((ids["box"], ids["boxListener"], ['"Quintana"']),
                                    (ids["button"], ids["buttonListener"], [])):
        await forger.emit("event", {"client_id": ids["client"], "id": element, "listener_id": listener, "args": args})
    await asyncio.sleep(0.5)  # let the server take the frames off the socket before it closes
    await forger.disconnect()
    return True


def forge(url: str, ids: dict[str, object], *, handshake: bool) -> bool:
    # Playwright's sync API holds this thread's event loop: the forger runs on a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _forge(url, ids, handshake=handshake)).result(timeout=30)


def test_a_socket_without_the_session_cookie_cannot_search(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url, then="/search")
    expect(page.get_by_label(SEARCH_BOX)).to_be_visible()
    ids = page.evaluate(FIND_IDS, SEARCH_BOX)
    before = searches_by(live_app, "worker")
    assert forge(live_app.url, ids, handshake=True) is False  # the handshake is refused
    assert forge(live_app.url, ids, handshake=False) is True  # connected, but it speaks for no page
    # The person's own search still works, and is the only one that ran.
    search(page, "Nobody-by-this-name")
    expect(page.get_by_text("Nobody found.")).to_be_visible()
    expect(page.get_by_label(SEARCH_BOX)).to_have_value("Nobody-by-this-name")
    assert searches_by(live_app, "worker") == before + 1


def test_browser_log_lines_and_odd_paths_cannot_forge_server_log_lines(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url)
    page.evaluate("""() => {
      for (let i = 0; i < 40; i++) {
        window.socket.emit('log', {client_id: window.clientId, level: 'warning',
                                   message: 'oops\\nFORGED-BROWSER-LINE\\u001b[2J' + 'z'.repeat(200000)});
      }
    }""")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{live_app.url}/no-such-page%0AFORGED-PATH-LINE%1b[31m", timeout=10)
    log = Path(live_app.log)
    expect(page.get_by_role("link", name="Log out")).to_be_visible()
    for _ in range(100):
        text = log.read_text(errors="replace")
        if "FORGED-PATH-LINE" in text and "FORGED-BROWSER-LINE" in text:
            break
        page.wait_for_timeout(100)
    lines = log.read_text(errors="replace").splitlines()
    assert not [line for line in lines if line.startswith(("FORGED", "\x1b"))]
    assert not [line for line in lines if "\x1b[2J" in line or "\x1b[31m" in line]
    browser = [line for line in lines if "FORGED-BROWSER-LINE" in line]
    assert 1 <= len(browser) <= 10  # a few a minute per page, not 40
    assert all(len(line) < 800 for line in browser)
    assert [line for line in lines if re.search(r"no-such-page\\nFORGED-PATH-LINE", line)]

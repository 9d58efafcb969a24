"""A case file damaged on disk, as a social worker meets it in Chromium: a calm page that says the
file could not be read and that nothing was changed, without any server path; the queue and every
other case go on working; a supervisor sees the notice and the details."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support.app_server import STAFF, RunningApp, add_account, start_app
from support.workflow_driver import log_in

from store.files.casework import CaseStore
from store.security.crypto import open_codec


@pytest.fixture(scope="module")
def damaged_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, str, str]]:
    base = tmp_path_factory.mktemp("damaged")
    data, config = base / "data", base / "config"
    for username, role in STAFF.items():
        add_account(data, config, username, role)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WRAPAROUND_CONFIG_DIR", str(config))
        env.delenv("WRAPAROUND_DATA_KEY", raising=False)
        env.delenv("WRAPAROUND_KEY_FILE", raising=False)
        with CaseStore(data / "live", open_codec(data)) as store:
            dana = store.add_person(first_name="Dana", last_name="Fox")
            damaged = store.open_case(dana.id, "domestic_violence", created_by="worker", assigned_to="worker")
            rosa = store.add_person(first_name="Rosa", last_name="Lane")
            sound = store.open_case(rosa.id, "victim_of_crime", created_by="worker", assigned_to="worker")
    path = data / "live" / "cases" / f"{damaged.id}.json"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x5A
    path.write_bytes(bytes(raw))
    app = start_app(data, base / "app.log", {"WRAPAROUND_CONFIG_DIR": str(config)})
    yield app, damaged.id, sound.id
    app.process.terminate()
    try:
        app.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.process.kill()


def test_a_damaged_case_file_reads_calmly_and_the_rest_works(page: Page, damaged_app: tuple[RunningApp, str, str]
                                                              ) -> None:
    app, damaged, sound = damaged_app
    log_in(page, app.url)
    page.get_by_role("link", name=re.compile(damaged)).first.click()
    expect(page.get_by_role("heading", name="This page could not be opened")).to_be_visible()
    expect(page.get_by_text("This case's file could not be read. Your supervisor has been told; nothing was "
                            "changed.")).to_be_visible()
    body = page.locator("body").inner_text()
    assert str(app.data_dir) not in body and "cases/" not in body and "Traceback" not in body
    page.get_by_role("link", name="Back to the home page").click()
    page.get_by_role("link", name=re.compile(sound)).first.click()
    expect(page.get_by_role("heading", name=re.compile(f"Rosa Lane — case {sound}"))).to_be_visible()
    log = Path(app.log).read_text()
    assert f"DAMAGED FILE {app.data_dir / 'live' / 'cases' / damaged}.json" in log


def test_a_supervisor_is_told_which_file_and_what_to_do(page: Page, damaged_app: tuple[RunningApp, str, str]) -> None:
    app, damaged, _ = damaged_app
    log_in(page, app.url, "super")
    page.goto(f"{app.url}/cases/{damaged}")  # opening it reports it, if nobody has yet
    page.goto(f"{app.url}/")
    notice = page.get_by_role("alert").filter(has_text="damaged file(s) need attention")
    expect(notice).to_be_visible()
    notice.get_by_role("link", name="See the data problems").click()
    expect(page.get_by_role("heading", name=f"The case file {damaged}")).to_be_visible()
    expect(page.get_by_text(f"file live/cases/{damaged}.json")).to_be_visible()
    expect(page.get_by_text("What to do: Stop the app and restore the file from a backup")).to_be_visible()

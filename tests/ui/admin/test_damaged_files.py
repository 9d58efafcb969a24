"""One damaged file never stops the app: the app starts over a data folder with one file damaged
(as a failing disk or a hand edit leaves it), says which file and what to do in the server log and
to administrators and supervisors, keeps the damaged copy, and serves everything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from nicegui.testing import User
from support.damage import damage, live_store, stage_walk_in
from support.ui import login

from pages.services import get
from store.files.kiosk_devices import KioskDevices
from store.files.training import TrainingRecords
from store.security.crypto import open_codec


def damaged_reports(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The DAMAGED FILE lines the app wrote to the server log while it started."""
    return [r.getMessage() for r in caplog.get_records("setup") if r.getMessage().startswith("DAMAGED FILE")]


def set_aside(folder: Path) -> Path:
    [copy] = (folder / "damaged").iterdir()
    return copy


# -- walk-in intake ------------------------------------------------------------------------------


@pytest.fixture
def damaged_intake(data_dir: Path) -> tuple[str, str]:
    with live_store(data_dir) as store:
        lost = stage_walk_in(store, "Ximena")
        kept = stage_walk_in(store, "Luz")
    damage(data_dir / "live" / "intakes" / f"{lost.id}.json")
    return lost.id, kept.id


async def test_a_damaged_intake_is_set_aside_and_the_other_walk_ins_are_served(
        damaged_intake: tuple[str, str], user: User, data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    lost, kept = damaged_intake
    [line] = damaged_reports(caplog)
    assert f"intakes/{lost}.json" in line and "Check the lobby" in line
    await login(user, "super")
    await user.should_see(marker=f"queue:{kept}")
    await user.should_not_see(marker=f"queue:{lost}")
    await user.should_see("1 damaged file(s) need attention: the walk-in intake")
    await user.open("/admin/data")
    await user.should_see(f"The walk-in intake {lost}")
    await user.should_see(f"file live/intakes/{lost}.json")
    await user.should_see("Check the lobby in case someone is still waiting from that visit")
    copy = set_aside(data_dir / "live" / "intakes")
    assert copy.name.startswith(f"{lost}.") and copy.suffix == ".json"
    await user.should_see(f"The damaged copy is kept as live/intakes/damaged/{copy.name}")
    assert not (data_dir / "live" / "intakes" / f"{lost}.json").exists()
    # A new walk-in never gets the number of the one set aside.
    fresh = stage_walk_in(get().cases, "Ana")
    assert fresh.id not in (lost, kept)


# -- case and person files -------------------------------------------------------------------------


@pytest.fixture
def damaged_case(data_dir: Path) -> tuple[str, str, str]:
    with live_store(data_dir) as store:
        dana = store.add_person(first_name="Dana", last_name="Fox")
        damaged = store.open_case(dana.id, "domestic_violence", created_by="worker", assigned_to="worker")
        rosa = store.add_person(first_name="Rosa", last_name="Lane")
        sound = store.open_case(rosa.id, "victim_of_crime", created_by="worker", assigned_to="worker")
    damage(data_dir / "live" / "cases" / f"{damaged.id}.json")
    return damaged.id, sound.id, str(data_dir)


async def test_a_damaged_case_file_shows_a_calm_page_without_server_paths(
        damaged_case: tuple[str, str, str], user: User, caplog: pytest.LogCaptureFixture) -> None:
    damaged, sound, data_dir = damaged_case
    await login(user, "worker")
    await user.should_see(marker=f"queue:{damaged}")  # the queue still lists it, from the index
    page = await user.http_client.get(f"/cases/{damaged}")
    assert page.status_code == 500
    assert "This case's file could not be read. Your supervisor has been told; nothing was changed." in page.text
    assert data_dir not in page.text and "cannot be decoded" not in page.text and "Traceback" not in page.text
    logged = [r.getMessage() for r in caplog.get_records("call")]
    assert any(m.startswith("DAMAGED FILE") and f"cases/{damaged}.json" in m for m in logged)
    caplog.clear()  # the server log was meant to get those errors
    await user.open(f"/cases/{sound}")  # every other case opens
    await user.should_see(f"Rosa Lane — case {sound}")
    await user.open("/logout")
    await login(user, "super")
    await user.should_see("1 damaged file(s) need attention: the case file")
    await user.open("/admin/data")
    await user.should_see(f"The case file {damaged}")
    await user.should_see(f"file live/cases/{damaged}.json")
    await user.should_see("Stop the app and restore the file from a backup")


@pytest.fixture
def damaged_person(data_dir: Path) -> tuple[str, str]:
    with live_store(data_dir) as store:
        dana = store.add_person(first_name="Dana", last_name="Fox")
        case = store.open_case(dana.id, "domestic_violence", created_by="worker", assigned_to="worker")
    damage(data_dir / "live" / "people" / f"{dana.id}.json")
    return dana.id, case.id


async def test_a_damaged_person_file_shows_a_calm_page_on_the_person_and_the_case(
        damaged_person: tuple[str, str], user: User, data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    person_id, case_id = damaged_person
    await login(user, "worker")
    for path in (f"/people/{person_id}", f"/cases/{case_id}"):
        page = await user.http_client.get(path)
        assert page.status_code == 500
        assert "This client's file could not be read. Your supervisor has been told; nothing was changed." in page.text
        assert str(data_dir) not in page.text and "people/" not in page.text
    caplog.clear()
    await user.open("/")
    await user.should_see(marker=f"queue:{case_id}")
    await user.open("/search?q=Fox")  # search answers from the index: the rest keeps serving
    await user.should_see("Dana Fox")


# -- staff accounts --------------------------------------------------------------------------------


@pytest.fixture
def damaged_accounts(data_dir: Path) -> Path:
    damage(data_dir / "accounts" / "accounts.json")
    return data_dir / "accounts"


async def test_a_damaged_accounts_file_refuses_every_log_in_until_an_administrator_starts_a_new_one(
        damaged_accounts: Path, user: User, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert "accounts/accounts.json" in line and "python -m store users add NAME --role admin" in line
    assert not (damaged_accounts / "accounts.json").exists()  # set aside, never replaced by an empty one
    assert set_aside(damaged_accounts).name.startswith("accounts.")
    closed = "Log-in is not possible right now: the staff accounts could not be read."
    await user.open("/login")
    await user.should_see(closed)
    user.find(marker="login:username").type("admin")
    user.find(marker="login:password").type("correct horse battery staple")
    user.find(marker="login:submit").click()
    await user.should_see(closed)
    await user.should_not_see("Log out")
    # The way back in, on the server, while the app runs: a new accounts file with one administrator.
    get().accounts.add("ada", "Ada Admin", "admin", "a new password for ada", recover=True)
    await login(user, "ada", "a new password for ada")
    await user.should_see("1 damaged file(s) need attention: the staff accounts file")


# -- audit log -------------------------------------------------------------------------------------


@pytest.fixture
def damaged_audit_tail(data_dir: Path) -> Path:
    with live_store(data_dir) as store:
        for n in range(5):
            store.audit.record("worker", "social_worker", "read", "case", f"C-2026-0000{n}")
    [month] = (data_dir / "live" / "audit").glob("*.jsonl")
    lines = month.read_bytes().splitlines(keepends=True)
    damage(month, at=len(b"".join(lines[:-1])) + 20)  # inside the last line
    return month


async def test_a_damaged_audit_tail_is_set_aside_and_the_log_goes_on(
        damaged_audit_tail: Path, user: User, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert damaged_audit_tail.name in line and "python -m store verify" in line
    log = get().cases.audit
    assert log.head()[0] == 5  # four events kept, and the cut recorded as the fifth
    [cut] = log.for_record(damaged_audit_tail.name)
    assert (cut.actor, cut.detail[:46]) == ("wraparound", "damaged tail set aside: 1 unreadable line(s), ")
    await login(user, "super")
    assert log.verify()
    await user.should_see("1 damaged file(s) need attention: the end of an audit log file")
    copy = set_aside(damaged_audit_tail.parent)
    assert copy.read_bytes().count(b"\n") == 5  # the file as it was found, damaged line and all


@pytest.fixture
def broken_chain(data_dir: Path) -> Path:
    with live_store(data_dir) as store:
        for n in range(5):
            store.audit.record("worker", "social_worker", "read", "case", f"C-2026-0000{n}")
    [month] = (data_dir / "live" / "audit").glob("*.jsonl")
    lines = month.read_bytes().splitlines(keepends=True)
    month.write_bytes(b"".join([*lines[:1], *lines[2:]]))  # the second event removed
    return month


async def test_a_broken_audit_chain_is_reported_loudly_at_start(
        broken_chain: Path, user: User, caplog: pytest.LogCaptureFixture) -> None:
    await login(user, "admin")
    await user.should_see("1 damaged file(s) need attention: the audit log's hash chain")
    # The check runs in the background from start-up: it may finish while the app is still being
    # set up for the test, or after the log-in.
    records = caplog.get_records("setup") + caplog.records
    logged = [r for r in records if r.levelname == "ERROR"]
    assert any("audit chains checked" in r.getMessage() and "1 of 1 broken" in r.getMessage() for r in logged)
    assert any(f"{broken_chain.name}" in r.getMessage() and "line 2" in r.getMessage() for r in logged)
    caplog.clear()
    await user.open("/admin/data")
    await user.should_see("line 2: expected event 2, found 3: lines were removed, added or reordered")
    await user.should_see("Audit logs checked at")


async def test_a_whole_chain_is_noted_as_checked(user: User) -> None:
    await login(user, "admin")
    await user.open("/admin/data")
    await user.should_see("No damaged files have been found.")
    await user.should_see("every chain whole")


# -- referral directory, kiosk tablets, training records -----------------------------------------


@pytest.fixture
def damaged_resources(data_dir: Path) -> str:
    with live_store(data_dir) as store:
        dana = store.add_person(first_name="Dana", last_name="Fox")
        case = store.open_case(dana.id, "domestic_violence", created_by="worker", assigned_to="worker")
    damage(data_dir / "live" / "resources.json")
    return case.id


async def test_a_damaged_referral_directory_is_restored_from_the_shipped_list(
        damaged_resources: str, user: User, data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert "resources.json" in line
    assert set_aside(data_dir / "live").name.startswith("resources.")
    await login(user, "worker")
    await user.open(f"/cases/{damaged_resources}")
    await user.should_see("Refer to")
    assert get().cases.resources()  # the directory is back, whole


@pytest.fixture
def damaged_kiosk_devices(data_dir: Path) -> Path:
    devices = KioskDevices(data_dir / "kiosk", open_codec(data_dir))
    devices.start_enrolment("Lobby tablet", by="admin")
    damage(data_dir / "kiosk" / "devices.json")
    return data_dir / "kiosk"


async def test_damaged_kiosk_tablets_are_set_aside_and_the_tablets_enrolled_again(
        damaged_kiosk_devices: Path, user: User, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert "kiosk/devices.json" in line and "enrols each lobby tablet again" in line
    assert set_aside(damaged_kiosk_devices).name.startswith("devices.")
    await login(user, "admin")
    await user.should_see("1 damaged file(s) need attention: the list of enrolled kiosk tablets")
    await user.open("/admin/kiosks")
    await user.should_see("No tablet is enrolled yet.")


@pytest.fixture
def damaged_training_records(data_dir: Path) -> Path:
    records = TrainingRecords(data_dir / "training_records", open_codec(data_dir))
    records.start("intern", "sp-basic", "safety_plan", "doc000000001")
    records.close()
    damage(data_dir / "training_records" / "attempts.json")
    return data_dir / "training_records"


async def test_damaged_training_records_are_set_aside_and_practice_goes_on(
        damaged_training_records: Path, user: User, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert "training_records/attempts.json" in line
    assert set_aside(damaged_training_records).name.startswith("attempts.")
    await login(user, "intern", then="/training")
    await user.should_see("Training")
    await user.should_see("No submitted attempts yet.")
    await user.open("/logout")
    await login(user, "super")
    await user.should_see("1 damaged file(s) need attention: the training records")


# -- definition snapshot and key check -----------------------------------------------------------


@pytest.fixture
def damaged_snapshot(data_dir: Path) -> tuple[str, Path]:
    from workflows.loader import load_directory

    catalogue = load_directory()
    with live_store(data_dir) as store:
        record = store.documents.create_draft("safety_plan", catalogue.get("safety_plan").version,
                                              catalogue.sources["safety_plan"], "worker")
        store.documents.submit(record.id, {}, {})
    snapshot = data_dir / "live" / "definitions" / f"{record.definition_key}.yaml"
    damage(snapshot)
    return record.id, snapshot


async def test_a_damaged_definition_snapshot_is_rewritten_from_the_current_definition(
        damaged_snapshot: tuple[str, Path], user: User, caplog: pytest.LogCaptureFixture) -> None:
    doc_id, snapshot = damaged_snapshot
    [line] = damaged_reports(caplog)
    assert snapshot.name in line and "written again from the current workflow definition" in line
    assert set_aside(snapshot.parent).name.startswith(snapshot.stem)
    await login(user, "worker")
    await user.open(f"/document/{doc_id}")
    await user.should_see("Download")


@pytest.fixture
def damaged_old_snapshot(data_dir: Path) -> str:
    from workflows.loader import load_directory

    old = load_directory().sources["safety_plan"].replace("Personal safety plan", "Safety plan (old wording)", 1)
    with live_store(data_dir) as store:
        record = store.documents.create_draft("safety_plan", 1, old, "worker")
        store.documents.submit(record.id, {}, {})
    damage(data_dir / "live" / "definitions" / f"{record.definition_key}.yaml")
    return record.id


async def test_a_damaged_snapshot_without_a_copy_anywhere_is_reported(
        damaged_old_snapshot: str, user: User, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert "No copy of that text was found" in line and "Restore definitions/" in line
    await login(user, "worker")
    page = await user.http_client.get(f"/document/{damaged_old_snapshot}")
    assert "The form version this document was made with could not be read." in page.text
    caplog.clear()
    await user.open("/")  # everything else works
    await user.should_see("Start a workflow")


@pytest.fixture
def damaged_keycheck(data_dir: Path) -> Path:
    with live_store(data_dir) as store:
        store.add_person(first_name="Dana", last_name="Fox")
    damage(data_dir / "live" / "keycheck")
    return data_dir / "live" / "keycheck"


async def test_a_damaged_key_check_is_not_taken_for_a_different_key(
        damaged_keycheck: Path, user: User, caplog: pytest.LogCaptureFixture) -> None:
    [line] = damaged_reports(caplog)
    assert "the data key check" in line and "The key is the right one" in line
    assert "different key" not in line
    assert set_aside(damaged_keycheck.parent).name.startswith("keycheck.")
    await login(user, "worker")
    await user.open("/search?q=Fox")
    await user.should_see("Dana Fox")

"""Kiosk devices: an administrator enrols a lobby tablet with a one-time code, the tablet gets a
token, the token can be revoked, wrong codes are throttled, and each tablet's submissions are
rate-limited — except an urgent alert, which is never limited — and a tablet that turned someone
away is over its limit until its window has room again."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.files.change_feed import Change
from store.files.kiosk_devices import (
    CODE_ALPHABET,
    KioskDevices,
    KioskDeviceSettings,
    kiosk_device_settings_from_environment,
)
from store.models.errors import RecordNotFound
from store.security.crypto import AesGcmCodec


class Time:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
        self.ticks = 1000.0

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.ticks

    def wait(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.ticks += seconds


@pytest.fixture
def clock() -> Time:
    return Time()


def open_devices(folder: Path, clock: Time, codec: AesGcmCodec | None = None,
                 settings: KioskDeviceSettings | None = None) -> KioskDevices:
    return KioskDevices(folder, codec, settings, now=clock.now, monotonic=clock.monotonic)


@pytest.fixture
def devices(tmp_path: Path, clock: Time) -> KioskDevices:
    return open_devices(tmp_path / "kiosk", clock)


def test_a_tablet_enrols_with_its_code_once(devices: KioskDevices) -> None:
    device, code = devices.start_enrolment("Lobby tablet", by="ada")
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
    assert device.enrolled_at is None and device.status == "waiting for the tablet"
    token = devices.complete_enrolment(code.lower()[:4] + "-" + code.lower()[4:])  # as typed
    assert token and len(token) >= 40
    enrolled = devices.verify(token)
    assert enrolled is not None and enrolled.name == "Lobby tablet" and enrolled.enrolled_by == "ada"
    assert enrolled.status == "enrolled"
    assert devices.complete_enrolment(code) is None  # used once
    assert devices.verify("not-a-token") is None and devices.verify(None) is None


def test_a_code_expires(devices: KioskDevices, clock: Time) -> None:
    _, code = devices.start_enrolment("Lobby tablet", by="ada")
    clock.wait(devices.settings.code_minutes * 60)
    assert devices.complete_enrolment(code) is None


def test_a_revoked_tablet_is_turned_away(devices: KioskDevices) -> None:
    device, code = devices.start_enrolment("Lobby tablet", by="ada")
    token = devices.complete_enrolment(code)
    devices.revoke(device.id, by="ada")
    assert devices.verify(token) is None
    assert devices.devices()[0].status == "revoked" and devices.devices()[0].revoked_by == "ada"
    pending, unused = devices.start_enrolment("Spare tablet", by="ada")
    devices.revoke(pending.id, by="ada")
    assert devices.complete_enrolment(unused) is None
    with pytest.raises(RecordNotFound):
        devices.revoke("nosuchdevice", by="ada")


def test_too_many_wrong_codes_close_enrolment_for_a_while(devices: KioskDevices, clock: Time) -> None:
    _, code = devices.start_enrolment("Lobby tablet", by="ada")
    for _ in range(devices.settings.max_wrong_codes):
        assert devices.complete_enrolment("WRONG123") is None
    assert devices.enrolment_closed_until() is not None
    assert devices.complete_enrolment(code) is None  # even the right code, while closed
    clock.wait(devices.settings.wrong_code_lock_minutes * 60)
    assert devices.enrolment_closed_until() is None
    assert devices.complete_enrolment(code)


def test_each_tablet_may_submit_only_so_often(tmp_path: Path, clock: Time) -> None:
    devices = open_devices(tmp_path, clock, settings=KioskDeviceSettings(submissions=3, window_seconds=60))
    assert [devices.allow_submission("a") for _ in range(4)] == [True, True, True, False]
    assert devices.allow_submission("b")  # another tablet has its own limit
    clock.wait(30)
    assert not devices.allow_submission("a")
    clock.wait(31)  # the first three have left the window
    assert [devices.allow_submission("a") for _ in range(4)] == [True, True, True, False]


def test_the_limit_comes_from_the_environment() -> None:
    settings = kiosk_device_settings_from_environment(
        {"WRAPAROUND_KIOSK_SUBMISSIONS": "2", "WRAPAROUND_KIOSK_WINDOW_SECONDS": "30"})
    assert (settings.submissions, settings.window_seconds) == (2, 30)
    assert kiosk_device_settings_from_environment({}).submissions == 6
    with pytest.raises(ValueError):
        kiosk_device_settings_from_environment({"WRAPAROUND_KIOSK_SUBMISSIONS": "0"})


def test_devices_persist_encrypted_with_only_token_hashes(tmp_path: Path, clock: Time) -> None:
    codec = AesGcmCodec(bytes(range(32)))
    devices = open_devices(tmp_path, clock, codec)
    _, code = devices.start_enrolment("Zanzibar lobby tablet", by="ada")
    token = devices.complete_enrolment(code)
    assert token
    raw = (tmp_path / "devices.json").read_bytes()
    assert b"Zanzibar" not in raw and token.encode() not in raw
    plain = codec.decode(raw)
    assert token.encode() not in plain  # only its hash is kept
    reopened = open_devices(tmp_path, clock, codec)
    device = reopened.verify(token)
    assert device is not None and device.name == "Zanzibar lobby tablet"


def test_an_urgent_alert_is_never_limited_but_counts(tmp_path: Path, clock: Time) -> None:
    devices = open_devices(tmp_path, clock, settings=KioskDeviceSettings(submissions=2, window_seconds=60))
    assert [devices.allow_submission("a") for _ in range(3)] == [True, True, False]
    clock.wait(30)
    assert devices.allow_submission("a", urgent=True)  # someone not safe, on a busy tablet
    assert devices.allow_submission("a", urgent=True)
    clock.wait(31)  # the ordinary two have left the window, the two urgent ones have not
    assert not devices.allow_submission("a")


def test_a_tablet_is_over_its_limit_from_the_first_walk_in_turned_away(tmp_path: Path, clock: Time) -> None:
    heard: list[Change] = []
    devices = open_devices(tmp_path, clock, settings=KioskDeviceSettings(submissions=2, window_seconds=600))
    devices.changes.subscribe(heard.append)
    device, code = devices.start_enrolment("Lobby tablet", by="ada")
    assert devices.complete_enrolment(code)
    devices.allow_submission(device.id)
    clock.wait(60)
    devices.allow_submission(device.id)
    assert devices.over_limit() == [] and heard == []  # at its limit, nobody turned away yet
    clock.wait(60)  # 15:02
    assert not devices.allow_submission(device.id)
    clock.wait(30)
    assert devices.allow_submission(device.id, urgent=True)
    (over,) = devices.over_limit()
    assert over.device.name == "Lobby tablet" and over.since == "2026-11-20T15:02:00+00:00"
    assert (over.turned_away, over.urgent_past_limit) == (1, 1)
    # It may send again once only one counted intake is left in the window: the second, sent at
    # 15:01, leaves at 15:11.
    assert over.clears_at == "2026-11-20T15:11:00+00:00"
    assert heard == [Change("kiosk_device", device.id)] * 2
    clock.wait(8 * 60 + 30)  # 15:11
    assert devices.over_limit() == []
    assert devices.allow_submission(device.id)


def test_revoking_a_tablet_ends_its_over_limit_notice(tmp_path: Path, clock: Time) -> None:
    heard: list[Change] = []
    devices = open_devices(tmp_path, clock, settings=KioskDeviceSettings(submissions=1, window_seconds=600))
    device, code = devices.start_enrolment("Lobby tablet", by="ada")
    assert devices.complete_enrolment(code)
    devices.allow_submission(device.id)
    devices.allow_submission(device.id)
    devices.changes.subscribe(heard.append)
    devices.revoke(device.id, by="ada")
    assert devices.over_limit() == [] and heard == [Change("kiosk_device", device.id)]

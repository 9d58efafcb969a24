"""Kiosk devices: an administrator enrols a lobby tablet with a one-time code, the tablet gets a
token, the token can be revoked, wrong codes are throttled, and each tablet's submissions are
rate-limited."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.crypto import AesGcmCodec
from store.errors import RecordNotFound
from store.kiosk_devices import (
    CODE_ALPHABET,
    KioskDevices,
    KioskDeviceSettings,
    kiosk_device_settings_from_environment,
)


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

"""Enrolled kiosk devices: which lobby tablets may submit intakes, and how often.

An administrator starts an enrolment with the tablet's name and gets a short one-time code. Typed
on the tablet (at /kiosk/enrol), the code is exchanged for a long random token that the tablet
keeps as a cookie; only the token's SHA-256 hash is stored, so the file never holds a secret that
opens the kiosk. A code is short so it can be typed, so it expires quickly, works once, and too
many wrong codes in a row close enrolment for a while. An administrator can revoke a device at
any time; its token stops working at once.

A device may stage only so many intakes in a sliding window (`KioskDeviceSettings`), so a stolen
or misused tablet cannot flood the staff queue. The limit never stops an urgent alert (someone
who says they are not safe right now): that is let through and counted, so a run of them keeps
ordinary intakes limited. A device that turned someone away, or let an urgent alert through past
its limit, is *over its limit* (`over_limit`) until its window has room again; staff are shown
that, and each change publishes a `Change` on `changes`. The window, the over-limit state and the
wrong-code counter live in memory: a restart clears them, which only ever makes the kiosk usable
again sooner.

The devices are one small file, `devices.json` in the kiosk folder (e.g. data_dir/kiosk),
written atomically and encrypted with the data key. Methods are blocking and thread-safe.
"""

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from store.files.change_feed import Change, LocalChangeFeed
from store.files.damage import DamageReport, DamageReports, describe, set_aside
from store.files.storage import AtomicJSONStorage, Codec
from store.models.changes import ChangeFeed
from store.models.errors import CorruptFile, RecordNotFound
from store.models.ids import new_id
from store.models.kiosk_devices import KioskDevice, OverLimit

DEVICES_TABLE = "devices"
# No 0/O, 1/I/L: the code is read off a screen and typed on a tablet.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


@dataclass(frozen=True)
class KioskDeviceSettings:
    """Limits for the kiosk devices. Anti-automation per OWASP ASVS 4.0 2.2.1 (throttle guessing
    of codes) and 11.1.4 (limits on how often a business function can be used)."""

    submissions: int = 6  # intakes one device may stage …
    window_seconds: float = 600  # … per this many seconds (sliding)
    code_minutes: float = 15  # an enrolment code is valid this long
    max_wrong_codes: int = 5  # this many wrong codes in a row …
    wrong_code_lock_minutes: float = 10  # … close enrolment for this long

    def __post_init__(self) -> None:
        if self.submissions < 1 or self.window_seconds <= 0:
            raise ValueError("the kiosk submission limit needs at least 1 submission in a positive window")
        if not 0 < self.code_minutes <= 24 * 60:
            raise ValueError("an enrolment code must expire within a day")
        if not 0 < self.max_wrong_codes <= 10 or self.wrong_code_lock_minutes < 1:
            raise ValueError("at most 10 wrong codes may be allowed, then enrolment closes for at least a minute")


def kiosk_device_settings_from_environment(environ: Mapping[str, str] | None = None) -> KioskDeviceSettings:
    """WRAPAROUND_KIOSK_SUBMISSIONS and WRAPAROUND_KIOSK_WINDOW_SECONDS override the rate limit."""
    environ = os.environ if environ is None else environ
    submissions = environ.get("WRAPAROUND_KIOSK_SUBMISSIONS", "").strip()
    window = environ.get("WRAPAROUND_KIOSK_WINDOW_SECONDS", "").strip()
    try:
        return KioskDeviceSettings(
            submissions=int(submissions) if submissions else KioskDeviceSettings.submissions,
            window_seconds=float(window) if window else KioskDeviceSettings.window_seconds)
    except ValueError as exc:
        raise ValueError(f"kiosk rate limit from the environment: {exc}") from None






@dataclass
class _Over:
    since: datetime
    turned_away: int = 0
    urgent_past_limit: int = 0


class _Stored(KioskDevice):
    token_hash: str | None = None
    code_hash: str | None = None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    """As typed: any case, with spaces or dashes between the groups."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class KioskDevices:
    def __init__(self, folder: Path, codec: Codec | None = None, settings: KioskDeviceSettings | None = None,
                 *, now: Callable[[], datetime] | None = None, monotonic: Callable[[], float] | None = None,
                 reports: DamageReports | None = None, changes: ChangeFeed | None = None) -> None:
        self.settings = settings or KioskDeviceSettings()
        self.changes: ChangeFeed = changes if changes is not None else LocalChangeFeed()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._storage = AtomicJSONStorage(folder / "devices.json", codec)
        self._now = now or (lambda: datetime.now(UTC))
        self._monotonic = monotonic or time.monotonic
        self._lock = threading.Lock()
        try:
            data = self._storage.read() or {}
            self._devices = {key: _Stored.model_validate(row) for key, row in data.get(DEVICES_TABLE, {}).items()}
        except (CorruptFile, ValueError, TypeError, AttributeError) as exc:  # anything but the shape it wrote
            # Failing closed: with no list, no tablet can send an intake until it is enrolled again.
            moved = set_aside(self._storage.path)
            (reports if reports is not None else DamageReports()).report(DamageReport(
                file=self._storage.path, what="the list of enrolled kiosk tablets", problem=describe(exc),
                set_aside_to=moved,
                done="It was set aside; no lobby tablet is enrolled now, so none can send a walk-in intake.",
                todo="An administrator enrols each lobby tablet again under Kiosk tablets."))
            self._devices = {}
        self._wrong_codes = 0
        self._closed_until: datetime | None = None
        self._recent: dict[str, deque[float]] = {}
        self._over: dict[str, _Over] = {}

    # -- enrolment -------------------------------------------------------------------------

    def start_enrolment(self, name: str, *, by: str) -> tuple[KioskDevice, str]:
        """A new device waiting for its tablet, and the one-time code to type there."""
        name = " ".join(name.split())
        if not name or len(name) > 80:
            raise ValueError("give the tablet a name of 1 to 80 characters (e.g. 'Lobby tablet')")
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        now = self._now()
        with self._lock:
            device = _Stored(id=new_id(), name=name, enrolled_at=None, enrolled_by=by, started_at=_iso(now),
                             code_expires_at=_iso(now + timedelta(minutes=self.settings.code_minutes)),
                             code_hash=_hash(code))
            self._save({**self._devices, device.id: device})
        return _public(device), code

    def complete_enrolment(self, code: str) -> str | None:
        """The device's secret token for a right, unexpired, unused code; None otherwise (and
        always None while enrolment is closed after too many wrong codes)."""
        now = self._now()
        with self._lock:
            if self._closed_until is not None and now < self._closed_until:
                return None
            wanted = _hash(normalise_code(code or ""))
            device = next((d for d in self._devices.values() if d.code_hash is not None
                           and hmac.compare_digest(d.code_hash, wanted)), None)
            if device is None or device.revoked_at or _expired(device, now):
                self._wrong_codes += 1
                if self._wrong_codes >= self.settings.max_wrong_codes:
                    self._closed_until = now + timedelta(minutes=self.settings.wrong_code_lock_minutes)
                    self._wrong_codes = 0
                return None
            self._wrong_codes = 0
            token = secrets.token_urlsafe(32)
            enrolled = device.model_copy(update={"enrolled_at": _iso(now), "token_hash": _hash(token),
                                                 "code_hash": None, "code_expires_at": None})
            self._save({**self._devices, device.id: enrolled})
            return token

    def enrolment_closed_until(self) -> str | None:
        """When enrolment opens again after too many wrong codes (UTC ISO), or None if it is open."""
        with self._lock:
            if self._closed_until is None or self._now() >= self._closed_until:
                return None
            return _iso(self._closed_until)

    # -- use -------------------------------------------------------------------------------

    def verify(self, token: str | None) -> KioskDevice | None:
        """The enrolled, unrevoked device this token belongs to, or None."""
        if not token:
            return None
        wanted = _hash(token)
        for device in list(self._devices.values()):
            if device.token_hash is not None and hmac.compare_digest(device.token_hash, wanted):
                return None if device.revoked_at else _public(device)
        return None

    def revoke(self, device_id: str, *, by: str) -> None:
        """The device's token (and any unused code) stops working at once."""
        with self._lock:
            device = self._devices.get(device_id)
            if device is None:
                raise RecordNotFound("kiosk device", device_id)
            if device.revoked_at:
                return
            revoked = device.model_copy(update={"revoked_at": _iso(self._now()), "revoked_by": by,
                                                "token_hash": None, "code_hash": None, "code_expires_at": None})
            self._save({**self._devices, device_id: revoked})
            self._recent.pop(device_id, None)
            was_over = self._over.pop(device_id, None) is not None
        if was_over:
            self.changes.publish(Change("kiosk_device", device_id))

    def devices(self) -> list[KioskDevice]:
        """Every device ever enrolled (revoked ones too), oldest first."""
        return [_public(d) for d in sorted(self._devices.values(), key=lambda d: (d.started_at or "", d.id))]

    def get(self, device_id: str) -> KioskDevice:
        device = self._devices.get(device_id)
        if device is None:
            raise RecordNotFound("kiosk device", device_id)
        return _public(device)

    def allow_submission(self, device_id: str, *, urgent: bool = False) -> bool:
        """Count one intake for this device if it is still under its limit in the sliding window.
        An urgent one is always allowed (and counted): the limit must never silence someone who
        is not safe right now. Past the limit either way, the device is over its limit."""
        now = self._monotonic()
        with self._lock:
            recent = self._window(device_id, now)
            was_over = device_id in self._over
            allowed = urgent or len(recent) < self.settings.submissions
            if len(recent) >= self.settings.submissions:
                over = self._over.setdefault(device_id, _Over(since=self._now()))
                if urgent:
                    over.urgent_past_limit += 1
                else:
                    over.turned_away += 1
            elif was_over:
                del self._over[device_id]  # the window has room again
            if allowed:
                recent.append(now)
            changed = was_over or device_id in self._over
        if changed:
            self.changes.publish(Change("kiosk_device", device_id))
        return allowed

    def over_limit(self) -> list[OverLimit]:
        """The devices over their limit right now, longest first. One whose window has room again
        is no longer over (that needs no write, so it is noticed here, when someone looks)."""
        now, wall = self._monotonic(), self._now()
        out: list[OverLimit] = []
        with self._lock:
            for device_id in list(self._over):
                recent = self._window(device_id, now)
                device = self._devices.get(device_id)
                if device is None or len(recent) < self.settings.submissions:
                    del self._over[device_id]
                    continue
                over = self._over[device_id]
                # Room again once all but (limit - 1) of the counted intakes have left the window.
                frees = recent[len(recent) - self.settings.submissions] + self.settings.window_seconds
                out.append(OverLimit(_public(device), _iso(over.since), over.turned_away, over.urgent_past_limit,
                                     (wall + timedelta(seconds=max(0.0, frees - now))).isoformat()))
        return sorted(out, key=lambda o: (o.since, o.device.id))

    # -- internals -------------------------------------------------------------------------

    def _window(self, device_id: str, now: float) -> deque[float]:
        # Under self._lock: this device's counted intakes still inside the sliding window.
        recent = self._recent.setdefault(device_id, deque())
        while recent and recent[0] <= now - self.settings.window_seconds:
            recent.popleft()
        return recent

    def _save(self, devices: dict[str, _Stored]) -> None:
        # Written first: the memory changes only once the file has.
        self._storage.write({DEVICES_TABLE: {key: d.model_dump() for key, d in devices.items()}})
        self._devices = devices


def _expired(device: _Stored, now: datetime) -> bool:
    return device.code_expires_at is None or datetime.fromisoformat(device.code_expires_at) <= now


def _public(device: _Stored) -> KioskDevice:
    return KioskDevice.model_validate(device.model_dump(include=set(KioskDevice.model_fields)))

"""What reaches the staff from the kiosk, and only through these three calls: the urgent alert
the moment "Are you safe right now?" is answered "no" or "not sure", the intake on Send, and "Ask
a staff member instead". Each one checks the device again (a tablet revoked a minute ago sends
nothing) and, before staging a new intake, its submission limit (store.files.kiosk_devices) — which an
urgent visit always passes: the limit is for ordinary intakes, never for someone who is not safe.
An intake already staged for this person is updated instead, never staged twice.

`Outcome.sent` means the intake is on disk: only then may the kiosk say that staff were told.
Anything else (over the limit, not set up, or the store failing) leaves the person with 911 and
the front window.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from pages.kiosk.visit import KioskVisit
from pages.services import Services, off_loop
from store import KioskIntake, RecordNotFound

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    sent = "sent"              # staged or updated, and stored: the staff queue has it
    limited = "limited"        # the device is over its submission limit: ask at the front window
    not_set_up = "not_set_up"  # not (or no longer) an enrolled device: nothing can be sent
    failed = "failed"          # the store could not keep it: nothing reached the staff


class IntakeSender:
    def __init__(self, services: Services, token: str | None) -> None:
        self.services = services
        self.token = token  # the device's cookie, held only in this page's memory

    def device_id(self) -> str | None:
        device = self.services.kiosk_devices.verify(self.token)
        return device.id if device is not None else None

    async def raise_alert(self, visit: KioskVisit) -> Outcome:
        """The visit just turned urgent: put it on the queue now, before the person goes on."""
        return await self._deliver(visit, submitted=False, asked_for_staff=False)

    async def send(self, visit: KioskVisit) -> Outcome:
        return await self._deliver(visit, submitted=True, asked_for_staff=False)

    async def ask_for_staff(self, visit: KioskVisit) -> Outcome:
        """The person would rather talk to someone: what they answered so far, marked as such."""
        return await self._deliver(visit, submitted=False, asked_for_staff=True)

    async def _deliver(self, visit: KioskVisit, *, submitted: bool, asked_for_staff: bool) -> Outcome:
        device_id = self.device_id()
        if device_id is None:
            return Outcome.not_set_up
        try:
            if visit.intake_id is not None:
                return await self._update(visit, device_id, submitted=submitted, asked_for_staff=asked_for_staff)
            return await self._stage(visit, device_id, submitted=submitted, asked_for_staff=asked_for_staff)
        except Exception as exc:
            # Whatever went wrong, the person must not be told that staff know. The type only in
            # the log: a message could quote an answer, and client data never goes in a log.
            log.error("a kiosk intake could not be stored: %s", type(exc).__name__)
            return Outcome.failed

    async def _stage(self, visit: KioskVisit, device_id: str, *, submitted: bool,
                     asked_for_staff: bool) -> Outcome:
        devices = self.services.kiosk_devices
        urgent = visit.urgent
        if not await off_loop(devices.allow_submission, device_id, urgent=urgent):
            await off_loop(self.services.record_event, f"kiosk:{device_id}", "kiosk", "write", "intake", "-",
                           detail="refused: the tablet is over its submission limit")
            return Outcome.limited
        definition = visit.definition
        documents = self.services.cases.documents
        key = await off_loop(documents.remember_definition, definition.id, definition.version,
                             self.services.catalogue.sources[definition.id])
        intake = await off_loop(
            self.services.cases.intakes.stage, language=visit.lang, answers=visit.counted_answers(),
            definition_key=key, device_id=device_id, urgent=urgent, submitted=submitted,
            asked_for_staff=asked_for_staff)
        return await self._stored(visit, device_id, intake, submitted, asked_for_staff)

    async def _update(self, visit: KioskVisit, device_id: str, *, submitted: bool,
                      asked_for_staff: bool) -> Outcome:
        try:
            intake = await off_loop(
                self.services.cases.intakes.update, visit.intake_id or "", answers=visit.counted_answers(),
                urgent=visit.urgent, submitted=submitted, asked_for_staff=asked_for_staff)
        except (RecordNotFound, ValueError):
            # A worker already matched or closed the alert while the person went on: a new intake.
            visit.intake_id = None
            return await self._stage(visit, device_id, submitted=submitted, asked_for_staff=asked_for_staff)
        return await self._stored(visit, device_id, intake, submitted, asked_for_staff)

    async def _stored(self, visit: KioskVisit, device_id: str, intake: KioskIntake, submitted: bool,
                      asked_for_staff: bool) -> Outcome:
        # The intake is on disk (the store writes before it returns): now the kiosk may say so.
        visit.intake_id = intake.id
        visit.alert_sent = visit.alert_sent or intake.urgent
        try:
            await off_loop(self.services.record_event, f"kiosk:{device_id}", "kiosk", "write", "intake",
                           intake.id, detail=_detail(intake.urgent, submitted, asked_for_staff))
        except Exception as exc:
            # The staff have the intake all the same; what the person is told must stay true.
            log.error("a kiosk intake was stored but its audit event was not: %s", type(exc).__name__)
        return Outcome.sent


def _detail(urgent: bool, submitted: bool, asked_for_staff: bool) -> str:
    """What happened, for the audit log: never what the person answered."""
    parts = ["sent" if submitted else "asked for staff" if asked_for_staff else "urgent alert raised"]
    if urgent and submitted:
        parts.append("urgent")
    return ", ".join(parts)

"""What reaches the staff from the kiosk, and only through these three calls: the urgent alert
the moment "Are you safe right now?" is answered "no" or "not sure", the intake on Send, and "Ask
a staff member instead". Each one checks the device again (a tablet revoked a minute ago sends
nothing) and its submission limit (store.kiosk_devices) before staging a new intake; an intake
already staged for this person is updated instead, never staged twice.
"""

from __future__ import annotations

from enum import StrEnum

from pages.kiosk_session import KioskVisit
from pages.services import Services, off_loop
from store.errors import RecordNotFound


class Outcome(StrEnum):
    sent = "sent"              # staged or updated: the staff queue has it
    limited = "limited"        # the device is over its submission limit: ask at the front window
    not_set_up = "not_set_up"  # not (or no longer) an enrolled device: nothing can be sent


class IntakeSender:
    def __init__(self, services: Services, token: str | None) -> None:
        self.services = services
        self.token = token  # the device's cookie, held only in this page's memory

    def device_id(self) -> str | None:
        device = self.services.kiosk_devices.verify(self.token)
        return device.id if device is not None else None

    async def raise_alert(self, visit: KioskVisit) -> Outcome:
        """The visit just turned urgent: put it on the queue now, before the person goes on."""
        if visit.intake_id is not None:
            return await self._update(visit, submitted=False, asked_for_staff=False)
        return await self._stage(visit, submitted=False, asked_for_staff=False)

    async def send(self, visit: KioskVisit) -> Outcome:
        if visit.intake_id is not None:
            return await self._update(visit, submitted=True, asked_for_staff=False)
        return await self._stage(visit, submitted=True, asked_for_staff=False)

    async def ask_for_staff(self, visit: KioskVisit) -> Outcome:
        """The person would rather talk to someone: what they answered so far, marked as such."""
        if visit.intake_id is not None:
            return await self._update(visit, submitted=False, asked_for_staff=True)
        return await self._stage(visit, submitted=False, asked_for_staff=True)

    async def _stage(self, visit: KioskVisit, *, submitted: bool, asked_for_staff: bool) -> Outcome:
        device_id = self.device_id()
        if device_id is None:
            return Outcome.not_set_up
        devices = self.services.kiosk_devices
        if not await off_loop(devices.allow_submission, device_id):
            return Outcome.limited
        definition = visit.definition
        documents = self.services.cases.documents
        key = await off_loop(documents.remember_definition, definition.id, definition.version,
                             self.services.catalogue.sources[definition.id])
        intake = await off_loop(
            self.services.cases.intakes.stage, language=visit.lang, answers=visit.counted_answers(),
            definition_key=key, device_id=device_id, urgent=visit.urgent, submitted=submitted,
            asked_for_staff=asked_for_staff)
        visit.intake_id = intake.id
        visit.alert_sent = visit.alert_sent or intake.urgent
        await off_loop(self.services.record_event, f"kiosk:{device_id}", "kiosk", "write", "intake", intake.id,
                       detail=_detail(intake.urgent, submitted, asked_for_staff))
        return Outcome.sent

    async def _update(self, visit: KioskVisit, *, submitted: bool, asked_for_staff: bool) -> Outcome:
        device_id = self.device_id()
        if device_id is None or visit.intake_id is None:
            return Outcome.not_set_up
        try:
            intake = await off_loop(
                self.services.cases.intakes.update, visit.intake_id, answers=visit.counted_answers(),
                urgent=visit.urgent, submitted=submitted, asked_for_staff=asked_for_staff)
        except (RecordNotFound, ValueError):
            # A worker already matched or closed the alert while the person went on: a new intake.
            visit.intake_id = None
            return await self._stage(visit, submitted=submitted, asked_for_staff=asked_for_staff)
        visit.alert_sent = visit.alert_sent or intake.urgent
        await off_loop(self.services.record_event, f"kiosk:{device_id}", "kiosk", "write", "intake", intake.id,
                       detail=_detail(intake.urgent, submitted, asked_for_staff))
        return Outcome.sent


def _detail(urgent: bool, submitted: bool, asked_for_staff: bool) -> str:
    """What happened, for the audit log: never what the person answered."""
    parts = ["sent" if submitted else "asked for staff" if asked_for_staff else "urgent alert raised"]
    if urgent and submitted:
        parts.append("urgent")
    return ", ".join(parts)

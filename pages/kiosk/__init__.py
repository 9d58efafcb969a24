"""The walk-in kiosk on the lobby tablet: one visitor's intake in English or Spanish, quick exit to
the neutral lobby page, and what reaches the staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pages.kiosk.settings import KioskSettings


def register(settings: KioskSettings) -> None:
    from pages.kiosk import routes

    routes.register(settings)

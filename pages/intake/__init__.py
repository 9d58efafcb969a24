"""Walk-ins staged at the lobby kiosk, for staff: the urgent alert in every page's header, the
intake page, and the three ways a worker resolves one (the actions and the summary hold no UI)."""

from __future__ import annotations


def register() -> None:
    from pages.intake import page

    page.register()

"""Walk-ins staged at the lobby kiosk, for staff: the urgent alert in every page's header, the
intake page, and the three ways a worker resolves one (the actions and the summary hold no UI)."""

from __future__ import annotations


def register() -> None:
    from pages.intake import page
    from pages.intake.alerts import header_alerts
    from pages.layout import on_every_staff_page

    page.register()
    on_every_staff_page(header=header_alerts)  # urgent walk-ins and busy kiosk tablets, as they happen

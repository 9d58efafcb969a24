"""Your session: logging in and out, the idle lock and its warning, sessions that end everywhere at
once, and the guard every event from an open page passes (with log lines nobody can forge)."""

from __future__ import annotations


def register() -> None:
    # Imported here, not at the top: a page module may import a sibling of this package without
    # pulling in every page of it.
    from pages.account import auth
    from pages.account.idle_warning import install_idle_warning
    from pages.layout import on_every_staff_page, set_mode_switch

    auth.register()
    set_mode_switch(auth.switch_mode)
    on_every_staff_page(page=auth.install_idle_lock)
    on_every_staff_page(page=install_idle_warning)

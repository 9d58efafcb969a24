"""Administration: staff accounts, the lobby tablets, the audit trail, damaged files, and the demo
data `make run` seeds."""

from __future__ import annotations


def register() -> None:
    from pages.admin import accounts, audit_trail, data_problems, kiosks
    from pages.layout import on_every_staff_page

    on_every_staff_page(main=data_problems.banner)  # damaged files, for the staff who can act on them
    audit_trail.register()
    accounts.register()
    kiosks.register()
    data_problems.register()

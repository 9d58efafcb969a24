"""Casework: clients and their cases, the triage queue, the case file and its sections (notes,
follow-ups, referrals, consents, status, contact details), and search."""

from __future__ import annotations


def register() -> None:
    from pages.casework import case_file, people, search

    people.register()
    case_file.register()
    search.register()

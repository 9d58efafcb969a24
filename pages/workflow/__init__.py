"""Running a workflow: the start and home page, the runner (stepper, one step's form, field widgets,
repeating groups, autosave, review) and a submitted document with its PDFs and sharing."""

from __future__ import annotations


def register() -> None:
    from pages.workflow import documents, home, runner

    home.register()
    runner.register()
    documents.register()

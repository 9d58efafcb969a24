"""Training mode: the scenario library, practice runs in the user's own sandbox, their feedback,
supervisors' reviews, and the demo intern's graded attempt."""

from __future__ import annotations


def register() -> None:
    from pages.training import feedback, library, review

    library.register()
    feedback.register()
    review.register()

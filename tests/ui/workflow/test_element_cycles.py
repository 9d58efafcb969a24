"""A step's elements, removed by Back / Next, are freed by reference counting at once
(app.py, `free_removed_elements_at_once`), not left in reference cycles for a long pause of the garbage collector."""

from __future__ import annotations

import gc
import weakref

from nicegui.testing import User
from support.ui import answer, login


async def test_the_elements_of_the_step_left_are_freed_without_the_garbage_collector(user: User) -> None:
    await login(user)
    await user.should_see(marker="start:safety_plan")
    user.find(marker="start:safety_plan").click()
    await user.should_see("About this plan")
    for key, value in {"about.person_name": "Ana", "about.plan_date": "2026-11-20",
                       "about.intimate_partner": True, "about.has_children": False}.items():
        answer(user, key, value)
    widget = next(iter(user.find(marker="about.person_name").elements))
    element = weakref.ref(widget)
    collections = [weakref.ref(c) for c in (widget._props, widget._classes, widget._style)]
    del widget
    gc.collect()
    gc.disable()
    try:
        user.find("Next").click()
        await user.should_see("Lethality screen")
        assert element() is None
        # What is left (the page's message history, until the browser acknowledges it) is in no cycle.
        for ref in collections:
            collection = ref()
            assert collection is None or collection._change_handlers == []
    finally:
        gc.enable()

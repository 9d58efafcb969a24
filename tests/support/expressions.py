"""The answers the expression tests read and a one-call evaluator over them (not a test module)."""

from __future__ import annotations

from typing import Any

from workflows.expressions import parse

ANSWERS: dict[tuple[str, ...], Any] = {
    ("about", "name"): "Maria",
    ("about", "age"): 34,
    ("about", "children"): 2,
    ("about", "born"): "1992-05-17",
    ("about", "partner"): True,
    ("about", "lives_with"): False,
    ("about", "unanswered"): None,
    ("home", "steps"): ["change_locks", "tell_neighbours"],
    ("threshold",): 4,
}


def lookup(name: tuple[str, ...]) -> Any:
    return ANSWERS.get(name)


def ev(source: str) -> Any:
    return parse(source).evaluate(lookup)

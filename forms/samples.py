"""Fictional but realistic answers for previews, tests and benchmarks — no real person's data.

`python -m forms.samples OUT_DIR [--training]` writes both safety-plan PDFs there, to look at.
`workflows` is imported inside the functions only: the `forms` package itself works from a plain
context dict and never depends on the workflow engine.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

SAFETY_PLAN_ANSWERS: dict[str, dict[str, Any]] = {
    "about": {
        "person_name": "Maria",
        "plan_date": "2025-03-04",
        "worker_name": "Dana Whitfield, MSW",
        "intimate_partner": True,
        "lives_with_partner": False,
        "has_children": True,
        "safe_to_take_home": True,
    },
    "lethality": {
        "q1": True, "q2": False, "q3": True, "q4": True, "q5": True, "q6": True, "q7": True,
        "q8": None, "q9": False, "q10": False, "q11": True,
        "open_question": "He has been driving past my sister's house at night since I moved out.",
        "screener_override": False,
    },
    "protocol": {
        "hotline_called": True,
        "spoke_with_advocate": True,
        "information_given": "Advocate's safety-planning sheet; shelter intake number; how to file "
                             "for an order of protection at the county courthouse.",
    },
    "during_incident": {
        "safer_rooms": "The front room — it has the door to the porch and no knives.",
        "escape_routes": "Front door to the porch, or the back door through the laundry room.",
        "bag_and_keys": "Blue backpack at my sister's; spare car key in my work locker.",
        "code_word": "pancakes",
        "code_word_people": "My sister Ana, my neighbour Mrs. Lopez, and my son Leo (10).",
        "where_to_go": "Ana's house on Elm Street; if not safe there, the 24-hour shelter.",
    },
    "leaving": {
        "trusted_person": "Ana keeps copies of my papers and $200 in an envelope.",
        "own_account": True,
        "place_to_stay": "Ana, or my friend Grace from church.",
        "leaving_notes": "",
    },
    "home": {
        "home_steps": ["change_locks", "outdoor_lighting", "tell_neighbours"],
        "who_may_pick_up_children": "Only me, Ana or Grace may pick up Leo and Sofia from school.\n"
                                    "He may NOT pick them up.",
        "home_notes": "Keep the porch light on at night.",
    },
    "protective_order": {
        "has_order": True,
        "copy_kept_where": "In my purse, and a photo on my phone.",
        "copies_given_to": ["police", "school"],
        "if_violated": "Call 911 right away and tell them I have an order of protection.",
    },
    "work_public": {
        "tell_at_work": ["security", "supervisor"],
        "screen_calls": True,
        "routes_and_times": "Take Knoxville Ave some days and University St others; leave at different times.",
    },
    "alcohol_drugs": {"part_of_picture": True, "plan": "Leave for Ana's when he starts drinking."},
    "emotional_health": {
        "supports": "Ana; Pastor Ruth.",
        "groups_counselling": "The Tuesday support group at the Center for Prevention of Abuse.",
    },
    "children": {
        "call_for_help": "Leo knows to go to Mrs. Lopez's and call 911 if he hears shouting.",
        "children_code_word": "pancakes",
        "children_safe_room": "Mrs. Lopez's kitchen next door",
        "custody_exchange": "The police station lobby on Saturdays.",
    },
    "technology": {
        "tech_steps": ["change_passwords", "location_off", "keep_log"],
        "tech_notes": "New email address that he doesn't know.",
    },
    "items_to_take": {
        "items": ["id", "drivers_licence", "protective_order", "keys", "medications",
                  "birth_certificates", "phone_charger", "comfort_item"],
        "items_where": "In the blue backpack at Ana's.",
    },
    "numbers": {
        "important_numbers": [
            {"who": "Ana (sister)", "kind": "friend_family", "phone": "309-555-0142"},
            {"who": "Dana Whitfield, social worker", "kind": "advocate", "phone": "309-555-0199"},
            {"who": "Lincoln School office", "kind": "school", "phone": "309-555-0110"},
        ],
    },
}


def safety_plan_answers(**overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A deep copy of the sample answers, with whole steps or fields replaced: e.g.
    `safety_plan_answers(about={"has_children": False})` merges into the `about` step."""
    answers = copy.deepcopy(SAFETY_PLAN_ANSWERS)
    for step, fields in overrides.items():
        answers.setdefault(step, {}).update(fields)
    return answers


def safety_plan_context(document_id: str, answers: dict[str, Any] | None = None, training: bool = False,
                        document: str = "D-2025-000417", case_id: str | None = "C-2025-0093") -> dict[str, Any]:
    """The context `render_pdf` gets for one safety-plan document, built the way the app builds it."""
    from workflows.engine import evaluate
    from workflows.loader import load_directory
    from workflows.presentation import DocumentMeta, document_context

    definition = load_directory().get("safety_plan")
    evaluation = evaluate(definition, answers if answers is not None else safety_plan_answers())
    meta = DocumentMeta(id=document, created_at="2025-03-04T15:12:09+00:00",
                        workflow_version=definition.version, submitted_at="2025-03-04T15:40:51+00:00",
                        revision=1, case_id=case_id)
    return document_context(definition, evaluation, meta, document_id, training=training)


def template_for(document_id: str) -> str:
    from workflows.loader import load_directory

    definition = load_directory().get("safety_plan")
    return next(d.template for d in definition.documents if d.id == document_id)


def main(argv: list[str]) -> int:
    from forms.renderer import render_pdf

    if not argv or argv[0].startswith("-"):
        print("usage: python -m forms.samples OUT_DIR [--training]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for document_id in ("take_home", "staff_record"):
        context = safety_plan_context(document_id, training="--training" in argv)
        path = out / f"safety_plan-{document_id}.pdf"
        path.write_bytes(render_pdf(template_for(document_id), context))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

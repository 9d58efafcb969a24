"""The review screen and a submitted document's page list a group's entries inside an entry (a
child's school or daycare in the order-of-protection petition) answer by answer, not as a count:
"Check every answer" must be possible for them too."""

from __future__ import annotations

from nicegui.testing import User
from support.ui import fixture_answers, login

from pages.services import get


def make_petition_draft() -> str:
    services = get()
    answers = fixture_answers("order_of_protection_two_children.json")
    record = services.cases.documents.create_draft(
        "order_of_protection", services.catalogue.get("order_of_protection").version,
        services.catalogue.sources["order_of_protection"], "worker", answers=answers)
    services.cases.documents.save_draft(record.id, answers, "review")
    return record.id


async def test_the_review_lists_each_childs_school_answer_by_answer(user: User) -> None:
    await login(user)
    doc_id = make_petition_draft()
    await user.open(f"/draft/{doc_id}")
    await user.should_see("Review your answers")
    await user.should_see("Name of the school or daycare: Whittier Primary School; "
                          "Address: 1619 W Fredonia Ave, Peoria, IL 61606")
    await user.should_see("Name of the school or daycare: Little Acorns Daycare; "
                          "Address: 812 N University St, Peoria, IL 61606")
    await user.should_not_see("School or daycare (kept on a separate confidential page): 1")

    user.find("Submit").click()
    await user.should_see("Download Petition for Order of Protection (draft for review — not filed) (PDF)")
    await user.should_see("Name of the school or daycare: Little Acorns Daycare; "
                          "Address: 812 N University St, Peoria, IL 61606")

"""Closing a walk-in: the close and its audit are saved together or not at all, a reason has a
length limit checked before anything is written, and the audit log records the kind of reason,
never the words a worker typed."""

from pathlib import Path

import pytest
from support.intakes import stage

from pages.intake.actions import close_intake
from pages.services import Actor, Services
from store import CaseStore
from store.files.intakes import MAX_CLOSE_REASON

WORKER = Actor(username="ana", display_name="Ana", role="social_worker")


class LiveOnly:
    """The part of pages.services.Services closing an intake uses: the live store and its audit."""

    def __init__(self, cases: CaseStore) -> None:
        self.cases = cases

    def cases_for(self, actor: Actor) -> CaseStore:
        return self.cases

    def audit(self, actor: Actor, action: str, record_type: str, record_id: str, case_id: str | None = None,
              detail: str = "") -> None:
        self.cases.audit.record(actor.username, actor.role, action, record_type, record_id,  # type: ignore[arg-type]
                                case_id=case_id, detail=detail)


def services(cases: CaseStore) -> Services:
    return LiveOnly(cases)  # type: ignore[return-value]


def test_the_audit_says_the_kind_of_reason_and_the_intake_keeps_the_words(cases: CaseStore) -> None:
    intake = stage(cases)
    reason = "Other: moved to Chicago with her sister " + "x" * 300
    done = close_intake(services(cases), WORKER, intake.id, "other", reason)
    assert done.intake.status == "closed" and cases.intakes.get(intake.id).closed_reason == reason
    (event,) = cases.audit.for_record(intake.id)
    assert (event.action, event.detail) == ("write", "closed: other")
    assert not [e for e in cases.audit.for_user("ana") if "Chicago" in e.model_dump_json()]


def test_a_reason_over_the_limit_is_refused_before_anything_is_written(cases: CaseStore) -> None:
    intake = stage(cases)
    with pytest.raises(ValueError, match=f"at most {MAX_CLOSE_REASON} characters"):
        close_intake(services(cases), WORKER, intake.id, "other", "Other: " + "x" * MAX_CLOSE_REASON)
    assert cases.intakes.get(intake.id).status == "new"
    assert cases.audit.for_record(intake.id) == []


def test_a_close_whose_audit_fails_is_undone_also_on_disk(cases: CaseStore, root: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    intake = stage(cases)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cases.audit, "record", full_disk)
    with pytest.raises(OSError):
        close_intake(services(cases), WORKER, intake.id, "left", "Left before anyone came")
    assert cases.intakes.get(intake.id).status == "new"
    assert [i.id for i in cases.intakes.open_intakes()] == [intake.id]
    monkeypatch.undo()
    cases.close()
    with CaseStore(root) as again:
        assert again.intakes.get(intake.id).status == "new"


def test_an_unknown_kind_of_reason_is_refused(cases: CaseStore) -> None:
    intake = stage(cases)
    with pytest.raises(ValueError, match="choose why"):
        close_intake(services(cases), WORKER, intake.id, "because I said so", "Because")
    assert cases.intakes.get(intake.id).status == "new"

"""The kinds of client information a consent can cover, and the rules of each, as data.

`information_sharing.yaml` (beside the definitions) lists the categories — information such as a
name or the number of children, and documents the unit makes such as the take-home safety plan —
which of them need a consent of their own (mental-health information, 740 ILCS 110/5), which are
never released on a consent (juvenile records, 705 ILCS 405/5-905), and the longest a release may
last. `workflows.consent` applies them; `workflows.loader.load_sharing` reads the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from workflows.model import Identifier, LocalText, Strict, local

SHARING_FILE = Path(__file__).with_name("information_sharing.yaml")


class Limit(Strict):
    value: Annotated[int, Field(gt=0)] | None = None
    cite: str


class ConsentPolicy(Strict):
    longest_days: Limit | None = Field(default=None, description="the longest a release may last, if any")


class OwnConsent(Strict):
    """A kind of information that only a consent of its own may cover (nothing else on it)."""

    rule: LocalText = Field(description="the rule in plain words, shown when it refuses")
    cite: str


class Category(Strict):
    id: Identifier
    label: LocalText
    kind: Literal["information", "document"] = "information"
    help: LocalText | None = None
    own_consent: Identifier | None = Field(default=None, description="a key of `own_consents`")
    never_by_consent: LocalText | None = Field(
        default=None, description="never released on any consent; the text says why")
    cite: str | None = None


class SharingRules(Strict):
    consent: ConsentPolicy = ConsentPolicy()
    own_consents: dict[Identifier, OwnConsent] = Field(default_factory=dict)
    categories: Annotated[list[Category], Field(min_length=1)]

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def label(self, category_id: str, lang: str = "en") -> str:
        category = self.category(category_id)
        return local(category.label, lang) if category else category_id

    def labels(self, category_ids: list[str] | tuple[str, ...], lang: str = "en") -> str:
        """The categories in the file's order: "Name; Phone number and safe times to call"."""
        order = {c.id: i for i, c in enumerate(self.categories)}
        ordered = sorted(set(category_ids), key=lambda c: order.get(c, len(order)))
        return "; ".join(self.label(c, lang) for c in ordered)

    def consentable(self) -> list[Category]:
        """What a worker may tick on a consent: everything except what no consent can release."""
        return [c for c in self.categories if c.never_by_consent is None]


def check_sharing(rules: SharingRules) -> list[str]:
    problems = []
    seen: set[str] = set()
    for category in rules.categories:
        place = f"categories[{category.id}]"
        if category.id in seen:
            problems.append(f"{place}: duplicate category id {category.id!r}")
        seen.add(category.id)
        if category.own_consent is not None and category.own_consent not in rules.own_consents:
            problems.append(f"{place}.own_consent: {category.own_consent!r} is not one of own_consents "
                            f"({', '.join(sorted(rules.own_consents))})")
        if category.own_consent is not None and category.never_by_consent is not None:
            problems.append(f"{place}: a category never released on consent cannot need its own consent")
    return problems

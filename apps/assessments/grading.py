"""The Georgian higher-education grading scale and the pass rules of a micro-credential.

A total is the weighted sum of the component scores, rounded half up to a whole number. A learner passes
with a total of at least 51 and every component at or above its pass mark. A total of 41 or more with a
component below its pass mark is FX, which allows one re-sit."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

# (grade, lowest total, name)
SCALE = [
    ("A", 91, _("Excellent")),
    ("B", 81, _("Very good")),
    ("C", 71, _("Good")),
    ("D", 61, _("Satisfactory")),
    ("E", 51, _("Sufficient")),
    ("FX", 41, _("Did not pass (may re-sit)")),
    ("F", 0, _("Failed")),
]
PASS_TOTAL = 51
RESIT_TOTAL = 41


def grade_for(total: int) -> str:
    return next(grade for grade, lowest, _name in SCALE if total >= lowest)


def grade_name(grade: str):
    return next(name for g, _lowest, name in SCALE if g == grade)


@dataclass(frozen=True)
class GradeResult:
    total: int
    grade: str
    passed: bool
    may_resit: bool
    below_pass_mark: tuple[int, ...]  # the components (by id) under their pass mark


def weighted_total(scores: dict[int, Decimal], weights: dict[int, int]) -> int:
    raw = sum(Decimal(scores[c]) * weights[c] for c in weights) / 100
    return int(raw.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def evaluate(scores: dict[int, Decimal], components: list[tuple[int, int, int]]) -> GradeResult:
    """`components` are (id, weight, pass_mark); `scores` are each component's best score (0–100)."""
    weights = {cid: weight for cid, weight, _mark in components}
    total = weighted_total(scores, weights)
    below = tuple(cid for cid, _weight, mark in components if scores[cid] < mark)
    if total >= PASS_TOTAL and not below:
        return GradeResult(total, grade_for(total), True, False, ())
    if total >= RESIT_TOTAL:
        # A total of 51+ with a component under its pass mark is not a pass: it is FX, like 41–50.
        return GradeResult(total, "FX", False, True, below)
    return GradeResult(total, "F", False, False, below)

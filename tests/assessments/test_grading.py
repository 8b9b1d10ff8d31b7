"""The Georgian scale and the pass rules, on the boundaries."""

from decimal import Decimal

import pytest

from apps.assessments.grading import evaluate, grade_for, weighted_total

COMPONENTS = [(1, 40, 50), (2, 60, 51)]  # (id, weight, pass mark)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "A"),
        (91, "A"),
        (90, "B"),
        (81, "B"),
        (80, "C"),
        (71, "C"),
        (70, "D"),
        (61, "D"),
        (60, "E"),
        (51, "E"),
        (50, "FX"),
        (41, "FX"),
        (40, "F"),
        (0, "F"),
    ],
)
def test_the_scale(total, grade):
    assert grade_for(total) == grade


def test_the_total_is_weighted_and_rounded_half_up():
    assert weighted_total({1: Decimal("50.5"), 2: Decimal("51")}, {1: 40, 2: 60}) == 51  # 50.8 -> 51
    assert weighted_total({1: Decimal("50"), 2: Decimal("50.5")}, {1: 40, 2: 60}) == 50  # 50.3 -> 50
    assert weighted_total({1: Decimal("50.5"), 2: Decimal("50.5")}, {1: 50, 2: 50}) == 51  # 50.5 -> 51, not 50


def test_a_pass_needs_51_and_every_pass_mark():
    passed = evaluate({1: Decimal(60), 2: Decimal(60)}, COMPONENTS)
    assert (passed.total, passed.grade, passed.passed) == (60, "E", True)


def test_a_good_total_with_a_component_below_its_pass_mark_is_fx():
    outcome = evaluate({1: Decimal(40), 2: Decimal(90)}, COMPONENTS)
    assert (outcome.total, outcome.grade, outcome.passed, outcome.may_resit, outcome.below_pass_mark) == (
        70,
        "FX",
        False,
        True,
        (1,),
    )


def test_41_to_50_is_fx_and_below_41_is_f():
    assert evaluate({1: Decimal(45), 2: Decimal(45)}, COMPONENTS).grade == "FX"
    failed = evaluate({1: Decimal(40), 2: Decimal(40)}, COMPONENTS)
    assert (failed.grade, failed.may_resit) == ("F", False)

"""Authoring and review of programmes: the national rules, the workflow, versions. Bad input gets a clear
message on the right field, in the user's language, and nothing is saved half-way."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from apps.programmes import services
from apps.programmes.models import LearningOutcome, ProgrammeVersion
from apps.programmes.rules import version_problems
from apps.providers import authorizing
from apps.reference.models import FieldOfStudy, NQFLevel
from tests.helpers import COMPONENTS, OUTCOMES, new_complete_version, publish, write_version

pytestmark = pytest.mark.django_db


def problems_in(version, language="en"):
    with translation.override(language):
        return version_problems(version)


def test_a_complete_programme_has_no_problems_and_is_submitted(authorized_a, author):
    version = new_complete_version(authorized_a, author)
    assert problems_in(version) == {}
    services.version_submit(version=version, acting_user=author)
    version.refresh_from_db()
    assert version.status == "submitted" and version.submitted_at


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"ects_credits": Decimal("45")}, "ects_credits", "from 1 to 30 ECTS"),
        ({"ects_credits": Decimal("0.5"), "workload_hours": 12}, "ects_credits", "from 1 to 30 ECTS"),
        ({"workload_hours": 60}, "workload_hours", "about 150 hours"),
        ({"title_en": ""}, "title_en", "in English"),
        ({"summary_ka": ""}, "summary_ka", "in Georgian"),
    ],
)
def test_national_rules_and_both_languages(authorized_a, author, overrides, field, words):
    version = new_complete_version(authorized_a, author, **overrides)
    assert words in " ".join(problems_in(version)[field])
    with pytest.raises(ValidationError):
        services.version_submit(version=version, acting_user=author)
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_level_not_open_to_micro_credentials_is_refused(authorized_a, author):
    version = new_complete_version(authorized_a, author, nqf_level=NQFLevel.objects.get(pk=5))
    assert "6, 7" in " ".join(problems_in(version)["nqf_level"])


def test_a_field_outside_the_providers_scope_is_refused_in_georgian(authorized_a, author):
    version = new_complete_version(authorized_a, author, field_of_study=FieldOfStudy.objects.get(pk="0912"))
    assert problems_in(version, "ka")["field_of_study"]
    assert "NCEQE does not cover" in " ".join(problems_in(version)["field_of_study"])


def test_weights_must_add_up_to_100_and_every_outcome_must_be_assessed(authorized_a, author):
    components = [{**COMPONENTS[0], "weight": 30, "outcomes": ["a"]}, {**COMPONENTS[1], "outcomes": ["b"]}]
    version = new_complete_version(authorized_a, author, components=components)
    problems = problems_in(version)
    assert "add up to 90%" in " ".join(problems["components"])
    assert "Learning outcome 3 is not assessed" in " ".join(problems["outcomes"])


def test_a_failed_save_changes_nothing(authorized_a, author):
    version = new_complete_version(authorized_a, author)
    bad = [{**COMPONENTS[0], "weight": 0}]
    with pytest.raises(ValidationError):
        services.version_save(
            version=version, acting_user=author, data={"title_en": "Changed"}, outcomes=OUTCOMES[:1], components=bad
        )
    version.refresh_from_db()
    assert version.title_en == "Network Administration"
    assert LearningOutcome.objects.filter(version=version).count() == 3


def test_submitting_twice_and_editing_under_review_are_refused(authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    with translation.override("en"), pytest.raises(ValidationError, match="already been submitted"):
        services.version_submit(version=version, acting_user=author)
    services.version_start_review(version=version, reviewer=reviewer)
    with translation.override("en"), pytest.raises(ValidationError, match="Only a draft can be edited"):
        write_version(version, author, title_en="Sneaky change")


def test_only_authors_and_admins_write_and_only_reviewers_decide(authorized_a, author, assessor_a, reviewer):
    with pytest.raises(PermissionDenied):
        services.programme_create(provider=authorized_a, acting_user=assessor_a, code="X")
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    with pytest.raises(PermissionDenied):
        services.version_decide(version=version, reviewer=author, outcome="approved", reasons_ka="ა", reasons_en="a")


def test_a_decision_needs_reasons_in_both_languages(authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    with pytest.raises(ValidationError) as error:
        services.version_decide(version=version, reviewer=reviewer, outcome="approved", reasons_ka="", reasons_en="")
    assert set(error.value.message_dict) == {"reasons_ka", "reasons_en"}


def test_approval_rechecks_the_providers_authorization(authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    authorization = authorized_a.decisions.get(outcome="authorized")
    authorizing.authorization_change(
        authorization=authorization, reviewer=reviewer, outcome="suspended", reasons_ka="ა", reasons_en="a"
    )
    with translation.override("en"), pytest.raises(ValidationError, match="cannot be approved"):
        services.version_decide(
            version=version, reviewer=reviewer, outcome="approved", reasons_ka="კი", reasons_en="Yes"
        )


def test_a_provider_whose_authorization_ended_cannot_publish(authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    services.version_decide(version=version, reviewer=reviewer, outcome="approved", reasons_ka="კი", reasons_en="Yes")
    authorization = authorized_a.decisions.get(outcome="authorized")
    authorizing.authorization_change(
        authorization=authorization, reviewer=reviewer, outcome="ended", reasons_ka="ა", reasons_en="a"
    )
    with pytest.raises(ValidationError):
        services.version_publish(version=version, acting_user=author)
    version.refresh_from_db()
    assert version.status == "approved"


def test_a_change_to_a_published_programme_is_a_new_version_and_the_old_one_stays(authorized_a, author, reviewer):
    first = publish(new_complete_version(authorized_a, author), author, reviewer)
    second = services.version_new(programme=first.programme, acting_user=author)
    assert (second.number, second.status, second.based_on_id) == (2, "draft", first.pk)
    assert [o.text_en for o in second.outcomes.order_by("order")] == [o["text_en"] for o in OUTCOMES]

    write_version(
        second, author, title_en="Network Administration, revised", ects_credits=Decimal("5"), workload_hours=125
    )
    first.refresh_from_db()
    assert first.title_en == "Network Administration" and first.ects_credits == Decimal("6")
    with pytest.raises(ValidationError):
        services.version_new(programme=first.programme, acting_user=author)  # one version in progress at a time

    publish(second, author, reviewer)
    first.refresh_from_db()
    assert first.status == "archived"
    assert ProgrammeVersion.objects.get(programme=first.programme, status="published").number == 2


def test_every_transition_is_in_the_history(authorized_a, author, reviewer):
    version = publish(new_complete_version(authorized_a, author), author, reviewer)
    reasons = list(version.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert {"created", "edited", "submitted", "review: approved", "published"} <= set(reasons)


def test_a_pass_mark_below_the_scales_lowest_pass_is_refused_in_georgian(authorized_a, author):
    """The scale says E (a pass) is 51–60 and 41–50 is FX: a pass mark of 50 would call an FX score a pass."""
    components = [{**COMPONENTS[0], "pass_mark": 50}, COMPONENTS[1]]
    version = new_complete_version(authorized_a, author, components=components)
    assert "a pass mark of 50 is below 51" in " ".join(problems_in(version)["components"])
    with translation.override("ka"), pytest.raises(ValidationError) as refused:
        services.version_submit(version=version, acting_user=author)
    assert "შეფასების კომპონენტი 1: გამსვლელი ქულა 50 ნაკლებია 51-ზე" in " ".join(refused.value.messages)

    write_version(version, author, components=[{**COMPONENTS[0], "pass_mark": 51}, COMPONENTS[1]])
    assert services.version_submit(version=version, acting_user=author).status == "submitted"


def test_the_demo_programmes_pass_marks_agree_with_the_scale():
    from apps.assessments.grading import PASS_TOTAL, SCALE
    from apps.programmes.demo import PILOTS
    from apps.programmes.rules import LOWEST_PASS

    assert LOWEST_PASS == PASS_TOTAL == next(lowest for grade, lowest, _name in SCALE if grade == "E")
    marks = {(spec["code"], c[1]): c[3] for spec in PILOTS for c in spec["components"]}
    assert marks and all(mark >= LOWEST_PASS for mark in marks.values()), marks

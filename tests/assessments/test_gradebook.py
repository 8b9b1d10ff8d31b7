"""The gradebook, finalisation, corrections and the re-sit."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.assessments import services
from apps.assessments.models import AssessmentResult
from tests.factories import UserFactory
from tests.helpers import enrol_by_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_of_three(offering, admin_a):
    return [enrol_by_invitation(offering, admin_a, {"email": f"l{n}@example.ge"}) for n in range(3)]


def cells(offering, enrolments, scores):
    components = list(offering.version.components.order_by("order"))
    return {
        (e.pk, c.pk): s for e, row in zip(enrolments, scores, strict=True) for c, s in zip(components, row, strict=True)
    }


def test_bad_scores_are_reported_by_cell_and_the_good_ones_saved(offering, assessor, class_of_three):
    with translation.override("en"):
        problems = services.gradebook_save(
            offering=offering,
            assessor=assessor,
            scores=cells(offering, class_of_three, [("95", "abc"), ("101", "70"), ("", "-1")]),
        )
    assert len(problems) == 3 and all("from 0 to 100" in p for p in problems.values())
    assert AssessmentResult.objects.count() == 2  # 95 and 70


def test_finalising_completes_or_fails_everyone_and_locks_the_scores(
    offering, assessor, class_of_three, django_capture_on_commit_callbacks
):
    from django.core import mail

    services.gradebook_save(
        offering=offering,
        assessor=assessor,
        scores=cells(offering, class_of_three, [("95", "90"), ("40", "90"), ("30", "30")]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.offering_finalise(offering=offering, acting_user=assessor)
    assert counts == {"completed": 1, "failed": 2}
    statuses = [e.status for e in offering.enrolments.order_by("learner__email")]
    assert statuses == ["completed", "failed", "failed"]
    assert len([m for m in mail.outbox if "final" in m.subject.lower() or "საბოლოო" in m.subject]) == 3
    with pytest.raises(ValidationError):
        services.gradebook_save(
            offering=offering, assessor=assessor, scores=cells(offering, class_of_three, [("1", "1")] * 3)
        )


def test_finalising_with_missing_scores_names_the_learners(offering, assessor, class_of_three):
    services.gradebook_save(
        offering=offering, assessor=assessor, scores=cells(offering, class_of_three[:1], [("95", "90")])
    )
    with translation.override("en"), pytest.raises(ValidationError, match="Scores are missing for 2 learners"):
        services.offering_finalise(offering=offering, acting_user=assessor)


def test_a_correction_after_finalisation_needs_a_reason_and_is_audited(offering, assessor, class_of_three):
    services.gradebook_save(
        offering=offering,
        assessor=assessor,
        scores=cells(offering, class_of_three, [("95", "90"), ("95", "40"), ("95", "90")]),
    )
    services.offering_finalise(offering=offering, acting_user=assessor)
    result = AssessmentResult.objects.get(enrolment=class_of_three[1], component__order=2)
    with pytest.raises(ValidationError) as error:
        services.result_correct(result=result, acting_user=assessor, score="80", reason="  ")
    assert "reason" in error.value.message_dict
    services.result_correct(result=result, acting_user=assessor, score="80", reason="Marking error in question 3")
    class_of_three[1].refresh_from_db()
    assert class_of_three[1].status == "completed"
    assert result.history.first().history_change_reason == "Marking error in question 3"


def test_fx_allows_one_resit_kept_beside_the_first_attempt(offering, assessor, class_of_three):
    services.gradebook_save(
        offering=offering,
        assessor=assessor,
        scores=cells(offering, class_of_three, [("95", "90"), ("95", "40"), ("95", "90")]),
    )
    services.offering_finalise(offering=offering, acting_user=assessor)
    fx = class_of_three[1]
    component = offering.version.components.get(order=2)
    services.resit_record(enrolment=fx, component=component, acting_user=assessor, score="75")
    fx.refresh_from_db()
    assert fx.status == "completed"
    assert sorted(
        AssessmentResult.objects.filter(enrolment=fx, component=component).values_list("attempt", "score")
    ) == [(1, 40), (2, 75)]
    with pytest.raises(ValidationError):
        services.resit_record(enrolment=fx, component=component, acting_user=assessor, score="90")


def test_only_staff_of_the_provider_assess(offering, class_of_three, admin_b, author_a):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    # Another provider's offering is as if it did not exist; one's own with the wrong role is refused.
    with pytest.raises(Http404):
        services.gradebook_save(offering=offering, assessor=admin_b, scores={})
    with pytest.raises(Http404):
        services.offering_finalise(offering=offering, acting_user=UserFactory())
    with pytest.raises(PermissionDenied):
        services.offering_finalise(offering=offering, acting_user=author_a)


def test_the_gradebook_of_500_learners_runs_a_fixed_number_of_queries(
    client, offering, assessor, admin_a, django_assert_max_num_queries
):
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import User
    from apps.enrolments.models import Enrolment

    offering.capacity = 600
    offering.save()
    password = make_password(None)
    users = User.objects.bulk_create(User(email=f"student{n}@example.ge", password=password) for n in range(500))
    Enrolment.objects.bulk_create(
        Enrolment(offering=offering, learner=u, status="enrolled", funding_source="self", source="invitation")
        for u in users
    )
    components = list(offering.version.components.all())
    services.gradebook_save(
        offering=offering,
        assessor=assessor,
        scores={(e.pk, c.pk): "77" for e in offering.enrolments.all() for c in components},
    )
    client.force_login(assessor)
    url = f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/gradebook/"
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["rows"]) == 500


def test_scores_from_a_csv_file_are_previewed_then_saved_all_at_once(client, offering, assessor, class_of_three):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(assessor)
    client.cookies["django_language"] = "en"
    url = f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/scores/import/"
    template = client.get(url, {"template": "1"}).content.decode("utf-8-sig")
    assert template.splitlines()[0] == "email,Project,Examination" and "l0@example.ge" in template

    bad = "email;1;Examination\nl0@example.ge;90;abc\nnobody@example.ge;50;50\n"
    preview = client.post(url, {"file": SimpleUploadedFile("s.csv", bad.encode())})
    problems = dict(preview.context["preview"]["problems"])
    assert "from 0 to 100" in problems[2] and "no enrolled learner" in problems[3]
    assert not AssessmentResult.objects.exists()

    good = 'email,1,2\nl0@example.ge,90,80\nl1@example.ge,"55,5",60\n'
    preview = client.post(url, {"file": SimpleUploadedFile("s.csv", good.encode())})
    assert client.post(url, {"confirm": preview.context["preview"]["token"]}).status_code == 302
    assert AssessmentResult.objects.count() == 4
    assert AssessmentResult.objects.get(enrolment=class_of_three[1], component__order=1).score == 55.5


def test_corrections_and_resits_from_the_gradebook_page(client, offering, assessor, class_of_three):
    services.gradebook_save(
        offering=offering,
        assessor=assessor,
        scores=cells(offering, class_of_three, [("95", "90"), ("95", "40"), ("95", "90")]),
    )
    services.offering_finalise(offering=offering, acting_user=assessor)
    client.force_login(assessor)
    client.cookies["django_language"] = "en"
    url = f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/scores/correct/"
    component = offering.version.components.get(order=2)
    refused = client.post(
        url,
        {"enrolment": class_of_three[0].pk, "component": component.pk, "score": "99", "kind": "correction"},
        follow=True,
    )
    assert "Give the reason" in refused.content.decode()
    client.post(url, {"enrolment": class_of_three[1].pk, "component": component.pk, "score": "70", "kind": "resit"})
    class_of_three[1].refresh_from_db()
    assert class_of_three[1].status == "completed"

"""The learner's side and the API of offerings, enrolments and results."""

import datetime

import pytest

from apps.assessments import services as assessments
from apps.enrolments import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_learner_enrols_from_the_catalogue_page(client, offering, learner):
    """In one click when the account has a date of birth (tests/enrolments/test_date_of_birth.py: when not)."""
    learner.date_of_birth = datetime.date(1998, 5, 17)
    learner.save()
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    page = client.get(f"/registry/programmes/{offering.version.programme_id}/").content.decode()
    assert "Offerings open for enrolment" in page and f"/learner/enrol/{offering.pk}/" in page
    response = client.post(f"/learner/enrol/{offering.pk}/", {"funding_source": "state_grant"})
    assert response.status_code == 302 and response.url == "/learner/"
    assert "Network Administration" in client.get("/learner/").content.decode()


def test_the_catalogue_filter_finds_programmes_open_for_enrolment(client, offering):
    found = client.get("/registry/programmes/", {"open_for_enrolment": "on"}).context["page"]
    assert [v.pk for v in found] == [offering.version.pk]


def test_results_appear_to_the_learner_only_once_final(client, offering, assessor, learner, admin_a):
    enrolment = services.enrol_self(offering=offering, learner=learner, funding_source="self")
    components = list(offering.version.components.order_by("order"))
    assessments.gradebook_save(
        offering=offering, assessor=assessor, scores={(enrolment.pk, c.pk): "88" for c in components}
    )
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    assert "Total 88" not in client.get("/learner/").content.decode()
    assert client.get("/api/v1/results/").json()["count"] == 0
    assessments.offering_finalise(offering=offering, acting_user=assessor)
    page = client.get("/learner/").content.decode()
    assert "Total 88 of 100 · grade B" in page
    assert client.get("/api/v1/results/").json()["count"] == 2


def test_the_api_shows_staff_their_providers_enrolments_and_learners_their_own(
    client, offering, learner, admin_a, admin_b
):
    services.enrol_self(offering=offering, learner=learner, funding_source="self")
    services.enrol_self(offering=offering, learner=UserFactory(), funding_source="self")
    client.force_login(admin_a)
    assert client.get("/api/v1/enrolments/").json()["count"] == 2
    client.force_login(admin_b)
    assert client.get("/api/v1/enrolments/").json()["count"] == 0
    client.force_login(learner)
    assert client.get("/api/v1/enrolments/").json()["count"] == 1
    assert client.get("/api/v1/offerings/").json()["count"] == 1


def test_assessors_write_results_through_the_api_with_the_same_rules(client, offering, assessor, learner, admin_b):
    enrolment = services.enrol_self(offering=offering, learner=learner, funding_source="self")
    component = offering.version.components.first()
    client.force_login(admin_b)
    # Another provider's enrolment reads exactly as one that does not exist.
    theirs = client.post("/api/v1/results/", {"enrolment": enrolment.pk, "component": component.pk, "score": "70"})
    never = client.post("/api/v1/results/", {"enrolment": 987654, "component": component.pk, "score": "70"})
    assert theirs.status_code == never.status_code == 400
    assert theirs.json() == {k: [m.replace("987654", str(enrolment.pk)) for m in v] for k, v in never.json().items()}
    client.force_login(assessor)
    assert (
        client.post(
            "/api/v1/results/", {"enrolment": enrolment.pk, "component": component.pk, "score": "170"}
        ).status_code
        == 400
    )
    created = client.post("/api/v1/results/", {"enrolment": enrolment.pk, "component": component.pk, "score": "70.5"})
    assert created.status_code == 201 and created.json()["score"] == "70.50"

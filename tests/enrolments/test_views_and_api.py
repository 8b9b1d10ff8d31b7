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

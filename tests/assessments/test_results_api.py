"""Assessors write results through the API under the gradebook's rules; another provider's enrolment reads as none."""

import pytest

from apps.enrolments import services

pytestmark = pytest.mark.django_db


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

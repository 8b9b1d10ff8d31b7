"""Finalising an offering's results asks first, saying what it locks and for how many learners (in Georgian)."""

import pytest
from django.urls import reverse

from apps.enrolments import services
from tests.core.confirmations import confirm_of
from tests.helpers import enrol_by_invitation, person

pytestmark = pytest.mark.django_db


def test_finalising_asks_with_the_number_of_learners_it_locks(client, offering, admin_a, assessor):
    enrolments = [enrol_by_invitation(offering, admin_a, person(n)) for n in range(3)]
    services.enrolment_withdraw(enrolment=enrolments[2], acting_user=enrolments[2].learner)  # not counted
    provider_id = offering.version.programme.provider_id
    client.force_login(assessor)
    page = client.get(reverse("assessments:gradebook", args=[provider_id, offering.pk])).content.decode()
    question = confirm_of(page, reverse("assessments:finalise", args=[provider_id, offering.pk]))
    assert question == (
        "დავამტკიცოთ საბოლოოდ 2 მსმენელის შედეგები? "
        "ამის შემდეგ ქულის შეცვლა მხოლოდ შესწორებით, მიზეზის მითითებით იქნება შესაძლებელი."
    )

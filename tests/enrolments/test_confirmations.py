"""Irreversible actions of an offering ask first, saying what they do and to how many (in Georgian)."""

import pytest
from django.urls import reverse

from apps.enrolments import services
from tests.core.confirmations import confirm_of
from tests.helpers import enrol_by_invitation, person

pytestmark = pytest.mark.django_db


def test_withdrawing_an_invitation_or_an_enrolment_asks_first(client, offering, admin_a):
    provider_id = offering.version.programme.provider_id
    invitation = services.enrolment_invite(
        offering=offering, acting_user=admin_a, person=person(7), funding_source="self"
    )
    client.force_login(admin_a)
    page = client.get(reverse("enrolments:offering", args=[provider_id, offering.pk])).content.decode()
    action = reverse("enrolments:invitation_withdraw", args=[provider_id, offering.pk, invitation.pk])
    assert confirm_of(page, action).startswith("გამოვითხოვოთ მოწვევა, გაგზავნილი მისამართზე learner7@example.ge?")

    enrolment = enrol_by_invitation(offering, admin_a, person(8))
    client.force_login(enrolment.learner)
    page = client.get(reverse("learner:home")).content.decode()
    question = confirm_of(page, reverse("learner:withdraw", args=[enrolment.pk]))
    assert question.startswith(f"გამოვითხოვოთ თქვენი ჩარიცხვა — „{offering.version.title}“?")

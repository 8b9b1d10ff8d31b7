"""Issuing asks first: all of them, with their number, or one, with the learner's name (in Georgian)."""

import pytest
from django.urls import reverse

from tests.core.confirmations import confirm_of

pytestmark = pytest.mark.django_db


def test_issuing_all_and_one_ask_first_with_the_count_and_the_name(client, passed_two, admin_a):
    offering = passed_two[0].offering
    provider_id = offering.version.programme.provider_id
    client.force_login(admin_a)
    page = client.get(reverse("certificates:offering", args=[provider_id, offering.pk])).content.decode()
    question = confirm_of(page, reverse("certificates:issue_bulk", args=[provider_id, offering.pk]))
    assert question.startswith("გავცეთ 2 სერტიფიკატი? თითოეული ხელმოწერით მაშინვე გაეგზავნება")
    one = reverse("certificates:issue_one", args=[provider_id, offering.pk, passed_two[0].pk])
    assert confirm_of(page, one).startswith(f"გავცეთ სერტიფიკატი ({passed_two[0].learner.get_full_name()})?")

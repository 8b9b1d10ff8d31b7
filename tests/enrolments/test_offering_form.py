"""The offering form: a date out of order is told at the date to correct, in the user's language, never by the
name of the database constraint behind it."""

import datetime

import pytest
from django.urls import reverse

from tests.helpers import TODAY

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "start_date": TODAY + datetime.timedelta(days=30),
        "end_date": TODAY + datetime.timedelta(days=10),  # before the start
        "enrolment_opens": TODAY,
        "enrolment_closes": TODAY + datetime.timedelta(days=20),
        "capacity": 10,
        "language": "ka",
        "participation_mode": "online",
        "fee": "0",
        "funding_sources": ["self"],
    }
    data.update(overrides)
    return data


def test_an_end_date_before_the_start_is_told_at_the_end_date_in_georgian(client, published, admin_a):
    client.force_login(admin_a)
    url = reverse("enrolments:offering_new", args=[published.programme.provider_id, published.programme_id, 1])
    response = client.post(url, form_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "offering_ends_after_start" not in page and "violated" not in page
    form = response.context["form"]
    assert form.errors["end_date"] == ["ნაკადის დასრულების თარიღი დაწყების თარიღზე ადრე ვერ იქნება."]
    assert not form.non_field_errors()
    assert published.offerings.count() == 0

import json

import pytest
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_learner_downloads_all_their_own_data_and_nobody_elses(client, learner):
    other = UserFactory(email="someone.else@example.ge")
    client.force_login(learner)

    response = client.get(reverse("accounts:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == learner.email
    assert data["account"]["first_name_ka"] == "ნინო"
    assert data["email_addresses"] == [{"email": learner.email, "verified": True, "primary": True}]
    assert other.email not in response.content.decode()
    assert "password" not in data["account"]


def test_the_export_needs_a_login(client):
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_learner_corrects_their_names(ka, learner):
    ka.force_login(learner)
    response = ka.post(
        reverse("accounts:profile_edit"),
        {
            "first_name_ka": "ნინა",
            "last_name_ka": "ბერიძე-გოგუა",
            "first_name_en": "Nina",
            "last_name_en": "Beridze-Gogua",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.full_name_ka == "ნინა ბერიძე-გოგუა"
    assert learner.preferred_language == "en"


def test_a_name_in_the_wrong_script_is_refused_and_nothing_changes(ka, learner):
    ka.force_login(learner)
    response = ka.post(
        reverse("accounts:profile_edit"),
        {
            "first_name_ka": "Nina",
            "last_name_ka": "",
            "first_name_en": "Nina",
            "last_name_en": "",
            "preferred_language": "ka",
        },
    )
    assert response.status_code == 200
    assert "ქართული ასოებით" in response.content.decode()
    learner.refresh_from_db()
    assert learner.first_name_ka == "ნინო"


def test_emails_are_one_per_person_whatever_their_case(learner):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email=learner.email.upper(), password="x")


def test_the_profile_page_runs_a_fixed_number_of_queries(client, learner, django_assert_max_num_queries):
    client.force_login(learner)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("accounts:profile")).status_code == 200

"""The provider area as a provider administrator uses it: register, invite and remove staff, apply."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.pdf import minimal_pdf
from apps.providers.models import AuthorizationApplication, Provider, ProviderMembership

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "legal_name_ka": "ბათუმის სახელმწიფო საზღვაო აკადემია",
    "legal_name_en": "Batumi State Maritime Academy",
    "short_name": "BSMA",
    "identification_code": "245431230",
    "kind": "teaching_university",
    "country": "GE",
    "contact_email": "info@bsma.edu.ge",
}


def test_registering_an_organisation(client, learner):
    client.force_login(learner)
    response = client.post("/provider/register/", REGISTRATION)
    provider = Provider.objects.get()
    assert response.status_code == 302 and response.url == f"/provider/{provider.pk}/"
    assert ProviderMembership.objects.get(provider=provider).user == learner


def test_a_duplicate_identification_code_is_shown_on_the_field_and_nothing_is_saved(client, learner, provider_a):
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/provider/register/", {**REGISTRATION, "identification_code": provider_a.identification_code}
    )
    assert response.status_code == 200
    assert "already registered" in str(response.context["form"].errors["identification_code"])
    assert Provider.objects.count() == 1


def test_inviting_a_newcomer_who_then_creates_an_account(
    client, provider_a, admin_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/provider/{provider_a.pk}/staff/", {"email": "newcomer@example.ge", "role": "author"})
    link = re.search(r"/provider/invitations/[\w-]+/", mail.outbox[0].body).group(0)
    client.logout()

    response = client.post(
        link,
        {
            "first_name_ka": "ნანა",
            "last_name_ka": "კვარაცხელია",
            "first_name_en": "Nana",
            "last_name_en": "Kvaratskhelia",
            "password": "kutaisi-bagrati-1003",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 302 and response.url == f"/provider/{provider_a.pk}/"
    membership = ProviderMembership.objects.get(user__email="newcomer@example.ge")
    assert membership.role == "author"
    assert client.get(link).status_code == 410  # used once


def test_removing_a_member(client, provider_a, admin_a, author_a):
    client.force_login(admin_a)
    membership = ProviderMembership.objects.get(user=author_a)
    client.post(f"/provider/{provider_a.pk}/staff/{membership.pk}/remove/")
    assert not ProviderMembership.objects.filter(pk=membership.pk).exists()


def test_an_application_from_draft_to_submitted_in_the_browser(client, provider_a, admin_a):
    client.force_login(admin_a)
    client.cookies["django_language"] = "en"
    client.post(f"/provider/{provider_a.pk}/applications/")
    application = AuthorizationApplication.objects.get()
    base = f"/provider/{provider_a.pk}/applications/{application.pk}/"

    refused = client.post(f"{base}submit/", follow=True)
    assert "Attach at least one supporting document." in refused.content.decode()

    client.post(base, {"levels": ["6"], "fields_of_study": ["0613"], "self_evaluation": "ე" * 80})
    not_pdf = client.post(
        f"{base}documents/",
        {"title": "Photo", "file": SimpleUploadedFile("photo.pdf", b"\xff\xd8\xff\xe0JFIF")},
        follow=True,
    )
    assert "The file is not a PDF document." in not_pdf.content.decode()
    client.post(f"{base}documents/", {"title": "Report", "file": SimpleUploadedFile("r.pdf", minimal_pdf())})
    client.post(f"{base}submit/")
    application.refresh_from_db()
    assert application.status == "submitted" and application.documents.count() == 1


def test_the_application_page_runs_a_fixed_number_of_queries(
    client, provider_a, admin_a, django_assert_max_num_queries
):
    from tests.helpers import complete_application

    application = complete_application(provider_a, admin_a, fields=("0611", "0612", "0613"))
    client.force_login(admin_a)
    with django_assert_max_num_queries(20):
        assert client.get(f"/provider/{provider_a.pk}/applications/{application.pk}/").status_code == 200

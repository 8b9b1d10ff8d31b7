"""The API: public providers; provider administrators write their own applications, with the same rules and
messages as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.pdf import minimal_pdf
from tests.helpers import authorize

pytestmark = pytest.mark.django_db


def test_public_providers_carry_their_current_authorization(client, provider_a, admin_a, reviewer):
    authorize(provider_a, admin_a, reviewer, levels=(6,), fields=("0612",))
    data = client.get("/api/v1/providers/").json()
    assert data["count"] == 1
    provider = data["results"][0]
    assert provider["authorization_status"] == "valid"
    assert provider["authorization"]["levels"] == [6] and provider["authorization"]["fields_of_study"] == ["0612"]


def test_a_provider_admin_writes_and_submits_an_application_through_the_api(client, provider_a, admin_a):
    client.force_login(admin_a)
    created = client.post(
        "/api/v1/applications/",
        {"provider": provider_a.pk, "levels": [6, 7], "fields_of_study": ["061"], "self_evaluation": "ს" * 60},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]

    client.cookies["django_language"] = "en"
    incomplete = client.post(f"/api/v1/applications/{application_id}/submit/")
    assert incomplete.status_code == 400
    assert "Attach at least one supporting document." in incomplete.json()["non_field_errors"]

    not_pdf = client.post(
        f"/api/v1/applications/{application_id}/documents/",
        {"title": "Scan", "file": SimpleUploadedFile("scan.pdf", b"GIF89a....")},
    )
    assert not_pdf.status_code == 400 and "file" in not_pdf.json()

    attached = client.post(
        f"/api/v1/applications/{application_id}/documents/",
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", minimal_pdf())},
    )
    assert attached.status_code == 201

    submitted = client.post(f"/api/v1/applications/{application_id}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

    locked = client.patch(
        f"/api/v1/applications/{application_id}/", {"self_evaluation": "changed"}, content_type="application/json"
    )
    assert locked.status_code == 400


def test_an_application_cannot_be_made_for_another_provider(client, admin_a, provider_b):
    """Another provider reads exactly as a provider that does not exist: the answer tells nothing about it."""
    client.cookies["django_language"] = "en"
    client.force_login(admin_a)
    response = client.post("/api/v1/applications/", {"provider": provider_b.pk}, content_type="application/json")
    never_used = client.post("/api/v1/applications/", {"provider": 987654}, content_type="application/json")
    assert response.status_code == never_used.status_code == 400
    expected = [message.replace("987654", str(provider_b.pk)) for message in never_used.json()["provider"]]
    assert response.json()["provider"] == expected


def test_the_schema_documents_the_routes(client):
    schema = client.get("/api/schema/").content.decode()
    for route in ("/api/v1/providers/", "/api/v1/applications/{id}/submit/", "/api/v1/applications/{id}/documents/"):
        assert route in schema

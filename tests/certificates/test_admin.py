"""NCEQE's certificate actions in the admin: each asks its reason, records through the service, and lands on the
certificate it leaves behind."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_center_reissues_in_the_admin_and_lands_on_the_new_certificate(
    client, issued, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    client.cookies["django_language"] = "en"
    url = reverse("admin:certificates_credential_reissue", args=[issued.pk])

    assert client.post(url, {"reason": " "}).status_code == 200  # no reason, no re-issue
    issued.refresh_from_db()
    assert issued.status == "issued"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The family name was misspelt."}, follow=True)
    issued.refresh_from_db()
    new = issued.superseded_by
    assert issued.status == "superseded" and new is not None
    assert response.redirect_chain[-1][0] == reverse("admin:certificates_credential_change", args=[new.pk])
    assert f"The corrected certificate is being prepared under the new code {new.code}." in response.content.decode()

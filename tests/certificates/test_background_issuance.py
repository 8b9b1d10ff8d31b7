"""Issue all, in the embedded default (no REDIS_URL, no worker): the request returns at once and the progress
bar moves from the start, because the certificates are rendered and signed in a background thread."""

import time

import pytest
from django.urls import reverse

from apps.certificates.models import Credential
from config.celery import wait_for_background
from tests.helpers import finalise_with

# The background thread reads what the request committed: this test commits for real.
pytestmark = pytest.mark.django_db(transaction=True)


def test_issue_all_returns_at_once_and_the_progress_moves_from_zero(
    client, settings, approval_offering, admin_a, assessor, signing_identity
):
    settings.REDIS_URL = ""  # the embedded default: tasks run in this process
    approval_offering.capacity = 10
    approval_offering.save(update_fields=["capacity"])
    finalise_with(approval_offering, admin_a, assessor, [(95, 90), (75, 80), (85, 85), (65, 70)])
    client.force_login(admin_a)
    provider_id = approval_offering.version.programme.provider_id
    url = reverse("certificates:issue_bulk", args=[provider_id, approval_offering.pk])
    try:
        started = time.monotonic()
        response = client.post(url)
        elapsed = time.monotonic() - started
        assert response.status_code == 302 and "/credential-batches/" in response["Location"]
        # Rendering and signing four certificates takes seconds (3.5 s here, when the request waited for them).
        assert elapsed < 1.0, f"the request waited {elapsed:.1f} s for the certificates"

        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            progress = client.get(response["Location"] + "?format=json").json()
            seen.append(progress["percent"])
            if progress["finished"]:
                break
            time.sleep(0.1)
        assert seen[0] < 100, seen
        assert seen[-1] == 100 and progress["done"] == 4 and progress["issued"] == 4, seen
        assert Credential.objects.filter(offering=approval_offering, status="issued").count() == 4
    finally:
        wait_for_background()

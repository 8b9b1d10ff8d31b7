"""Expired and failing certificates: the provider's list of an offering and the Center's admin find the same ones."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from apps.certificates.models import Credential


def test_the_provider_and_the_center_find_the_same_expired_and_failing_certificates(
    client, issued, passed_two, admin_a, reviewer
):
    client.force_login(admin_a)
    answer = client.post("/api/v1/credentials/", {"enrolment": passed_two[1].pk})
    assert answer.status_code == 201
    failing = Credential.objects.get(code=answer.json()["code"])  # pending: its preparation has not run yet
    # What a preparation that failed leaves behind.
    Credential.objects.filter(pk=failing.pk).update(render_error="Der Signierschlüssel fehlt.")

    offering_page = reverse("certificates:offering", args=[issued.provider_id, issued.offering_id])

    def listed(status: str) -> set[str]:
        page = client.get(offering_page, {"status": status}).content.decode()
        return set(re.findall(r'data-code="([^"]+)"', page))

    assert listed("issued") == {issued.code}
    now = timezone.now()
    Credential.objects.filter(pk=issued.pk).update(
        issued_at=now - datetime.timedelta(days=400), expires_at=now - datetime.timedelta(days=1)
    )
    assert listed("expired") == {issued.code}
    assert listed("issued") == set()  # an expired certificate is no longer listed as issued
    assert listed("failing") == {failing.code}
    assert listed("") == {issued.code, failing.code}

    client.force_login(reviewer)
    changelist = reverse("admin:certificates_credential_changelist")

    def in_admin(preparation: str) -> set[str]:
        page = client.get(changelist, {"preparation": preparation}).content.decode()
        return {code for code in (issued.code, failing.code) if code in page}

    assert in_admin("expired") == {issued.code}
    assert in_admin("failing") == {failing.code}

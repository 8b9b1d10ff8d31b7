"""Issue 13, item 4: the demo tells a coherent story. Every demo certificate passes every check of its verification
except the one its state is about: the expired one was issued while its provider was authorized, and only its
expiry fails."""

import pytest
from django.core.management import call_command
from django.utils import translation

from apps.certificates.models import Credential
from apps.verification import checks

pytestmark = pytest.mark.django_db

# The state a reader sees -> (the verdict, the only checks that fail).
EXPECTED = {
    "issued": ("valid", set()),
    "revoked": ("revoked", {"Not revoked"}),
    "superseded": ("superseded", {"Not replaced by a corrected certificate"}),
    "expired": ("expired", {"Not expired"}),
}


def test_every_demo_certificate_fails_only_the_check_its_state_is_about(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    credentials = list(Credential.objects.order_by("pk"))
    assert {c.effective_status for c in credentials} == set(EXPECTED)
    with translation.override("en"):
        for credential in credentials:
            verification = checks.verify(credential.code)
            verdict, failing = EXPECTED[credential.effective_status]
            failed = {str(check.label) for check in verification.checks if not check.passed}
            assert (credential.effective_status, failed) == (credential.effective_status, failing)
            assert verification.verdict == verdict
    # The revoked one: the public reads its category; the words its provider wrote stay private.
    revoked = Credential.objects.get(status="revoked")
    assert revoked.revocation_category == "academic_misconduct"
    text = client.get(f"/verify/{revoked.code}/").content.decode()
    assert "აკადემიური კეთილსინდისიერების დარღვევა" in text and revoked.revocation_reason not in text
    assert " / " not in revoked.revocation_reason  # one language, not both halves joined

import pytest
from django.core.management import call_command

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_working_logins(client, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == counts

    assert "reviewer@microcred.localhost" in first
    assert "learner@microcred.localhost" in first
    reviewer = User.objects.get(email="reviewer@microcred.localhost")
    assert reviewer.is_reviewer and reviewer.is_staff

    logged_in = client.post(
        "/account/login/", {"login": "learner@microcred.localhost", "password": "demo-password-2026"}
    )
    assert logged_in.status_code == 302 and logged_in.url == "/learner/"  # the demo learner has enrolments


def test_seed_demo_issues_signed_certificates_in_every_state(capsys, django_capture_on_commit_callbacks):
    from apps.certificates import keys, signing
    from apps.certificates.models import Credential

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    out = capsys.readouterr().out
    states = {c.effective_status for c in Credential.objects.all()}
    assert {"issued", "revoked", "superseded", "expired"} <= states
    assert "pending" not in states
    for credential in Credential.objects.all():
        assert credential.code in out
        with credential.pdf.open("rb") as handle:
            data = handle.read()
        assert signing.check_signature(data, roots=keys.trust_roots(), at=credential.signed_at).valid
    superseded = Credential.objects.get(status="superseded")
    assert superseded.superseded_by.status == "issued"

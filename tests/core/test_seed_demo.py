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

"""Two-factor authentication: any user may turn it on; staff and reviewers must, where the setting says so."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_code(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_learner_turns_on_totp(ka, learner, password):
    ka.post(reverse("account_login"), {"login": learner.email, "password": password})
    # Turning a second factor on asks for the password again, however recent the login.
    assert ka.get(reverse("mfa_activate_totp")).url.startswith(reverse("account_reauthenticate"))
    ka.post(reverse("account_reauthenticate"), {"password": password})
    page = ka.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    response = ka.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=learner, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=learner, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_a_totp_code_cannot_be_used_twice_at_login(ka, learner, password):
    secret = generate_totp_secret()
    TOTP.activate(learner, secret)

    ka.post(reverse("account_login"), {"login": learner.email, "password": password})
    code = current_code(secret)  # after the first request, which may be slow, so that it stays current
    first = ka.post(reverse("mfa_authenticate"), {"code": code})
    assert first.status_code == 302
    ka.post(reverse("account_logout"))

    ka.post(reverse("account_login"), {"login": learner.email, "password": password})
    second = ka.post(reverse("mfa_authenticate"), {"code": code})

    assert second.status_code == 200
    assert "არასწორი კოდი." in second.content.decode()
    assert "_auth_user_id" not in ka.session


@pytest.mark.parametrize("path", ["/admin/", "/provider/"])
def test_staff_without_mfa_are_sent_to_turn_it_on_when_required(client, reviewer, settings, path):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(reviewer)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_mfa_reach_the_admin_when_required(client, reviewer, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    TOTP.activate(reviewer, generate_totp_secret())
    client.force_login(reviewer)

    assert client.get("/admin/").status_code == 200


def test_learners_are_not_asked_for_mfa(client, learner, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(learner)

    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_demo_defaults_let_staff_in_without_mfa(client, reviewer, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(reviewer)

    assert client.get("/admin/").status_code == 200


def test_production_always_requires_mfa_of_staff_and_trusts_the_documented_proxy():
    from tests.core.test_settings import PRODUCTION_ENV, manage

    script = "from django.conf import settings; print(settings.MFA_REQUIRED_FOR_STAFF, settings.TRUSTED_PROXY_COUNT)"
    result = manage("shell", "--no-imports", "-c", script, env={**PRODUCTION_ENV, "MFA_REQUIRED_FOR_STAFF": "false"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "1"]

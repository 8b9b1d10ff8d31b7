"""The admin has no login of its own: /admin/login/ sends everyone to the portal's login, with its rate limits and
the second factor, so that a password alone never opens the admin."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_the_right_password_alone_at_admin_login_does_not_open_the_admin(ka, reviewer, password):
    TOTP.activate(reviewer, generate_totp_secret())

    response = ka.post("/admin/login/?next=/admin/", {"username": reviewer.email, "password": password})

    assert "_auth_user_id" not in ka.session
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert ka.get("/admin/").url.startswith("/admin/login/")


def test_admin_login_sends_to_the_portal_login_and_back(ka):
    response = ka.get("/admin/login/?next=/admin/providers/")

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fadmin%2Fproviders%2F"


def test_the_portal_login_asks_a_reviewer_for_the_code_then_opens_the_admin(ka, reviewer, password):
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    login_url = ka.get("/admin/login/?next=/admin/").url

    after_password = ka.post(login_url, {"login": reviewer.email, "password": password})

    assert after_password.status_code == 302 and after_password.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in ka.session
    assert ka.get("/admin/").status_code == 302  # still signed out
    code_page = ka.get(reverse("mfa_authenticate"))
    assert "თქვენი ანგარიში დაცულია ორფაქტორიანი ავთენტიფიკაციით" in code_page.content.decode()

    after_code = ka.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert after_code.status_code == 302 and after_code.url == "/admin/"
    assert ka.get("/admin/").status_code == 200


def test_wrong_passwords_sent_to_admin_login_are_never_checked(ka, reviewer, password):
    """Django's form had no rate limit: 40 wrong passwords, then the right one, was a login."""
    for attempt in range(40):
        ka.post("/admin/login/", {"username": reviewer.email, "password": f"wrong-{attempt}"})
    ka.post("/admin/login/", {"username": reviewer.email, "password": password})

    assert "_auth_user_id" not in ka.session


def test_a_signed_in_learner_is_refused_at_admin_login(client, learner):
    client.force_login(learner)

    assert client.get("/admin/login/").status_code == 403

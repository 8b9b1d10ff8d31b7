"""With MFA_REQUIRED_FOR_STAFF, a person with staff rights and no second factor can do nothing signed in beyond
their own account and the public pages: not in the admin, the provider area, the API (whatever authenticates
them) or a credential's files. HTML is sent to turn two-factor on; the API answers 403 saying why."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.authentication import SecondFactorRequired
from apps.certificates.models import Credential
from apps.enrolments.models import EnrolmentInvitation
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MESSAGE_KA = "გასაგრძელებლად ჩართეთ ორფაქტორიანი ავთენტიფიკაცია"
API_MESSAGE_KA = "API-ით სარგებლობამდე ჩართეთ ამ ანგარიშის ორფაქტორიანი ავთენტიფიკაცია"
API_MESSAGE_EN = "Turn on two-factor authentication for this account in the portal"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def sent_to_turn_on_mfa(response):
    return response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_staff_without_mfa_cannot_revoke_through_the_api(client, required, issued, admin_a):
    client.force_login(admin_a)
    client.cookies["django_language"] = "ka"

    response = client.post(f"/api/v1/credentials/{issued.code}/revoke/", {"reason": "Plagiarism"})

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert API_MESSAGE_KA in response.json()["detail"]
    assert Credential.objects.get(pk=issued.pk).status == "issued"


def test_the_api_refusal_is_in_the_users_language(client, required, issued, admin_a):
    client.force_login(admin_a)
    client.cookies["django_language"] = "en"

    response = client.get("/api/v1/credentials/")

    assert response.status_code == 403
    assert API_MESSAGE_EN in response.json()["detail"]


def test_staff_without_mfa_cannot_enrol_through_the_api(client, required, offering, admin_a):
    client.force_login(admin_a)
    client.cookies["django_language"] = "ka"

    response = client.post(
        "/api/v1/enrolment-invitations/",
        {
            "offering": offering.pk,
            "email": "newcomer@example.ge",
            "first_name_en": "Nino",
            "last_name_en": "Beridze",
            "funding_source": "self",
        },
    )

    assert response.status_code == 403
    assert API_MESSAGE_KA in response.json()["detail"]
    assert not EnrolmentInvitation.objects.exists()


def test_with_mfa_on_the_same_staff_revoke_through_the_api(client, required, issued, admin_a):
    TOTP.activate(admin_a, generate_totp_secret())
    client.force_login(admin_a)

    response = client.post(f"/api/v1/credentials/{issued.code}/revoke/", {"reason": "Plagiarism"})

    assert response.status_code == 200
    assert Credential.objects.get(pk=issued.pk).status == "revoked"


def test_staff_without_mfa_cannot_download_a_learners_certificate(client, required, issued, admin_a):
    client.force_login(admin_a)
    client.cookies["django_language"] = "ka"

    response = client.get(f"/credentials/{issued.code}.pdf")

    assert sent_to_turn_on_mfa(response)
    assert response["Content-Type"] != "application/pdf"
    follow = client.get(response.url, follow=True)
    assert MESSAGE_KA in follow.content.decode()


def test_with_mfa_on_the_issuer_downloads_the_certificate(client, required, issued, admin_a):
    TOTP.activate(admin_a, generate_totp_secret())
    client.force_login(admin_a)

    response = client.get(f"/credentials/{issued.code}.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_learner_who_is_also_staff_turns_mfa_on_for_their_own_certificate(client, required, issued):
    """One password opens both the learner's things and the staff member's: the rule is for the person."""
    learner = issued.learner
    client.force_login(learner)
    assert client.get(f"/credentials/{issued.code}.pdf").status_code == 200

    MembershipFactory(user=learner, role="assessor")

    assert sent_to_turn_on_mfa(client.get(f"/credentials/{issued.code}.pdf"))
    assert sent_to_turn_on_mfa(client.get(reverse("learner:home")))


@pytest.mark.parametrize("path", ["/admin/", "/provider/", "/learner/", "/admin/login/", "/no-such-page/"])
def test_every_other_page_sends_staff_without_mfa_to_turn_it_on(client, required, reviewer, path):
    client.force_login(reviewer)

    assert sent_to_turn_on_mfa(client.get(path))


def test_a_post_to_the_provider_area_changes_nothing(client, required, issued, admin_a):
    client.force_login(admin_a)

    response = client.post(reverse("certificates:revoke", args=[issued.provider_id, issued.code]), {"reason": "x"})

    assert sent_to_turn_on_mfa(response)
    assert Credential.objects.get(pk=issued.pk).status == "issued"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/privacy/",
        "/verify/",
        "/registry/providers/",
        "/registry/programmes/",
        "/account/2fa/",
        "/account/profile/",
        "/account/email/",
        "/api/schema/",
        "/.well-known/jwks.json",
    ],
)
def test_staff_without_mfa_may_still_read_public_pages_and_manage_their_account(client, required, reviewer, path):
    client.force_login(reviewer)

    assert client.get(path).status_code == 200


def test_staff_without_mfa_may_switch_language_turn_mfa_on_and_sign_out(client, required, reviewer, password):
    client.force_login(reviewer)

    assert client.post(reverse("core:set_language"), {"language": "en", "next": "/"}).status_code == 302
    # Turning two-factor on starts by asking for the password again: that page is open too.
    reauthenticate = client.get(reverse("mfa_activate_totp"))
    assert reauthenticate.status_code == 302 and reauthenticate.url.startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_reauthenticate"), {"password": password}).status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_the_public_verification_api_needs_no_second_factor(client, required, issued, admin_a):
    client.force_login(admin_a)

    assert client.get(f"/api/v1/verify/{issued.code}/").status_code == 200


def test_learners_use_the_api_without_mfa(client, required, issued):
    client.force_login(issued.learner)

    assert client.get("/api/v1/credentials/").status_code == 200


def test_every_api_authentication_checks_the_second_factor():
    """A token or other authentication added to the API later must refuse staff without a second factor too."""

    def api_views(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from api_views(pattern, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/") and hasattr(pattern.callback, "cls"):
                yield route, pattern.callback.cls

    views = list(api_views(get_resolver()))
    assert len(views) > 10
    for route, view in views:
        for authentication in view().get_authenticators():
            assert isinstance(authentication, SecondFactorRequired), f"{route}: {type(authentication).__name__}"

"""Every e-mail the portal sends, rendered in Georgian and in English and read as its recipient reads it: no empty
placeholder ("Hello from !", "an account on ."), the portal's name, the subject in the recipient's language, no
English left in the Georgian text, and every link on the portal's public address (issue 13, item 13).

allauth's mails are produced by walking the real flows (sign-up, a second confirmation, password resets, a sign-up
with a known address); the portal's own mails are rendered by the function that sends them, with the objects a
real sender hands it. A new e-mail template fails `test_every_email_template_is_checked` until it has a case here.
"""

import datetime
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.certificates.models import Credential
from apps.core.mail import render_for_user
from apps.enrolments.models import Enrolment, EnrolmentInvitation, Offering
from apps.enrolments.tasks import _render_for_address
from apps.programmes.models import Programme, ProgrammeReview, ProgrammeVersion
from apps.providers.models import (
    AuthorizationApplication,
    AuthorizationDecision,
    IdentityChangeRequest,
    Invitation,
    Provider,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://microcred.example.ge"
LANGUAGES = ["ka", "en"]

# Words that give away an English sentence left in a Georgian mail (proper names such as "MicroCred Georgia" and
# the NCEQE abbreviation are taken out first).
ENGLISH_WORDS = set(
    re.findall(
        r"\S+",
        "the you your and of to is are from on hello thank thanks please account email e-mail password confirm link"
        " certificate invitation provider reset site using received receiving click here reasons valid",
    )
)
PROPER_NAMES = ["MicroCred Georgia", "NCEQE", "PDF", "ECTS"]
EMPTY_PLACEHOLDERS = ["from !", " on .", "None", "{{", "{%", "}}", "!-დან", "  .", " ()"]

GEORGIAN_LETTERS = re.compile(r"[\u10d0-\u10ff]")


@pytest.fixture(autouse=True)
def public_base_url(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


def read(subject: str, body: str, language: str) -> None:
    """What the recipient would notice, checked as they would notice it."""
    text = f"{subject}\n{body}"
    for placeholder in EMPTY_PLACEHOLDERS:
        assert placeholder not in text, f"{placeholder!r} in:\n{text}"
    assert "MicroCred Georgia" in body, body
    links = re.findall(r"https?://[^\s\"'<>]+", text)
    assert links, "a mail with nowhere to go"
    for link in links:
        assert link.startswith(PUBLIC + "/"), f"{link} is not on {PUBLIC}"
    prose = re.sub(r"https?://\S+|\S+@\S+", " ", text)
    for name in PROPER_NAMES:
        prose = prose.replace(name, " ")
    if language == "ka":
        assert GEORGIAN_LETTERS.search(subject), f"English subject in a Georgian mail: {subject}"
        english = {w for w in re.findall(r"[A-Za-z][A-Za-z-]*", prose) if w.lower() in ENGLISH_WORDS}
        assert not english, f"English words {english} in the Georgian mail:\n{text}"
    else:
        assert not GEORGIAN_LETTERS.search(prose), f"Georgian in the English mail:\n{text}"


# --- allauth's mails, through the real flows -------------------------------------------------------------------

SIGNUP = {
    "first_name_ka": "თამარ",
    "last_name_ka": "ლომიძე",
    "first_name_en": "Tamar",
    "last_name_en": "Lomidze",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "accept_privacy": "on",
}


def client_in(language):
    client = Client()
    client.cookies["django_language"] = language
    return client


def only_mail():
    (message,) = mail.outbox
    mail.outbox.clear()
    return message


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_up_confirmation_and_its_second_copy(language, django_capture_on_commit_callbacks):
    client = client_in(language)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {**SIGNUP, "email": "tamar@example.ge", "preferred_language": language})
    signup = only_mail()
    read(signup.subject, signup.body, language)
    assert re.search(rf"{PUBLIC}/account/confirm-email/\S+/", signup.body)
    if language == "ka":
        assert "მომხმარებემა" not in signup.body  # allauth's own Georgian misspells "the user"
        assert "დაადასტურეთ" in signup.subject
    else:
        assert "confirm your e-mail address" in signup.subject

    # Logging in before confirming sends the link again (allauth's other template), once the three minutes
    # between two copies have passed.
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_login"), {"login": "tamar@example.ge", "password": SIGNUP["password1"]})
    again = only_mail()
    read(again.subject, again.body, language)
    assert re.search(rf"{PUBLIC}/account/confirm-email/\S+/", again.body)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_reset_mails_to_known_and_unknown_addresses(language, django_capture_on_commit_callbacks):
    UserFactory(email="nino@example.ge", preferred_language=language)
    client = client_in(language)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "nino@example.ge"})
    known = only_mail()
    read(known.subject, known.body, language)
    assert re.search(rf"{PUBLIC}/account/password/reset/key/\S+/", known.body)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "nobody@example.ge"})
    unknown = only_mail()
    read(unknown.subject, unknown.body, language)
    assert f"{PUBLIC}/account/signup/" in unknown.body and "/reset/key/" not in unknown.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mail_to_the_owner_of_an_address_someone_signs_up_with(language, django_capture_on_commit_callbacks):
    UserFactory(email="nino@example.ge", preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        client_in(language).post(
            reverse("account_signup"), {**SIGNUP, "email": "Nino@Example.ge", "preferred_language": language}
        )
    message = only_mail()
    read(message.subject, message.body, language)
    assert f"{PUBLIC}/account/password/reset/" in message.body


def test_a_forged_host_header_never_reaches_a_reset_link(django_capture_on_commit_callbacks):
    UserFactory(email="nino@example.ge")
    with django_capture_on_commit_callbacks(execute=True):
        Client(HTTP_HOST="evil.example.com").post(reverse("account_reset_password"), {"email": "nino@example.ge"})
    (message,) = mail.outbox
    assert "evil.example.com" not in message.body
    assert f"{PUBLIC}/account/password/reset/key/" in message.body


def test_a_confirmation_link_from_the_mail_works(django_capture_on_commit_callbacks):
    """The rewritten link is still the portal's: it confirms the address and the person can log in."""
    client = client_in("ka")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {**SIGNUP, "email": "tamar@example.ge", "preferred_language": "ka"})
    path = re.search(rf"{PUBLIC}(/account/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(path)
    assert EmailAddress.objects.get(email="tamar@example.ge").verified


# --- The portal's own mails ----------------------------------------------------------------------------------


def world():
    """Unsaved objects shaped as the senders hand them over (ids set so that links resolve)."""
    provider = Provider(
        pk=7,
        legal_name_ka="საქართველოს ტექნიკური უნივერსიტეტი",
        legal_name_en="Georgian Technical University",
        short_name="GTU",
        contact_email="registrar@gtu.example.ge",
    )
    programme = Programme(pk=11, provider=provider)
    version = ProgrammeVersion(
        pk=13,
        programme=programme,
        number=2,
        title_ka="კომპიუტერული ქსელების ადმინისტრირება მცირე და საშუალო ბიზნესისთვის",
        title_en="Computer Network Administration for SMEs",
    )
    offering = Offering(
        pk=17, version=version, start_date=datetime.date(2026, 10, 1), end_date=datetime.date(2026, 12, 20)
    )
    admin = User(
        email="admin@gtu.example.ge",
        first_name_ka="გიორგი",
        last_name_ka="ბერიძე",
        first_name_en="Giorgi",
        last_name_en="Beridze",
    )
    snapshot = {"title": {"ka": version.title_ka, "en": version.title_en}}
    credential = Credential(
        code="7K2QD-M4XRT-9PWCE",
        provider=provider,
        snapshot=snapshot,
        expires_at=timezone.make_aware(datetime.datetime(2027, 3, 1, 12)),
    )
    return provider, version, offering, admin, credential


def cases(language):
    """(template, recipient, context) of every mail the portal sends itself, with texts in `language`."""
    provider, version, offering, admin, credential = world()
    ka = language == "ka"
    reason = "ნიშანი შეცდომით შეიყვანეს." if ka else "The grade was entered by mistake."
    return [
        ("certificates/email/issued", {"credential": credential}),
        ("certificates/email/expiring", {"credential": credential}),
        (
            "certificates/email/reissued",
            {"credential": Credential(code=credential.code, snapshot=credential.snapshot, correction_reason=reason)},
        ),
        (
            "certificates/email/revoked",
            {
                "credential": Credential(
                    code=credential.code,
                    provider=provider,
                    snapshot=credential.snapshot,
                    revocation_category="issued_in_error",
                    revocation_reason=reason,
                )
            },
        ),
        (
            "enrolments/email/completed",
            {"enrolment": Enrolment(offering=offering, status="completed")},
        ),
        (
            "enrolments/email/invitation",
            {
                "invitation": EnrolmentInvitation(offering=offering, token="tok-1", email="keti@example.ge"),
                "offering": offering,
                "url": f"{PUBLIC}/learner/invitations/tok-1/",
                "has_account": False,
            },
        ),
        (
            "programmes/email/review",
            {
                "review": ProgrammeReview(
                    version=version,
                    outcome="changes_requested",
                    reasons_ka="სწავლის შედეგები შეფასების კომპონენტებს არ უკავშირდება.",
                    reasons_en="The learning outcomes are not linked to the assessment components.",
                )
            },
        ),
        (
            "providers/email/decision",
            {
                "decision": AuthorizationDecision(
                    provider=provider,
                    outcome="authorized",
                    reasons_ka="დაწესებულება აკმაყოფილებს ავტორიზაციის სტანდარტებს.",
                    reasons_en="The institution meets the authorization standards.",
                    conditions_ka="ყოველწლიური ანგარიში ცენტრს.",
                    conditions_en="An annual report to the Center.",
                    valid_from=datetime.date(2026, 9, 1),
                    valid_until=datetime.date(2031, 8, 31),
                )
            },
        ),
        *[
            (
                "providers/email/identity_change",
                {
                    "change": IdentityChangeRequest(
                        provider=provider,
                        status=status,
                        reasons_ka="საჯარო რეესტრის ამონაწერი ახალ სახელს ადასტურებს.",
                        reasons_en="The public registry extract confirms the new name.",
                    )
                },
            )
            for status in ("approved", "rejected")
        ],
        # The reviewers' notifications (the link is the admin page that the notification also points to).
        (
            "programmes/email/version_submitted",
            {"version": version, "link": f"/admin/programmes/programmeversion/{version.pk}/change/"},
        ),
        (
            "providers/email/application_submitted",
            {
                "application": AuthorizationApplication(pk=5, provider=provider),
                "link": "/admin/providers/authorizationapplication/5/change/",
            },
        ),
        (
            "providers/email/invitation",
            {
                "invitation": Invitation(provider=provider, role="author", token="tok-2", email="eka@example.ge"),
                "provider": provider,
                "inviter": admin,
                "invitation_days": 14,
            },
        ),
        # To every NCEQE reviewer (apps.accounts.services.notify hands over the link too).
        (
            "providers/email/application_submitted",
            {
                "application": AuthorizationApplication(pk=5, provider=provider),
                "link": "/admin/providers/authorizationapplication/5/change/",
            },
        ),
        (
            "programmes/email/version_submitted",
            {"version": version, "link": "/admin/programmes/programmeversion/13/change/"},
        ),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("number", range(len(cases("en"))), ids=[f"{t}-{n}" for n, (t, _c) in enumerate(cases("en"))])
def test_every_mail_of_the_portal_reads_right(language, number):
    template, context = cases(language)[number]
    recipient = User(email="keti@example.ge", preferred_language=language)
    read(*render_for_user(user=recipient, template=template, context=context), language)
    # Someone with no account yet reads it in the language they were invited in, the same way.
    read(*_render_for_address(language=language, template=template, context=context), language)


def test_an_invitation_to_an_existing_account_reads_right_in_both_languages():
    for language in LANGUAGES:
        recipient = User(email="keti@example.ge", preferred_language=language)
        _provider, _version, offering, _admin, _credential = world()
        context = {
            "invitation": EnrolmentInvitation(offering=offering, token="tok-1", email="keti@example.ge"),
            "offering": offering,
            "url": f"{PUBLIC}/learner/invitations/tok-1/",
            "has_account": True,
        }
        read(*render_for_user(user=recipient, template="enrolments/email/invitation", context=context), language)


ALLAUTH_MAILS = {
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
    "account/email/password_reset_key",
    "account/email/unknown_account",
    "account/email/account_already_exists",
}


def test_every_email_template_is_checked():
    """A new mail (a reviewer's notification, say) needs a case above before it can ship."""
    root = Path(settings.BASE_DIR) / "templates"
    on_disk = {
        str(path.relative_to(root))[: -len("_message.txt")]
        for path in root.glob("*/email/*_message.txt")
        if path.name != "base_message.txt"
    }
    checked = ALLAUTH_MAILS | {template for template, _context in cases("en")}
    assert on_disk - checked == set()

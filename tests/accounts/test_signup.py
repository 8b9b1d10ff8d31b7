"""Sign-up, e-mail verification and login, as a person meets them, in Georgian (the default) and English."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "Tamar.Lomidze@Example.GE",
        "first_name_ka": "თამარ",
        "last_name_ka": "ლომიძე",
        "first_name_en": "Tamar",
        "last_name_en": "Lomidze",
        "preferred_language": "ka",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        "accept_privacy": "on",
    }
    data.update(overrides)
    return data


def page(client, url, typed_email=""):
    """The page as a person sees it, with the address they typed and the form's CSRF token (which differs on
    every page) left out."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", client.get(url).content.decode())
    return re.sub(re.escape(typed_email), "<address>", text, flags=re.IGNORECASE) if typed_email else text


def sign_up(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_signup"), signup_data(**overrides))


def test_sign_up_creates_an_unverified_account_and_mails_the_link(ka, django_capture_on_commit_callbacks):
    response = sign_up(ka, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "tamar.lomidze@example.ge"
    assert (user.full_name_ka, user.full_name_en) == ("თამარ ლომიძე", "Tamar Lomidze")
    assert user.privacy_accepted_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tamar.lomidze@example.ge"]
    # Rendered in the language of the page the person signed up on.
    assert "ელ. ფოსტ" in mail.outbox[0].subject + mail.outbox[0].body


def test_an_unverified_account_cannot_log_in_until_the_link_is_followed(ka, django_capture_on_commit_callbacks):
    sign_up(ka, django_capture_on_commit_callbacks)
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[0].body).group(0)

    login = ka.post(
        reverse("account_login"), {"login": "tamar.lomidze@example.ge", "password": "a-long-and-unusual-passphrase"}
    )
    assert login.status_code == 302 and login.url == reverse("account_email_verification_sent")

    confirm_page = ka.get(link)
    assert confirm_page.status_code == 200
    ka.post(link)
    assert EmailAddress.objects.get().verified

    login = ka.post(
        reverse("account_login"), {"login": "TAMAR.lomidze@example.ge", "password": "a-long-and-unusual-passphrase"}
    )
    assert login.status_code == 302 and login.url == reverse("accounts:profile")


def test_signing_up_with_a_known_address_looks_like_a_new_sign_up_and_mails_the_owner(
    ka, learner, django_capture_on_commit_callbacks
):
    """Nothing on screen says whether an address has an account; the owner learns of the attempt by e-mail."""
    other = Client()
    other.cookies["django_language"] = "ka"
    new = sign_up(other, django_capture_on_commit_callbacks, email="someone.new@example.ge")
    mail.outbox.clear()

    known = sign_up(ka, django_capture_on_commit_callbacks, email=learner.email.upper())

    assert (known.status_code, known.url) == (new.status_code, new.url)
    assert known.url == reverse("account_email_verification_sent")
    assert page(ka, known.url, learner.email) == page(other, new.url, "someone.new@example.ge")
    assert User.objects.filter(email__iexact=learner.email).count() == 1
    assert [message.to for message in mail.outbox] == [[learner.email]]
    owner_mail = mail.outbox[0]
    assert "ანგარიში უკვე არსებობს" in owner_mail.subject
    assert "/account/password/reset/" in owner_mail.body


def test_the_mail_about_a_sign_up_attempt_is_in_the_owners_language(en, learner, django_capture_on_commit_callbacks):
    learner.preferred_language = "ka"
    learner.save()

    sign_up(en, django_capture_on_commit_callbacks, email=learner.email)

    assert "ანგარიში უკვე არსებობს" in mail.outbox[0].subject


def test_an_english_speaking_owner_gets_the_mail_in_english(ka, learner, django_capture_on_commit_callbacks):
    learner.preferred_language = "en"
    learner.save()

    sign_up(ka, django_capture_on_commit_callbacks, email=learner.email)

    assert "an account with this address already exists" in mail.outbox[0].subject
    assert "but an account with this address already exists" in mail.outbox[0].body


def reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email})


def test_a_password_reset_answers_the_same_for_known_and_unknown_addresses(
    ka, learner, django_capture_on_commit_callbacks
):
    other = Client()
    other.cookies["django_language"] = "ka"
    unknown = reset(other, "nobody@example.ge", django_capture_on_commit_callbacks)
    unknown_page = page(other, unknown.url, "nobody@example.ge")
    known = reset(ka, learner.email, django_capture_on_commit_callbacks)

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.url == reverse("account_reset_password_done")
    assert page(ka, known.url, learner.email) == unknown_page
    to_unknown, to_known = mail.outbox
    assert to_unknown.to == ["nobody@example.ge"] and "/account/password/reset/key/" not in to_unknown.body
    assert to_known.to == [learner.email] and "/account/password/reset/key/" in to_known.body


def test_the_reset_form_names_no_unknown_address_in_english(en, django_capture_on_commit_callbacks):
    response = reset(en, "nobody@example.ge", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert "not assigned to any user account" not in en.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", "ეს პაროლი ხშირად გამოიყენება."),
        ("short", "პაროლი ძალიან მოკლეა: უნდა შეიცავდეს მინიმუმ 10 სიმბოლოს"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_is_created(ka, password, message, django_capture_on_commit_callbacks):
    response = sign_up(ka, django_capture_on_commit_callbacks, password1=password, password2=password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()


def test_the_privacy_notice_must_be_accepted(ka, django_capture_on_commit_callbacks):
    data = signup_data()
    del data["accept_privacy"]
    with django_capture_on_commit_callbacks(execute=True):
        response = ka.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert "კონფიდენციალურობის" in response.content.decode()
    assert not User.objects.exists()


def test_names_must_be_in_their_own_script(ka, django_capture_on_commit_callbacks):
    response = sign_up(ka, django_capture_on_commit_callbacks, first_name_ka="Tamar", first_name_en="თამარ")

    body = response.content.decode()
    assert response.status_code == 200
    assert "ქართული ასოებით" in body
    assert "ლათინური ასოებით" in body
    assert not User.objects.exists()


def test_the_sign_up_page_links_the_privacy_notice(ka):
    body = ka.get(reverse("account_signup")).content.decode()
    assert f'href="{reverse("core:privacy")}"' in body


def test_a_wrong_verification_link_says_so(ka):
    response = ka.get(reverse("account_confirm_email", args=["not-a-real-key"]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "ვადა" in body  # "this link expired or is invalid" in Georgian
    assert reverse("account_email") in body

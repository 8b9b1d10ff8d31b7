"""A newcomer signs up, confirms the e-mail, logs in, turns on two-factor authentication, switches language
and logs out: in a real browser, in Georgian first."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def totp_now(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sign_up_confirm_log_in_mfa_switch_language_log_out(page, live_server):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ka")
    page.get_by_role("link", name="რეგისტრაცია").first.click()

    page.get_by_label("ელ. ფოსტა").fill("levan.tsiklauri@example.ge")
    page.get_by_label("სახელი (ქართული დამწერლობით)").fill("ლევან")
    page.get_by_label("გვარი (ქართული დამწერლობით)").fill("წიკლაური")
    page.get_by_label("სახელი (ლათინური დამწერლობით)").fill("Levan")
    page.get_by_label("გვარი (ლათინური დამწერლობით)").fill("Tsiklauri")
    page.locator("#id_password1").fill("mtskheta-svetitskhoveli-1010")
    page.locator("#id_password2").fill("mtskheta-svetitskhoveli-1010")
    page.locator("#id_accept_privacy").check()
    page.locator("form[action='/account/signup/'] button[type=submit]").click()

    expect(page.get_by_role("heading", name="დაადასტურეთ თქვენი ელ. ფოსტა")).to_be_visible()
    assert len(mail.outbox) == 1
    # The link is on PUBLIC_BASE_URL (never on the request's Host); the browser follows its path here.
    path = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    page.goto(path)
    page.locator("main form button[type=submit]").click()

    page.goto("/account/login/")
    page.get_by_label("ელ. ფოსტა").fill("levan.tsiklauri@example.ge")
    page.locator("#id_password").fill("mtskheta-svetitskhoveli-1010")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="ჩემი ანგარიში")).to_be_visible()
    expect(page.get_by_text("ლევან წიკლაური")).to_be_visible()

    page.get_by_role("link", name="ორფაქტორიანი ავთენტიფიკაცია").click()
    page.goto("/account/2fa/totp/activate")
    # Turning on a second factor asks for the password again.
    page.locator("#id_password").fill("mtskheta-svetitskhoveli-1010")
    page.locator("main form button[type=submit]").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("ავთენტიფიკატორის კოდი").fill(totp_now(secret))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("აღდგენის კოდ")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/account/profile/")
    expect(page.get_by_role("heading", name="My account")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()
    # The choice of language outlives the session.
    expect(page.locator("html")).to_have_attribute("lang", "en")

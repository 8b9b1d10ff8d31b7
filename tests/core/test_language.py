"""Georgian by default, English on request; the choice is kept in a cookie and in a signed-in user's profile."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_georgian_is_the_default(client):
    response = client.get("/")
    assert response["Content-Language"] == "ka"
    assert '<html lang="ka">' in response.content.decode()


def test_accept_language_is_followed_when_there_is_no_cookie(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert response["Content-Language"] == "en"


def test_the_cookie_beats_accept_language(client):
    client.cookies["django_language"] = "ka"
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response["Content-Language"] == "ka"


def test_the_switch_sets_the_cookie_and_returns_to_the_same_page(client):
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/privacy/"})

    assert response.status_code == 302 and response.url == "/privacy/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/privacy/")["Content-Language"] == "en"


def test_urls_carry_no_language_prefix(client):
    assert client.get("/en/").status_code == 404
    assert client.get("/privacy/", headers={"Accept-Language": "en"}).status_code == 200


def test_a_signed_in_user_keeps_their_choice_in_the_profile(client, learner):
    client.force_login(learner)
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    learner.refresh_from_db()
    assert learner.preferred_language == "en"


def test_a_signed_in_user_gets_their_profile_language_in_a_new_browser(client, learner):
    learner.preferred_language = "en"
    learner.save()
    client.force_login(learner)
    assert client.get("/")["Content-Language"] == "en"


@pytest.mark.parametrize("path", ["/", "/privacy/", "/account/login/", "/account/signup/", "/admin/"])
def test_every_page_has_the_language_switch(client, path):
    body = client.get(path, follow=True).content.decode()  # the admin sends people to the portal's login
    assert 'action="/i18n/setlang/"' in body
    assert 'value="en"' in body and 'value="ka"' in body


def test_pages_declare_a_georgian_font_served_by_the_portal(client):
    body = client.get("/").content.decode()
    assert "/static/css/site.css" in body
    assert "https://" not in body.split("<body")[0]  # no CDN in the head

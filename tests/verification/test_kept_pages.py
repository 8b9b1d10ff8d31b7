"""The kept verification page, in the real Redis: one page per credential and language, whatever the query string,
and still the right page for every language and every state of the credential."""

import secrets

import pytest
import redis
from django.conf import settings as django_settings

from apps.certificates import revocation

pytestmark = pytest.mark.django_db


def kept_pages() -> list[bytes]:
    assert django_settings.REDIS_URL, "the kept page lives in Redis: run the suite with `make test`"
    return sorted(redis.Redis.from_url(django_settings.REDIS_URL).scan_iter(match="*verify-page:*", count=1000))


@pytest.fixture
def unlimited(settings):
    settings.VERIFY_RATE_LIMIT = "10000/m"


def test_made_up_query_strings_keep_no_new_pages(client, issued, unlimited, django_assert_num_queries):
    url = f"/verify/{issued.code}/"
    first = client.get(url).content.decode()
    assert ">მოქმედია<" in first  # Georgian, the default
    assert len(kept_pages()) == 1
    for _ in range(60):
        query = f"x={secrets.token_hex(8)}&{secrets.token_hex(4)}={secrets.token_hex(8)}&utm_source=qr&print="
        with django_assert_num_queries(0):  # the one kept page answers, made-up parameters or not
            response = client.get(f"{url}?{query}")
        assert response.status_code == 200 and response.content.decode() == first
    assert len(kept_pages()) == 1


def test_the_page_names_its_canonical_address(client, issued):
    text = client.get(f"/verify/{issued.code}/?x=1").content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/verify/{issued.code}/">' in text


def test_the_kept_page_still_varies_by_language(client, issued, unlimited):
    url = f"/verify/{issued.code}/"
    for _ in range(2):
        client.cookies["django_language"] = "ka"
        assert ">მოქმედია<" in client.get(f"{url}?x={secrets.token_hex(4)}").content.decode()
        client.cookies["django_language"] = "en"
        assert ">Valid<" in client.get(f"{url}?x={secrets.token_hex(4)}").content.decode()
    assert len(kept_pages()) == 2
    # A language the portal does not speak is answered in one it does, and keeps nothing new.
    del client.cookies["django_language"]
    assert ">მოქმედია<" in client.get(url, headers={"accept-language": "xx-YY"}).content.decode()
    assert len(kept_pages()) == 2


def test_the_kept_page_follows_the_credential_state(
    client, issued, admin_a, unlimited, django_capture_on_commit_callbacks
):
    url = f"/verify/{issued.code}/"
    client.cookies["django_language"] = "en"
    assert "/100" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        issued.show_grade = True
        issued.save()
    assert "/100" in client.get(f"{url}?x=1").content.decode()  # the learner's choice shows at once
    with django_capture_on_commit_callbacks(execute=True):
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Found void")
    assert ">Revoked<" in client.get(f"{url}?x=2").content.decode()
    client.cookies["django_language"] = "ka"
    assert ">გაუქმებული<" in client.get(url).content.decode()
    assert len(kept_pages()) == 2


def test_the_print_view_is_made_fresh_and_never_kept(client, issued, unlimited):
    url = f"/verify/{issued.code}/"
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    printed = client.get(f"{url}?print=1&x=1").content.decode()
    assert "<nav" in page and "<nav" not in printed and issued.code in printed
    assert len(kept_pages()) == 1
    assert client.get(f"{url}?x=3").content.decode() == page


def test_a_signed_in_reader_gets_a_page_made_for_them_and_keeps_nothing(client, issued, learner, unlimited):
    client.force_login(learner)
    text = client.get(f"/verify/{issued.code}/?x=1").content.decode()
    assert 'name="csrfmiddlewaretoken"' in text  # the language switch is a form for signed-in readers
    assert kept_pages() == []

"""Every public lookup of the certificates app is rate-limited per client address, counted in the real Redis:
a credential's files by code (the PDF and the Open Badges JSON and JWT, together), and the Open Badges documents
(issuers, achievements, keys, the key set and the status lists)."""

import pytest
import redis
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

GEORGIAN = "თქვენი მისამართიდან ზედმეტად ბევრი მოთხოვნა შემოვიდა"
ENGLISH = "Too many requests came from your address"


@pytest.fixture
def limits(settings):
    if not django_settings.REDIS_URL:
        pytest.fail("The rate limits are tested on Redis: run the suite with `make test`.")
    settings.CREDENTIAL_FILE_RATE_LIMIT = "3/h"  # an hour's window, so that no test straddles a new one
    settings.OPEN_BADGES_RATE_LIMIT = "3/h"
    return settings


def assert_limited(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    text = response.content.decode()
    assert GEORGIAN in text and ENGLISH in text  # both languages, whatever the client's
    assert "no-store" in response["Cache-Control"]


def public_paths(credential) -> dict[str, str]:
    return {
        "status list": reverse("ob3_status_list", args=[credential.status_list_id]),
        "issuer": reverse("ob3_issuer", args=[credential.provider_id]) + "?format=json",
        "achievement": reverse("ob3_achievement", args=[credential.version.programme_id, credential.version.number])
        + "?format=json",
        "key": reverse("ob3_key", args=[credential.signed_by.key_id]),
        "key set": reverse("ob3_jwks"),
    }


def test_the_files_of_a_credential_count_together_and_the_fourth_gets_429(client, issued, limits):
    client.force_login(issued.learner)  # the learner's own downloads are counted too: it is the address that counts
    assert client.get(reverse("credential_pdf", args=[issued.code])).status_code == 200
    assert client.get(reverse("ob3_json", args=[issued.code])).status_code == 200
    assert client.get(reverse("ob3_jwt", args=[issued.code])).status_code == 200
    for name in ("credential_pdf", "ob3_json", "ob3_jwt"):
        assert_limited(client.get(reverse(name, args=[issued.code])))
    assert redis.Redis.from_url(django_settings.REDIS_URL).keys("*rl:*")  # counted in Redis, not in a process
    # Another address has its own count.
    assert client.get(reverse("ob3_json", args=[issued.code]), REMOTE_ADDR="198.51.100.20").status_code == 200


def test_codes_that_do_not_exist_are_counted_as_well(client, limits, db):
    for _ in range(3):
        assert client.get(reverse("credential_pdf", args=["ABCDE-FGHJK-MNPQR"])).status_code == 404
    assert_limited(client.get(reverse("ob3_jwt", args=["ABCDE-FGHJK-MNPQR"])))


@pytest.mark.parametrize("which", ["status list", "issuer", "achievement", "key", "key set"])
def test_each_open_badges_document_is_limited(client, issued, limits, which):
    path = public_paths(issued)[which]
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    assert_limited(client.get(path))


def test_the_defaults_are_generous_for_people_and_wallets():
    assert django_settings.CREDENTIAL_FILE_RATE_LIMIT == "30/m"
    assert django_settings.OPEN_BADGES_RATE_LIMIT == "120/m"

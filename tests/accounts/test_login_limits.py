"""Failed logins are limited per client address (the real one, behind the reverse proxy) and per account and
address together: nobody can lock a person out by failing on purpose from somewhere else."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOO_MANY = "შესვლის ძალიან ბევრი წარუმატებელი მცდელობა"
PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the portal from it


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def browser(forwarded_for: str) -> Client:
    """A person's browser, seen through the proxy, which adds their address to X-Forwarded-For."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    client.cookies["django_language"] = "ka"
    return client


def log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_for_made_up_accounts_lock_only_the_address_they_came_from(behind_proxy, learner, password):
    attacker, person = browser("203.0.113.7"), browser("198.51.100.20")
    for n in range(10):
        log_in(attacker, f"nobody{n}@example.ge", "a-guess-at-a-password")

    refused = log_in(attacker, learner.email, password)
    assert TOO_MANY in refused.content.decode() and not signed_in(attacker)

    response = log_in(person, learner.email, password)
    assert response.status_code == 302 and signed_in(person)


def test_failing_for_a_real_account_from_one_address_does_not_lock_it_from_another(behind_proxy, learner, password):
    attacker, owner = browser("203.0.113.7"), browser("198.51.100.20")
    for n in range(5):
        log_in(attacker, learner.email, f"a-guess-{n}")

    refused = log_in(attacker, learner.email, password)
    assert TOO_MANY in refused.content.decode() and not signed_in(attacker)

    response = log_in(owner, learner.email, password)
    assert response.status_code == 302 and signed_in(owner)


def test_a_forged_x_forwarded_for_entry_does_not_make_a_new_client(behind_proxy, learner, password):
    """Only the entry the proxy itself added counts: rotating the ones before it changes nothing."""
    for n in range(10):
        log_in(browser(f"192.0.2.{n}, 203.0.113.7"), f"nobody{n}@example.ge", "a-guess-at-a-password")

    refused = log_in(browser("192.0.2.99, 203.0.113.7"), learner.email, password)

    assert TOO_MANY in refused.content.decode()


def test_without_a_trusted_proxy_the_socket_address_counts(settings, learner, password):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        log_in(browser(f"203.0.113.{n}"), f"nobody{n}@example.ge", "a-guess-at-a-password")

    refused = log_in(browser("198.51.100.20"), learner.email, password)

    assert TOO_MANY in refused.content.decode()

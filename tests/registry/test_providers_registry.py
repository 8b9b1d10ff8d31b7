"""The public registry of providers: authorized ones with scope and validity; expired and suspended ones shown
as such; searchable in both languages; filters; a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from apps.providers import authorizing
from tests.factories import MembershipFactory, ProviderFactory, UserFactory
from tests.helpers import authorize

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def registry(reviewer):
    def provider(name_en, name_ka, **kwargs):
        p = ProviderFactory(legal_name_en=name_en, legal_name_ka=name_ka)
        admin = MembershipFactory(provider=p, user=UserFactory()).user
        return p, admin

    valid, admin = provider("Valid University", "მოქმედი უნივერსიტეტი")
    authorize(valid, admin, reviewer, levels=(6,), fields=("061",))
    expired, admin = provider("Expired College", "ვადაგასული კოლეჯი")
    authorize(
        expired,
        admin,
        reviewer,
        levels=(6,),
        fields=("0532",),
        valid_from=TODAY - datetime.timedelta(days=800),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    suspended, admin = provider("Suspended Academy", "შეჩერებული აკადემია")
    authorization = authorize(suspended, admin, reviewer, levels=(7,), fields=("0912",))
    authorizing.authorization_change(
        authorization=authorization, reviewer=reviewer, outcome="suspended", reasons_ka="ა", reasons_en="a"
    )
    never, _ = provider("Never Authorized Ltd", "არაავტორიზებული შპს")
    return {"valid": valid, "expired": expired, "suspended": suspended, "never": never}


def names(response):
    return [provider.legal_name_en for provider, _standing in response.context["page"]]


def test_the_registry_shows_authorized_expired_and_suspended_providers_as_such(client, registry):
    client.cookies["django_language"] = "en"
    response = client.get("/registry/providers/")

    assert sorted(names(response)) == ["Expired College", "Suspended Academy", "Valid University"]
    body = response.content.decode()
    assert "Authorization expired" in body and "Authorization suspended" in body
    assert "Never Authorized" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "მოქმედი"}, ["Valid University"]),
        ({"q": "academy"}, ["Suspended Academy"]),
        ({"status": "expired"}, ["Expired College"]),
        ({"level": "7"}, ["Suspended Academy"]),
        ({"field": "06"}, ["Valid University"]),
        ({"field": "053"}, ["Expired College"]),
    ],
)
def test_filters_and_search_in_both_languages(client, registry, query, expected):
    assert names(client.get("/registry/providers/", query)) == expected


def test_a_provider_page_shows_scope_validity_and_history(client, registry):
    client.cookies["django_language"] = "ka"
    body = client.get(f"/registry/providers/{registry['valid'].pk}/").content.decode()
    assert "მოქმედი უნივერსიტეტი" in body and "Valid University" in body
    assert "0612" not in body and "061 " in body  # the authorized narrow field, by code and name


def test_an_organisation_never_authorized_has_no_public_page(client, registry):
    assert client.get(f"/registry/providers/{registry['never'].pk}/").status_code == 404


def test_the_registry_runs_a_fixed_number_of_queries(client, registry, reviewer, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        client.get("/registry/providers/")
    for _ in range(5):
        p = ProviderFactory()
        authorize(p, MembershipFactory(provider=p, user=UserFactory()).user, reviewer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/registry/providers/").context["page"]) == 8

"""The Open Badges issuer profiles and achievements answer for what the public registry shows, and nothing more:
a provider NCEQE authorized and a programme version that was published (archived ones too, which issued
credentials cite). Everything else is a 404, to clients asking for JSON and to browsers alike."""

import json
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from apps.programmes import services as programmes
from apps.providers import authorizing
from tests.factories import MembershipFactory, ProviderFactory
from tests.helpers import complete_application

pytestmark = pytest.mark.django_db


def get(client, path, accept="application/json"):
    return client.get(path, HTTP_ACCEPT=accept)


@pytest.fixture
def application(db):
    """A provider's application for authorization, submitted and waiting for the Center."""
    provider = ProviderFactory(contact_email="nino.personal@example.ge")
    admin = MembershipFactory(provider=provider, role="admin").user
    application = complete_application(provider, admin)
    authorizing.application_submit(application=application, acting_user=admin)
    return application


@pytest.fixture
def pending(application):
    return application.provider


@pytest.fixture
def rejected(application, reviewer):
    authorizing.application_decide(
        application=application, reviewer=reviewer, outcome="rejected", reasons_ka="არა.", reasons_en="No."
    )
    return application.provider


@pytest.mark.parametrize("which", ["pending", "rejected"])
def test_a_provider_never_authorized_has_no_issuer_profile(client, request, which):
    provider = request.getfixturevalue(which)
    path = reverse("ob3_issuer", args=[provider.pk])
    for accept in ("application/json", "text/html"):
        response = get(client, path, accept)
        assert response.status_code == 404
        assert provider.contact_email not in response.content.decode()
    assert client.get(reverse("registry:provider", args=[provider.pk])).status_code == 404  # the same rule


def test_an_authorized_providers_profile_answers_without_an_e_mail(client, authorized_a):
    authorized_a.contact_email = "giorgi.admin@example.ge"
    authorized_a.save(update_fields=["contact_email"])
    response = get(client, reverse("ob3_issuer", args=[authorized_a.pk]))
    assert response.status_code == 200
    profile = json.loads(response.content)
    assert profile["name"] == authorized_a.legal_name_en and "NCEQE" in profile["description"]
    assert "email" not in profile and "giorgi.admin" not in response.content.decode()
    assert get(client, reverse("ob3_issuer", args=[authorized_a.pk]), "text/html").status_code == 302


def test_an_archived_version_that_credentials_cite_resolves_and_unpublished_ones_do_not(
    client, issued, author, reviewer
):
    first = issued.version
    achievement_path = urlparse(_achievement_id(client, issued)).path

    def status(number, accept="application/json"):
        return get(client, reverse("ob3_achievement", args=[first.programme_id, number]), accept).status_code

    assert status(first.number) == 200
    second = programmes.version_new(programme=first.programme, acting_user=author)
    assert second.status == "draft" and status(second.number) == 404
    programmes.version_submit(version=second, acting_user=author)
    programmes.version_decide(
        version=second, reviewer=reviewer, outcome="approved", reasons_ka="კი.", reasons_en="Yes."
    )
    second.refresh_from_db()
    assert second.status == "approved" and status(second.number) == 404
    assert status(second.number, "text/html") == 404
    programmes.version_publish(version=second, acting_user=author)
    first.refresh_from_db()
    assert first.status == "archived"
    assert status(second.number) == 200
    # The credential issued on the first version still points at an achievement that answers.
    response = get(client, achievement_path)
    assert response.status_code == 200 and json.loads(response.content)["version"] == str(first.number)
    assert get(client, achievement_path, "text/html")["Location"].endswith(f"/v{first.number}/")


def _achievement_id(client, credential) -> str:
    client.force_login(credential.learner)
    data = json.loads(client.get(reverse("ob3_json", args=[credential.code])).content)
    client.logout()
    return data["credentialSubject"]["achievement"]["id"]


def test_a_draft_first_version_has_no_achievement(client, authorized_a, author):
    from tests.helpers import new_complete_version

    draft = new_complete_version(authorized_a, author, code="NET-9")
    assert get(client, reverse("ob3_achievement", args=[draft.programme_id, draft.number])).status_code == 404

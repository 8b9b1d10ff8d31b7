"""The permission matrix: every provider URL and API route, for every role.

Staff of provider A see nothing of provider B (404, not 403); authors and assessors cannot manage members or
applications (403 on their own provider's pages); learners see none of the provider area; reviewers decide
in the admin but cannot edit a provider's data; anonymous users see only the public registry."""

import pytest
from django.urls import reverse

from apps.providers.models import ProviderMembership
from tests.helpers import complete_application

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "admin_a", "author_a", "assessor_a", "admin_b", "reviewer"]


@pytest.fixture
def world(provider_a, admin_a, author_a, assessor_a, admin_b, learner, reviewer):
    application = complete_application(provider_a, admin_a)
    from apps.programmes.services import programme_create

    draft = programme_create(provider=provider_a, acting_user=author_a, code="PERM-1")
    return {
        "prog": draft.programme_id,
        "version": draft.pk,
        "users": {
            "anonymous": None,
            "learner": learner,
            "admin_a": admin_a,
            "author_a": author_a,
            "assessor_a": assessor_a,
            "admin_b": admin_b,
            "reviewer": reviewer,
        },
        "a": provider_a.pk,
        "app": application.pk,
        "doc": application.documents.get().pk,
        "author_membership": ProviderMembership.objects.get(user=author_a).pk,
    }


def expect(anonymous, learner, admin_a, author_a, assessor_a, admin_b, reviewer):
    return dict(zip(ROLES, [anonymous, learner, admin_a, author_a, assessor_a, admin_b, reviewer], strict=True))


LOGIN = 302  # anonymous users are sent to log in
MEMBERS = expect(LOGIN, 404, 200, 200, 200, 404, 404)
ADMINS = expect(LOGIN, 404, 200, 403, 403, 404, 404)
ANY_USER = expect(LOGIN, 200, 200, 200, 200, 200, 200)
PUBLIC = expect(200, 200, 200, 200, 200, 200, 200)

PAGES = [
    # An assessor of one organisation lands on its gradebooks (a redirect); everyone else sees their organisations.
    ("/provider/", expect(LOGIN, 200, 200, 200, 302, 200, 200)),
    ("/provider/register/", ANY_USER),
    ("/provider/{a}/", MEMBERS),
    ("/provider/{a}/decisions/", MEMBERS),
    ("/provider/{a}/edit/", ADMINS),
    ("/provider/{a}/staff/", ADMINS),
    ("/provider/{a}/applications/", ADMINS),
    ("/provider/{a}/applications/{app}/", ADMINS),
    ("/provider/documents/{doc}/", expect(LOGIN, 404, 200, 403, 403, 404, 200)),
    ("/registry/providers/", PUBLIC),
    ("/registry/programmes/", PUBLIC),
    ("/provider/{a}/programmes/", MEMBERS),
    ("/provider/{a}/programmes/{prog}/v1/", MEMBERS),
    ("/provider/{a}/programmes/{prog}/v1/preview/", MEMBERS),
    ("/provider/{a}/programmes/{prog}/v1/specimen/", MEMBERS),
    ("/registry/programmes/{prog}/", expect(404, 404, 404, 404, 404, 404, 404)),  # a draft is not public
]

# POSTs that change something: a provider admin of A is redirected back after the change.
ACTIONS = [
    ("/provider/{a}/applications/{app}/withdraw/", expect(LOGIN, 404, 302, 403, 403, 404, 404)),
    ("/provider/{a}/staff/{author_membership}/remove/", expect(LOGIN, 404, 302, 403, 403, 404, 404)),
    ("/provider/{a}/applications/{app}/documents/{doc}/remove/", expect(LOGIN, 404, 302, 403, 403, 404, 404)),
    ("/provider/{a}/applications/{app}/submit/", expect(LOGIN, 404, 302, 403, 403, 404, 404)),
    ("/provider/{a}/applications/", expect(LOGIN, 404, 302, 403, 403, 404, 404)),
    # Authors and administrators write programmes; assessors only read them.
    ("/provider/{a}/programmes/{prog}/v1/submit/", expect(LOGIN, 404, 302, 302, 403, 404, 404)),
    ("/provider/{a}/programmes/{prog}/v1/publish/", expect(LOGIN, 404, 302, 302, 403, 404, 404)),
    ("/provider/{a}/programmes/{prog}/v1/new-version/", expect(LOGIN, 404, 302, 302, 403, 404, 404)),
]

API = [
    ("get", "/api/v1/providers/", expect(200, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/v1/applications/", expect(403, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/v1/applications/{app}/", expect(403, 404, 200, 403, 403, 404, 200)),
    ("patch", "/api/v1/applications/{app}/", expect(403, 404, 200, 403, 403, 404, 403)),
    ("post", "/api/v1/applications/{app}/submit/", expect(403, 404, 200, 403, 403, 404, 403)),
    ("post", "/api/v1/applications/{app}/withdraw/", expect(403, 404, 200, 403, 403, 404, 403)),
    ("get", "/api/v1/programmes/", PUBLIC),
    ("get", "/api/v1/programme-versions/", expect(403, 200, 200, 200, 200, 200, 200)),
    ("post", "/api/v1/programme-versions/{version}/submit/", expect(403, 404, 400, 400, 403, 404, 403)),
    ("post", "/api/v1/programme-versions/{version}/decide/", expect(403, 404, 403, 403, 403, 404, 400)),
]


def _client_for(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), PAGES, ids=[p for p, _ in PAGES])
def test_pages(client, world, role, url, expected):
    response = _client_for(client, world, role).get(url.format(**world))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), ACTIONS, ids=[p for p, _ in ACTIONS])
def test_actions(client, world, role, url, expected):
    response = _client_for(client, world, role).post(url.format(**world))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "expected"), API, ids=[f"{m} {p}" for m, p, _ in API])
def test_api(client, world, role, method, url, expected):
    client = _client_for(client, world, role)
    response = getattr(client, method)(url.format(**world), data={}, content_type="application/json")
    assert response.status_code == expected[role], response.content[:300]


def test_the_api_lists_only_ones_own_applications(client, world, admin_b):
    client.force_login(admin_b)
    assert client.get("/api/v1/applications/").json()["count"] == 0
    client.force_login(world["users"]["reviewer"])
    assert client.get("/api/v1/applications/").json()["count"] == 1


def test_reviewers_cannot_edit_a_providers_data_in_the_admin(client, world):
    client.force_login(world["users"]["reviewer"])
    url = reverse("admin:providers_provider_change", args=[world["a"]])
    page = client.get(url)
    assert page.status_code == 200 and b'name="legal_name_en"' not in page.content  # read-only
    assert client.post(url, {"legal_name_en": "Hijacked"}).status_code == 403


def test_nobody_but_a_reviewer_reaches_the_decision_form(client, world):
    url = reverse("admin:providers_application_decide", args=[world["app"]])
    client.force_login(world["users"]["admin_a"])
    assert client.get(url).status_code == 302  # not staff: the admin asks for a staff login
    client.force_login(world["users"]["reviewer"])
    assert client.get(url).status_code == 200

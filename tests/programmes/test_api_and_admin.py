"""The programmes API and NCEQE's review in the admin."""

import pytest
from django.urls import reverse

from apps.programmes import services
from apps.programmes.models import ProgrammeVersion
from tests.helpers import COMPONENTS, OUTCOMES, new_complete_version, publish

pytestmark = pytest.mark.django_db


def test_the_public_api_lists_the_catalogue_with_the_same_filters(client, authorized_a, author, reviewer):
    publish(new_complete_version(authorized_a, author), author, reviewer)
    new_complete_version(authorized_a, author, code="DRAFT")
    data = client.get("/api/v1/programmes/", {"level": "6", "q": "network"}).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert (item["title_en"], item["nqf_level"], item["eqf_level"]) == ("Network Administration", 6, 6)
    assert sorted(item["languages"]) == ["en", "ka"]
    assert client.get("/api/v1/programmes/", {"level": "7"}).json()["count"] == 0


def test_an_author_writes_and_submits_through_the_api_with_the_pages_rules(client, authorized_a, author):
    client.force_login(author)
    client.cookies["django_language"] = "en"
    payload = {
        "provider": authorized_a.pk,
        "code": "API-1",
        "title_ka": "ქსელები",
        "title_en": "Networks",
        "ects_credits": "6",
        "workload_hours": 60,
        "outcomes": OUTCOMES,
        "components": COMPONENTS,
    }
    created = client.post("/api/v1/programme-versions/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert "about 150 hours" in " ".join(body["problems"]["workload_hours"])
    refused = client.post(f"/api/v1/programme-versions/{body['id']}/submit/")
    assert refused.status_code == 400 and "workload_hours" in refused.json()


def test_other_providers_versions_are_404_and_reviewers_decide(client, authorized_a, author, admin_b, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    client.force_login(admin_b)
    assert client.get(f"/api/v1/programme-versions/{version.pk}/").status_code == 404
    assert client.post(f"/api/v1/programme-versions/{version.pk}/submit/").status_code == 404
    client.force_login(author)
    assert (
        client.post(
            f"/api/v1/programme-versions/{version.pk}/decide/",
            {"outcome": "approved", "reasons_ka": "ა", "reasons_en": "a"},
        ).status_code
        == 403
    )
    client.force_login(reviewer)
    decided = client.post(
        f"/api/v1/programme-versions/{version.pk}/decide/",
        {"outcome": "approved", "reasons_ka": "კარგია.", "reasons_en": "Good."},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"


def test_a_reviewer_sees_both_languages_side_by_side_and_approves_in_the_admin(client, authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    client.force_login(reviewer)
    page = client.get(reverse("admin:programmes_programmeversion_change", args=[version.pk])).content.decode()
    assert "დააპროექტოს ქსელი." in page and "Design a network." in page

    client.post(reverse("admin:programmes_version_start_review", args=[version.pk]))
    response = client.post(
        reverse("admin:programmes_version_decide", args=[version.pk]),
        {"outcome": "approved", "reasons_ka": "აკმაყოფილებს.", "reasons_en": "Meets the rules."},
    )
    assert response.status_code == 302
    assert ProgrammeVersion.objects.get(pk=version.pk).status == "approved"


def test_the_review_shows_what_changed_since_the_previous_version(client, authorized_a, author, reviewer):
    first = publish(new_complete_version(authorized_a, author), author, reviewer)
    second = services.version_new(programme=first.programme, acting_user=author)
    services.version_save(
        version=second,
        acting_user=author,
        data={"title_en": "Network Administration for SMEs"},
        outcomes=OUTCOMES[:2],
        components=[{**COMPONENTS[0], "weight": 100}],
    )
    client.force_login(reviewer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:programmes_version_changes", args=[second.pk])).content.decode()
    assert "Network Administration for SMEs" in page
    assert "Learning outcome 3" in page and "Troubleshoot faults." in page

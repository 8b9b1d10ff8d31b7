"""The public catalogue: published programmes only, filters in both languages, shareable URLs, every Annex I
element on the page, stable ids across versions, and a fixed number of queries whatever the page size."""

from decimal import Decimal

import pytest

from apps.reference.models import FieldOfStudy, Language, NQFLevel
from tests.helpers import new_complete_version, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(authorized_a, author, reviewer):
    network = publish(new_complete_version(authorized_a, author, code="NET"), author, reviewer)
    security = publish(
        new_complete_version(
            authorized_a,
            author,
            code="SEC",
            title_ka="კიბერუსაფრთხოება",
            title_en="Cyber Security",
            nqf_level=NQFLevel.objects.get(pk=7),
            field_of_study=FieldOfStudy.objects.get(pk="0613"),
            ects_credits=Decimal("3"),
            workload_hours=75,
            participation_mode="online",
            languages=list(Language.objects.filter(code="en")),
        ),
        author,
        reviewer,
    )
    draft = new_complete_version(authorized_a, author, code="DRAFT", title_en="Unpublished Draft")
    return {"network": network, "security": security, "draft": draft}


def titles(response):
    return [version.title_en for version in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Cyber Security", "Network Administration"]),
        ({"q": "კიბერ"}, ["Cyber Security"]),
        ({"q": "network"}, ["Network Administration"]),
        ({"broad_field": "06"}, ["Cyber Security", "Network Administration"]),
        ({"narrow_field": "061"}, ["Cyber Security", "Network Administration"]),
        ({"level": "7"}, ["Cyber Security"]),
        ({"eqf_level": "6"}, ["Network Administration"]),
        ({"ects_min": "4"}, ["Network Administration"]),
        ({"ects_max": "4"}, ["Cyber Security"]),
        ({"mode": "online"}, ["Cyber Security"]),
        ({"language": "ka"}, ["Network Administration"]),
        ({"sort": "-ects"}, ["Network Administration", "Cyber Security"]),
    ],
)
def test_filters_and_sorting(client, catalogue, query, expected):
    client.cookies["django_language"] = "en"
    response = client.get("/registry/programmes/", query)
    assert titles(response) == expected
    assert "Unpublished Draft" not in response.content.decode()


def test_the_filter_url_is_shareable(client, catalogue):
    client.cookies["django_language"] = "en"
    body = client.get("/registry/programmes/?level=7&per_page=1&sort=title").content.decode()
    assert "Cyber Security" in body


def test_the_detail_page_shows_every_annex_element_in_the_readers_language(client, catalogue):
    version = catalogue["network"]
    client.cookies["django_language"] = "en"
    body = client.get(f"/registry/programmes/{version.programme_id}/").content.decode()
    for text in [
        "Network Administration",
        "Awarding body",
        "Georgia",
        "6 ECTS credits, 150 hours",
        "Georgian NQF level 6, EQF level 6",
        "0612",
        "Blended",
        "An examination and a project.",
        "Supervised, with identity verification",
        "External: approved by NCEQE",
        "Design a network.",
        "ESCO",
        "Examination",
    ]:
        assert text in body, text
    client.cookies["django_language"] = "ka"
    assert "დააპროექტოს ქსელი." in client.get(f"/registry/programmes/{version.programme_id}/").content.decode()


def test_a_version_keeps_its_address_after_a_new_version_is_published(client, catalogue, author, reviewer):
    from apps.programmes import services

    first = catalogue["network"]
    second = services.version_new(programme=first.programme, acting_user=author)
    services.version_save(
        version=second,
        acting_user=author,
        data={"title_en": "Network Administration II"},
        outcomes=[{"key": o.pk, "text_ka": o.text_ka, "text_en": o.text_en} for o in second.outcomes.all()],
        components=[
            {
                "name_ka": c.name_ka,
                "name_en": c.name_en,
                "weight": c.weight,
                "pass_mark": c.pass_mark,
                "outcomes": [o.pk for o in c.outcomes.all()],
            }
            for c in second.components.all()
        ],
    )
    publish(second, author, reviewer)
    client.cookies["django_language"] = "en"
    assert "Network Administration II" in client.get(f"/registry/programmes/{first.programme_id}/").content.decode()
    old = client.get(f"/registry/programmes/{first.programme_id}/v1/").content.decode()
    assert "Network Administration</h1>" in old and "An earlier version" in old


def test_unpublished_versions_are_not_public(client, catalogue):
    draft = catalogue["draft"]
    assert client.get(f"/registry/programmes/{draft.programme_id}/").status_code == 404
    assert client.get(f"/registry/programmes/{draft.programme_id}/v1/").status_code == 404


@pytest.mark.parametrize("url", ["/registry/programmes/?per_page={n}", "/api/v1/programmes/?page_size={n}"])
def test_the_catalogue_runs_the_same_queries_whatever_the_page_size(
    client, catalogue, author, url, django_assert_num_queries
):
    from tests.helpers import new_complete_version as make

    for n in range(6):
        publish(
            make(catalogue["network"].programme.provider, author, code=f"EXTRA{n}"),
            author,
            catalogue["network"].reviews.get().decided_by,
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url.format(n=2)).status_code == 200
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url.format(n=8)).status_code == 200
    assert len(small.captured_queries) <= 12  # page, count, languages, and the filter form's choice lists

"""The catalogue's first page, the one every visitor opens: 20 published programmes in the order of their titles
in the reader's language, nothing unpublished, in a fixed number of queries; and on PostgreSQL that page is read
from the catalogue's partial index (the published versions in title order) instead of sorting every programme."""

import re

import pytest
from django.db import connection
from django.utils import translation

from apps.programmes.models import Programme, ProgrammeVersion
from apps.programmes.selectors import catalogue
from apps.registry.filters import sort_order
from tests.factories import ProgrammeFactory, ProgrammeVersionFactory, ProviderFactory

pytestmark = pytest.mark.django_db
PUBLISHED = 23


@pytest.fixture
def shelf():
    """23 published programmes whose Georgian titles sort the other way round from their English ones; drafts
    and an archived version whose titles would come first if the catalogue showed them."""
    provider = ProviderFactory()
    for n in range(PUBLISHED):
        ProgrammeVersionFactory(
            programme=ProgrammeFactory(provider=provider),
            status="published",
            title_en=f"Programme {n:02d}",
            title_ka=f"პროგრამა {PUBLISHED - 1 - n:02d}",
        )
    published = ProgrammeVersion.objects.get(title_en="Programme 05")
    ProgrammeVersionFactory(programme=published.programme, number=2, status="draft", title_en="A Draft", title_ka="ა")
    ProgrammeVersionFactory(
        programme=ProgrammeFactory(provider=provider), status="archived", title_en="An Archived", title_ka="ა"
    )
    ProgrammeVersionFactory(
        programme=ProgrammeFactory(provider=provider), status="under_review", title_en="A Submission", title_ka="ა"
    )


def titles(response, language):
    return [getattr(version, f"title_{language}") for version in response.context["page"]]


def test_the_first_page_shows_20_published_programmes_by_title_in_english(en, shelf, django_assert_num_queries):
    # the count, the page, its languages, its programmes' versions and their offerings, the filter form's choice
    # lists (fields, levels, providers, languages), and the savepoint of the request's transaction and its release
    with django_assert_num_queries(12):
        response = en.get("/registry/programmes/")

    assert titles(response, "en") == [f"Programme {n:02d}" for n in range(20)]
    body = response.content.decode()
    assert "23 programmes" in body
    for hidden in ("A Draft", "An Archived", "A Submission"):
        assert hidden not in body
    assert titles(en.get("/registry/programmes/?page=2"), "en") == ["Programme 20", "Programme 21", "Programme 22"]


def test_the_first_page_follows_the_georgian_titles_for_a_georgian_reader(ka, shelf):
    response = ka.get("/registry/programmes/")

    assert titles(response, "ka") == [f"პროგრამა {n:02d}" for n in range(20)]
    assert titles(response, "en") == [f"Programme {PUBLISHED - 1 - n:02d}" for n in range(20)]


def test_the_api_lists_the_first_page_in_the_same_order(ka, shelf, django_assert_num_queries):
    # the count, the page, its languages, and the savepoint of the request's transaction and its release
    with django_assert_num_queries(5):
        body = ka.get("/api/v1/programmes/").json()

    assert body["count"] == PUBLISHED
    assert [row["title_ka"] for row in body["results"]] == [f"პროგრამა {n:02d}" for n in range(20)]


@pytest.mark.parametrize("language", ["ka", "en"])
def test_postgresql_reads_the_first_page_from_the_catalogue_index(language):
    """With 2,000 published programmes (and their drafts) and fresh statistics, and no planner setting forced,
    the first page walks the partial index and stops at 20 rows: no sort of the published programmes."""
    provider = ProviderFactory()
    programmes = Programme.objects.bulk_create(Programme(provider=provider, code=f"P{n}") for n in range(2_000))
    ProgrammeVersion.objects.bulk_create(
        ProgrammeVersion(
            programme=programme, number=1, status="published", title_ka=f"პროგრამა {n}", title_en=f"Programme {n}"
        )
        for n, programme in enumerate(programmes)
    )
    ProgrammeVersion.objects.bulk_create(
        ProgrammeVersion(programme=programme, number=2, status="draft", title_ka="ა", title_en="A")
        for programme in programmes[::4]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE programmes_programme, programmes_programmeversion")

    with translation.override(language):
        plan = catalogue().order_by(*sort_order("title"))[:20].explain()

    assert re.search(rf"Index Scan using catalogue_by_title_{language} on programmes_programmeversion", plan), plan
    assert "Sort" not in plan, plan

"""The provider area's Offerings tab and an assessor's gradebooks: every offering with its dates, where it stands and
how many are enrolled, in a fixed number of queries; a gradebook two clicks from the dashboard at most."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.enrolments import selectors, services
from apps.enrolments.models import Offering
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import TODAY, offering_data

pytestmark = pytest.mark.django_db


def _more_offerings(offering, admin, count):
    """`count` more offerings of the same version that ran in the past, each with two learners enrolled (while
    their enrolment was open)."""
    made = []
    for n in range(count):
        other = services.offering_create(version=offering.version, acting_user=admin, data=offering_data(capacity=10))
        for _ in range(2):
            services.enrol_self(offering=other, learner=UserFactory(), funding_source="self")
        start = TODAY - datetime.timedelta(days=100 + 20 * n)
        Offering.objects.filter(pk=other.pk).update(
            start_date=start,
            end_date=start + datetime.timedelta(days=50),
            enrolment_opens=start - datetime.timedelta(days=20),
            enrolment_closes=start - datetime.timedelta(days=1),
        )
        made.append(other)
    return made


def _queries(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_the_selector_reads_any_number_of_offerings_in_one_query(offering, admin_a):
    provider = offering.version.programme.provider

    def read():
        return [
            (o.version.title, o.version.programme.code, o.language.pk, o.enrolled, o.taken, o.phase_label)
            for o in selectors.with_phase_labels(selectors.provider_offerings(provider=provider))
        ]

    one = _queries(read)
    _more_offerings(offering, admin_a, 4)
    assert _queries(read) == one == 1


def test_the_offerings_tab_lists_dates_status_and_enrolled_count_in_georgian(client, offering, admin_a, learner):
    provider = offering.version.programme.provider
    services.enrol_self(offering=offering, learner=learner, funding_source="self")
    ended, finalised = _more_offerings(offering, admin_a, 2)
    Offering.objects.filter(pk=finalised.pk).update(results_finalised_at=timezone.now())
    client.force_login(admin_a)

    response = client.get(f"/provider/{provider.pk}/offerings/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="/provider/{provider.pk}/offerings/" aria-current="page">სასწავლო ნაკადები</a>' in page
    rows = [(o.pk, o.phase, o.enrolled) for o in response.context["offerings"]]
    assert rows == [
        (offering.pk, "enrolment_open", 1),
        (ended.pk, "awaiting_results", 2),
        (finalised.pk, "final", 2),
    ]
    assert "ჩარიცხვისთვის ღიაა" in page and "შედეგები საბოლოოა" in page
    assert "1 (3 ადგილიდან)" in page and "2 (10 ადგილიდან)" in page
    start = offering.start_date
    assert f"{start.day} " in page and str(start.year) in page
    assert f"/provider/{provider.pk}/offerings/{offering.pk}/gradebook/" in page
    assert f"/provider/{provider.pk}/offerings/{offering.pk}/credentials/" in page


def test_the_offerings_page_costs_the_same_queries_for_one_offering_or_many(client, offering, admin_a):
    provider = offering.version.programme.provider
    client.force_login(admin_a)
    url = f"/provider/{provider.pk}/offerings/"
    client.get(url)  # the session and the site's caches are warm from here on
    one = _queries(lambda: client.get(url))
    _more_offerings(offering, admin_a, 5)
    assert _queries(lambda: client.get(url)) == one


def test_an_author_sees_the_offerings_but_not_the_gradebook_links(client, offering, author):
    provider = offering.version.programme.provider
    client.force_login(author)
    page = client.get(f"/provider/{provider.pk}/offerings/").content.decode()
    assert f"/offerings/{offering.pk}/" in page and "/gradebook/" not in page and "/gradebooks/" not in page
    assert client.get(f"/provider/{provider.pk}/gradebooks/").status_code == 403


def test_an_assessor_lands_on_their_gradebooks_and_reaches_one_in_a_click(client, offering, admin_a, assessor):
    provider = offering.version.programme.provider
    ended, finalised = _more_offerings(offering, admin_a, 2)
    Offering.objects.filter(pk=finalised.pk).update(results_finalised_at=timezone.now())
    client.force_login(assessor)

    landing = client.get("/provider/", follow=True)

    assert landing.redirect_chain == [(f"/provider/{provider.pk}/gradebooks/", 302)]
    page = landing.content.decode()
    assert "<h1>შეფასებების უწყისები</h1>" in page
    # The results not final yet, the one that ends first at the top; the finalised one is not a work item.
    assert [o.pk for o in landing.context["offerings"]] == [ended.pk, offering.pk]
    assert f"/offerings/{ended.pk}/gradebook/" in page and f"/offerings/{finalised.pk}/gradebook/" not in page


def test_a_gradebook_is_two_clicks_from_the_dashboard(client, offering, admin_a):
    provider = offering.version.programme.provider
    client.force_login(admin_a)
    dashboard = client.get(f"/provider/{provider.pk}/").content.decode()
    # Click 1: the Gradebooks (or the Offerings) tab; click 2: the gradebook.
    assert f'href="/provider/{provider.pk}/gradebooks/"' in dashboard
    assert f'href="/provider/{provider.pk}/offerings/"' in dashboard
    for tab in ("gradebooks", "offerings"):
        page = client.get(f"/provider/{provider.pk}/{tab}/").content.decode()
        assert f'href="/provider/{provider.pk}/offerings/{offering.pk}/gradebook/"' in page
    assert client.get(f"/provider/{provider.pk}/offerings/{offering.pk}/gradebook/").status_code == 200


def test_someone_of_two_organisations_chooses_one_with_its_links(client, offering, assessor):
    other = MembershipFactory(user=assessor, role="admin").provider
    client.force_login(assessor)
    response = client.get("/provider/")
    page = response.content.decode()
    assert response.status_code == 200
    provider = offering.version.programme.provider
    assert f"/provider/{provider.pk}/gradebooks/" in page and f"/provider/{other.pk}/offerings/" in page


def test_a_published_versions_page_lists_its_offerings_with_the_places_taken(en, offering, admin_a):
    """The programme version's page (the programmes app's) shows the version's offerings: an enrolment and an open
    invitation each hold a place."""
    services.enrol_self(offering=offering, learner=UserFactory(), funding_source="self")
    services.enrolment_invite(
        offering=offering,
        acting_user=admin_a,
        person={
            "email": "nino.beridze@example.ge",
            "first_name_ka": "ნინო",
            "last_name_ka": "ბერიძე",
            "first_name_en": "Nino",
            "last_name_en": "Beridze",
        },
        funding_source="self",
    )
    version, provider = offering.version, offering.version.programme.provider
    en.force_login(admin_a)
    page = en.get(f"/provider/{provider.pk}/programmes/{version.programme_id}/v{version.number}/").content.decode()
    assert f'href="/provider/{provider.pk}/offerings/{offering.pk}/"' in page
    assert "2 of 3 places taken" in page

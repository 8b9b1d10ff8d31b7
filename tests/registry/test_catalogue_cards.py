"""What a visitor reads about a programme before opening it: each catalogue card says when the next offering runs,
what it costs (or that it is free, and which funding it accepts) and whether it is open for enrolment now, until
when; in a fixed number of queries whatever the page size. A provider's public page lists its published
programmes; a programme's page does not repeat the summary as its description and gives the venue in the reader's
language."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.enrolments import services as enrolments
from apps.programmes import services as programmes
from tests.helpers import new_complete_version, offering_data, publish

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def offer(version, admin, **overrides):
    return enrolments.offering_create(version=version, acting_user=admin, data=offering_data(**overrides))


def card(body: str, title: str) -> str:
    """The text of the catalogue card whose heading is `title`."""
    start = body.index(f">{title}</a>")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body[start : body.index("</li>", start)]))


def test_a_card_shows_the_open_offering_its_dates_fee_and_closing_date_in_georgian(
    ka, authorized_a, admin_a, author, reviewer
):
    version = publish(new_complete_version(authorized_a, author), author, reviewer)
    offer(
        version,
        admin_a,
        start_date=datetime.date(2031, 3, 2),
        end_date=datetime.date(2031, 5, 4),
        enrolment_opens=TODAY - DAY,
        enrolment_closes=datetime.date(2031, 2, 20),
        fee=Decimal("150"),
        funding_sources=["self", "state_grant", "voucher"],
    )

    text = card(ka.get("/registry/programmes/").content.decode(), "ქსელების ადმინისტრირება")

    assert "ჩარიცხვისთვის ღიაა — ბოლო დღე: 20 თებერვალი 2031" in text
    assert "2 მარტი 2031 – 4 მაისი 2031" in text
    assert "150 ₾" in text
    assert "დაფინანსების შესაძლებლობა: სახელმწიფო გრანტი, ვაუჩერი" in text


def test_a_card_tells_a_free_offering_not_yet_open_and_a_programme_with_none(
    en, authorized_a, admin_a, author, reviewer
):
    later = publish(new_complete_version(authorized_a, author, code="LATER"), author, reviewer)
    offer(
        later,
        admin_a,
        start_date=datetime.date(2031, 9, 1),
        end_date=datetime.date(2031, 12, 1),
        enrolment_opens=datetime.date(2031, 6, 1),
        enrolment_closes=datetime.date(2031, 8, 1),
        fee=Decimal("0"),
    )
    none = publish(
        new_complete_version(authorized_a, author, code="NONE", title_en="Cyber Security", title_ka="კიბერ"),
        author,
        reviewer,
    )
    finished = offer(
        none,
        admin_a,
        start_date=TODAY - 30 * DAY,
        end_date=TODAY - DAY,
        enrolment_opens=TODAY - 40 * DAY,
        enrolment_closes=TODAY - 31 * DAY,
    )
    finished.results_finalised_at = timezone.now()
    finished.save()

    body = en.get("/registry/programmes/").content.decode()

    later_card = card(body, "Network Administration")
    assert "Next offering" in later_card and "Enrolment opens" in later_card
    assert "Open for enrolment" not in later_card
    assert "Free of charge" in later_card
    assert "No offering scheduled yet." in card(body, "Cyber Security")


def test_a_full_offering_is_not_announced_as_open(ka, authorized_a, admin_a, author, reviewer):
    from tests.helpers import enrol_by_invitation

    version = publish(new_complete_version(authorized_a, author), author, reviewer)
    offering = offer(version, admin_a, capacity=1, waiting_list=False)
    enrol_by_invitation(offering, admin_a, {"email": "nino@example.ge"})

    text = card(ka.get("/registry/programmes/").content.decode(), "ქსელების ადმინისტრირება")

    assert "ადგილები შევსებულია" in text
    assert "ჩარიცხვისთვის ღიაა" not in text


def test_an_offering_of_the_version_a_new_one_replaced_still_shows(en, authorized_a, admin_a, author, reviewer):
    first = publish(new_complete_version(authorized_a, author), author, reviewer)
    offer(
        first,
        admin_a,
        enrolment_closes=datetime.date(2031, 1, 15),
        start_date=datetime.date(2031, 2, 1),
        end_date=datetime.date(2031, 4, 1),
    )
    second = programmes.version_new(programme=first.programme, acting_user=author)
    publish(second, author, reviewer)

    text = card(en.get("/registry/programmes/").content.decode(), "Network Administration")

    assert "Open for enrolment until" in text


def test_the_cards_take_the_same_queries_whatever_the_page_size(
    client, authorized_a, admin_a, author, reviewer, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(8):
        version = publish(new_complete_version(authorized_a, author, code=f"P{n}"), author, reviewer)
        offer(version, admin_a)
        offer(version, admin_a, start_date=TODAY + 90 * DAY, end_date=TODAY + 120 * DAY)

    with CaptureQueriesContext(connection) as small:
        assert client.get("/registry/programmes/?per_page=2").status_code == 200
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/registry/programmes/?per_page=8")
    assert response.content.decode().count('class="next-offering"') == 8


def test_a_providers_page_lists_its_published_programmes_with_links(en, authorized_a, admin_a, author, reviewer):
    version = publish(new_complete_version(authorized_a, author), author, reviewer)
    new_complete_version(authorized_a, author, code="DRAFT", title_en="Unpublished Draft")

    body = en.get(f"/registry/providers/{authorized_a.pk}/").content.decode()

    assert f'href="/registry/programmes/{version.programme_id}/">Network Administration</a>' in body
    assert "Unpublished Draft" not in body


def test_a_provider_without_programmes_says_so_in_georgian(ka, authorized_a):
    body = ka.get(f"/registry/providers/{authorized_a.pk}/").content.decode()

    assert "გამოქვეყნებული მიკროკრედიტები" in body
    assert "ამ დაწესებულებას კატალოგში პროგრამა ჯერ არ აქვს." in body


def test_the_programme_page_does_not_repeat_the_summary_as_its_description(en, authorized_a, author, reviewer):
    same = publish(
        new_complete_version(authorized_a, author, code="SAME", summary_en="Networks.", description_en="Networks."),
        author,
        reviewer,
    )
    own = publish(
        new_complete_version(authorized_a, author, code="OWN", description_en="Twelve weeks in the lab."),
        author,
        reviewer,
    )

    repeated = en.get(f"/registry/programmes/{same.programme_id}/").content.decode()
    described = en.get(f"/registry/programmes/{own.programme_id}/").content.decode()

    assert repeated.count("Networks.") == 1 and 'id="description-heading"' not in repeated
    assert 'id="description-heading"' in described and "Twelve weeks in the lab." in described


@pytest.mark.parametrize(
    ("language", "place", "place_en", "shown"),
    [
        ("en", "თბილისი", "Tbilisi", "Tbilisi"),
        ("ka", "თბილისი", "Tbilisi", "თბილისი"),
        ("en", "ქუთაისი", "", "ქუთაისი"),
        ("ka", "", "Batumi", "Batumi"),
    ],
)
def test_the_venue_is_in_the_readers_language_with_the_other_as_fallback(
    client, authorized_a, admin_a, author, reviewer, language, place, place_en, shown
):
    version = publish(new_complete_version(authorized_a, author), author, reviewer)
    offer(version, admin_a, participation_mode="onsite", place=place, place_en=place_en)
    client.cookies["django_language"] = language

    body = client.get(f"/registry/programmes/{version.programme_id}/").content.decode()

    assert f" · {shown}" in body
    other = {place, place_en} - {shown, ""}
    assert not any(name in body for name in other)

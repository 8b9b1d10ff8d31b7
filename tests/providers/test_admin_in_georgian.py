"""The review admin in Georgian (issue 13, item 10): the history pages, the queue's columns and its status filter,
and the applications list that names the provider."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from apps.providers import authorizing, services
from apps.providers.models import ApplicationStatus
from tests.core.test_catalogue import LATIN_EVERYWHERE, _VisibleText, english_messages
from tests.helpers import complete_application

pytestmark = pytest.mark.django_db

# English that reached these pages before: simple_history's own words, stored values, Python's None.
KNOWN_ENGLISH = ["View history", "days waiting", "None", "under_review", "submitted", "Changed", "review started"]


def visible_texts(response) -> set[str]:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return parser.texts


def assert_georgian(response):
    texts = visible_texts(response)
    body = " ".join(texts)
    assert not [word for word in KNOWN_ENGLISH if re.search(rf"\b{re.escape(word)}\b", body)], body
    assert not texts & english_messages()
    latin_only = {t for t in texts if re.fullmatch(r"[A-Za-z][A-Za-z ,.:;'()/-]{3,}", t)}
    assert not latin_only - LATIN_EVERYWHERE


def selected_status_filter(response) -> str:
    """The highlighted choice of the queue's status filter."""
    block = re.search(r'<details data-filter-title="სტატუსი".*?</details>', response.content.decode(), re.S).group(0)
    return re.search(r'<li class="selected">\s*<a href="[^"]*">([^<]+)</a>', block).group(1).strip()


@pytest.fixture
def under_review(provider_a, admin_a, reviewer):
    application = complete_application(provider_a, admin_a)
    authorizing.application_submit(application=application, acting_user=admin_a)
    return authorizing.application_start_review(application=application, reviewer=reviewer)


def test_the_history_of_an_application_reads_in_georgian_with_local_times(ka, reviewer, under_review):
    ka.force_login(reviewer)
    page = ka.get(reverse("admin:providers_authorizationapplication_history", args=[under_review.pk]))

    assert page.status_code == 200
    assert_georgian(page)
    body = page.content.decode()
    assert "ისტორია: " in body  # the title, not "View history: "
    assert "სტატუსი:</strong> წარდგენილი&nbsp;&rarr;&nbsp;განხილვაშია" in body  # labels, not stored values
    assert "განხილვა დაიწყო" in body  # the audit reason "review started"
    assert "+00:00" not in body
    with translation.override("ka"):
        submitted_at = formats.date_format(timezone.localtime(under_review.submitted_at), "DATETIME_FORMAT")
    assert timezone.localtime(under_review.submitted_at).utcoffset().total_seconds() == 4 * 3600  # Asia/Tbilisi
    assert f"— → {submitted_at}" in body.replace("&nbsp;", " ").replace("&rarr;", "→")


def test_the_queue_reads_in_georgian(ka, reviewer, under_review):
    ka.force_login(reviewer)
    page = ka.get(reverse("admin:providers_authorizationapplication_changelist"), follow=True)

    assert page.status_code == 200
    assert_georgian(page)
    assert "ლოდინი (დღე)" in page.content.decode()


def test_the_queue_highlights_the_filter_it_applies(ka, reviewer, under_review, provider_b, admin_b):
    rejected = complete_application(provider_b, admin_b)
    authorizing.application_submit(application=rejected, acting_user=admin_b)
    authorizing.application_decide(
        application=rejected, reviewer=reviewer, outcome="rejected", reasons_ka="არა.", reasons_en="No."
    )
    ka.force_login(reviewer)
    changelist = reverse("admin:providers_authorizationapplication_changelist")

    opened = ka.get(changelist, follow=True)
    assert selected_status_filter(opened) == "განხილვას ელოდება"
    assert [a.pk for a in opened.context["cl"].result_list] == [under_review.pk]

    everything_link = re.search(r'<a href="(\?status__exact=all)">ყველა</a>', opened.content.decode()).group(1)
    everything = ka.get(changelist + everything_link)
    assert everything.status_code == 200  # not sent back to the pending items
    assert selected_status_filter(everything) == "ყველა"
    assert {a.pk for a in everything.context["cl"].result_list} == {under_review.pk, rejected.pk}

    one_status = ka.get(changelist, {"status__exact": ApplicationStatus.REJECTED})
    assert selected_status_filter(one_status) == "უარყოფილი"
    assert [a.pk for a in one_status.context["cl"].result_list] == [rejected.pk]


def test_the_applications_list_names_the_provider_and_finds_it(ka, reviewer, under_review, provider_b, admin_b):
    other = complete_application(provider_b, admin_b)
    authorizing.application_submit(application=other, acting_user=admin_b)
    ka.force_login(reviewer)
    changelist = reverse("admin:providers_authorizationapplication_changelist")

    page = ka.get(changelist, {"status__exact": "all"}).content.decode()
    assert "column-provider_name" in page
    assert "ალფა უნივერსიტეტი" in page and "ბეტა კოლეჯი" in page

    for query in ("ბეტა", "Beta College", provider_b.identification_code):
        found = ka.get(changelist, {"status__exact": "all", "q": query})
        assert [a.pk for a in found.context["cl"].result_list] == [other.pk], query


def test_the_history_of_a_provider_shows_an_empty_value_as_a_dash(ka, reviewer, provider_a, admin_a):
    services.provider_update(provider=provider_a, acting_user=admin_a, data={"address": "თბილისი, რუსთაველის 1"})
    ka.force_login(reviewer)
    page = ka.get(reverse("admin:providers_provider_history", args=[provider_a.pk]))

    assert page.status_code == 200
    assert_georgian(page)
    assert "— → თბილისი, რუსთაველის 1" in page.content.decode().replace("&nbsp;", " ").replace("&rarr;", "→")

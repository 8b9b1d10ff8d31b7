"""NCEQE's programme queue in Georgian (issue 13, item 10): the history of a version and the queue's filter."""

import re

import pytest
from django.urls import reverse

from apps.programmes import services
from tests.helpers import new_complete_version
from tests.providers.test_admin_in_georgian import assert_georgian, selected_status_filter

pytestmark = pytest.mark.django_db


def test_the_history_of_a_reviewed_version_reads_in_georgian(ka, authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    services.version_start_review(version=version, reviewer=reviewer)
    services.version_decide(version=version, reviewer=reviewer, outcome="approved", reasons_ka="კი.", reasons_en="Yes.")
    ka.force_login(reviewer)

    page = ka.get(reverse("admin:programmes_programmeversion_history", args=[version.pk]))

    assert page.status_code == 200
    assert_georgian(page)
    body = page.content.decode().replace("&nbsp;", " ").replace("&rarr;", "→")
    assert "განხილვაშია → დამტკიცებული" in body and "under_review" not in body
    assert "განხილვის შედეგი: დამტკიცებული" in body  # the audit reason "review: approved"
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", body)  # no raw timestamps


def test_the_programme_queue_highlights_what_it_shows(ka, authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    new_complete_version(authorized_a, author, code="NET-2")  # a draft
    ka.force_login(reviewer)

    opened = ka.get(reverse("admin:programmes_programmeversion_changelist"), follow=True)

    assert selected_status_filter(opened) == "განხილვას ელოდება"
    assert [v.pk for v in opened.context["cl"].result_list] == [version.pk]
    assert_georgian(opened)

"""A reviewer's day in the Georgian admin (issue 13, items 10 and 12): the bell in the header says an application
awaits review, the notification leads to it, its history reads in Georgian with local times, and the queue
highlights the filter it shows."""

import re

import pytest
from playwright.sync_api import expect

from apps.providers import authorizing
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory
from tests.helpers import complete_application

from .browser import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_hears_of_an_application_and_reads_its_history_in_georgian(new_page):
    reviewer = ReviewerFactory(email="expert@eqe.ge", preferred_language="ka")
    provider = ProviderFactory(legal_name_ka="ილიას სახელმწიფო უნივერსიტეტი", legal_name_en="Ilia State University")
    admin = MembershipFactory(provider=provider, role="admin").user
    application = authorizing.application_submit(application=complete_application(provider, admin), acting_user=admin)
    authorizing.application_start_review(application=application, reviewer=reviewer)

    page = new_page("ka")
    log_in(page, reviewer.email, PASSWORD)
    page.goto("/")
    bell = page.locator("a.notifications-link")
    expect(bell.locator(".notification-count")).to_have_text("1")
    bell.click()
    expect(page.get_by_role("heading", name="შეტყობინებები")).to_be_visible()
    expect(page.get_by_text("ავტორიზაციის განაცხადი: ილიას სახელმწიფო უნივერსიტეტი")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "reviewer-notifications-ka.png"), full_page=True)

    page.get_by_role("button", name="გახსნა").click()
    expect(page).to_have_url(re.compile(rf"/admin/providers/authorizationapplication/{application.pk}/change/$"))
    page.get_by_role("link", name="ისტორია").click()
    expect(page.locator("h1")).to_contain_text("ისტორია:")
    history = page.locator("#change-history")
    expect(history).to_contain_text("წარდგენილი → განხილვაშია")
    expect(history).to_contain_text("განხილვა დაიწყო")
    for english in ("View history", "under_review", "None", "+00:00"):
        expect(page.locator("body")).not_to_contain_text(english)
    page.screenshot(path=str(ARTIFACTS / "admin-application-history-ka.png"), full_page=True)

    page.goto("/admin/providers/authorizationapplication/")
    status_filter = page.locator('details[data-filter-title="სტატუსი"]')
    expect(status_filter.locator("li.selected")).to_have_text("განხილვას ელოდება")
    expect(page.locator("#result_list")).to_contain_text("ილიას სახელმწიფო უნივერსიტეტი")
    expect(page.locator("#result_list")).to_contain_text("ლოდინი (დღე)")
    page.screenshot(path=str(ARTIFACTS / "admin-application-queue-ka.png"), full_page=True)

    page.goto("/")
    expect(page.locator("a.notifications-link .notification-count")).to_have_count(0)  # opened, so read

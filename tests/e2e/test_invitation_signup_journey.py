"""A person invited by a provider, with no account yet, opens the link in the e-mail, signs up in one step (the
link proves the address; the privacy notice and the date of birth are asked on the way), lands in their learning
enrolled, logs out and logs in again with no stop to confirm the address: in Georgian (issue 13, item 14)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.enrolments import services as enrolment_services
from tests.factories import MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from tests.helpers import authorize, new_complete_version, offering_data, publish

from .browser import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mtskheta-svetitskhoveli-1010"


def test_an_invited_newcomer_signs_up_in_one_step_and_logs_in_again_without_confirming(page):
    reviewer = ReviewerFactory(email="nceqe@eqe.ge")
    provider = ProviderFactory(short_name="TSU")
    admin = MembershipFactory(provider=provider, role="admin", user=UserFactory(email="admin@tsu.ge")).user
    author = MembershipFactory(provider=provider, role="author").user
    authorize(provider, admin, reviewer, levels=(6,), fields=("061",))
    version = publish(new_complete_version(provider, author), author, reviewer)
    offering = enrolment_services.offering_create(version=version, acting_user=admin, data=offering_data())
    enrolment_services.enrolment_invite(
        offering=offering,
        acting_user=admin,
        person={"email": "nino.kvaratskhelia@example.ge", "first_name_en": "Nino", "last_name_en": "Kvaratskhelia"},
        funding_source="self",
    )
    (invitation_mail,) = [m for m in mail.outbox if m.to == ["nino.kvaratskhelia@example.ge"]]
    mail.outbox.clear()
    path = re.search(r"https?://[^/\s]+(/learner/invitations/\S+/)", invitation_mail.body).group(1)

    page.goto(path)
    expect(page).to_have_title(re.compile("^ჩარიცხვის მოწვევა"))
    page.get_by_label("სახელი (ქართული დამწერლობით)").fill("ნინო")
    page.get_by_label("გვარი (ქართული დამწერლობით)").fill("კვარაცხელია")
    expect(page.get_by_label("სახელი (ლათინური დამწერლობით)")).to_have_value("Nino")
    page.get_by_label("დაბადების თარიღი").fill("2000-07-21")
    page.get_by_label("პაროლი").fill(PASSWORD)
    page.locator("#id_accept_privacy").check()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "invitation-signup-ka.png"), full_page=True)
    page.get_by_role("button", name="ანგარიშის შექმნა და ჩარიცხვა").click()

    expect(page).to_have_url(re.compile("/learner/$"))
    expect(page).to_have_title(re.compile("^ჩემი სწავლა"))
    expect(page.locator(".message-success")).to_contain_text("თქვენ ჩაირიცხეთ.")
    expect(page.locator(".learner-enrolment .badge")).to_have_text("ჩარიცხულია")
    assert mail.outbox == []  # nothing to confirm: the link did

    page.get_by_role("button", name="გასვლა").click()
    log_in(page, "nino.kvaratskhelia@example.ge", PASSWORD)
    expect(page).to_have_url(re.compile("/learner/$"))
    expect(page.locator(".learner-enrolment .badge")).to_have_text("ჩარიცხულია")
    assert mail.outbox == []

"""An irreversible action asks once, in Georgian, saying what it does and to how many: an assessor finalising a
cohort's results first cancels, and nothing is locked; then agrees, and the results are final."""

import pytest
from playwright.sync_api import expect

from apps.assessments import services as assessments
from apps.enrolments import services as enrolment_services
from apps.enrolments.models import Offering
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from tests.helpers import authorize, new_complete_version, offering_data, publish

from .browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = (
    "დავამტკიცოთ საბოლოოდ 2 მსმენელის შედეგები? "
    "ამის შემდეგ ქულის შეცვლა მხოლოდ შესწორებით, მიზეზის მითითებით იქნება შესაძლებელი."
)


def test_finalising_asks_with_the_count_and_cancelling_keeps_the_results_open(page):
    reviewer = ReviewerFactory()
    provider = ProviderFactory(short_name="TSU")
    admin = MembershipFactory(provider=provider, role="admin").user
    author = MembershipFactory(provider=provider, role="author").user
    assessor = MembershipFactory(provider=provider, role="assessor", user=UserFactory(email="assessor@tsu.ge")).user
    authorize(provider, admin, reviewer, levels=(6,), fields=("061",))
    version = publish(new_complete_version(provider, author), author, reviewer)
    offering = enrolment_services.offering_create(version=version, acting_user=admin, data=offering_data(capacity=10))
    components = list(version.components.order_by("order"))
    scores = {}
    for n in range(2):
        learner = UserFactory(email=f"learner{n}@example.ge")
        enrolment = enrolment_services.enrol_self(offering=offering, learner=learner, funding_source="self")
        scores.update({(enrolment.pk, c.pk): "80" for c in components})
    assessments.gradebook_save(offering=offering, assessor=assessor, scores=scores)

    log_in(page, assessor.email, PASSWORD)
    page.goto(f"/provider/{provider.pk}/offerings/{offering.pk}/gradebook/")
    finalise = page.get_by_role("button", name="შედეგების საბოლოო დამტკიცება")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    finalise.click()
    expect(finalise).to_be_visible()  # still the same page, nothing sent
    assert questions == [QUESTION]
    page.reload()
    expect(finalise).to_be_visible()
    expect(page.locator(".gradebook input").first).to_be_editable()
    assert Offering.objects.get(pk=offering.pk).results_finalised_at is None

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    finalise.click()
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.get_by_text("შედეგები საბოლოოა", exact=True)).to_be_visible()
    assert questions == [QUESTION, QUESTION]
    assert Offering.objects.get(pk=offering.pk).results_finalised_at is not None

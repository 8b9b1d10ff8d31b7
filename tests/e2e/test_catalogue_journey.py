"""A visitor in Georgian reads the catalogue (issue 13, item 16): each card says when the next offering runs, what it
costs and until when enrolment is open; the provider's page links its programmes; the programme's page gives the
venue in Georgian. The home page, the catalogue and the programme page pass the accessibility audit."""

import pytest
from playwright.sync_api import expect

from .accessibility import audit
from .browser import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_the_cards_and_a_providers_programmes(page):
    import datetime
    from decimal import Decimal

    from apps.enrolments import services as enrolments
    from tests.factories import MembershipFactory, ProviderFactory, ReviewerFactory
    from tests.helpers import authorize, new_complete_version, offering_data, publish

    reviewer = ReviewerFactory()
    provider = ProviderFactory(short_name="BTU", legal_name_ka="ბიზნესისა და ტექნოლოგიების უნივერსიტეტი")
    admin = MembershipFactory(provider=provider, role="admin").user
    authorize(provider, admin, reviewer, levels=(6, 7), fields=("061",))
    author = MembershipFactory(provider=provider, role="author").user
    version = publish(new_complete_version(provider, author), author, reviewer)
    closes = datetime.date.today() + datetime.timedelta(days=9)
    enrolments.offering_create(
        version=version,
        acting_user=admin,
        data=offering_data(
            enrolment_closes=closes,
            participation_mode="onsite",
            place="თბილისი, ჭავჭავაძის გამზირი 1",
            place_en="1 Chavchavadze Avenue, Tbilisi",
            fee=Decimal("150"),
        ),
    )

    page.goto("/")
    assert audit(page) == []
    page.goto("/registry/programmes/")
    card = page.locator(".result", has_text="ქსელების ადმინისტრირება")
    expect(card.locator(".badge-open")).to_contain_text("ჩარიცხვისთვის ღიაა — ბოლო დღე:")
    expect(card).to_contain_text("150 ₾")
    expect(card).to_contain_text("დაფინანსების შესაძლებლობა: სახელმწიფო გრანტი")
    assert audit(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalogue-cards-ka.png"), full_page=True)

    page.goto(f"/registry/providers/{provider.pk}/")
    page.locator(".provider-programmes").get_by_role("link", name="ქსელების ადმინისტრირება").click()
    expect(page.locator(".offerings")).to_contain_text("თბილისი, ჭავჭავაძის გამზირი 1")
    expect(page.locator(".offerings")).not_to_contain_text("Chavchavadze")
    assert audit(page) == []

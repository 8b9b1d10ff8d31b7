"""Navigation in a real browser, in Georgian: every representative page of every role fits a 390 px phone with no
sideways scroll; the menu button opens and closes the menu from the keyboard; the signed-in header of a person with
every link stays within two lines at 1,280 px."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from apps.certificates import issuing, keys
from apps.enrolments import services as enrolment_services
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from tests.helpers import authorize, finalise_with, new_complete_version, offering_data, publish

from .browser import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _world():
    reviewer = ReviewerFactory(email="nceqe@eqe.ge")
    provider = ProviderFactory(short_name="GTU")
    # An administrator who is also staff of the portal: the header with every link there is.
    admin = MembershipFactory(provider=provider, role="admin", user=UserFactory(email="admin@gtu.ge", is_staff=True))
    admin = admin.user
    author = MembershipFactory(provider=provider, role="author").user
    assessor = MembershipFactory(provider=provider, role="assessor").user
    authorize(provider, admin, reviewer, levels=(6,), fields=("061",))
    version = publish(new_complete_version(provider, author), author, reviewer)
    draft = new_complete_version(provider, author, code="NET-2")
    finished = enrolment_services.offering_create(
        version=version, acting_user=admin, data=offering_data(capacity=10, credential_issuance="approval")
    )
    keys.ensure_platform_identity()
    enrolments = finalise_with(finished, admin, assessor, [(90, 85), (70, 75)], prefix="gtu-learner")
    credential = issuing.credential_issue(enrolment=enrolments[0], acting_user=admin)
    learner = enrolments[0].learner
    EmailAddress.objects.update_or_create(user=learner, email=learner.email, defaults={"verified": True})
    running = enrolment_services.offering_create(version=version, acting_user=admin, data=offering_data(capacity=10))
    enrolment_services.enrol_self(offering=running, learner=UserFactory(), funding_source="self")
    return {
        "reviewer": reviewer,
        "admin": admin,
        "learner": learner,
        "provider": provider,
        "version": version,
        "draft": draft,
        "finished": finished,
        "running": running,
        "code": credential.code,
    }


def _fits_a_phone(page, path: str, name: str) -> None:
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} scrolls sideways: {width} px wide"


def test_every_page_of_every_role_fits_a_phone(new_page):
    world = _world()
    ARTIFACTS.mkdir(exist_ok=True)
    p, finished, running = world["provider"].pk, world["finished"].pk, world["running"].pk
    programme = world["version"].programme_id
    pages = {
        None: {
            "home": "/",
            "catalogue": "/registry/programmes/",
            "programme": f"/registry/programmes/{programme}/",
            "registry": "/registry/providers/",
            "verify-result": f"/verify/{world['code']}/",
        },
        world["learner"]: {"learner": "/learner/"},
        world["admin"]: {
            "provider-dashboard": f"/provider/{p}/",
            "provider-offerings": f"/provider/{p}/offerings/",
            "provider-offering": f"/provider/{p}/offerings/{running}/",
            "provider-gradebook": f"/provider/{p}/offerings/{running}/gradebook/",
            "provider-gradebook-final": f"/provider/{p}/offerings/{finished}/gradebook/",
            "provider-certificates": f"/provider/{p}/offerings/{finished}/credentials/",
            "provider-programme-editor": f"/provider/{p}/programmes/{world['draft'].programme_id}/v1/",
        },
        world["reviewer"]: {"admin-index": "/admin/", "admin-changelist": "/admin/certificates/credential/"},
    }
    for person, paths in pages.items():
        page = new_page("ka")
        page.set_viewport_size(PHONE)
        if person is not None:
            log_in(page, person.email, PASSWORD)
        for name, path in paths.items():
            _fits_a_phone(page, path, name)
        page.close()


def test_the_menu_button_opens_and_closes_the_menu_from_the_keyboard(new_page):
    page = new_page("ka")
    page.set_viewport_size(PHONE)
    page.goto("/")
    button = page.get_by_role("button", name="მენიუ")
    verify = page.locator("#site-menu").get_by_role("link", name="სერტიფიკატის გადამოწმება")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(verify).to_be_hidden()

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(verify).to_be_visible()
    page.keyboard.press("Tab")  # the menu follows its button
    expect(page.locator("#site-menu a").first).to_be_focused()
    page.screenshot(path=str(ARTIFACTS / "phone-menu-open.png"))

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(verify).to_be_hidden()
    page.keyboard.press("Space")
    expect(verify).to_be_visible()
    verify.click()
    page.wait_for_url("**/verify/")

    # Wide, the button is gone and the menu is simply there.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(button).to_be_hidden()
    expect(verify).to_be_visible()


def _header_lines(page) -> int:
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.site-header a, .site-header button')]
                 .filter((e) => e.offsetParent !== null)
                 .map((e) => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); })"""
    )
    lines = []
    for top in sorted(tops):
        if not lines or top - lines[-1] > 12:  # items on one line are centred within a few pixels of each other
            lines.append(top)
    return len(lines)


def test_the_signed_in_header_keeps_to_two_lines_at_desktop_width(new_page):
    provider = ProviderFactory(short_name="GTU")
    person = MembershipFactory(provider=provider, role="admin", user=UserFactory(is_staff=True)).user
    for language in ("ka", "en"):
        page = new_page(language)
        log_in(page, person.email, PASSWORD)
        for width in (1280, 1100):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"/provider/{provider.pk}/")
            expect(
                page.locator(".site-header").get_by_role(
                    "link", name="Administration" if language == "en" else "ადმინისტრირება"
                )
            ).to_be_visible()
            assert _header_lines(page) <= 2, f"{language} at {width} px"
            page.screenshot(path=str(ARTIFACTS / f"header-{language}-{width}.png"))
        page.close()

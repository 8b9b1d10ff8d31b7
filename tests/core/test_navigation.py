"""The header and footer of every page: the way to check a certificate, and a menu button that works without inline
script (the browser journey in tests/e2e/test_navigation_journey.py opens and closes it)."""

import re

import pytest

from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def _footer(page: str) -> str:
    return page[page.index('<footer class="site-footer">') : page.index("</footer>")]


@pytest.mark.parametrize("path", ["/", "/registry/programmes/", "/registry/providers/", "/verify/", "/privacy/"])
def test_every_public_page_leads_to_the_check_of_a_certificate_in_georgian(ka, path):
    page = ka.get(path).content.decode()
    link = '<a href="/verify/"[^>]*>სერტიფიკატის გადამოწმება</a>'
    main_navigation = _header(page).split('aria-label="მთავარი ნავიგაცია"')[1].split("</nav>")[0]
    assert re.search(link, main_navigation), main_navigation
    assert re.search(link, _footer(page))


def test_signed_in_pages_lead_there_too_in_english(en):
    member = MembershipFactory(role="assessor", user=UserFactory()).user
    en.force_login(member)
    for path in ("/learner/", "/account/profile/", f"/provider/{member.provider_memberships.get().provider_id}/"):
        page = en.get(path).content.decode()
        assert re.search('<a href="/verify/"[^>]*>Check a certificate</a>', _header(page)), path
        assert re.search('<a href="/verify/"[^>]*>Check a certificate</a>', _footer(page)), path


def test_the_menu_button_names_the_menu_it_opens_and_is_left_to_the_script(ka):
    page = ka.get("/").content.decode()
    button = re.search(r"<button[^>]*class=\"menu-button[^>]*>", page).group(0)
    controlled = re.search(r'aria-controls="([^"]+)"', button).group(1)
    # Hidden until static/js/menu.js takes it over: without script the menu is simply open.
    assert " hidden" in button and 'aria-expanded="true"' in button
    assert f'<div class="site-menu" id="{controlled}">' in page
    assert "მენიუ" in page[page.index(button) : page.index("</button>", page.index(button))]
    assert '<script src="/static/js/menu.js" defer></script>' in page

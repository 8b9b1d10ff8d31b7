"""Pages keep working under the portal's Content-Security-Policy (the page fixtures fail a test on any
violation): the admin with its widgets, the API docs, and the staff page's confirmation before a removal."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .browser import log_in, watch_policies

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_refused_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    problems = watch_policies(context)
    page = context.new_page()
    page.goto("/")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.injected = 'yes'";
        document.body.append(script);
        document.body.setAttribute("onclick", "document.body.dataset.injected = 'yes'");
        document.body.click();
    }"""
    )
    page.evaluate("0")
    assert page.evaluate("document.body.dataset.injected") is None
    assert any("script-src" in problem for problem in problems), problems
    context.close()


def test_the_admin_and_its_widgets_work(page):
    superuser = UserFactory(email="nceqe.admin@eqe.ge", is_staff=True, is_superuser=True, preferred_language="en")
    log_in(page, superuser.email, PASSWORD)
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/admin/accounts/user/")
    page.locator("#result_list tbody input.action-select").first.check()
    expect(page.locator(".action-counter")).to_contain_text("1")
    page.goto(f"/admin/accounts/user/{superuser.pk}/change/")
    # The two-box chooser of groups and permissions is drawn by the admin's own scripts.
    expect(page.locator(".selector-available").first).to_be_visible()
    page.locator(".selector-available select option").first.dblclick()
    expect(page.locator(".selector-chosen select option")).to_have_count(1)


def test_the_api_docs_render(page):
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("MicroCred Georgia API")


def test_removing_a_member_of_staff_asks_first(page):
    admin = MembershipFactory(role="admin", user=UserFactory(email="admin@gtu.ge", preferred_language="en"))
    author = MembershipFactory(provider=admin.provider, role="author", user=UserFactory(email="author@gtu.ge"))
    log_in(page, admin.user.email, PASSWORD)
    page.goto(f"/provider/{admin.provider.pk}/staff/")
    remove = page.locator(f"form[action$='/staff/{author.pk}/remove/'] button")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    remove.click()
    page.wait_for_load_state()
    assert questions == ["Remove this person from the staff? Their account stays."]
    expect(remove).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.locator(".message-success")).to_be_visible()
    expect(remove).to_have_count(0)


def test_the_account_pages_work(page):
    for url in ("/account/signup/", "/account/password/reset/"):
        page.goto(url)
        expect(page.locator("main form")).to_be_visible()
    user = UserFactory(email="tamar.kapanadze@example.ge", preferred_language="en")
    log_in(page, user.email, PASSWORD)
    for url in ("/account/email/", "/account/password/change/", "/account/2fa/", "/account/profile/edit/"):
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
    # allauth's own script asks before an address is removed (a <script type="application/json"> feeds it).
    page.goto("/account/email/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("button[name=action_remove]").click()
    page.wait_for_load_state()
    assert questions == ["Do you really want to remove the selected email address?"]

"""The API docs (/api/docs/) in Georgian: the page's chrome and every operation read in the reader's language, and
the page passes the accessibility audit (axe-core, WCAG 2.1 A and AA) with an operation opened and tried, as the
portal's pages do (tests/e2e/test_catalogue_journey.py)."""

import pytest
from playwright.sync_api import expect

from .accessibility import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_are_in_georgian_and_pass_the_accessibility_audit(page):
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()

    assert page.title() == "API-ს დოკუმენტაცია · MicroCred Georgia"
    assert page.locator("html").get_attribute("lang") == "ka"
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("MicroCred Georgia API")
    expect(page.locator(".swagger-ui .opblock-tag", has_text="კატალოგი")).to_be_visible()
    summary = page.locator(".swagger-ui .opblock-summary-description", has_text="გამოქვეყნებული პროგრამების სია")
    expect(summary).to_be_visible()

    assert audit(page) == []
    # An operation opened shows its description, parameters, responses and examples; with "Try it out", the form.
    page.locator(".swagger-ui .opblock-summary-control").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    expect(page.locator(".swagger-ui .opblock-description-wrapper").first).to_contain_text("სისტემაში შესვლის გარეშე")
    assert audit(page) == []
    page.locator(".swagger-ui .try-out__btn").first.click()
    expect(page.locator(".swagger-ui .btn.execute")).to_be_visible()
    assert audit(page) == []

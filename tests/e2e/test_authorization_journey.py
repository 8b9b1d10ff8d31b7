"""The authorization story in real browsers: a provider admin registers an organisation and applies with a
document; an NCEQE reviewer authorizes it in the Georgian admin; the provider sees the decision; the public
registry lists the provider."""

import pytest
from playwright.sync_api import expect

from apps.core.pdf import minimal_pdf
from tests.factories import PASSWORD, ReviewerFactory, UserFactory

from .browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_register_apply_authorize_and_appear_in_the_registry(new_page, tmp_path):
    applicant = UserFactory(email="rector.office@sangu.ge", preferred_language="en")
    reviewer = ReviewerFactory(email="expert@eqe.ge")
    evidence = tmp_path / "self-evaluation.pdf"
    evidence.write_bytes(minimal_pdf("Self-evaluation"))

    # The provider administrator, in English.
    provider_page = new_page("en")
    log_in(provider_page, applicant.email, PASSWORD)
    provider_page.goto("/provider/register/")
    provider_page.locator("#id_legal_name_ka").fill(
        "საქართველოს საპატრიარქოს წმიდა ანდრია პირველწოდებულის სახელობის უნივერსიტეტი"
    )
    provider_page.locator("#id_legal_name_en").fill("St Andrew the First-Called Georgian University")
    provider_page.locator("#id_short_name").fill("SANGU")
    provider_page.locator("#id_identification_code").fill("204420587")
    provider_page.locator("#id_kind").select_option("university")
    provider_page.locator("#id_contact_email").fill("info@sangu.ge")
    provider_page.get_by_role("button", name="Register").click()
    expect(provider_page.get_by_role("heading", name="St Andrew the First-Called Georgian University")).to_be_visible()
    expect(provider_page.get_by_text("Not authorized")).to_be_visible()

    provider_page.get_by_role("link", name="Authorization", exact=True).click()
    provider_page.get_by_role("button", name="Start a new application").click()
    provider_page.get_by_label("Level 6: bachelor's").check()
    provider_page.locator("#id_fields_of_study").select_option(["0612"])
    provider_page.locator("#id_self_evaluation").fill(
        "The university runs accredited programmes in ICT with an internal quality assurance office."
    )
    provider_page.get_by_role("button", name="Save the draft").click()
    provider_page.locator("#id_title").fill("Self-evaluation report")
    provider_page.locator("#id_file").set_input_files(str(evidence))
    provider_page.get_by_role("button", name="Attach").click()
    expect(provider_page.get_by_role("link", name="Self-evaluation report")).to_be_visible()
    provider_page.once("dialog", lambda dialog: dialog.accept())  # "Submit the application, with 1 supporting ..."
    provider_page.get_by_role("button", name="Submit the application").click()
    expect(provider_page.locator("h1 .badge")).to_have_text("Submitted")
    application_url = provider_page.url

    # The NCEQE reviewer, in the Georgian admin.
    reviewer_page = new_page("ka")
    log_in(reviewer_page, reviewer.email, PASSWORD)
    reviewer_page.goto("/admin/providers/authorizationapplication/?status__exact=submitted")
    reviewer_page.get_by_role("link", name="SANGU").first.click()
    reviewer_page.locator("a[href$='/decide/']").click()
    reviewer_page.locator("input[name=outcome][value=authorized]").check()
    reviewer_page.locator("#id_reasons_ka").fill("უნივერსიტეტი აკმაყოფილებს სტანდარტებს.")
    reviewer_page.locator("#id_reasons_en").fill("The university meets the standards.")
    reviewer_page.locator("input[type=submit]").click()
    expect(reviewer_page.locator(".messagelist .success")).to_be_visible()

    # The provider sees the decision with its reasons.
    provider_page.goto(application_url)
    expect(provider_page.locator("h1 .badge")).to_have_text("Authorized")
    expect(provider_page.get_by_text("The university meets the standards.")).to_be_visible()

    # Anyone finds it in the public registry.
    public = new_page("en")
    public.goto("/registry/providers/?q=SANGU")
    expect(public.get_by_role("link", name="St Andrew the First-Called Georgian University")).to_be_visible()
    expect(public.locator(".result .badge")).to_have_text("Authorized")

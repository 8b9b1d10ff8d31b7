"""A programme in real browsers: an author writes it with three learning outcomes and two assessment
components (added in the page, without a reload), submits it; a reviewer approves it in the admin; the author
publishes it; the public catalogue lists it and its filters find it."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from tests.helpers import authorize

from .browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_write_submit_approve_publish_and_find(new_page):
    reviewer = ReviewerFactory(email="programmes@eqe.ge")
    provider = ProviderFactory(short_name="BTU", legal_name_en="Business and Technology University")
    admin = MembershipFactory(provider=provider, role="admin").user
    authorize(provider, admin, reviewer, levels=(6, 7), fields=("061",))
    author = MembershipFactory(
        provider=provider, role="author", user=UserFactory(email="author@btu.edu.ge", preferred_language="en")
    ).user

    page = new_page("en")
    log_in(page, author.email, PASSWORD)
    page.goto(f"/provider/{provider.pk}/programmes/")
    page.locator("#id_code").fill("CLOUD-1")
    page.get_by_role("button", name="Create").click()

    fields = {
        "#id_title_ka": "ღრუბლოვანი ინფრასტრუქტურა",
        "#id_title_en": "Cloud Infrastructure",
        "#id_summary_ka": "ღრუბლოვანი სერვისების მართვა.",
        "#id_summary_en": "Running cloud services.",
        "#id_description_ka": "პრაქტიკული კურსი.",
        "#id_description_en": "A practical course.",
        "#id_ects_credits": "4",
        "#id_workload_hours": "100",
        "#id_assessment_type_ka": "პროექტი და გამოცდა.",
        "#id_assessment_type_en": "A project and an examination.",
    }
    for selector, value in fields.items():
        page.locator(selector).fill(value)
    page.locator("#id_nqf_level").select_option("6")
    page.locator("#id_field_of_study").select_option("0612")
    page.locator("#id_participation_mode").select_option("online")
    page.locator("#id_supervision").select_option("supervised_id")
    page.get_by_label("English", exact=True).check()

    outcomes = [
        ("ღრუბლის დაპროექტება.", "Design a cloud deployment."),
        ("ავტომატიზაცია.", "Automate deployments."),
        ("მონიტორინგი.", "Monitor services."),
    ]
    for number, (ka, en) in enumerate(outcomes):
        page.get_by_role("button", name="Add a learning outcome").click()
        page.locator(f"textarea[name='outcomes-{number}-text_ka']").fill(ka)
        page.locator(f"textarea[name='outcomes-{number}-text_en']").fill(en)
    for number, (ka, en, weight, assessed) in enumerate(
        [("პროექტი", "Project", "50", ["1", "2"]), ("გამოცდა", "Examination", "40", ["3"])]
    ):
        page.get_by_role("button", name="Add an assessment component").click()
        row = page.locator("[data-formset=components] > [data-row]").nth(number)
        row.locator(f"input[name='components-{number}-name_ka']").fill(ka)
        row.locator(f"input[name='components-{number}-name_en']").fill(en)
        row.locator(f"input[name='components-{number}-weight']").fill(weight)
        row.locator(f"input[name='components-{number}-pass_mark']").fill("51")
        for label in assessed:
            row.locator(".outcome-checks").get_by_text(label, exact=True).click()
    # The rules are checked as the author types, before anything is saved.
    expect(page.locator("#weights-message")).to_have_text("The weights add up to 90%, not 100%.")
    page.locator("input[name='components-1-weight']").fill("50")
    expect(page.locator("#weights-message")).to_have_text("The weights add up to 100%.")
    # Reordering moves the outcome, and the components keep assessing the same outcomes.
    page.locator("[data-formset=outcomes] > [data-row]").nth(2).get_by_role("button", name="Move up").click()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("textarea[name='outcomes-1-text_en']")).to_have_value("Monitor services.")

    page.once("dialog", lambda dialog: dialog.accept())  # "Submit this version to NCEQE for review?"
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("h1 .badge")).to_contain_text("Submitted")

    reviewer_page = new_page("ka")
    log_in(reviewer_page, reviewer.email, PASSWORD)
    reviewer_page.goto("/admin/programmes/programmeversion/?status__exact=submitted")
    reviewer_page.locator("#result_list tbody a").first.click()
    expect(reviewer_page.get_by_text("Design a cloud deployment.")).to_be_visible()
    reviewer_page.locator("a[href$='/decide/']").click()
    reviewer_page.locator("input[name=outcome][value=approved]").check()
    reviewer_page.locator("#id_reasons_ka").fill("პროგრამა აკმაყოფილებს წესებს.")
    reviewer_page.locator("#id_reasons_en").fill("The programme meets the rules.")
    reviewer_page.locator("input[type=submit]").click()
    expect(reviewer_page.locator(".messagelist .success")).to_be_visible()

    page.reload()
    expect(page.get_by_text("The programme meets the rules.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())  # "Publish version 1 in the catalogue? ..."
    page.get_by_role("button", name="Publish in the catalogue").click()
    expect(page.locator("h1 .badge")).to_contain_text("Published")

    public = new_page("en")
    public.goto("/registry/programmes/?narrow_field=061&level=6&mode=online")
    public.get_by_role("link", name="Cloud Infrastructure").click()
    expect(public.get_by_text("Design a cloud deployment.")).to_be_visible()
    expect(public.get_by_text("4 ECTS credits, 100 hours")).to_be_visible()


def test_the_narrow_fields_follow_the_broad_field(new_page):
    page = new_page("en")
    page.goto("/registry/programmes/")
    page.locator("#id_broad_field").select_option("06")
    offered = page.locator("#id_narrow_field option:not([hidden])").evaluate_all("options => options.map(o => o.value)")
    assert offered and all(value == "" or value.startswith("06") for value in offered)
    assert "061" in offered

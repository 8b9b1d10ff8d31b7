"""The programme editor in Georgian, in Chromium (issue 13, item 6): the ECTS bounds are checked as the author
types; a required field left empty is shown at that field, with focus on it; "Save and submit" with unsaved
changes says it saves them first, and does; leaving with unsaved changes asks first."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from tests.helpers import authorize

from .browser import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BOUNDS = "მიკროკრედიტის მოცულობა უნდა იყოს მინიმუმ 1 და მაქსიმუმ 30 კრედიტი (ECTS)."
SAVE_AND_SUBMIT = "შენახვა და განსახილველად წარდგენა"


def test_live_ects_check_errors_at_the_field_and_submit_saves_first(page):
    reviewer = ReviewerFactory(email="editor-journey@eqe.ge")
    provider = ProviderFactory(short_name="SEU", legal_name_en="Georgian National University SEU")
    admin = MembershipFactory(provider=provider, role="admin").user
    authorize(provider, admin, reviewer, levels=(6,), fields=("061",))
    author = MembershipFactory(
        provider=provider, role="author", user=UserFactory(email="author@seu.edu.ge", preferred_language="ka")
    ).user

    log_in(page, author.email, PASSWORD)
    page.goto(f"/provider/{provider.pk}/programmes/")
    page.locator("#id_code").fill("DATA-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#programme-editor")).to_be_visible()

    # Only the authorized level is offered, and the page says why.
    assert page.locator("#id_nqf_level option:not([value=''])").evaluate_all("o => o.map(x => x.value)") == ["6"]
    expect(page.locator("#id_nqf_level_helptext")).to_contain_text("ჩამოთვლილია მხოლოდ ის დონეები")

    # The ECTS bounds, as the author types.
    ects = page.locator("#id_ects_credits")
    ects.fill("45")
    expect(page.locator("#ects-message")).to_have_text(BOUNDS)
    expect(ects).to_have_attribute("aria-invalid", "true")
    expect(ects).to_have_attribute("aria-describedby", re.compile(r"\bects-message\b"))
    ARTIFACTS.mkdir(exist_ok=True)
    ects.evaluate("field => field.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(ARTIFACTS / "programme-editor-live-ects-ka.png"))
    ects.fill("6")
    expect(page.locator("#ects-message")).to_have_text("")
    expect(ects).not_to_have_attribute("aria-invalid", "true")

    # Everything but the Georgian title.
    fields = {
        "#id_title_en": "Data Analysis",
        "#id_summary_ka": "მონაცემების ანალიზი.",
        "#id_summary_en": "Analysing data.",
        "#id_description_ka": "პრაქტიკული კურსი.",
        "#id_description_en": "A practical course.",
        "#id_workload_hours": "150",
        "#id_assessment_type_ka": "გამოცდა.",
        "#id_assessment_type_en": "An examination.",
    }
    for selector, value in fields.items():
        page.locator(selector).fill(value)
    page.locator("#id_nqf_level").select_option("6")
    page.locator("#id_field_of_study").select_option("0612")
    page.locator("#id_participation_mode").select_option("online")
    page.locator("#id_supervision").select_option("supervised_id")
    page.locator("#id_languages input[value=ka]").check()
    page.get_by_role("button", name="სწავლის შედეგის დამატება").click()
    page.locator("textarea[name='outcomes-0-text_ka']").fill("გააანალიზოს მონაცემები.")
    page.locator("textarea[name='outcomes-0-text_en']").fill("Analyse data.")
    page.get_by_role("button", name="შეფასების კომპონენტის დამატება").click()
    row = page.locator("[data-formset=components] > [data-row]").first
    row.locator("input[name='components-0-name_ka']").fill("გამოცდა")
    row.locator("input[name='components-0-name_en']").fill("Examination")
    row.locator("input[name='components-0-weight']").fill("100")
    row.locator("input[name='components-0-pass_mark']").fill("51")
    row.locator(".outcome-checks").get_by_text("1", exact=True).click()
    expect(page.locator("#unsaved-note")).to_be_visible()

    # Submit with unsaved changes: the question says they are saved first.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name=SAVE_AND_SUBMIT).click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert questions and questions[0].startswith("გაქვთ შეუნახავი ცვლილებები: ჯერ ისინი შეინახება.")
    # The empty required field: its error is at the field, the field has focus, the summary links to it.
    title = page.locator("#id_title_ka")
    expect(title).to_be_focused()
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title_ka_error")).to_have_text("ეს ველი შეავსეთ აგრეთვე ამ ენაზე: ქართული.")
    expect(title).to_have_attribute("aria-describedby", re.compile(r"\bid_title_ka_error\b"))
    expect(page.locator("#error-summary a[href='#id_title_ka']")).to_be_visible()
    # What was typed is saved, not thrown away.
    expect(page.locator("#id_title_en")).to_have_value("Data Analysis")
    expect(page.locator("h1")).to_contain_text("Data Analysis")
    page.screenshot(path=str(ARTIFACTS / "programme-editor-error-at-field-ka.png"), full_page=True)

    # Leaving with unsaved changes asks first; staying keeps what was typed.
    title.fill("მონაცემების ანალიზი")
    expect(page.locator("#unsaved-note")).to_have_text("გაქვთ შეუნახავი ცვლილებები.")
    leaving = []
    page.once("dialog", lambda dialog: (leaving.append(dialog.type), dialog.dismiss()))
    page.locator("main .actions a").first.click(no_wait_after=True)
    for _ in range(50):
        if leaving:
            break
        page.wait_for_timeout(100)
    assert leaving == ["beforeunload"]
    assert "/preview/" not in page.url
    expect(title).to_have_value("მონაცემების ანალიზი")

    # Submit again: saved first, then submitted.
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name=SAVE_AND_SUBMIT).click()
    expect(page.locator(".message-success")).to_have_text(
        "ცვლილებები შენახულია და ვერსია წარედგინა ცენტრს განსახილველად."
    )
    expect(page.locator("h1").first).to_contain_text("მონაცემების ანალიზი")
    expect(page.locator("h1 .badge")).to_have_class(re.compile(r"\bbadge-submitted\b"))
    assert questions[1].startswith("გაქვთ შეუნახავი ცვლილებები")

"""The programme editor as an author meets it (issue 13, item 6): each error at its field with a summary that links
to it, "Save and submit" that saves what was typed first, the national ECTS bounds handed to the page for the
live check, and level and field lists limited to what NCEQE authorized the provider for."""

import re

import pytest
from django.conf import settings

from apps.programmes import services
from apps.programmes.models import ProgrammeVersion
from apps.reference.models import FieldOfStudy
from tests.factories import MembershipFactory
from tests.helpers import authorize, write_version

from .test_authoring import post_data, url

pytestmark = pytest.mark.django_db

COMPLETE_OUTCOMES = [("k1", "დააპროექტოს ქსელი.", "Design a network.", "1", False)]
COMPLETE_COMPONENTS = [("გამოცდა", "Examination", "100", "51", ["k1"], "1")]


@pytest.fixture
def draft(authorized_a, author):
    return services.programme_create(provider=authorized_a, acting_user=author, code="EDIT-1")


def georgian(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "ka"
    return client


def widget(body: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', body)
    assert match, f"no widget #{element_id}"
    return match.group(0)


def test_a_refused_save_shows_each_error_at_its_field_and_a_summary_linking_to_it(client, draft, author):
    georgian(client, author)
    outcomes = [("k1", "პირველი", "", "1", False)]
    components = [("პროექტი", "Project", "0", "50", ["k1"], "1")]
    response = client.post(url(draft), post_data(outcomes, components, ects_credits="ექვსი", title_en="Networks"))

    assert response.status_code == 200
    body = response.content.decode()
    # At the field: the message, tied to the widget by aria-describedby, and the widget marked invalid.
    ects = widget(body, "id_ects_credits")
    assert 'aria-invalid="true"' in ects and "id_ects_credits_error" in ects
    assert re.search(r'id="id_ects_credits_error"[^>]*>\s*<li>შეიყვანეთ რიცხვი.</li>', body)
    outcome_text = widget(body, "id_outcomes-0-text_en")
    assert 'aria-invalid="true"' in outcome_text and "id_outcomes-0-text_en_error" in outcome_text
    weight = widget(body, "id_components-0-weight")
    assert 'aria-invalid="true"' in weight and "id_components-0-weight_error" in weight
    # Above the form: a summary whose links lead to those fields, and no banner that says nothing of where.
    summary = body[body.index('id="error-summary"') : body.index('id="programme-editor"')]
    assert "პროექტი არ შეინახა: შეასწორეთ ქვემოთ მონიშნული შეცდომები." in summary
    assert 'href="#id_ects_credits"' in summary and "შეიყვანეთ რიცხვი." in summary
    assert 'href="#id_outcomes-0-text_en"' in summary and "სწავლის შედეგი 1: სწავლის შედეგი (ინგლისურად)" in summary
    assert 'href="#id_components-0-weight"' in summary
    assert "message-error" not in body
    # Nothing was saved, and the page knows that what it shows is not saved.
    assert ProgrammeVersion.objects.get(pk=draft.pk).title_en == ""
    assert 'data-unsaved="true"' in body


def test_save_and_submit_saves_what_was_typed_then_shows_what_stops_submission_at_the_fields(client, draft, author):
    georgian(client, author)
    data = post_data(
        COMPLETE_OUTCOMES, COMPLETE_COMPONENTS, ects_credits="40", workload_hours="1000", title_en="Typed, not lost"
    )
    response = client.post(url(draft), {**data, "title_ka": "", "action": "submit"})

    assert response.status_code == 200
    saved = ProgrammeVersion.objects.get(pk=draft.pk)
    assert saved.status == "draft"
    assert (saved.title_en, saved.ects_credits, saved.outcomes.count()) == ("Typed, not lost", 40, 1)
    body = response.content.decode()
    bounds = "მიკროკრედიტის მოცულობა უნდა იყოს მინიმუმ 1 და მაქსიმუმ 30 კრედიტი (ECTS)."
    ects = widget(body, "id_ects_credits")
    assert 'aria-invalid="true"' in ects and 'value="40"' in ects
    assert re.search(rf'id="id_ects_credits_error"[^>]*>\s*<li>{re.escape(bounds)}</li>', body)
    assert 'aria-invalid="true"' in widget(body, "id_title_ka")
    summary = body[body.index('id="error-summary"') : body.index('id="programme-editor"')]
    assert "ცვლილებები შენახულია, მაგრამ ვერსია ჯერ არ არის წარდგენილი" in summary
    assert f'<a href="#id_ects_credits">კრედიტი (ECTS): {bounds}</a>' in summary
    assert 'href="#id_title_ka"' in summary
    assert 'data-unsaved="false"' in body


def test_save_and_submit_a_complete_draft_saves_and_submits_in_one_step(client, draft, author):
    georgian(client, author)
    data = post_data(COMPLETE_OUTCOMES, COMPLETE_COMPONENTS, title_en="Sent as typed")
    response = client.post(url(draft), {**data, "action": "submit"}, follow=True)

    saved = ProgrammeVersion.objects.get(pk=draft.pk)
    assert (saved.status, saved.title_en) == ("submitted", "Sent as typed")
    assert "ცვლილებები შენახულია და ვერსია წარედგინა ცენტრს განსახილველად." in response.content.decode()


def test_a_section_problem_is_shown_at_its_section(client, draft, author):
    georgian(client, author)
    components = [("გამოცდა", "Examination", "60", "51", ["k1"], "1")]
    response = client.post(url(draft), {**post_data(COMPLETE_OUTCOMES, components), "action": "submit"})

    body = response.content.decode()
    message = "შეფასების კომპონენტების წილების ჯამი არის 60% და არა 100%."
    assert response.context["sections"]["components"] == [message]
    section = re.search(r'<section[^>]*aria-describedby="components-error"[^>]*>.*?</section>', body, re.S).group(0)
    assert 'id="components-error"' in section and message in section
    assert 'href="#components-heading"' in body


def test_the_page_hands_the_national_ects_bounds_to_the_live_check(client, draft, author):
    body = georgian(client, author).get(url(draft)).content.decode()
    assert f'data-min-ects="{settings.MICROCREDENTIAL_MIN_ECTS:g}"' in body
    assert f'data-max-ects="{settings.MICROCREDENTIAL_MAX_ECTS:g}"' in body
    assert 'data-msg-ects="მიკროკრედიტის მოცულობა უნდა იყოს მინიმუმ 1 და მაქსიმუმ 30 კრედიტი (ECTS)."' in body
    assert 'id="ects-message"' in body
    assert 'data-unsaved="false"' in body


@pytest.fixture
def narrow_scope(provider_a, admin_a, reviewer):
    """Authorized for NQF level 6 only, in ICT (061) and in civil engineering (0732)."""
    authorize(provider_a, admin_a, reviewer, levels=(6,), fields=("061", "0732"))
    return provider_a


def options(body: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', body, re.S).group(1)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def test_level_and_field_lists_offer_only_the_authorized_scope_and_say_why(client, narrow_scope):
    author = MembershipFactory(provider=narrow_scope, role="author").user
    draft = services.programme_create(provider=narrow_scope, acting_user=author, code="SCOPE-1")
    body = georgian(client, author).get(url(draft)).content.decode()

    assert options(body, "id_nqf_level") == ["6"]
    fields = options(body, "id_field_of_study")
    assert "0612" in fields and "0732" in fields and "0211" not in fields and "0731" not in fields
    assert all(code.startswith(("061", "0732")) for code in fields)
    level_note = re.search(r'id="id_nqf_level_helptext">(.*?)</div>', body, re.S).group(1)
    assert "ჩამოთვლილია მხოლოდ ის დონეები" in level_note and level_note.strip().endswith(": 6.")
    field_note = re.search(r'id="id_field_of_study_helptext">(.*?)</div>', body, re.S).group(1)
    assert "ჩამოთვლილია მხოლოდ ის სწავლის სფეროები" in field_note and "061 " in field_note and "0732 " in field_note
    assert "id_field_of_study_helptext" in widget(body, "id_field_of_study")


def test_a_level_or_field_outside_the_scope_is_refused_at_its_field(client, narrow_scope):
    author = MembershipFactory(provider=narrow_scope, role="author").user
    draft = services.programme_create(provider=narrow_scope, acting_user=author, code="SCOPE-2")
    georgian(client, author)
    response = client.post(
        url(draft),
        post_data(COMPLETE_OUTCOMES, COMPLETE_COMPONENTS, nqf_level="7", field_of_study="0211", title_en="No"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["nqf_level"] == [
        "ცენტრის მიერ თქვენი ორგანიზაციისთვის მინიჭებული ავტორიზაცია ამ დონეს (NQF) არ მოიცავს."
    ]
    assert response.context["form"].errors["field_of_study"] == [
        "ცენტრის მიერ თქვენი ორგანიზაციისთვის მინიჭებული ავტორიზაცია ამ სწავლის სფეროს არ მოიცავს."
    ]
    assert 'aria-invalid="true"' in widget(response.content.decode(), "id_field_of_study")
    assert ProgrammeVersion.objects.get(pk=draft.pk).title_en == ""


def test_a_value_saved_before_the_scope_narrowed_stays_and_the_draft_still_saves(client, narrow_scope):
    author = MembershipFactory(provider=narrow_scope, role="author").user
    draft = services.programme_create(provider=narrow_scope, acting_user=author, code="SCOPE-3")
    # Saved when the scope was wider (the service itself lets a draft name any field; submission checks it).
    write_version(draft, author, field_of_study=FieldOfStudy.objects.get(pk="0211"))
    georgian(client, author)
    body = client.get(url(draft)).content.decode()
    assert "0211" in options(body, "id_field_of_study")
    assert re.search(r'<option value="0211" selected>', body)

    data = post_data(COMPLETE_OUTCOMES, COMPLETE_COMPONENTS, field_of_study="0211", title_en="Still saves")
    assert client.post(url(draft), data).status_code == 302
    assert ProgrammeVersion.objects.get(pk=draft.pk).title_en == "Still saves"
    refused = client.post(url(draft), {**data, "action": "submit"})
    assert "ავტორიზაცია ამჟამად არ მოიცავს" in " ".join(refused.context["form"].errors["field_of_study"])


def test_without_an_authorization_in_force_the_lists_are_empty_and_say_why(client, provider_a, author_a):
    draft = services.programme_create(provider=provider_a, acting_user=author_a, code="NONE-1")
    body = georgian(client, author_a).get(url(draft)).content.decode()
    assert options(body, "id_nqf_level") == [] and options(body, "id_field_of_study") == []
    assert "თქვენს ორგანიზაციას ამჟამად მოქმედი ავტორიზაცია არ აქვს" in body

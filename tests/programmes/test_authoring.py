"""Authoring in the provider area, as the browser posts it: one form, with formsets of learning outcomes and
assessment components that name the outcomes they assess by key."""

import pytest

from apps.programmes import services
from apps.programmes.models import ProgrammeVersion

pytestmark = pytest.mark.django_db


def post_data(outcomes, components, **fields):
    data = {
        "title_ka": "ქსელები",
        "title_en": "Networks",
        "summary_ka": "ა",
        "summary_en": "a",
        "description_ka": "ა",
        "description_en": "a",
        "ects_credits": "6",
        "workload_hours": "150",
        "nqf_level": "6",
        "field_of_study": "0612",
        "participation_mode": "online",
        "assessment_type_ka": "გამოცდა",
        "assessment_type_en": "Examination",
        "supervision": "supervised_id",
        "quality_assurance": "external_nceqe",
        "languages": ["ka"],
        "outcomes-TOTAL_FORMS": str(len(outcomes)),
        "outcomes-INITIAL_FORMS": "0",
        "components-TOTAL_FORMS": str(len(components)),
        "components-INITIAL_FORMS": "0",
        **fields,
    }
    for i, (key, ka, en, order, deleted) in enumerate(outcomes):
        data.update(
            {
                f"outcomes-{i}-key": key,
                f"outcomes-{i}-text_ka": ka,
                f"outcomes-{i}-text_en": en,
                f"outcomes-{i}-ORDER": order,
            }
        )
        data[f"outcomes-{i}-DELETE"] = "on" if deleted else ""
    for i, (ka, en, weight, mark, assessed, order) in enumerate(components):
        data.update(
            {
                f"components-{i}-name_ka": ka,
                f"components-{i}-name_en": en,
                f"components-{i}-weight": weight,
                f"components-{i}-pass_mark": mark,
                f"components-{i}-outcomes": assessed,
                f"components-{i}-ORDER": order,
                f"components-{i}-DELETE": "",
            }
        )
    return data


@pytest.fixture
def draft(authorized_a, author):
    return services.programme_create(provider=authorized_a, acting_user=author, code="WEB-1")


def url(version, suffix=""):
    return f"/provider/{version.programme.provider_id}/programmes/{version.programme_id}/v{version.number}/{suffix}"


def test_an_author_saves_reordered_outcomes_and_removes_one_then_submits(client, draft, author):
    client.force_login(author)
    outcomes = [
        ("k1", "პირველი", "First", "2", False),
        ("k2", "მეორე", "Second", "1", False),
        ("k3", "წასაშლელი", "To remove", "3", True),
        ("k4", "მესამე", "Third", "3", False),
    ]
    components = [("პროექტი", "Project", "40", "51", ["k1", "k2"], "1"), ("გამოცდა", "Exam", "60", "51", ["k4"], "2")]
    response = client.post(url(draft), post_data(outcomes, components))
    assert response.status_code == 302, response.context and response.context["form"].errors

    version = ProgrammeVersion.objects.get(pk=draft.pk)
    assert [o.text_en for o in version.outcomes.order_by("order")] == ["Second", "First", "Third"]
    exam = version.components.get(name_en="Exam")
    assert [o.text_en for o in exam.outcomes.all()] == ["Third"]

    client.post(url(version, "submit/"))
    assert ProgrammeVersion.objects.get(pk=draft.pk).status == "submitted"


def test_invalid_input_is_shown_on_the_field_and_nothing_is_saved(client, draft, author):
    client.force_login(author)
    client.cookies["django_language"] = "en"
    outcomes = [("k1", "პირველი", "", "1", False)]
    components = [("პროექტი", "Project", "0", "150", ["k1"], "1")]
    response = client.post(url(draft), post_data(outcomes, components, ects_credits="abc"))
    assert response.status_code == 200
    assert response.context["form"].errors["ects_credits"]
    assert response.context["outcomes"].forms[0].errors["text_en"]
    assert set(response.context["components"].forms[0].errors) == {"weight", "pass_mark"}
    assert ProgrammeVersion.objects.get(pk=draft.pk).title_en == ""


def test_the_editor_page_shows_the_rules_that_are_not_yet_met(client, draft, author):
    client.force_login(author)
    client.cookies["django_language"] = "ka"
    page = client.get(url(draft))
    body = page.content.decode()
    problems = [message for _target, _label, message in page.context["problems"]]
    assert problems and all(m in body for m in problems)
    assert 'data-msg-weights="' in body and "{total}" in body


def test_an_assessor_reads_but_cannot_edit(client, draft, assessor_a):
    client.force_login(assessor_a)
    page = client.get(url(draft))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url(draft, "submit/")).status_code == 403


def test_other_providers_staff_get_404(client, draft, admin_b):
    client.force_login(admin_b)
    for suffix in ("", "preview/", "specimen/"):
        assert client.get(url(draft, suffix)).status_code == 404
    assert client.post(url(draft, "submit/")).status_code == 404


def test_preview_and_specimen(client, draft, author):
    client.force_login(author)
    client.cookies["django_language"] = "en"
    assert "Preview" in client.get(url(draft, "preview/")).content.decode()
    assert "SPECIMEN" in client.get(url(draft, "specimen/")).content.decode()

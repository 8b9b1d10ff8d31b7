"""Malformed input to the gradebook, the corrections, the results API and the scores CSV gets a clear message in the
user's language, never a server error (finding 10 of issue 12), and the scores template never writes a formula
(finding 13)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.assessments import csv_scores
from apps.assessments.models import AssessmentResult
from tests.factories import UserFactory
from tests.helpers import enrol_by_invitation, new_complete_version

pytestmark = pytest.mark.django_db


def url(offering, suffix):
    return f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/{suffix}"


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def two(offering, admin_a):
    return [enrol_by_invitation(offering, admin_a, {"email": f"l{n}@example.ge"}) for n in range(2)]


@pytest.mark.parametrize("name", ["score-1", "score-a-b", "score-1-2-3", "score--1-2", "score-１-２"])
def test_gradebook_fields_not_made_by_the_page_are_refused_with_a_message(client, offering, assessor, two, name):
    client.force_login(assessor)
    component = offering.version.components.first()
    response = client.post(url(offering, "gradebook/"), {name: "90", f"score-{two[0].pk}-{component.pk}": "80"})
    assert response.status_code == 400
    assert _messages(response) == [
        "ფორმის წაკითხვა ვერ მოხერხდა, ამიტომ არაფერი შენახულა. განაახლეთ გვერდი და შეიყვანეთ მონაცემები ხელახლა."
    ]
    assert not AssessmentResult.objects.exists()


def test_a_gradebook_cell_of_another_versions_component_is_named_not_saved(
    client, offering, assessor, two, authorized_a, author
):
    other = new_complete_version(authorized_a, author, code="OTHER-1").components.first()
    client.force_login(assessor)
    response = client.post(url(offering, "gradebook/"), {f"score-{two[0].pk}-{other.pk}": "90"})
    assert response.status_code == 200
    assert "ზოგიერთი ქულა ეკუთვნის მსმენელს ან კომპონენტს, რომელიც ამ უწყისში არ არის." in _messages(response)
    assert not AssessmentResult.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"enrolment": "abc", "component": "1"},
        {"enrolment": "1", "component": "x"},
        {"component": "1"},
        {"enrolment": "99999999999999999999999", "component": "1"},
    ],
)
def test_a_correction_naming_no_learner_gets_a_message(client, offering, assessor, two, data):
    client.force_login(assessor)
    response = client.post(url(offering, "scores/correct/"), {**data, "score": "50", "reason": "x"}, follow=True)
    assert response.status_code == 200
    assert "აირჩიეთ ამ უწყისის მსმენელი და კომპონენტი." in _messages(response)


def test_the_results_api_refuses_a_component_of_another_version(client, offering, assessor, two, authorized_a, author):
    other = new_complete_version(authorized_a, author, code="OTHER-1").components.first()
    client.force_login(assessor)
    response = client.post("/api/v1/results/", {"enrolment": two[0].pk, "component": other.pk, "score": "70"})
    assert response.status_code == 400
    assert response.json() == {"component": ["ეს კომპონენტი არ ეკუთვნის მსმენელის ნაკადის პროგრამის ვერსიას."]}
    assert not AssessmentResult.objects.exists()


def test_the_results_api_refuses_a_learner_not_enrolled(client, offering, assessor, two):
    from apps.enrolments import services

    services.enrolment_withdraw(enrolment=two[0], acting_user=two[0].learner)
    client.force_login(assessor)
    component = offering.version.components.first()
    response = client.post("/api/v1/results/", {"enrolment": two[0].pk, "component": component.pk, "score": "70"})
    assert response.status_code == 400
    assert response.json() == {"enrolment": ["ქულები აღირიცხება მხოლოდ ჩარიცხული მსმენელებისთვის."]}


LONG_CELL_KA = "სტრიქონი 2: უჯრა 131,072 სიმბოლოზე გრძელია."


def test_the_scores_csv_refuses_a_cell_longer_than_the_limit(client, offering, assessor, two):
    client.force_login(assessor)
    text = 'email,1\nl0@example.ge,"' + "9" * 140_000 + '"\n'
    response = client.post(url(offering, "scores/import/"), {"file": SimpleUploadedFile("s.csv", text.encode())})
    assert response.status_code == 200
    assert LONG_CELL_KA in " ".join(response.context["form"].errors["file"])


def test_the_scores_csv_reads_cr_only_line_endings(client, offering, assessor, two):
    client.force_login(assessor)
    text = "email;1;2\rl0@example.ge;90;80\rl1@example.ge;70;60\r"
    preview = client.post(url(offering, "scores/import/"), {"file": SimpleUploadedFile("s.csv", text.encode())})
    assert preview.context["preview"]["problems"] == [] and preview.context["preview"]["cells"] == 4
    client.post(url(offering, "scores/import/"), {"confirm": preview.context["preview"]["token"]})
    assert AssessmentResult.objects.count() == 4


def test_the_scores_template_never_writes_a_formula_and_reads_back(offering, admin_a, assessor):
    component = offering.version.components.order_by("order").first()
    component.name_en = '=HYPERLINK("http://evil.example")'
    component.save()
    learner = UserFactory(email="+cmd@example.ge")  # an address that a spreadsheet would read as a formula
    enrol_by_invitation(offering, admin_a, {"email": learner.email})
    template = csv_scores.template(offering)
    assert "'=HYPERLINK" in template and "'+cmd@example.ge" in template
    assert ",=HYPERLINK" not in template and "\n+cmd" not in template
    filled = template.replace("'+cmd@example.ge,", "'+cmd@example.ge,77")
    cells, problems = csv_scores.check(offering=offering, upload=SimpleUploadedFile("s.csv", filled.encode()))
    assert problems == [] and sorted(cells.values()) == ["", "77"]

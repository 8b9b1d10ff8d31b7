"""What people with the code get of a credential is exactly what the learner chose on the sharing screen: the
check by code, the grade too, or everything with the signed PDF (which prints the grade and the date of birth).
The Open Badges files go to anyone with the code, carrying what the verification page shows. The learner always
gets everything."""

import base64
import datetime
import json
import re
import subprocess

import pytest
from django.urls import reverse

from apps.certificates import issuing, ob3_build, ob3_schema, ob3_sign, ob3_verify, revocation
from apps.certificates.models import Credential

pytestmark = pytest.mark.django_db

CHOICES = {"code": (False, False), "grade": (False, True), "everything": (True, True)}


@pytest.fixture
def born(passed_two, admin_a, django_capture_on_commit_callbacks):
    """An issued credential of a learner whose date of birth is on record (so the PDF prints it)."""
    learner = passed_two[0].learner
    learner.date_of_birth = datetime.date(2001, 3, 14)
    learner.save(update_fields=["date_of_birth"])
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    credential.refresh_from_db()
    assert credential.snapshot["grade"]["letter"] == "A"
    return credential


def choose(client, credential, share):
    client.force_login(credential.learner)
    response = client.post(reverse("learner:credential_visibility", args=[credential.code]), {"share": share})
    assert response.status_code == 302
    client.logout()
    credential.refresh_from_db()


def claims_of(token: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "shared.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def checked_choices(page: str) -> list[str]:
    return re.findall(r'name="share" value="(\w+)"[^>]*\schecked>', page)


def fetch_all(client, credential):
    """The three files as the one asking gets them: (JSON or None, JWT claims or None, PDF bytes or None)."""
    json_response = client.get(reverse("ob3_json", args=[credential.code]))
    jwt_response = client.get(reverse("ob3_jwt", args=[credential.code]))
    pdf_response = client.get(reverse("credential_pdf", args=[credential.code]))
    return (
        json.loads(json_response.content) if json_response.status_code == 200 else None,
        claims_of(jwt_response.content.decode()) if jwt_response.status_code == 200 else None,
        b"".join(pdf_response.streaming_content) if pdf_response.status_code == 200 else None,
    )


@pytest.mark.parametrize("share", ["code", "grade"])
def test_below_everything_the_public_gets_the_grade_only_if_chosen_and_never_the_pdf(client, born, share):
    choose(client, born, share)
    assert (born.show_pdf, born.show_grade) == CHOICES[share]
    data, claims, pdf = fetch_all(client, born)
    assert pdf is None  # and with it the date of birth
    shown = share == "grade"
    assert ("result" in data["credentialSubject"]) == shown and ("result" in claims["credentialSubject"]) == shown
    if shown:
        assert data["credentialSubject"]["result"][0]["value"] == claims["credentialSubject"]["result"][0]["value"]
    assert data["credentialSubject"]["identifier"][0]["identityHash"] == "Nino Beridze"  # as the page shows
    page = client.get(f"/verify/{born.code}/").content.decode()
    assert (f"A ({born.snapshot['grade']['total']}/100" in page) == shown


def test_everything_shares_the_files_with_the_grade_and_the_pdf_with_the_date_of_birth(client, born, tmp_path):
    choose(client, born, "everything")
    data, claims, pdf = fetch_all(client, born)
    assert data["credentialSubject"]["result"][0]["value"] == "A"
    assert claims["credentialSubject"]["result"][0]["value"] == "A"
    text = pdf_text(pdf, tmp_path)
    assert "Date of birth" in text and "2001" in text and "Grade" in text


def test_the_pdf_cannot_be_shared_while_the_grade_is_hidden(client, born):
    """The old screen let a learner share the PDF and hide the grade, which the PDF then gave away. The choices
    nest now, and the database holds it: the PDF is shared only with the grade (migration 0004 read the old
    choice as the narrowest one)."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Credential.objects.filter(pk=born.pk).update(show_pdf=True, show_grade=False)
    data, claims, pdf = fetch_all(client, born)
    assert pdf is None and "result" not in data["credentialSubject"] and "result" not in claims["credentialSubject"]
    client.force_login(born.learner)
    page = client.get(reverse("learner:home")).content.decode()
    assert checked_choices(page) == ["code"]  # the screen says what people with the code get


def test_the_learner_and_the_provider_get_everything_whatever_is_shared(client, born, admin_a, tmp_path):
    choose(client, born, "code")
    for who in (born.learner, admin_a):
        client.force_login(who)
        data, claims, pdf = fetch_all(client, born)
        assert data["credentialSubject"]["result"][0]["value"] == "A"
        assert claims["credentialSubject"]["result"][0]["value"] == "A"
        assert "Date of birth" in pdf_text(pdf, tmp_path)


def test_the_public_variant_leaves_the_grade_out_and_stays_valid_against_the_official_schema(born):
    assert not born.show_grade
    public = ob3_build.credential_json(born, public=True)
    assert "result" not in public["credentialSubject"]
    assert ob3_schema.schema_errors(public) == []
    token = ob3_sign.credential_jwt(born, public=True)
    check = ob3_verify.verify_jwt(token)
    assert check.valid and "result" not in check.claims["credentialSubject"]
    # The learner's own variant keeps it, and so does the public one once the grade is shown.
    assert ob3_build.credential_json(born)["credentialSubject"]["result"][0]["value"] == "A"
    assert ob3_build.credential_variants(born) == [ob3_build.credential_json(born), public]  # what a file check accepts
    born.show_grade = True
    assert ob3_build.credential_json(born, public=True)["credentialSubject"]["result"][0]["value"] == "A"
    assert ob3_build.credential_variants(born) == [ob3_build.credential_json(born)]


def test_a_revoked_credential_has_no_public_files(client, born, admin_a):
    choose(client, born, "everything")
    revocation.credential_revoke(credential=born, acting_user=admin_a, reason="Plagiarism")
    assert fetch_all(client, born) == (None, None, None)


def test_the_sharing_screen_says_what_each_choice_reveals_in_georgian_and_english(client, born):
    client.force_login(born.learner)
    page = client.get(reverse("learner:home")).content.decode()  # Georgian, the default
    assert "არც თქვენს შეფასებას ნახავს და არც დაბადების თარიღს" in page
    assert "მხოლოდ გადამოწმება კოდით" in page and "გადამოწმება კოდით და ჩემი შეფასება" in page
    assert "ყველაფერი, ხელმოწერილი PDF-ის ჩათვლით" in page
    assert "მათ შორის თქვენი შეფასება და დაბადების თარიღი" in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("learner:home")).content.decode()
    assert "Not your grade and not your date of birth." in page
    assert "The PDF shows everything printed on your certificate, including your grade and your date of birth." in page
    assert page.count('name="share"') == 3 and 'type="checkbox" name="show_pdf"' not in page
    assert checked_choices(page) == ["code"]


def test_saving_without_a_choice_says_so_and_changes_nothing(client, born):
    choose(client, born, "grade")
    client.force_login(born.learner)
    response = client.post(reverse("learner:credential_visibility", args=[born.code]), {}, follow=True)
    assert "აირჩიეთ, რისი ნახვა შეეძლებათ კოდის მქონე პირებს." in response.content.decode()
    response = client.post(reverse("learner:credential_visibility", args=[born.code]), {"share": "all"}, follow=True)
    assert response.status_code == 200
    born.refresh_from_db()
    assert (born.show_pdf, born.show_grade) == (False, True)

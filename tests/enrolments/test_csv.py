"""Enrolment by CSV: every row's problems before anything is saved, then all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from apps.enrolments import csv_import
from apps.enrolments.models import Enrolment, EnrolmentInvitation
from tests.factories import UserFactory

from .conftest import enrol_by_invitation

pytestmark = pytest.mark.django_db

HEADER = "email,first_name_ka,last_name_ka,first_name_en,last_name_en,date_of_birth,personal_number,funding_source\n"


def upload(text, *, encoding="utf-8", name="learners.csv"):
    return SimpleUploadedFile(name, text.encode(encoding) if isinstance(text, str) else text, "text/csv")


def check(offering, text, **kwargs):
    with translation.override("en"):
        rows, file_problems, _count = csv_import.check(offering=offering, upload=upload(text, **kwargs))
        return {row.number: " | ".join(row.problems) for row in rows if row.problems}, file_problems


def test_a_good_file_with_bom_semicolons_and_georgian_names(offering):
    text = (
        "\ufeff"
        + HEADER.replace(",", ";")
        + "ana@example.ge;ანა;გელაშვილი;Ana;Gelashvili;17.05.2001;01001012345;self\n"
    )
    problems, file_problems = check(offering, text)
    assert problems == {} and file_problems == []


def test_every_row_gets_its_own_messages(offering, admin_a):
    enrol_by_invitation(offering, admin_a, {"email": "already@example.ge"})
    text = HEADER + (
        "not-an-email,,,,,,,self\n"
        "dup@example.ge,,,,,,,self\n"
        "dup@example.ge,,,,,,,self\n"
        "already@example.ge,,,,,,,self\n"
        "date@example.ge,,,,,31/31/2001,,self\n"
        "pn@example.ge,,,,,,123,self\n"
        "fund@example.ge,,,,,,,bitcoin\n"
        "formula@example.ge,=cmd|' /C calc'!A0,,,,,,self\n"
    )
    problems, file_problems = check(offering, text)
    assert "not a valid e-mail" in problems[2]
    assert "same address is in row 3" in problems[4]
    assert "already enrolled" in problems[5]
    assert "date of birth" in problems[6]
    assert "personal_number: exactly 11 digits" in problems[7]
    assert "funding_source" in problems[8]
    assert "first_name_ka" in problems[9]
    assert file_problems  # 7 new learners for 2 free places


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (HEADER.encode("utf-8"), "no learners"),
        (b"email;name\nx@example.ge;x\n", "missing columns: funding_source"),
        ((HEADER + "ანა@example.ge,,,,,,,self\n").encode("utf-16"), "not UTF-8"),
        (b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(offering, content, message):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError, match=message):
        csv_import.check(offering=offering, upload=upload(content))


def test_a_50_mb_file_is_refused_without_reading_it(offering):
    from django.core.exceptions import ValidationError

    big = SimpleUploadedFile("big.csv", b"", "text/csv")
    big.size = 50 * 1024 * 1024
    with translation.override("en"), pytest.raises(ValidationError, match="larger than 5 MB"):
        csv_import.check(offering=offering, upload=big)


def test_preview_then_commit_enrols_all_rows_in_one_go(client, offering, admin_a):
    UserFactory(email="known@example.ge")
    client.force_login(admin_a)
    url = f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/import/"
    text = HEADER + "known@example.ge,,,,,,,self\nnew.one@example.ge,ნინო,ბერიძე,Nino,Beridze,2000-01-02,,state_grant\n"
    preview = client.post(url, {"file": upload(text)})
    assert preview.status_code == 200 and Enrolment.objects.count() == 0
    token = preview.context["preview"]["token"]
    done = client.post(url, {"confirm": token}, follow=True)
    assert "2 მოწვევა გაიგზავნა" in done.content.decode()
    # Everyone is invited, the known person and the new one alike; nobody is enrolled before they accept.
    assert Enrolment.objects.count() == 0
    assert sorted(EnrolmentInvitation.objects.values_list("email", "status")) == [
        ("known@example.ge", "open"),
        ("new.one@example.ge", "open"),
    ]
    assert client.post(url, {"confirm": token}).status_code == 200  # a preview is used once


def test_the_export_never_writes_a_formula(offering, admin_a):
    enrol_by_invitation(offering, admin_a, {"email": "x@example.ge"})
    learner = Enrolment.objects.get().learner
    learner.first_name_en = "=HYPERLINK(evil)"  # as if written through another door
    learner.save(update_fields=["first_name_en"])
    exported = csv_import.export(offering)
    assert "'=HYPERLINK(evil)" in exported and ",=HYPERLINK" not in exported


def test_the_template_is_readable_by_the_importer(offering):
    problems, _file_problems = check(offering, csv_import.template())
    assert problems == {}

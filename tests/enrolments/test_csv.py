"""Enrolment by CSV: every row's problems before anything is saved, then all rows or none."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from apps.enrolments import csv_import, services
from apps.enrolments.models import Enrolment, EnrolmentInvitation
from tests.factories import UserFactory
from tests.helpers import enrol_by_invitation

pytestmark = pytest.mark.django_db

HEADER = "email,first_name_ka,last_name_ka,first_name_en,last_name_en,date_of_birth,personal_number,funding_source\n"


def upload(text, *, encoding="utf-8", name="learners.csv"):
    return SimpleUploadedFile(name, text.encode(encoding) if isinstance(text, str) else text, "text/csv")


def import_url(offering):
    return f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/import/"


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
    assert "email: Enter a valid email address." in problems[2]
    assert "same address is in row 3" in problems[4]
    assert "already enrolled" in problems[5]
    assert "date of birth" in problems[6]
    assert "personal_number: A personal number is exactly 11 digits." in problems[7]
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
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        csv_import.check(offering=offering, upload=upload(content))


def test_a_50_mb_file_is_refused_without_reading_it(offering):
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


# --- The file goes through the rules of one invitation -----------------------------------------------------------


def invite_one(offering, admin, email, **person):
    return services.enrolment_invite(
        offering=offering, acting_user=admin, person={"email": email, **person}, funding_source="self"
    )


def test_a_row_is_checked_as_the_form_checks_one_invitation(offering, admin_a):
    """A name longer than the model keeps passed the preview and then failed the confirmation with no row named."""
    too_long = "ნ" * 151
    text = HEADER + f"ok@example.ge,,,,,,,self\nlong@example.ge,{too_long},,,,,,self\n"
    problems, file_problems = check(offering, text)
    with translation.override("en"):
        with pytest.raises(ValidationError) as single:
            invite_one(offering, admin_a, "long@example.ge", first_name_ka=too_long)
        assert problems == {3: f"first_name_ka: {single.value.message_dict['first_name_ka'][0]}"}
    assert file_problems == []


def test_a_file_for_a_full_offering_is_refused_as_one_invitation_is(offering, admin_a):
    services.offering_update(offering=offering, acting_user=admin_a, data={"waiting_list": True})
    for n in range(3):
        invite_one(offering, admin_a, f"taken{n}@example.ge")
    with translation.override("en"), pytest.raises(ValidationError) as single:
        invite_one(offering, admin_a, "late@example.ge")
    # Invitations keep a place and have no waiting list, whether one is typed in the form or a file has it.
    assert check(offering, HEADER + "late@example.ge,,,,,,,self\n") == ({}, single.value.messages)
    assert single.value.messages == ["The offering is full."]


def test_the_enrolment_window_binds_a_file_as_it_binds_the_form(offering, admin_a):
    """The window is the learner's own enrolment's: staff invite after it as before, by the form or by a file."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.offering_update(
        offering=offering,
        acting_user=admin_a,
        data={"enrolment_opens": yesterday - datetime.timedelta(days=5), "enrolment_closes": yesterday},
    )
    invite_one(offering, admin_a, "typed@example.ge")
    assert check(offering, HEADER + "filed@example.ge,,,,,,,self\n") == ({}, [])


def test_the_import_writes_the_history_of_every_invitation(client, offering, admin_a):
    client.force_login(admin_a)
    text = HEADER + "nino@example.ge,ნინო,,Nino,,,,self\ngiorgi@example.ge,,,Giorgi,,,,state_grant\n"
    preview = client.post(import_url(offering), {"file": upload(text)})
    client.post(import_url(offering), {"confirm": preview.context["preview"]["token"]})
    history = EnrolmentInvitation.history.filter(offering_id=offering.pk)
    assert sorted(history.values_list("email", "history_type", "history_user")) == [
        ("giorgi@example.ge", "+", admin_a.pk),
        ("nino@example.ge", "+", admin_a.pk),
    ]


def test_what_changed_since_the_preview_is_said_row_by_row_and_nothing_is_saved(client, offering, admin_a):
    client.force_login(admin_a)
    text = HEADER + "nino@example.ge,,,,,,,self\ngiorgi@example.ge,,,,,,,self\n"
    preview = client.post(import_url(offering), {"file": upload(text)})
    invite_one(offering, admin_a, "giorgi@example.ge")  # meanwhile, by the form
    done = client.post(import_url(offering), {"confirm": preview.context["preview"]["token"]}, follow=True)
    page = done.content.decode()
    assert "სტრიქონი 3: email: ამ მისამართზე ნაკადში მოწვევა უკვე გაგზავნილია" in page
    assert list(EnrolmentInvitation.objects.values_list("email", flat=True)) == ["giorgi@example.ge"]


def test_places_taken_since_the_preview_are_counted_for_the_whole_file(offering, admin_a):
    """A file longer than a chunk: the places are counted for all its rows at once, under the lock, so the refusal
    gives the file's numbers (it gave the last chunk's) and nothing is saved."""
    services.offering_update(offering=offering, acting_user=admin_a, data={"capacity": 1500})
    rows = 1200
    text = HEADER + "".join(f"learner{n}@example.ge,,,,,,,self\n" for n in range(rows))
    session = {}
    preview = csv_import.preview(offering=offering, upload=upload(text), session=session)
    assert preview["problems"] == [] and preview["file_problems"] == [] and preview["count"] == rows
    services.enrolment_invite_many(
        offering=offering,
        acting_user=admin_a,
        people=[{"email": f"meanwhile{n}@example.ge", "funding_source": "self"} for n in range(400)],
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        csv_import.commit(offering=offering, acting_user=admin_a, token=preview["token"], session=session)
    assert refused.value.messages == ["The offering has 1100 free places; the file has 1200 learners."]
    assert EnrolmentInvitation.objects.filter(email__startswith="learner").count() == 0

"""Staff enrol people by invitation: the provider sees a learner's personal data only once the learner said yes to
it, and nothing it types tells it whether an address or a personal number has an account (finding 2 of issue 12).
Nobody joins an offering whose results are final, by any door (finding 12)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from apps.enrolments import csv_import, services
from apps.enrolments.models import Enrolment, EnrolmentInvitation
from tests.factories import EnrolmentFactory, EnrolmentInvitationFactory, UserFactory
from tests.helpers import enrol_by_invitation

pytestmark = pytest.mark.django_db

HEADER = "email,first_name_ka,last_name_ka,first_name_en,last_name_en,date_of_birth,personal_number,funding_source\n"


@pytest.fixture
def elsewhere(db):
    """A learner of another provider, with the personal data an attacker would want."""
    return UserFactory(
        email="tamar.kapanadze@example.ge",
        first_name_ka="თამარ",
        last_name_ka="კაპანაძე",
        first_name_en="Tamar",
        last_name_en="Kapanadze",
        date_of_birth=datetime.date(1999, 3, 4),
        personal_number="01024012345",
        preferred_language="en",
    )


def offering_url(offering, suffix=""):
    return f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/{suffix}"


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _invitations_table(html: str) -> str:
    found = re.search(r'<table class="table invitations">.*?</table>', html, re.S)
    return re.sub(r'action="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", found.group(0)) if found else ""


def test_the_form_answers_alike_for_an_address_with_an_account_and_one_without(client, offering, admin_a, elsewhere):
    client.force_login(admin_a)
    typed = {"first_name_en": "Tamuna", "last_name_en": "K", "funding_source": "self"}
    known = client.post(offering_url(offering), {"email": elsewhere.email, **typed}, follow=True)
    unknown = client.post(offering_url(offering), {"email": "nobody.here@example.ge", **typed}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert _messages(known) == [
        f"მოწვევა გაიგზავნა მისამართზე: {elsewhere.email}. პირი ჩაირიცხება, როგორც კი მოწვევას მიიღებს."
    ]
    assert _messages(unknown) == [_messages(known)[0].replace(elsewhere.email, "nobody.here@example.ge")]
    # The two rows of the provider's list differ in the address typed, and in nothing else.
    rows = re.findall(r"<tr>(.*?)</tr>", _invitations_table(unknown.content.decode()), re.S)[1:]
    assert len(rows) == 2
    assert rows[0].replace("nobody.here@example.ge", "X") == rows[1].replace(elsewhere.email, "X")
    page = unknown.content.decode()
    # Only what the provider typed: not the account's names, date of birth or personal number.
    assert "Tamuna" in page and "Kapanadze" not in page and "კაპანაძე" not in page and "01024012345" not in page
    assert not Enrolment.objects.exists()
    assert set(EnrolmentInvitation.objects.values_list("email", "status")) == {
        (elsewhere.email, "open"),
        ("nobody.here@example.ge", "open"),
    }


def test_a_personal_number_finds_nobody(client, offering, admin_a, elsewhere):
    """Before: typing a personal number enrolled its owner and showed their name and e-mail."""
    client.force_login(admin_a)
    response = client.post(
        offering_url(offering),
        {"email": "guess@example.ge", "personal_number": elsewhere.personal_number, "funding_source": "self"},
        follow=True,
    )
    page = response.content.decode()
    assert elsewhere.email not in page and "Kapanadze" not in page
    assert not Enrolment.objects.filter(learner=elsewhere).exists()
    invitation = EnrolmentInvitation.objects.get()
    assert invitation.email == "guess@example.ge"
    # The invitation goes to the address typed, never to the number's owner.
    assert all(elsewhere.email not in m.to for m in mail.outbox)


def test_the_csv_preview_says_the_same_of_a_number_that_has_an_account(offering, elsewhere):
    def problems(number):
        text = HEADER + f"someone@example.ge,,,,,,{number},self\n"
        with translation.override("en"):
            rows, file_problems, count = csv_import.check(
                offering=offering, upload=SimpleUploadedFile("l.csv", text.encode())
            )
        return [row.problems for row in rows], file_problems, count

    assert problems(elsewhere.personal_number) == problems("01999012345") == ([], [], 1)


def test_the_csv_import_invites_everyone_alike_and_enrols_nobody(client, offering, admin_a, elsewhere):
    client.force_login(admin_a)
    text = HEADER + f"{elsewhere.email},,,Tamuna,,,,self\nnew.person@example.ge,,,Nino,,,01001012345,self\n"
    preview = client.post(offering_url(offering, "import/"), {"file": SimpleUploadedFile("l.csv", text.encode())})
    assert preview.context["preview"]["problems"] == []
    client.post(offering_url(offering, "import/"), {"confirm": preview.context["preview"]["token"]})
    assert not Enrolment.objects.exists()
    assert EnrolmentInvitation.objects.filter(status="open").count() == 2


def test_the_api_answers_alike_and_shows_only_what_was_typed(client, offering, admin_a, elsewhere):
    client.force_login(admin_a)
    body = {"offering": offering.pk, "first_name_en": "Tamuna", "funding_source": "self"}
    known = client.post("/api/v1/enrolment-invitations/", {**body, "email": elsewhere.email})
    unknown = client.post("/api/v1/enrolment-invitations/", {**body, "email": "nobody.here@example.ge"})
    assert known.status_code == unknown.status_code == 201
    known, unknown = known.json(), unknown.json()
    for field in ("id", "email", "created_at"):
        known.pop(field), unknown.pop(field)
    assert known == unknown
    assert known["status"] == "open" and known["first_name_en"] == "Tamuna" and known["personal_number"] == ""
    # The enrolments API enrols only oneself now: for another address it points to invitations, for anyone alike.
    replies = [
        client.post("/api/v1/enrolments/", {"offering": offering.pk, "learner_email": email, "funding_source": "self"})
        for email in (elsewhere.email, "nobody.else@example.ge")
    ]
    assert [r.status_code for r in replies] == [400, 400]
    assert replies[0].json() == replies[1].json()
    assert not Enrolment.objects.exists()


def test_the_export_has_personal_data_only_of_learners_who_said_yes(offering, admin_a, elsewhere, learner):
    invitation = services.enrolment_invite(
        offering=offering,
        acting_user=admin_a,
        person={"email": elsewhere.email, "first_name_en": "Tamuna"},
        funding_source="self",
    )
    exported = csv_import.export(offering)
    assert f"{elsewhere.email},,,Tamuna,,,,self,invited" in exported
    assert "01024012345" not in exported and "1999-03-04" not in exported and "Kapanadze" not in exported

    services.enrolment_invitation_accept(invitation=invitation, learner=elsewhere)
    exported = csv_import.export(offering)
    assert "Tamar,Kapanadze,1999-03-04,01024012345,self,enrolled" in exported

    # An enrolment made by staff before invitations: no date of birth or personal number for the provider.
    learner.date_of_birth, learner.personal_number = datetime.date(2000, 1, 2), "01001099999"
    learner.save()
    EnrolmentFactory(offering=offering, learner=learner, source="staff")
    exported = csv_import.export(offering)
    assert "01001099999" not in exported and "2000-01-02" not in exported


def test_the_learner_accepts_in_the_learner_area_with_an_email_in_their_language(
    client, offering, admin_a, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_invite(
            offering=offering,
            acting_user=admin_a,
            person={"email": "Tamar.Kapanadze@Example.ge"},
            funding_source="self",
        )
    (message,) = mail.outbox
    assert message.to == [elsewhere.email] and message.subject.startswith("Invitation to enrol")  # her English
    path = re.search(r"(/learner/invitations/[^/\s]+/)", message.body).group(1)
    client.force_login(elsewhere)
    client.cookies["django_language"] = "ka"
    home = client.get("/learner/").content.decode()
    assert "ჩარიცხვის მოწვევები" in home and "მიღება და ჩარიცხვა" in home
    accepted = client.post(path, {"answer": "accept"}, follow=True)
    assert "თქვენ ჩაირიცხეთ." in _messages(accepted)
    enrolment = Enrolment.objects.get(learner=elsewhere)
    assert enrolment.status == "enrolled" and enrolment.source == "invitation"
    assert enrolment.invitation.status == "accepted"
    assert enrolment.history.first().history_user == elsewhere


def test_a_newcomer_gets_the_same_email_and_signs_up_through_it(
    client, offering, admin_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_invite(
            offering=offering,
            acting_user=admin_a,
            person={"email": "keti@example.ge", "first_name_en": "Keti", "last_name_en": "Gogua"},
            funding_source="state_grant",
        )
    (message,) = mail.outbox
    assert message.to == ["keti@example.ge"] and "ჩარიცხვის მოწვევა" in message.subject  # the offering's Georgian
    path = "/learner/invitations/" + EnrolmentInvitation.objects.get().token + "/"
    page = client.get(path)
    assert page.context["form"].initial["first_name_en"] == "Keti"
    client.post(
        path,
        {
            "answer": "accept",
            "first_name_en": "Keti",
            "last_name_en": "Gogua",
            "preferred_language": "ka",
            "date_of_birth": "2001-02-03",
            "password": "a-long-enough-passphrase-2026",
            "accept_privacy": "on",
        },
    )
    enrolment = Enrolment.objects.get()
    assert enrolment.learner.email == "keti@example.ge" and enrolment.learner.has_usable_password()
    assert enrolment.learner.emailaddress_set.get().verified
    assert client.get("/learner/").status_code == 200  # signed in


def test_decline_frees_the_place_that_the_invitation_kept(client, offering, admin_a, elsewhere):
    services.offering_update(offering=offering, acting_user=admin_a, data={"capacity": 1})
    invitation = services.enrolment_invite(
        offering=offering, acting_user=admin_a, person={"email": elsewhere.email}, funding_source="self"
    )
    with translation.override("en"), pytest.raises(ValidationError, match="full"):
        services.enrol_self(offering=offering, learner=UserFactory(), funding_source="self")
    client.force_login(elsewhere)
    client.post(f"/learner/invitations/{invitation.token}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    services.enrol_self(offering=offering, learner=UserFactory(), funding_source="self")


def test_someone_else_cannot_answer_an_invitation(client, offering, admin_a, elsewhere, learner):
    invitation = services.enrolment_invite(
        offering=offering, acting_user=admin_a, person={"email": elsewhere.email}, funding_source="self"
    )
    client.force_login(learner)
    client.post(f"/learner/invitations/{invitation.token}/", {"answer": "accept"})
    client.post(f"/learner/invitations/{invitation.token}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "open" and not Enrolment.objects.exists()
    with translation.override("en"), pytest.raises(ValidationError, match="Log in with that address"):
        services.enrolment_invitation_accept(invitation=invitation, learner=learner)


def test_the_database_holds_the_invariants(offering, admin_a):
    invitation = services.enrolment_invite(
        offering=offering, acting_user=admin_a, person={"email": "a@example.ge"}, funding_source="self"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentInvitationFactory(offering=offering, email="a@example.ge")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentInvitation.objects.filter(pk=invitation.pk).update(status="accepted", answered_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentInvitation.objects.filter(pk=invitation.pk).update(status="declined")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(offering=offering, source="magic")


# --- Finding 12: nobody joins a finalised offering --------------------------------------------------------------


@pytest.fixture
def finalised(offering, admin_a, assessor):
    from apps.assessments import services as assessments

    enrolment = enrol_by_invitation(offering, admin_a, {"email": "first@example.ge"})
    components = offering.version.components.all()
    assessments.gradebook_save(
        offering=offering, assessor=assessor, scores={(enrolment.pk, c.pk): "90" for c in components}
    )
    assessments.offering_finalise(offering=offering, acting_user=assessor)
    offering.refresh_from_db()
    return offering


FINAL_KA = "ამ ნაკადის შედეგები საბოლოოა: მასში ვეღარავინ ჩაირიცხება."


def test_the_form_refuses_a_finalised_offering(client, finalised, admin_a):
    client.force_login(admin_a)
    response = client.post(offering_url(finalised), {"email": "late@example.ge", "funding_source": "self"})
    assert response.status_code == 200 and FINAL_KA in response.content.decode()
    assert not EnrolmentInvitation.objects.filter(email="late@example.ge").exists()


def test_the_csv_import_refuses_a_finalised_offering(client, finalised, admin_a):
    client.force_login(admin_a)
    text = HEADER + "late@example.ge,,,,,,,self\n"
    preview = client.post(offering_url(finalised, "import/"), {"file": SimpleUploadedFile("l.csv", text.encode())})
    assert FINAL_KA in preview.context["preview"]["file_problems"] and not preview.context["preview"]["token"]
    with pytest.raises(ValidationError, match="საბოლოოა"):
        services.enrolment_invite_many(
            offering=finalised, acting_user=admin_a, people=[{"email": "late@example.ge", "funding_source": "self"}]
        )


def test_the_api_refuses_a_finalised_offering(client, finalised, admin_a):
    client.force_login(admin_a)
    response = client.post(
        "/api/v1/enrolment-invitations/",
        {"offering": finalised.pk, "email": "late@example.ge", "funding_source": "self"},
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [FINAL_KA]}
    assert not EnrolmentInvitation.objects.filter(email="late@example.ge").exists()


def test_an_invitation_open_when_results_became_final_cannot_be_accepted(offering, admin_a, assessor, elsewhere):
    invitation = services.enrolment_invite(
        offering=offering, acting_user=admin_a, person={"email": elsewhere.email}, funding_source="self"
    )
    offering.results_finalised_at = timezone.now()
    offering.save()
    with translation.override("en"), pytest.raises(ValidationError, match="final"):
        services.enrolment_invitation_accept(invitation=invitation, learner=elsewhere)
    assert not Enrolment.objects.filter(learner=elsewhere).exists()

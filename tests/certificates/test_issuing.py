"""Issuing, the frozen snapshot, revocation, re-issue, expiry and the rules that refuse bad requests."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation

from apps.certificates import bulk_issuing, expiry, issuing, revocation
from apps.certificates.models import Credential, CredentialStatus
from apps.providers.authorizing import authorization_change
from apps.providers.models import Outcome
from tests.factories import CredentialFactory
from tests.helpers import OUTCOMES, enrol_invited, finalise_with

pytestmark = pytest.mark.django_db


def issue(enrolment, user, capture):
    with capture(execute=True):
        credential = issuing.credential_issue(enrolment=enrolment, acting_user=user)
    credential.refresh_from_db()
    return credential


def test_issuing_renders_signs_and_tells_the_learner(passed_two, admin_a, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    credential = issue(passed_two[0], admin_a, django_capture_on_commit_callbacks)
    assert credential.status == CredentialStatus.ISSUED
    assert credential.pdf and len(credential.pdf_sha256) == 64 and credential.signed_by is not None
    assert credential.effective_status == "issued" and credential.is_valid
    [message] = mail.outbox
    assert message.to == [passed_two[0].learner.email] and credential.code in message.body


def test_automatic_issuance_follows_finalisation(
    offering, admin_a, assessor, signing_identity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finalise_with(offering, admin_a, assessor, [(95, 90), (30, 30)])
    credentials = list(Credential.objects.filter(offering=offering))
    assert len(credentials) == 1 and credentials[0].status == CredentialStatus.ISSUED


def test_approval_mode_issues_nothing_until_an_admin_does(passed_two):
    assert not Credential.objects.exists()


def test_the_snapshot_freezes_what_was_certified(issued, client):
    """Editing the learner and the programme after issue changes nothing the certificate says."""
    at_issue = {"title": "Network Administration", "outcomes": [o["text_en"] for o in OUTCOMES], "ects": "6"}
    learner = issued.learner
    learner.last_name_en = "Changed"
    learner.save()
    version = issued.version
    version.title_en = "Something else"
    version.ects_credits = Decimal("9")
    version.save()
    version.outcomes.update(text_en="An edited outcome.")
    issued.refresh_from_db()
    assert issued.snapshot["learner"]["last_name_en"] == "Beridze"
    assert issued.snapshot["title"]["en"] == at_issue["title"]
    assert [o["en"] for o in issued.snapshot["outcomes"]] == at_issue["outcomes"]
    assert issued.snapshot["ects"] == at_issue["ects"]
    assert issued.snapshot["grade"]["letter"] == "A" and issued.snapshot["grade"]["total"] == 92
    assert issued.snapshot["grade"]["name"] == {"ka": "ფრიადი", "en": "Excellent"}
    client.cookies["django_language"] = "en"
    page = client.get(f"/verify/{issued.code}/").content.decode()
    assert "Nino Beridze" in page and at_issue["title"] in page and "6 ECTS credits" in page
    assert all(text in page for text in at_issue["outcomes"])
    assert "Changed" not in page and "Something else" not in page and "9 ECTS" not in page
    assert "An edited outcome." not in page


def test_a_failed_learner_gets_no_certificate(passed_two, admin_a):
    with translation.override("en"), pytest.raises(ValidationError, match="passed"):
        issuing.credential_issue(enrolment=passed_two[2], acting_user=admin_a)


def test_results_not_final_means_no_certificate(offering, admin_a):
    enrolment = enrol_invited(offering, admin_a, [{"email": "x@example.ge"}])[0]
    with pytest.raises(ValidationError):
        issuing.credential_issue(enrolment=enrolment, acting_user=admin_a)


def test_twice_for_one_enrolment_is_refused_and_the_database_holds_it_too(issued, admin_a):
    with translation.override("en"), pytest.raises(ValidationError, match="already has a certificate"):
        issuing.credential_issue(enrolment=issued.enrolment, acting_user=admin_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialFactory(enrolment=issued.enrolment)


def test_a_lapsed_authorization_stops_issuing(passed_two, admin_a, reviewer):
    authorization = passed_two[0].offering.version.programme.provider.decisions.get(outcome=Outcome.AUTHORIZED)
    authorization_change(
        authorization=authorization,
        reviewer=reviewer,
        outcome=Outcome.SUSPENDED,
        reasons_ka="შეჩერდა",
        reasons_en="Suspended",
    )
    with translation.override("en"), pytest.raises(ValidationError, match="authorization"):
        issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)


def test_only_the_providers_admins_issue(passed_two, admin_b, assessor):
    """The provider's assessor is told no; another provider's admin is told nothing exists."""
    with pytest.raises(PermissionDenied):
        issuing.credential_issue(enrolment=passed_two[0], acting_user=assessor)
    with pytest.raises(Http404):
        issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_b)


def test_revocation_needs_a_reason_happens_once_and_tells_the_learner(
    issued, admin_a, django_capture_on_commit_callbacks
):
    with translation.override("en"), pytest.raises(ValidationError, match="reason"):
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Plagiarism found")
    issued.refresh_from_db()
    assert (
        issued.status == "revoked" and issued.revoked_by == admin_a and issued.revocation_reason == "Plagiarism found"
    )
    assert len(mail.outbox) == 1
    with translation.override("en"), pytest.raises(ValidationError, match="already revoked"):
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="again")


def test_the_center_may_revoke_another_providers_admin_may_not(issued, reviewer, admin_b):
    with pytest.raises(Http404):
        revocation.credential_revoke(credential=issued, acting_user=admin_b, reason="no")
    revocation.credential_revoke(credential=issued, acting_user=reviewer, reason="Found void by the Center")
    assert Credential.objects.get(pk=issued.pk).status == "revoked"


def test_reissue_supersedes_under_a_new_code(issued, admin_a, django_capture_on_commit_callbacks):
    learner = issued.learner
    learner.first_name_en = "Ninо-corrected"
    learner.save()
    issued.show_grade = True
    issued.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = revocation.credential_reissue(credential=issued, acting_user=admin_a, reason="Name misspelt")
    issued.refresh_from_db()
    new.refresh_from_db()
    assert issued.status == "superseded" and issued.superseded_by == new
    assert new.code != issued.code and new.status == "issued" and new.show_grade
    assert new.snapshot["learner"]["first_name_en"] == "Ninо-corrected"
    assert issued.snapshot["learner"]["first_name_en"] == "Nino"
    assert "corrected" in mail.outbox[-1].subject.lower() or "შესწორებ" in mail.outbox[-1].subject


def test_expiry_is_read_from_the_date_never_stored(issued):
    assert issued.effective_status == "issued"
    Credential.objects.filter(pk=issued.pk).update(
        issued_at=timezone.now() - datetime.timedelta(days=400),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    issued.refresh_from_db()
    assert issued.status == "issued" and issued.effective_status == "expired" and not issued.is_valid


def test_expiry_reminder_is_sent_once_a_month_before(issued, django_capture_on_commit_callbacks):
    Credential.objects.filter(pk=issued.pk).update(expires_at=timezone.now() + datetime.timedelta(days=20))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.send_expiry_reminders() == 1
        assert expiry.send_expiry_reminders() == 0
    assert len(mail.outbox) == 1 and issued.code in mail.outbox[0].body


def test_bulk_issue_makes_one_credential_per_passed_learner(passed_two, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk_issuing.offering_bulk_issue(offering=passed_two[0].offering, acting_user=admin_a)
    progress = issuing.batch_progress(batch)
    assert progress["total"] == 2 and progress["issued"] == 2 and progress["finished"]
    with translation.override("en"), pytest.raises(ValidationError, match="already has a certificate"):
        bulk_issuing.offering_bulk_issue(offering=passed_two[0].offering, acting_user=admin_a)


def test_a_missing_key_leaves_the_credential_pending_with_a_clear_error(
    passed_two, admin_a, signing_identity, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SIGNING_KEYS_DIR = str(tmp_path / "empty")
    from apps.certificates import signing

    signing._signers.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    credential.refresh_from_db()
    assert credential.status == "pending" and not credential.pdf and credential.pdf_sha256 == ""
    assert "private key file" in credential.render_error and "cannot be read" in credential.render_error


def test_a_name_in_another_script_is_certified_as_written(passed_two, admin_a, django_capture_on_commit_callbacks):
    learner = passed_two[1].learner
    learner.first_name_en, learner.last_name_en = "Արամ", "Əliyev-Nguyễn"
    learner.save()
    credential = issue(passed_two[1], admin_a, django_capture_on_commit_callbacks)
    assert credential.status == "issued"
    assert credential.snapshot["learner"]["first_name_en"] == "Արամ"

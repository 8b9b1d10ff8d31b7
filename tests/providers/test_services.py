"""Bad input gets a clear message in the user's language, and nothing is half-saved."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from apps.providers import authorizing, memberships, services
from apps.providers.models import (
    ApplicationDocument,
    AuthorizationApplication,
    AuthorizationDecision,
    Invitation,
    Provider,
    ProviderMembership,
)
from tests.helpers import authorize, complete_application, pdf_upload

pytestmark = pytest.mark.django_db

PROVIDER = {
    "legal_name_ka": "ახალი უნივერსიტეტი",
    "legal_name_en": "New University",
    "short_name": "NU",
    "identification_code": "123456789",
    "kind": "university",
    "contact_email": "office@new.edu.ge",
}


def messages_of(error, language="en"):
    """The error's messages as the person who caused it reads them (lazy messages are translated on reading)."""
    with translation.override(language):
        return " ".join(str(m) for m in error.value.messages)


def test_registering_makes_the_registrant_its_admin_and_starts_unauthorized(learner):
    provider = services.provider_register(acting_user=learner, data=PROVIDER)
    assert ProviderMembership.objects.get(provider=provider).role == "admin"
    record = provider.history.get()
    assert (record.history_user, record.history_change_reason) == (learner, "registered")


@pytest.mark.parametrize("code", ["12345678", "1234567890", "12345678a", ""])
def test_an_invalid_identification_code_is_refused_in_georgian(learner, code):
    with translation.override("ka"), pytest.raises(ValidationError) as error:
        services.provider_register(acting_user=learner, data={**PROVIDER, "identification_code": code})
    assert "identification_code" in error.value.message_dict
    assert not Provider.objects.exists() and not ProviderMembership.objects.exists()


def test_a_duplicate_identification_code_is_refused(learner, provider_a):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.provider_register(
            acting_user=learner, data={**PROVIDER, "identification_code": provider_a.identification_code}
        )
    assert "already registered" in messages_of(error)
    assert Provider.objects.count() == 1


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(provider_a, admin_a):
    application = authorizing.application_create(provider=provider_a, acting_user=admin_a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    with translation.override("en"), pytest.raises(ValidationError) as error:
        authorizing.application_add_document(
            application=application, acting_user=admin_a, title="Scan", upload=pdf_upload("scan.pdf", png)
        )
    assert "not a PDF" in messages_of(error)
    assert not ApplicationDocument.objects.exists()


def test_a_pdf_over_10_mb_is_refused(provider_a, admin_a):
    application = authorizing.application_create(provider=provider_a, acting_user=admin_a)
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    with translation.override("ka"), pytest.raises(ValidationError) as error:
        authorizing.application_add_document(
            application=application, acting_user=admin_a, title="Big", upload=pdf_upload(content=big)
        )
    assert "ფაილი 10 მბ-ზე დიდია." in messages_of(error, "ka")
    assert not ApplicationDocument.objects.exists()


def test_an_incomplete_application_cannot_be_submitted_and_says_what_is_missing(provider_a, admin_a):
    application = authorizing.application_create(provider=provider_a, acting_user=admin_a)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        authorizing.application_submit(application=application, acting_user=admin_a)
    text = messages_of(error)
    assert "NQF level" in text and "field of study" in text and "self-evaluation" in text and "document" in text
    application.refresh_from_db()
    assert application.status == "draft" and application.submitted_at is None


def test_a_submitted_application_is_locked(provider_a, admin_a):
    application = complete_application(provider_a, admin_a)
    authorizing.application_submit(application=application, acting_user=admin_a)
    with pytest.raises(ValidationError):
        authorizing.application_submit(application=application, acting_user=admin_a)
    with pytest.raises(ValidationError):
        authorizing.application_update(
            application=application, acting_user=admin_a, levels=[], fields_of_study=[], self_evaluation="x"
        )


def _submitted(provider, admin):
    application = complete_application(provider, admin)
    return authorizing.application_submit(application=application, acting_user=admin)


def test_deciding_without_reasons_is_refused(provider_a, admin_a, reviewer):
    application = _submitted(provider_a, admin_a)
    with translation.override("ka"), pytest.raises(ValidationError) as error:
        authorizing.application_decide(
            application=application, reviewer=reviewer, outcome="rejected", reasons_ka=" ", reasons_en=""
        )
    assert set(error.value.message_dict) == {"reasons_ka", "reasons_en"}
    assert not AuthorizationDecision.objects.exists()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_a_validity_that_ends_before_it_starts_is_refused(provider_a, admin_a, reviewer):
    application = _submitted(provider_a, admin_a)
    today = timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        authorizing.application_decide(
            application=application,
            reviewer=reviewer,
            outcome="authorized",
            reasons_ka="კი.",
            reasons_en="Yes.",
            valid_from=today,
            valid_until=today - datetime.timedelta(days=1),
        )
    assert "cannot end before it starts" in messages_of(error)
    assert not AuthorizationDecision.objects.exists()


def test_a_second_decision_on_a_decided_application_is_refused(provider_a, admin_a, reviewer):
    decision = authorize(provider_a, admin_a, reviewer)
    with pytest.raises(ValidationError):
        authorizing.application_decide(
            application=decision.application, reviewer=reviewer, outcome="rejected", reasons_ka="ა", reasons_en="a"
        )
    assert AuthorizationDecision.objects.count() == 1


def test_a_past_decision_cannot_be_edited(provider_a, admin_a, reviewer):
    decision = authorize(provider_a, admin_a, reviewer)
    decision.reasons_en = "Something else"
    with pytest.raises(ValueError):
        decision.save()


def test_requesting_changes_returns_the_application_to_draft(provider_a, admin_a, reviewer):
    application = _submitted(provider_a, admin_a)
    authorizing.application_decide(
        application=application,
        reviewer=reviewer,
        outcome="changes_requested",
        reasons_ka="დაამატეთ დოკუმენტი.",
        reasons_en="Add a document.",
    )
    application.refresh_from_db()
    assert application.status == "draft"
    authorizing.application_submit(application=application, acting_user=admin_a)


def test_only_reviewers_decide(provider_a, admin_a):
    from django.core.exceptions import PermissionDenied

    application = _submitted(provider_a, admin_a)
    with pytest.raises(PermissionDenied):
        authorizing.application_decide(
            application=application, reviewer=admin_a, outcome="authorized", reasons_ka="ა", reasons_en="a"
        )


def test_provider_admins_are_told_of_each_decision_in_their_language(
    provider_a, admin_a, reviewer, django_capture_on_commit_callbacks
):
    from tests.factories import MembershipFactory, UserFactory

    english_admin = MembershipFactory(provider=provider_a, role="admin", user=UserFactory(preferred_language="en")).user
    author = MembershipFactory(provider=provider_a, role="author").user
    application = _submitted(provider_a, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        authorizing.application_decide(
            application=application, reviewer=reviewer, outcome="rejected", reasons_ka="არა.", reasons_en="No."
        )

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {admin_a.email, english_admin.email}
    assert author.email not in by_recipient
    assert "ცენტრის" in by_recipient[admin_a.email].subject + by_recipient[admin_a.email].body
    assert "NCEQE decision" in by_recipient[english_admin.email].subject


def test_the_last_provider_admin_cannot_be_removed(provider_a, admin_a):
    membership = ProviderMembership.objects.get(user=admin_a)
    with pytest.raises(ValidationError):
        memberships.membership_remove(membership=membership, acting_user=admin_a)
    assert ProviderMembership.objects.filter(pk=membership.pk).exists()


def test_an_invitation_creates_the_account_when_there_is_none(provider_a, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = memberships.invitation_send(
            provider=provider_a, acting_user=admin_a, email="New.Author@Example.ge", role="author", language="ka"
        )
    assert mail.outbox[0].to == ["new.author@example.ge"]
    assert invitation.token in mail.outbox[0].body

    user, membership = memberships.invitation_accept_with_new_account(
        invitation=invitation,
        profile={"first_name_en": "Nana", "last_name_en": "Kvaratskhelia"},
        password="a-strong-passphrase-42",
    )
    assert membership.role == "author" and user.emailaddress_set.get().verified
    with pytest.raises(ValidationError):
        memberships.invitation_accept(invitation=Invitation.objects.get(pk=invitation.pk), user=user)


def test_an_invitation_links_the_existing_account_and_only_that_one(provider_a, admin_a, learner):
    from tests.factories import UserFactory

    invitation = memberships.invitation_send(
        provider=provider_a, acting_user=admin_a, email=learner.email, role="assessor", language="en"
    )
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        memberships.invitation_accept(invitation=invitation, user=stranger)
    memberships.invitation_accept(invitation=invitation, user=learner)
    assert ProviderMembership.objects.get(user=learner).role == "assessor"


def test_every_change_is_in_the_audit_history(provider_a, admin_a, reviewer):
    application = _submitted(provider_a, admin_a)
    authorizing.application_start_review(application=application, reviewer=reviewer)
    statuses = [h.status for h in AuthorizationApplication.history.filter(id=application.pk).order_by("history_date")]
    assert statuses[-3:] == ["draft", "submitted", "under_review"]
    assert AuthorizationApplication.history.filter(id=application.pk).latest("history_date").history_user == reviewer
    reasons = list(
        AuthorizationApplication.history.filter(id=application.pk).values_list("history_change_reason", flat=True)
    )
    assert "submitted" in reasons

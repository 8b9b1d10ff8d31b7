"""Everything that changes providers, their staff, applications and NCEQE's decisions. Each function checks
its rules, runs in one transaction and leaves its trace in the audit history."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import NotificationKind
from apps.accounts.selectors import center_reviewers
from apps.accounts.services import notify
from apps.core.audit import audit
from apps.core.mail import send_to_address, send_to_user

from . import access
from .models import (
    IDENTITY_FIELDS,
    ApplicationDocument,
    ApplicationStatus,
    AuthorizationApplication,
    AuthorizationDecision,
    IdentityChangeRequest,
    IdentityChangeStatus,
    Invitation,
    Outcome,
    Provider,
    ProviderMembership,
    Role,
)
from .selectors import AuthorizationState, authorization_state, identity_is_locked

User = get_user_model()

PROVIDER_FIELDS = [
    "legal_name_ka",
    "legal_name_en",
    "short_name",
    "identification_code",
    "kind",
    "country",
    "address",
    "website",
    "logo",
    "contact_email",
]


# --- Providers and their staff --------------------------------------------------------------------------


@transaction.atomic
def provider_register(*, acting_user, data: dict) -> Provider:
    """Register an organisation. It starts unauthorized; the person who registers it becomes its admin."""
    provider = Provider(created_by=acting_user, **{f: data[f] for f in PROVIDER_FIELDS if f in data})
    provider.full_clean()
    audit(provider, acting_user, "registered")
    provider.save()
    ProviderMembership.objects.create(provider=provider, user=acting_user, role=Role.ADMIN)
    return provider


def _identity_changes(provider: Provider, data: dict) -> list[str]:
    return [field for field in IDENTITY_FIELDS if field in data and data[field] != getattr(provider, field)]


@transaction.atomic
def provider_update(*, provider: Provider, acting_user, data: dict) -> Provider:
    """Save the provider's details. Once its identity is locked (see `identity_is_locked`) a different legal name,
    identification code, kind, country or short name is refused here: it goes to the Center as an identity change
    request, and the authorized identity stands until the Center decides."""
    # Read the stored values: a ModelForm's instance already carries the values typed into the form.
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if identity_is_locked(provider):
        changed = _identity_changes(provider, data)
        if changed:
            message = _("The Center decides on changes to the identity of an authorized organisation.")
            raise ValidationError(dict.fromkeys(changed, message))
    for field in PROVIDER_FIELDS:
        if field in data:
            Provider._meta.get_field(field).save_form_data(provider, data[field])
    provider.full_clean()
    audit(provider, acting_user, "updated by the provider")
    provider.save()
    return provider


@transaction.atomic
def provider_edit(*, provider: Provider, acting_user, data: dict, note: str = "") -> IdentityChangeRequest | None:
    """What the organisation's details page saves. The details are saved at once; for a provider whose identity is
    locked, a different identity becomes a request to the Center (returned), and nothing of it changes yet."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not identity_is_locked(provider) or not _identity_changes(provider, data):
        provider_update(provider=provider, acting_user=acting_user, data=data)
        return None
    details = {field: value for field, value in data.items() if field not in IDENTITY_FIELDS}
    provider_update(provider=provider, acting_user=acting_user, data=details)
    return identity_change_request(provider=provider, acting_user=acting_user, data=data, note=note)


# --- Changes to an authorized provider's identity ------------------------------------------------------------


@transaction.atomic
def identity_change_request(*, provider: Provider, acting_user, data: dict, note: str = "") -> IdentityChangeRequest:
    """Ask the Center to change what identifies an authorized provider. Fields not in `data` keep their value.
    Nothing changes for the public (registry, issuer profile, certificates, API) until the Center approves."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not identity_is_locked(provider):
        raise ValidationError(_("This organisation is not authorized yet: change its details directly."))
    pending = IdentityChangeRequest.objects.filter(provider=provider, status=IdentityChangeStatus.PENDING)
    already_pending = _("A change of the organisation's identity is already awaiting the Center's decision.")
    if pending.exists():
        raise ValidationError(already_pending)
    if not _identity_changes(provider, data):
        raise ValidationError(_("The requested identity is the same as the authorized one."))
    values = {field: data.get(field, getattr(provider, field)) for field in IDENTITY_FIELDS}
    code_taken = (
        Provider.objects.exclude(pk=provider.pk).filter(identification_code=values["identification_code"]).exists()
    )
    if code_taken:
        raise ValidationError(
            {"identification_code": _("An organisation with this identification code is already registered.")}
        )
    change = IdentityChangeRequest(provider=provider, requested_by=acting_user, note=(note or "").strip(), **values)
    change.full_clean()
    audit(change, acting_user, "requested by the provider")
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:  # another request was made at the same moment
        raise ValidationError(already_pending) from None
    return change


def _require_identity_reviewer(user) -> None:
    access.require_center(user, "providers.change_identitychangerequest")


def _pending_for_decision(change: IdentityChangeRequest) -> IdentityChangeRequest:
    change = IdentityChangeRequest.objects.select_for_update().select_related("provider").get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(_("This identity change has already been decided."))
    return change


def _record_identity_decision(change, *, reviewer, status: str, reasons_ka: str, reasons_en: str) -> None:
    change.status = status
    change.reasons_ka, change.reasons_en = reasons_ka.strip(), reasons_en.strip()
    change.decided_by, change.decided_at = reviewer, timezone.now()
    change.full_clean()
    audit(change, reviewer, status)
    change.save()
    _notify_identity_decision(change)


@transaction.atomic
def identity_change_approve(
    *, change: IdentityChangeRequest, reviewer, reasons_ka: str, reasons_en: str
) -> IdentityChangeRequest:
    """The Center approves: the requested identity becomes the provider's (in its history, with the reviewer)."""
    _require_identity_reviewer(reviewer)
    change = _pending_for_decision(change)
    _require_reasons(reasons_ka, reasons_en)
    provider = Provider.objects.select_for_update().get(pk=change.provider_id)
    for field in IDENTITY_FIELDS:
        setattr(provider, field, getattr(change, field))
    provider.full_clean()
    audit(provider, reviewer, f"identity change {change.pk} approved by the Center")
    provider.save()
    change.provider = provider
    _record_identity_decision(
        change, reviewer=reviewer, status=IdentityChangeStatus.APPROVED, reasons_ka=reasons_ka, reasons_en=reasons_en
    )
    return change


@transaction.atomic
def identity_change_reject(
    *, change: IdentityChangeRequest, reviewer, reasons_ka: str, reasons_en: str
) -> IdentityChangeRequest:
    """The Center rejects: the authorized identity stays as it is."""
    _require_identity_reviewer(reviewer)
    change = _pending_for_decision(change)
    _require_reasons(reasons_ka, reasons_en)
    _record_identity_decision(
        change, reviewer=reviewer, status=IdentityChangeStatus.REJECTED, reasons_ka=reasons_ka, reasons_en=reasons_en
    )
    return change


def identity_change_decide(
    *, change: IdentityChangeRequest, reviewer, outcome: str, reasons_ka: str, reasons_en: str
) -> IdentityChangeRequest:
    decide = {
        IdentityChangeStatus.APPROVED: identity_change_approve,
        IdentityChangeStatus.REJECTED: identity_change_reject,
    }
    if outcome not in decide:
        raise ValidationError({"outcome": _("Choose approve or reject.")})
    return decide[outcome](change=change, reviewer=reviewer, reasons_ka=reasons_ka, reasons_en=reasons_en)


def _notify_identity_decision(change: IdentityChangeRequest) -> None:
    notify(
        recipients=_provider_admins(change.provider),
        kind=NotificationKind.IDENTITY_CHANGE_DECISION,
        template="providers/email/identity_change",
        context={"change": change},
        link=reverse("providers:edit", args=[change.provider_id]),
    )


@transaction.atomic
def invitation_send(*, provider: Provider, acting_user, email: str, role: str, language: str) -> Invitation:
    email = email.strip().lower()
    if ProviderMembership.objects.filter(provider=provider, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation's staff.")})
    Invitation.objects.filter(provider=provider, email=email, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation(
        provider=provider, email=email, role=role, invited_by=acting_user, token=secrets.token_urlsafe(32)
    )
    invitation.full_clean()
    invitation.save()
    existing = User.objects.filter(email__iexact=email).first()
    context = {
        "invitation": invitation,
        "provider": provider,
        "inviter": acting_user,
        "invitation_days": settings.PROVIDER_INVITATION_DAYS,
    }
    if existing:
        send_to_user(user=existing, template="providers/email/invitation", context=context)
    else:
        send_to_address(email=email, language=language, template="providers/email/invitation", context=context)
    return invitation


def _accept(invitation: Invitation, user) -> ProviderMembership:
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid. Ask the organisation for a new one."))
    membership, _created = ProviderMembership.objects.get_or_create(
        provider=invitation.provider, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> ProviderMembership:
    """An existing account accepts: it must be the account the invitation was sent to."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    return _accept(invitation, user)


@transaction.atomic
def invitation_accept_with_new_account(*, invitation: Invitation, profile: dict, password: str):
    """Someone without an account accepts: the account is made now, its address confirmed by the link."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password

    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists. Log in to accept."))
    user = User(email=invitation.email, privacy_accepted_at=timezone.now(), **profile)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, _accept(invitation, user)


@transaction.atomic
def membership_remove(*, membership: ProviderMembership, acting_user) -> None:
    admins = ProviderMembership.objects.select_for_update().filter(provider=membership.provider, role=Role.ADMIN)
    if membership.role == Role.ADMIN and admins.count() <= 1:
        raise ValidationError(_("An organisation needs at least one provider administrator."))
    audit(membership, acting_user, "removed")
    membership.delete()


# --- Applications ------------------------------------------------------------------------------------------


def _require_status(application: AuthorizationApplication, *allowed: str, message: str) -> None:
    if application.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def application_create(*, provider: Provider, acting_user) -> AuthorizationApplication:
    application = AuthorizationApplication(provider=provider, created_by=acting_user)
    audit(application, acting_user, "created")
    application.save()
    return application


@transaction.atomic
def application_update(
    *, application: AuthorizationApplication, acting_user, levels, fields_of_study, self_evaluation: str
) -> AuthorizationApplication:
    application = AuthorizationApplication.objects.select_for_update().get(pk=application.pk)
    _require_status(application, ApplicationStatus.DRAFT, message=_("Only a draft application can be changed."))
    application.self_evaluation = self_evaluation
    application.full_clean()
    audit(application, acting_user, "edited")
    application.save()
    application.levels.set(levels)
    application.fields_of_study.set(fields_of_study)
    return application


@transaction.atomic
def application_add_document(*, application: AuthorizationApplication, acting_user, title: str, upload):
    _require_status(application, ApplicationStatus.DRAFT, message=_("Documents can be added to a draft only."))
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    document = ApplicationDocument(
        application=application,
        title=title,
        file=upload,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=acting_user,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def application_remove_document(*, document: ApplicationDocument, acting_user) -> None:
    _require_status(
        document.application, ApplicationStatus.DRAFT, message=_("Documents can be removed from a draft only.")
    )
    document.file.delete(save=False)
    document.delete()


def application_missing(application: AuthorizationApplication) -> list[str]:
    """What an application still lacks before it can be submitted, in words for its author."""
    missing = []
    if not application.levels.exists():
        missing.append(_("Choose at least one NQF level."))
    if not application.fields_of_study.exists():
        missing.append(_("Choose at least one field of study."))
    if len(application.self_evaluation.strip()) < 50:
        missing.append(_("Write the self-evaluation (at least 50 characters)."))
    if not application.documents.exists():
        missing.append(_("Attach at least one supporting document."))
    return missing


@transaction.atomic
def application_submit(*, application: AuthorizationApplication, acting_user) -> AuthorizationApplication:
    application = AuthorizationApplication.objects.select_for_update().get(pk=application.pk)
    _require_status(application, ApplicationStatus.DRAFT, message=_("This application has already been submitted."))
    missing = application_missing(application)
    if missing:
        raise ValidationError(missing)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    audit(application, acting_user, "submitted")
    application.save()
    notify(
        recipients=center_reviewers(),
        kind=NotificationKind.APPLICATION_SUBMITTED,
        template="providers/email/application_submitted",
        context={"application": application},
        link=reverse("admin:providers_authorizationapplication_change", args=[application.pk]),
    )
    return application


@transaction.atomic
def application_withdraw(*, application: AuthorizationApplication, acting_user) -> AuthorizationApplication:
    application = AuthorizationApplication.objects.select_for_update().get(pk=application.pk)
    _require_status(
        application,
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        message=_("A decided application cannot be withdrawn."),
    )
    application.status = ApplicationStatus.WITHDRAWN
    audit(application, acting_user, "withdrawn")
    application.save()
    return application


# --- NCEQE's decisions ----------------------------------------------------------------------------------------


def _require_reviewer(user) -> None:
    access.require_center(user, "providers.add_authorizationdecision")


@transaction.atomic
def application_start_review(*, application: AuthorizationApplication, reviewer) -> AuthorizationApplication:
    _require_reviewer(reviewer)
    application = AuthorizationApplication.objects.select_for_update().get(pk=application.pk)
    _require_status(
        application, ApplicationStatus.SUBMITTED, message=_("Only a submitted application can be taken up.")
    )
    application.status = ApplicationStatus.UNDER_REVIEW
    audit(application, reviewer, "review started")
    application.save()
    return application


def _require_reasons(reasons_ka: str, reasons_en: str) -> None:
    errors = {}
    if not (reasons_ka or "").strip():
        errors["reasons_ka"] = _("Give the reasons in Georgian.")
    if not (reasons_en or "").strip():
        errors["reasons_en"] = _("Give the reasons in English.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_decide(
    *,
    application: AuthorizationApplication,
    reviewer,
    outcome: str,
    reasons_ka: str,
    reasons_en: str,
    conditions_ka: str = "",
    conditions_en: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    levels=None,
    fields_of_study=None,
) -> AuthorizationDecision:
    """Authorize, reject or return an application for changes, with reasons in both languages. An
    authorization takes the requested scope unless the reviewer narrows it, and a validity period."""
    _require_reviewer(reviewer)
    application = AuthorizationApplication.objects.select_for_update().get(pk=application.pk)
    if outcome not in (Outcome.AUTHORIZED, Outcome.REJECTED, Outcome.CHANGES_REQUESTED):
        raise ValidationError({"outcome": _("Choose authorize, request changes or reject.")})
    _require_status(
        application,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        message=_("This application has already been decided, or is not submitted."),
    )
    _require_reasons(reasons_ka, reasons_en)
    decision = AuthorizationDecision(
        provider=application.provider,
        application=application,
        outcome=outcome,
        reasons_ka=reasons_ka.strip(),
        reasons_en=reasons_en.strip(),
        conditions_ka=conditions_ka.strip(),
        conditions_en=conditions_en.strip(),
        decided_by=reviewer,
    )
    if outcome == Outcome.AUTHORIZED:
        errors = {}
        if not valid_from:
            errors["valid_from"] = _("Give the date the authorization starts.")
        if not valid_until:
            errors["valid_until"] = _("Give the date the authorization ends.")
        elif valid_from and valid_until < valid_from:
            errors["valid_until"] = _("The authorization cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
        decision.valid_from, decision.valid_until = valid_from, valid_until
    decision.full_clean()
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise ValidationError(_("This application has already been decided.")) from None
    if outcome == Outcome.AUTHORIZED:
        decision.levels.set(levels if levels is not None else application.levels.all())
        decision.fields_of_study.set(
            fields_of_study if fields_of_study is not None else application.fields_of_study.all()
        )
        if not decision.levels.exists() or not decision.fields_of_study.exists():
            raise ValidationError(_("An authorization needs at least one level and one field of study."))

    application.status = {
        Outcome.AUTHORIZED: ApplicationStatus.AUTHORIZED,
        Outcome.REJECTED: ApplicationStatus.REJECTED,
        Outcome.CHANGES_REQUESTED: ApplicationStatus.DRAFT,
    }[outcome]
    audit(application, reviewer, f"decision: {outcome}")
    application.save()
    _notify_provider_admins(decision)
    return decision


@transaction.atomic
def authorization_change(
    *,
    authorization: AuthorizationDecision,
    reviewer,
    outcome: str,
    reasons_ka: str,
    reasons_en: str,
    effective_from: datetime.date | None = None,
) -> AuthorizationDecision:
    """Suspend an authorization, lift its suspension, or end it, with reasons, from a date."""
    _require_reviewer(reviewer)
    if authorization.outcome != Outcome.AUTHORIZED:
        raise ValidationError(_("Only an authorization can be suspended, reinstated or ended."))
    _require_reasons(reasons_ka, reasons_en)
    effective_from = effective_from or timezone.localdate()
    state = authorization_state(authorization, effective_from)
    allowed = {
        Outcome.SUSPENDED: {AuthorizationState.VALID, AuthorizationState.NOT_YET_VALID},
        Outcome.REINSTATED: {AuthorizationState.SUSPENDED},
        Outcome.ENDED: {AuthorizationState.VALID, AuthorizationState.NOT_YET_VALID, AuthorizationState.SUSPENDED},
    }
    if outcome not in allowed:
        raise ValidationError({"outcome": _("Choose suspend, lift the suspension or end.")})
    if state not in allowed[outcome]:
        raise ValidationError(
            _("This authorization is %(state)s on that date.") % {"state": AuthorizationState.LABELS[state]}
        )
    decision = AuthorizationDecision(
        provider=authorization.provider,
        authorization=authorization,
        outcome=outcome,
        reasons_ka=reasons_ka.strip(),
        reasons_en=reasons_en.strip(),
        effective_from=effective_from,
        decided_by=reviewer,
    )
    decision.full_clean()
    decision.save()
    _notify_provider_admins(decision)
    return decision


def _provider_admins(provider: Provider):
    return User.objects.filter(
        provider_memberships__provider=provider, provider_memberships__role=Role.ADMIN, is_active=True
    )


def _notify_provider_admins(decision: AuthorizationDecision) -> None:
    notify(
        recipients=_provider_admins(decision.provider),
        kind=NotificationKind.AUTHORIZATION_DECISION,
        template="providers/email/decision",
        context={"decision": decision},
        link=reverse("providers:decisions", args=[decision.provider_id]),
    )

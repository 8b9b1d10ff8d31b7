"""Authorization by the Center: a provider's application (documents, submission, withdrawal), the review, the
decision and later changes (suspension, reinstatement, end), with the provider's admins told."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import NotificationKind
from apps.accounts.selectors import center_reviewers
from apps.accounts.services import notify
from apps.core.audit import audit
from apps.core.reasons import require_reasons

from . import access
from .models import (
    ApplicationDocument,
    ApplicationStatus,
    AuthorizationApplication,
    AuthorizationDecision,
    Outcome,
    Provider,
)
from .selectors import AuthorizationState, authorization_state, provider_admins

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
    require_reasons(reasons_ka=reasons_ka, reasons_en=reasons_en)
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
    require_reasons(reasons_ka=reasons_ka, reasons_en=reasons_en)
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


def _notify_provider_admins(decision: AuthorizationDecision) -> None:
    notify(
        recipients=provider_admins(decision.provider),
        kind=NotificationKind.AUTHORIZATION_DECISION,
        template="providers/email/decision",
        context={"decision": decision},
        link=reverse("providers:decisions", args=[decision.provider_id]),
    )

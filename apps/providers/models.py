from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.constraints import ConstraintErrorsOnFields
from apps.core.i18n import localized
from apps.reference.models import FieldOfStudy, NQFLevel

from .validators import validate_identification_code, validate_pdf


class ProviderKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    TEACHING_UNIVERSITY = "teaching_university", _("Teaching university")
    COLLEGE = "college", _("College")
    VOCATIONAL = "vocational", _("Vocational education institution")
    LEGAL_ENTITY = "legal_entity", _("Other legal entity")
    PROFESSIONAL_BODY = "professional_body", _("Professional body")


class Provider(ConstraintErrorsOnFields, models.Model):
    """An organisation that offers micro-credentials once NCEQE has authorized it."""

    legal_name_ka = models.CharField(_("legal name (Georgian)"), max_length=255)
    legal_name_en = models.CharField(_("legal name (English)"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50)
    identification_code = models.CharField(
        _("identification code"),
        max_length=9,
        unique=True,
        validators=[validate_identification_code],
        help_text=_("The nine-digit identification code of the legal entity."),
        error_messages={"unique": _("An organisation with this identification code is already registered.")},
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ProviderKind.choices)
    country = models.CharField(_("country"), max_length=2, default="GE", help_text=_("ISO 3166-1 alpha-2 code."))
    address = models.CharField(_("address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="providers/logos/", blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,  # the person who registered it may have left: the provider stays valid
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    constraint_fields = {
        "provider_id_code_9_digits": "identification_code",
    }

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["legal_name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(identification_code__regex=r"^[0-9]{9}$"),
                name="provider_id_code_9_digits",
                violation_error_code="provider_id_code_9_digits",
                violation_error_message=_("An identification code is exactly nine digits."),
            ),
        ]

    def __str__(self):
        return self.legal_name

    @property
    def legal_name(self):
        return localized(self, "legal_name")


# What identifies the legal entity NCEQE authorized. Once a provider is authorized these change only by the
# Center's decision on an IdentityChangeRequest; the rest of its details (address, website, logo, contact
# e-mail) stay free to edit.
IDENTITY_FIELDS = ["legal_name_ka", "legal_name_en", "short_name", "identification_code", "kind", "country"]


class IdentityChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the Center's decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class IdentityChangeRequest(ConstraintErrorsOnFields, models.Model):
    """An authorized provider asks NCEQE to change what identifies it (legal names, identification code, kind,
    country, short name). The authorized identity stands everywhere until the Center approves; then the requested
    values are applied to the provider."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="identity_changes"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=IdentityChangeStatus.choices, default=IdentityChangeStatus.PENDING
    )
    legal_name_ka = models.CharField(_("legal name (Georgian)"), max_length=255)
    legal_name_en = models.CharField(_("legal name (English)"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50)
    identification_code = models.CharField(
        _("identification code"), max_length=9, validators=[validate_identification_code]
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ProviderKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code."))
    note = models.TextField(
        _("explanation for the Center"),
        blank=True,
        help_text=_("Why the organisation's identity changes, and the document that attests it."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    reasons_ka = models.TextField(_("reasons (Georgian)"), blank=True)
    reasons_en = models.TextField(_("reasons (English)"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    constraint_fields = {
        "identity_change_decision_has_date_and_reviewer": "status",
        "identity_change_id_code_9_digits": "identification_code",
    }

    class Meta:
        verbose_name = _("identity change request")
        verbose_name_plural = _("identity change requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(status="pending"),
                name="one_pending_identity_change_per_provider",
                violation_error_code="unique",
                violation_error_message=_(
                    "A change of this provider's identity is already awaiting the Center's decision."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="identity_change_decision_has_date_and_reviewer",
                violation_error_code="identity_change_decision_has_date_and_reviewer",
                violation_error_message=_("A decided change records when it was decided and by whom."),
            ),
            models.CheckConstraint(
                condition=Q(identification_code__regex=r"^[0-9]{9}$"),
                name="identity_change_id_code_9_digits",
                violation_error_code="identity_change_id_code_9_digits",
                violation_error_message=_("An identification code is exactly nine digits."),
            ),
        ]

    def __str__(self):
        return _("Identity change %(number)s of %(provider)s") % {
            "number": self.pk,
            "provider": self.provider.short_name,
        }

    @property
    def is_pending(self):
        return self.status == IdentityChangeStatus.PENDING

    @property
    def reasons(self):
        return localized(self, "reasons")

    @property
    def requested_legal_name(self):
        return localized(self, "legal_name")

    def changes(self) -> list[tuple[str, str, str]]:
        """(field label, the provider's value now, the requested value) for each field the request changes."""
        rows = []
        for name in IDENTITY_FIELDS:
            field = Provider._meta.get_field(name)
            old, new = getattr(self.provider, name), getattr(self, name)
            if old != new:
                if field.choices:
                    old, new = dict(field.choices).get(old, old), dict(field.choices).get(new, new)
                rows.append((field.verbose_name, old, new))
        return rows


class Role(models.TextChoices):
    ADMIN = "admin", _("Provider administrator")
    AUTHOR = "author", _("Author")
    ASSESSOR = "assessor", _("Assessor")


class ProviderMembership(ConstraintErrorsOnFields, models.Model):
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="provider_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    history = HistoricalRecords()

    constraint_fields = {
        "one_membership_per_user_and_provider": "user",
    }

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        ordering = ["provider", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "user"],
                name="one_membership_per_user_and_provider",
                violation_error_code="one_membership_per_user_and_provider",
                violation_error_message=_("This person is already on the staff of this institution."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.provider.short_name}"


class Invitation(ConstraintErrorsOnFields, models.Model):
    """An e-mail invitation to join a provider's staff. Following the link creates the account when there is
    none, or links the existing one."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    constraint_fields = {
        "one_open_invitation_per_email_and_provider": "email",
    }

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email_and_provider",
                violation_error_code="one_open_invitation_per_email_and_provider",
                violation_error_message=_("This address already has an open invitation."),
            )
        ]

    def __str__(self):
        return self.email

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self):
        return timezone.now() > self.created_at + timezone.timedelta(days=settings.PROVIDER_INVITATION_DAYS)


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    AUTHORIZED = "authorized", _("Authorized")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AuthorizationApplication(ConstraintErrorsOnFields, models.Model):
    """A provider's application to NCEQE for authorization to issue micro-credentials in a scope."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    levels = models.ManyToManyField(NQFLevel, verbose_name=_("NQF levels"), related_name="+", blank=True)
    fields_of_study = models.ManyToManyField(
        FieldOfStudy, verbose_name=_("fields of study"), related_name="+", blank=True
    )
    self_evaluation = models.TextField(_("self-evaluation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[levels, fields_of_study])

    constraint_fields = {
        "application_submitted_has_date": "submitted_at",
    }

    class Meta:
        verbose_name = _("authorization application")
        verbose_name_plural = _("authorization applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=False) | Q(status__in=["draft", "withdrawn"]),
                name="application_submitted_has_date",
                violation_error_code="application_submitted_has_date",
                violation_error_message=_("A submitted application records when it was submitted."),
            ),
        ]

    def __str__(self):
        return _("Application %(number)s of %(provider)s") % {"number": self.pk, "provider": self.provider.short_name}

    @property
    def is_editable(self):
        return self.status == ApplicationStatus.DRAFT


def private_storage():
    """Files that only their owners and reviewers may read: never under MEDIA_URL."""
    return storages["private"]


def _document_path(instance, filename):
    return f"applications/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-80:]}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        AuthorizationApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_document_path, storage=private_storage, validators=[validate_pdf])
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title


class Outcome(models.TextChoices):
    AUTHORIZED = "authorized", _("Authorized")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Suspension lifted")
    ENDED = "ended", _("Ended")


class AuthorizationDecision(ConstraintErrorsOnFields, models.Model):
    """One decision of NCEQE, kept for ever as it was made. On an application: authorize, request changes or
    reject. On an authorization already granted: suspend, lift a suspension, or end it."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="decisions"
    )
    application = models.ForeignKey(
        AuthorizationApplication,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    authorization = models.ForeignKey(
        "self",
        verbose_name=_("authorization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_changes",
        help_text=_("For a suspension, a lifted suspension or an end: the authorization it concerns."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons_ka = models.TextField(_("reasons (Georgian)"))
    reasons_en = models.TextField(_("reasons (English)"))
    conditions_ka = models.TextField(_("conditions (Georgian)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    levels = models.ManyToManyField(NQFLevel, verbose_name=_("authorized NQF levels"), related_name="+", blank=True)
    fields_of_study = models.ManyToManyField(
        FieldOfStudy, verbose_name=_("authorized fields of study"), related_name="+", blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, help_text=_("For a suspension, a lifted suspension or an end.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    constraint_fields = {
        "decision_validity_ends_after_it_starts": "valid_until",
        "authorization_has_validity": "valid_until",
        "status_change_names_its_authorization": "authorization",
    }

    class Meta:
        verbose_name = _("authorization decision")
        verbose_name_plural = _("authorization decisions")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="decision_validity_ends_after_it_starts",
                violation_error_code="decision_validity_ends_after_it_starts",
                violation_error_message=_("The authorization cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="authorized") | Q(valid_from__isnull=False, valid_until__isnull=False),
                name="authorization_has_validity",
                violation_error_code="authorization_has_validity",
                violation_error_message=_("An authorization has the dates it is valid from and until."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["suspended", "reinstated", "ended"])
                | Q(authorization__isnull=False, effective_from__isnull=False),
                name="status_change_names_its_authorization",
                violation_error_code="status_change_names_its_authorization",
                violation_error_message=_(
                    "A suspension, reinstatement or end names its authorization and the date it takes effect."
                ),
            ),
            # One final decision per application: authorized or rejected, never both or twice.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(outcome__in=["authorized", "rejected"]),
                name="one_final_decision_per_application",
                violation_error_code="unique",
                violation_error_message=_("This application already has a final decision."),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} · {self.provider.short_name} · {self.decided_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # A decision is a record of what was decided: it is written once and never edited.
        if not self._state.adding:
            raise ValueError("An authorization decision cannot be changed once it is made.")
        super().save(*args, **kwargs)

    @property
    def reasons(self):
        return localized(self, "reasons")

    @property
    def conditions(self):
        return localized(self, "conditions")

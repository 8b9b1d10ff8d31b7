"""Credentials (the signed certificates), the identities that sign them, the people who sign them on paper,
and the batches in which a provider issues a whole offering."""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.core.constraints import ConstraintErrorsOnFields
from apps.core.i18n import current_language, localized
from apps.enrolments.models import Enrolment, Offering
from apps.programmes.models import ProgrammeVersion
from apps.providers.models import Provider, private_storage


class SigningIdentity(ConstraintErrorsOnFields, models.Model):
    """An X.509 identity that signs PDFs: the platform's (no provider) or one provider's. The database holds
    the certificate chain and the key's id; the private key is a file that an operator installs in
    settings.SIGNING_KEYS_DIR. A new identity of the same owner takes over signing (rotation); the old one
    keeps verifying what it signed until it is marked compromised."""

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_identities",
        help_text=_("Empty for the platform's own identity."),
    )
    certificate_pem = models.TextField(_("certificate (PEM)"))
    chain_pem = models.TextField(_("certificate chain (PEM)"), blank=True)
    key_file = models.CharField(_("private key file"), max_length=255)
    subject = models.CharField(_("subject"), max_length=500)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Issued by a certification authority that readers trust. Development identities are not."),
    )
    active = models.BooleanField(_("signs new certificates"), default=True)
    created_at = models.DateTimeField(_("installed"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    compromised_at = models.DateTimeField(_("compromised"), null=True, blank=True)
    compromised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compromise declared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    compromise_reason = models.TextField(_("reason"), blank=True)

    constraint_fields = {
        "compromised_identity_inactive": "active",
    }

    class Meta:
        verbose_name = _("signing identity")
        verbose_name_plural = _("signing identities")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(active=True, provider__isnull=False),
                name="one_active_identity_per_provider",
                violation_error_code="unique",
                violation_error_message=_("This provider already has an active signing identity."),
            ),
            models.UniqueConstraint(
                fields=["active"],
                condition=Q(active=True, provider__isnull=True),
                name="one_active_platform_identity",
                violation_error_code="unique",
                violation_error_message=_("The portal already has an active signing identity of its own."),
            ),
            models.CheckConstraint(
                condition=Q(compromised_at__isnull=True) | Q(active=False),
                name="compromised_identity_inactive",
                violation_error_code="compromised_identity_inactive",
                violation_error_message=_("A compromised signing identity cannot be active."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.key_id[:12]})"

    @property
    def owner_label(self):
        return self.provider.legal_name if self.provider_id else _("the platform")


def _signature_path(instance, filename):
    return f"signatures/{instance.provider_id}/{uuid.uuid4().hex}.png"


class Signatory(models.Model):
    """A person whose name, position and (optionally) signature appear on a provider's certificates."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="signatories"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name_ka = models.CharField(_("full name (Georgian)"), max_length=200)
    name_en = models.CharField(_("full name (English)"), max_length=200)
    position_ka = models.CharField(_("position (Georgian)"), max_length=200)
    position_en = models.CharField(_("position (English)"), max_length=200)
    signature = models.ImageField(
        _("signature image"),
        upload_to=_signature_path,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
        help_text=_("Optional. A PNG or JPEG of at most 500 KB, on a transparent or white background."),
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["provider", "order", "pk"]

    def __str__(self):
        return f"{localized(self, 'name')}, {localized(self, 'position')}"


class IssuanceBatch(models.Model):
    """A provider's bulk issuance for one offering; its progress is the state of its credentials."""

    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="issuance_batches"
    )
    total = models.PositiveIntegerField(_("credentials"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("bulk issuance")
        verbose_name_plural = _("bulk issuances")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.offering} · {date_format(timezone.localtime(self.created_at), 'DATETIME_FORMAT')}"


class StatusList(ConstraintErrorsOnFields, models.Model):
    """A Bitstring Status List (W3C) of revocation: one bit per credential, at an index drawn at random so that
    the list reveals neither who nor the order of issue. A list holds at least 131,072 entries (the spec's
    minimum, for group privacy); a new list starts when one is half full."""

    SIZE = 131_072

    purpose = models.CharField(_("purpose"), max_length=16, default="revocation")
    size = models.PositiveIntegerField(_("entries"), default=SIZE)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    constraint_fields = {
        "status_list_minimum_size": "size",
    }

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=131_072),
                name="status_list_minimum_size",
                violation_error_code="status_list_minimum_size",
                violation_error_message=_("A status list holds at least 131,072 entries."),
            )
        ]

    def __str__(self):
        return f"{self.purpose} {self.pk}"


class CredentialStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class RevocationCategory(models.TextChoices):
    """Why a certificate was revoked, as everyone who checks it reads it. The words staff type stay private to the
    learner, the provider's staff and the Center (Credential.revocation_reason)."""

    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    ACADEMIC_MISCONDUCT = "academic_misconduct", _("Academic misconduct")
    CORRECTED = "corrected", _("Corrected and re-issued")
    LEARNER_REQUEST = "learner_request", _("At the learner's request")
    KEY_COMPROMISED = "key_compromised", _("The key that signed it was compromised")
    OTHER = "other", _("Other reason")


# What staff may choose when they revoke by hand (a compromised key is the portal's own finding).
STAFF_REVOCATION_CATEGORIES = [c for c in RevocationCategory.choices if c[0] != RevocationCategory.KEY_COMPROMISED]


# What a reader sees: the stored status, with "expired" worked out from the expiry date at read time.
EXPIRED = "expired"
STATUS_LABELS = {**dict(CredentialStatus.choices), EXPIRED: _("Expired")}
# What staff look for beside the statuses: certificates whose preparation failed and waits to be tried again.
FAILING = "failing"


class CredentialQuerySet(models.QuerySet):
    """Credentials by the status a reader sees (`Credential.effective_status`), worked out by the database."""

    def expired(self, at=None):
        return self.filter(status=CredentialStatus.ISSUED, expires_at__lte=at or timezone.now())

    def valid(self, at=None):
        """Issued and not expired."""
        return self.filter(status=CredentialStatus.ISSUED).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at or timezone.now())
        )

    def failing(self):
        """Still being prepared, after a preparation that failed."""
        return self.filter(status=CredentialStatus.PENDING).exclude(render_error="")

    def with_status(self, status: str):
        """Those a reader finds under `status`: a stored status (where "issued" leaves the expired out),
        EXPIRED or FAILING; all of them for ""."""
        if status == EXPIRED:
            return self.expired()
        if status == CredentialStatus.ISSUED:
            return self.valid()
        if status == FAILING:
            return self.failing()
        return self.filter(status=status) if status else self


def _pdf_path(instance, filename):
    return f"credentials/{instance.code}.pdf"


class Credential(ConstraintErrorsOnFields, models.Model):
    """A learner's certified achievement. Everything it certifies is frozen in `snapshot` at issue time, so a
    later edit of the programme, the provider or the learner's profile never changes it; a correction is a
    re-issue under a new code."""

    code = models.CharField(_("verification code"), max_length=17, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CredentialStatus.choices, default=CredentialStatus.PENDING
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="credentials"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="credentials"
    )
    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("programme version"), on_delete=models.PROTECT, related_name="credentials"
    )
    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="credentials"
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("issuing provider"), on_delete=models.PROTECT, related_name="credentials"
    )
    subject_id = models.UUIDField(_("credential subject id"), default=uuid.uuid4, unique=True, editable=False)
    snapshot = models.JSONField(_("certified content"))
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        IssuanceBatch,
        verbose_name=_("bulk issuance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
    )

    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, storage=private_storage, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    signed_by = models.ForeignKey(
        SigningIdentity,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signature_verified_at = models.DateTimeField(
        _("signature checked"),
        null=True,
        blank=True,
        help_text=_("When the portal validated the stored PDF's signature, right after signing it."),
    )
    render_error = models.TextField(_("last preparation error"), blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("preparation attempts"), default=0)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)

    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(
        _("reason for revocation"),
        blank=True,
        help_text=_("Seen by the learner, the provider's staff and the Center only, never by the public."),
    )
    revocation_category = models.CharField(
        _("public reason for revocation"),
        max_length=24,
        choices=RevocationCategory.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Shown, with the date, to everyone who checks the certificate."),
    )
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    correction_reason = models.TextField(_("reason for re-issue"), blank=True)

    status_list = models.ForeignKey(
        StatusList, verbose_name=_("status list"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_list_index = models.PositiveIntegerField(_("status list index"), null=True, blank=True)

    show_pdf = models.BooleanField(_("people with the code may download the PDF"), default=False)
    show_grade = models.BooleanField(_("people with the code may see the grade"), default=False)
    expiry_reminder_sent_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CredentialQuerySet.as_manager()

    constraint_fields = {
        "status_list_index_unique": "status_list_index",
        "issued_credential_is_signed": "status",
        "revocation_has_time_and_reason": "revocation_reason",
        "revocation_has_public_category": "revocation_category",
        "credential_expires_after_issue": "expires_at",
        "shared_pdf_shares_grade": "show_grade",
    }

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-issued_at", "-pk"]
        permissions = [("revoke_credential", _("Can revoke and re-issue credentials"))]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=~Q(status="superseded"),
                name="one_live_credential_per_enrolment",
                violation_error_code="unique",
                violation_error_message=_("This learner already has a certificate for this offering."),
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_list_index"],
                name="status_list_index_unique",
                violation_error_code="status_list_index_unique",
                violation_error_message=_("This place in the status list is already taken."),
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | (~Q(pdf_sha256="") & Q(signed_by__isnull=False)),
                name="issued_credential_is_signed",
                violation_error_code="issued_credential_is_signed",
                violation_error_message=_(
                    "An issued certificate is signed: it has its signed PDF and its signing identity."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="revocation_has_time_and_reason",
                violation_error_code="revocation_has_time_and_reason",
                violation_error_message=_("Give the reason for revoking the certificate."),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revocation_category=""),
                name="revocation_has_public_category",
                violation_error_code="revocation_has_public_category",
                violation_error_message=_("Choose what the public is told about why the certificate was revoked."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("issued_at")),
                name="credential_expires_after_issue",
                violation_error_code="credential_expires_after_issue",
                violation_error_message=_("A certificate expires after the date it was issued."),
            ),
            # The PDF prints the grade: sharing it shares the grade, so the choices nest (see the sharing form).
            models.CheckConstraint(
                condition=Q(show_pdf=False) | Q(show_grade=True),
                name="shared_pdf_shares_grade",
                violation_error_code="shared_pdf_shares_grade",
                violation_error_message=_("The PDF prints the grade: to share the PDF, share the grade too."),
            ),
        ]
        indexes = [
            models.Index(fields=["offering", "status"]),
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["signed_by", "status"]),
        ]

    def __str__(self):
        return self.code

    # --- Read-time state ------------------------------------------------------------------------------

    def is_expired(self, at=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    @property
    def effective_status(self) -> str:
        """The status a reader sees: an issued credential past its expiry date reads as expired."""
        if self.status == CredentialStatus.ISSUED and self.is_expired():
            return EXPIRED
        return self.status

    @property
    def effective_status_label(self):
        return STATUS_LABELS[self.effective_status]

    @property
    def is_valid(self) -> bool:
        return self.effective_status == CredentialStatus.ISSUED

    @property
    def render_error_text(self) -> str:
        """The last preparation error in the reader's language (errors of our own are kept in both)."""
        parts = self.render_error.split("\n")
        if len(parts) == 2:
            return parts[1] if current_language() == "en" else parts[0]
        return self.render_error

    @property
    def learner_name(self) -> str:
        learner = self.snapshot.get("learner", {})
        return f"{learner.get('first_name_en', '')} {learner.get('last_name_en', '')}".strip()

    @property
    def title(self) -> str:
        titles = self.snapshot.get("title", {})
        return titles.get(current_language()) or titles.get("en", "")

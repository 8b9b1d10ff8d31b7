"""The micro-credential itself. A Programme is the stable identity (its id is in public URLs); each
ProgrammeVersion holds the content that NCEQE approves and that credentials cite, with every element of
Annex I of the EU Council Recommendation 2022/C 243/02. An approved or published version is never edited:
a change makes a new version."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.constraints import ConstraintErrorsOnFields
from apps.core.i18n import localized
from apps.providers.models import Provider
from apps.reference.models import FieldOfStudy, Language, NQFLevel


class Programme(ConstraintErrorsOnFields, models.Model):
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="programmes"
    )
    code = models.CharField(
        _("code"), max_length=32, help_text=_("The provider's own code for the programme, unique within the provider.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    constraint_fields = {
        "programme_code_unique_per_provider": "code",
    }

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["provider", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "code"],
                name="programme_code_unique_per_provider",
                violation_error_code="programme_code_unique_per_provider",
                violation_error_message=_("Your institution already has a programme with this code."),
            )
        ]

    def __str__(self):
        return f"{self.provider.short_name} {self.code}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")
    REJECTED = "rejected", _("Rejected")


# THE rule of "this version is approved": the Center approved it and no later step took that back (publishing and
# archiving keep it). Issuing and the public verification both ask `ProgrammeVersion.is_approved`.
APPROVED_STATUSES = (Status.APPROVED, Status.PUBLISHED, Status.ARCHIVED)


class ParticipationMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ONSITE = "onsite", _("On site")
    BLENDED = "blended", _("Blended")


class Supervision(models.TextChoices):
    SUPERVISED_ID = "supervised_id", _("Supervised, with identity verification")
    SUPERVISED = "supervised", _("Supervised, without identity verification")
    UNSUPERVISED_ID = "unsupervised_id", _("Unsupervised, with identity verification")
    UNSUPERVISED = "unsupervised", _("Unsupervised, without identity verification")


class QualityAssurance(models.TextChoices):
    EXTERNAL = "external_nceqe", _("External: approved by NCEQE")
    INTERNAL = "internal_authorized", _("Internal quality assurance of a provider authorized by NCEQE")


class ProgrammeVersion(ConstraintErrorsOnFields, models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    title_ka = models.CharField(_("title (Georgian)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary_ka = models.TextField(_("summary (Georgian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description_ka = models.TextField(_("description (Georgian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    co_awarding_providers = models.ManyToManyField(
        Provider, verbose_name=_("co-awarding providers"), blank=True, related_name="co_awarded_versions"
    )
    ects_credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(180)],
    )
    workload_hours = models.PositiveIntegerField(_("notional workload (hours)"), null=True, blank=True)
    nqf_level = models.ForeignKey(
        NQFLevel, verbose_name=_("NQF level"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field_of_study = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("field of study (ISCED-F 2013)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages of instruction"), blank=True, related_name="+"
    )
    participation_mode = models.CharField(
        _("form of participation"), max_length=8, choices=ParticipationMode.choices, blank=True
    )
    assessment_type_ka = models.TextField(_("type of assessment (Georgian)"), blank=True)
    assessment_type_en = models.TextField(_("type of assessment (English)"), blank=True)
    supervision = models.CharField(
        _("supervision and identity verification during assessment"),
        max_length=16,
        choices=Supervision.choices,
        blank=True,
    )
    quality_assurance = models.CharField(
        _("type of quality assurance"),
        max_length=24,
        choices=QualityAssurance.choices,
        default=QualityAssurance.EXTERNAL,
    )
    prerequisites_ka = models.TextField(_("prerequisites (Georgian)"), blank=True)
    prerequisites_en = models.TextField(_("prerequisites (English)"), blank=True)
    validity_months = models.PositiveIntegerField(
        _("validity of the credential (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the credential does not expire."),
    )
    further_information_ka = models.TextField(_("further information (Georgian)"), blank=True)
    further_information_en = models.TextField(_("further information (English)"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[languages, co_awarding_providers])

    constraint_fields = {
        "one_version_number_per_programme": "number",
        "ects_positive": "ects_credits",
    }

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="one_version_number_per_programme",
                violation_error_code="one_version_number_per_programme",
                violation_error_message=_("This programme already has a version with this number."),
            ),
            # At most one version of a programme is being worked on, and at most one is published.
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status__in=["draft", "submitted", "under_review", "approved"]),
                name="one_open_version_per_programme",
                violation_error_code="unique",
                violation_error_message=_("This programme already has a version in progress."),
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status="published"),
                name="one_published_version_per_programme",
                violation_error_code="unique",
                violation_error_message=_("This programme already has a published version."),
            ),
            models.CheckConstraint(
                condition=Q(ects_credits__isnull=True) | Q(ects_credits__gt=0),
                name="ects_positive",
                violation_error_code="ects_positive",
                violation_error_message=_("The ECTS credits are more than 0."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "nqf_level"]),
            models.Index(fields=["status", "field_of_study"]),
            # The public catalogue's default order (the published versions by title in the reader's language, then
            # id), one per language: PostgreSQL walks the index and stops at a page instead of sorting every
            # published programme to show the first 20.
            models.Index(fields=["title_ka", "id"], condition=Q(status="published"), name="catalogue_by_title_ka"),
            models.Index(fields=["title_en", "id"], condition=Q(status="published"), name="catalogue_by_title_en"),
        ]

    def __str__(self):
        return f"{self.title or self.programme} (v{self.number})"

    @property
    def is_approved(self) -> bool:
        """Approved by the Center, and still so (see APPROVED_STATUSES)."""
        return self.approved_at is not None and self.status in APPROVED_STATUSES

    @property
    def title(self):
        return localized(self, "title")

    @property
    def summary(self):
        return localized(self, "summary")

    @property
    def description(self):
        return localized(self, "description")

    @property
    def assessment_type(self):
        return localized(self, "assessment_type")

    @property
    def prerequisites(self):
        return localized(self, "prerequisites")

    @property
    def further_information(self):
        return localized(self, "further_information")

    @property
    def eqf_level(self):
        return self.nqf_level.eqf_level if self.nqf_level else None

    @property
    def is_editable(self):
        return self.status == Status.DRAFT


class LearningOutcome(ConstraintErrorsOnFields, models.Model):
    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("programme version"), on_delete=models.CASCADE, related_name="outcomes"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text_ka = models.TextField(_("learning outcome (Georgian)"))
    text_en = models.TextField(_("learning outcome (English)"))
    esco_uri = models.URLField(_("ESCO skill URI"), blank=True, max_length=300)

    constraint_fields = {
        "outcome_order_unique": "order",
    }

    class Meta:
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"],
                name="outcome_order_unique",
                violation_error_code="outcome_order_unique",
                violation_error_message=_("Two learning outcomes cannot have the same place in the list."),
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return localized(self, "text")


class AssessmentComponent(ConstraintErrorsOnFields, models.Model):
    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("programme version"), on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name_ka = models.CharField(_("name (Georgian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (0–100)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    outcomes = models.ManyToManyField(
        LearningOutcome, verbose_name=_("learning outcomes assessed"), related_name="components"
    )

    constraint_fields = {
        "component_order_unique": "order",
        "component_weight_1_to_100": "weight",
        "component_pass_mark_0_to_100": "pass_mark",
    }

    class Meta:
        verbose_name = _("assessment component")
        verbose_name_plural = _("assessment components")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"],
                name="component_order_unique",
                violation_error_code="component_order_unique",
                violation_error_message=_("Two assessment components cannot have the same place in the list."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="component_weight_1_to_100",
                violation_error_code="component_weight_1_to_100",
                violation_error_message=_("A weight is a whole number from 1 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100),
                name="component_pass_mark_0_to_100",
                violation_error_code="component_pass_mark_0_to_100",
                violation_error_message=_("A pass mark is at most 100."),
            ),
        ]

    def __str__(self):
        return localized(self, "name")

    @property
    def name(self):
        return localized(self, "name")


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")


class ProgrammeReview(models.Model):
    """NCEQE's decision on one submitted version, with reasons in both languages. Never edited."""

    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("programme version"), on_delete=models.PROTECT, related_name="reviews"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    reasons_ka = models.TextField(_("reasons (Georgian)"))
    reasons_en = models.TextField(_("reasons (English)"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("programme review")
        verbose_name_plural = _("programme reviews")
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} · {self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A programme review cannot be changed once it is made.")
        super().save(*args, **kwargs)

    @property
    def reasons(self):
        return localized(self, "reasons")

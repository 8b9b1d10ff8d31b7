from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.accounts.models import Language as AccountLanguage
from apps.accounts.validators import validate_georgian_script, validate_latin_script, validate_personal_number
from apps.core.constraints import ConstraintErrorsOnFields
from apps.core.i18n import current_language
from apps.programmes.models import ParticipationMode, ProgrammeVersion
from apps.reference.models import Language


class FundingSource(models.TextChoices):
    SELF = "self", _("Self-funded")
    STATE_GRANT = "state_grant", _("State grant")
    EMPLOYER = "employer", _("Employer")
    VOUCHER = "voucher", _("Voucher")
    OTHER = "other", _("Other")


class CredentialIssuance(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatically when the results are final")
    APPROVAL = "approval", _("After a provider administrator approves them")


def _count_of(queryset) -> Coalesce:
    """The rows of `queryset` (filtered on OuterRef("pk") of an offering) as a subquery, 0 when there are none."""
    return Coalesce(Subquery(queryset.order_by().values("offering").annotate(n=Count("pk")).values("n")), 0)


class OfferingQuerySet(models.QuerySet):
    """The one place that says which places of an offering are taken: those held by its enrolments (PLACE_HOLDING)
    and those kept by its open invitations. Everyone else reads `taken` or calls `places_taken`."""

    def with_places(self):
        """Each offering with `taken`, the number of its places taken, in the same query."""
        held = Enrolment.objects.filter(offering=OuterRef("pk"), status__in=PLACE_HOLDING)
        kept = EnrolmentInvitation.objects.filter(offering=OuterRef("pk"), status=InvitationStatus.OPEN)
        return self.annotate(taken=_count_of(held) + _count_of(kept))

    def places_taken(self, offering) -> int:
        """The places of this offering taken now (read it under the offering's row lock before giving one)."""
        return self.with_places().values_list("taken", flat=True).get(pk=offering.pk)


class Offering(ConstraintErrorsOnFields, models.Model):
    """A run (cohort) of one published programme version."""

    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("programme version"), on_delete=models.PROTECT, related_name="offerings"
    )
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    enrolment_opens = models.DateField(_("enrolment opens"))
    enrolment_closes = models.DateField(_("enrolment closes"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    waiting_list = models.BooleanField(_("waiting list when full"), default=False)
    language = models.ForeignKey(Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+")
    participation_mode = models.CharField(_("form of participation"), max_length=8, choices=ParticipationMode.choices)
    # The venue in both languages (`place` is the Georgian, kept under its first name for the API's readers).
    place = models.CharField(_("place (Georgian)"), max_length=255, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    fee = models.DecimalField(
        _("fee (GEL)"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    funding_sources = models.JSONField(_("accepted funding sources"), default=list)
    credential_issuance = models.CharField(
        _("certificates are issued"),
        max_length=10,
        choices=CredentialIssuance.choices,
        default=CredentialIssuance.AUTOMATIC,
    )
    results_finalised_at = models.DateTimeField(_("results finalised"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()

    objects = OfferingQuerySet.as_manager()

    constraint_fields = {
        "offering_ends_after_start": "end_date",
        "offering_enrolment_window_ordered": "enrolment_closes",
        "offering_capacity_positive": "capacity",
    }

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="offering_ends_after_start",
                violation_error_code="offering_ends_after_start",
                violation_error_message=_("The offering cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(enrolment_closes__gte=F("enrolment_opens")),
                name="offering_enrolment_window_ordered",
                violation_error_code="offering_enrolment_window_ordered",
                violation_error_message=_("Enrolment cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="offering_capacity_positive",
                violation_error_code="offering_capacity_positive",
                violation_error_message=_("An offering has at least one place."),
            ),
        ]

    def __str__(self):
        return f"{self.version.title} · {date_format(self.start_date, 'DATE_FORMAT')}"

    def enrolment_open_on(self, day) -> bool:
        return self.enrolment_opens <= day <= self.enrolment_closes and self.results_finalised_at is None

    @property
    def venue(self) -> str:
        """The place in the reader's language, or in the other when only that one was written."""
        first, second = (self.place, self.place_en) if current_language() == "ka" else (self.place_en, self.place)
        return first or second


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Enrolments that hold a place in the offering (open invitations keep one too: see EnrolmentInvitation).
PLACE_HOLDING = [EnrolmentStatus.APPLIED, EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED]


class EnrolmentSource(models.TextChoices):
    """How the learner came to be enrolled: what their consent to the provider rests on."""

    SELF = "self", _("Enrolled themselves")
    INVITATION = "invitation", _("Accepted the provider's invitation")
    STAFF = "staff", _("Enrolled by the provider's staff without an invitation (before invitations)")


# The provider sees a learner's personal data (date of birth, personal number) only when the learner said yes to it.
CONSENTED = [EnrolmentSource.SELF, EnrolmentSource.INVITATION]


class Enrolment(ConstraintErrorsOnFields, models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="enrolments"
    )
    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    funding_source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed or failed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enrolled by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("how the learner enrolled"), max_length=10, choices=EnrolmentSource.choices)

    history = HistoricalRecords()

    constraint_fields = {
        "one_enrolment_per_learner_and_offering": "learner",
        "enrolment_source_known": "source",
    }

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["offering", "learner__last_name_en", "learner__first_name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "offering"],
                name="one_enrolment_per_learner_and_offering",
                violation_error_code="one_enrolment_per_learner_and_offering",
                violation_error_message=_("This learner is already enrolled in this offering."),
            ),
            models.CheckConstraint(
                condition=Q(source__in=EnrolmentSource.values),
                name="enrolment_source_known",
                violation_error_code="enrolment_source_known",
                violation_error_message=_("Unknown way of enrolment."),
            ),
        ]
        indexes = [models.Index(fields=["offering", "status"])]

    def __str__(self):
        return f"{self.learner} · {self.offering}"

    @property
    def consented(self) -> bool:
        return self.source in CONSENTED


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Invitation withdrawn")


class EnrolmentInvitation(ConstraintErrorsOnFields, models.Model):
    """Provider staff ask a person, by e-mail, to enrol in an offering. Until the person accepts, the provider
    sees only what it typed itself (never anything of an account, nor whether there is one); the enrolment, with
    the person's own data, exists once they say yes. An open invitation keeps a place in the offering."""

    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    first_name_ka = models.CharField(
        _("first name (Georgian script)"), max_length=150, blank=True, validators=[validate_georgian_script]
    )
    last_name_ka = models.CharField(
        _("last name (Georgian script)"), max_length=150, blank=True, validators=[validate_georgian_script]
    )
    first_name_en = models.CharField(
        _("first name (Latin script)"), max_length=150, blank=True, validators=[validate_latin_script]
    )
    last_name_en = models.CharField(
        _("last name (Latin script)"), max_length=150, blank=True, validators=[validate_latin_script]
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    personal_number = models.CharField(
        _("personal number"), max_length=11, blank=True, validators=[validate_personal_number]
    )
    funding_source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices)
    # The language of the e-mail to someone without an account; an account holder gets theirs.
    language = models.CharField(
        _("language"), max_length=2, choices=AccountLanguage.choices, default=AccountLanguage.GEORGIAN
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitation",
    )

    history = HistoricalRecords()

    constraint_fields = {
        "one_open_enrolment_invitation_per_email": "email",
        "enrolment_invitation_status_known": "status",
        "enrolment_invitation_answered_unless_open": "answered_at",
        "enrolment_invitation_accepted_has_enrolment": "enrolment",
    }

    class Meta:
        verbose_name = _("enrolment invitation")
        verbose_name_plural = _("enrolment invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "email"],
                condition=Q(status="open"),
                name="one_open_enrolment_invitation_per_email",
                violation_error_code="one_open_enrolment_invitation_per_email",
                violation_error_message=_("This address already has an open invitation to this offering."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values),
                name="enrolment_invitation_status_known",
                violation_error_code="enrolment_invitation_status_known",
                violation_error_message=_("Unknown invitation status."),
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(answered_at__isnull=True))
                | (~Q(status="open") & Q(answered_at__isnull=False)),
                name="enrolment_invitation_answered_unless_open",
                violation_error_code="enrolment_invitation_answered_unless_open",
                violation_error_message=_("An answered invitation has the date of its answer; an open one has none."),
            ),
            models.CheckConstraint(
                condition=(Q(status="accepted") & Q(enrolment__isnull=False))
                | (~Q(status="accepted") & Q(enrolment__isnull=True)),
                name="enrolment_invitation_accepted_has_enrolment",
                violation_error_code="enrolment_invitation_accepted_has_enrolment",
                violation_error_message=_("An accepted invitation names its enrolment, and only an accepted one does."),
            ),
        ]
        indexes = [models.Index(fields=["email", "status"])]

    def __str__(self):
        return f"{self.email} · {self.offering}"

    @property
    def typed_name(self) -> str:
        """The name as the provider typed it, in the reader's script where there is one."""
        ka = f"{self.first_name_ka} {self.last_name_ka}".strip()
        en = f"{self.first_name_en} {self.last_name_en}".strip()
        return (ka or en) if (get_language() or "ka").startswith("ka") else (en or ka)

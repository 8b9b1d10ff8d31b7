from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.constraints import ConstraintErrorsOnFields
from apps.enrolments.models import Enrolment
from apps.programmes.models import AssessmentComponent


class AssessmentResult(ConstraintErrorsOnFields, models.Model):
    """One score of one learner in one assessment component. A re-sit is a second attempt beside the first,
    never over it."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="results"
    )
    component = models.ForeignKey(
        AssessmentComponent, verbose_name=_("assessment component"), on_delete=models.PROTECT, related_name="+"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    constraint_fields = {
        "one_result_per_attempt": "attempt",
        "score_0_to_100": "score",
        "at_most_one_resit": "attempt",
    }

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["enrolment", "component__order", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "component", "attempt"],
                name="one_result_per_attempt",
                violation_error_code="one_result_per_attempt",
                violation_error_message=_("This learner already has a score for this component and attempt."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="score_0_to_100",
                violation_error_code="score_0_to_100",
                violation_error_message=_("A score is a number from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(attempt__in=[1, 2]),
                name="at_most_one_resit",
                violation_error_code="at_most_one_resit",
                violation_error_message=_("A component may be re-sat once only: the attempt is 1 or 2."),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.component} · {self.score}"

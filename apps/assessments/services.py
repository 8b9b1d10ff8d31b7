"""Scores, finalisation and corrections. Finalising an offering's results is what completes enrolments: it
grades every learner once, calls the enrolments' one completion service, then publishes the completion event
(apps.assessments.completion) with the grade, which the apps above act on in the same transaction. A correction
or a re-sit after the results are final publishes it again."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.enrolments.models import Enrolment, EnrolmentStatus, Offering
from apps.enrolments.services import enrolment_complete
from apps.providers import access

from .completion import Completion, CompletionKind, publish
from .grading import GradeResult, evaluate
from .models import AssessmentResult

ASSESSING_ROLES = access.roles_for(access.Capability.ASSESS)


def parse_score(raw) -> Decimal | None:
    """A score typed by a person: empty is no score; otherwise a number from 0 to 100."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        score = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("A score is a number from 0 to 100.")) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValidationError(_("A score is a number from 0 to 100."))
    return score.quantize(Decimal("0.01"))


def components_of(offering: Offering):
    return list(offering.version.components.order_by("order"))


def best_scores(enrolment: Enrolment) -> dict[int, Decimal]:
    best: dict[int, Decimal] = {}
    for result in enrolment.results.all():
        best[result.component_id] = max(best.get(result.component_id, result.score), result.score)
    return best


def evaluation(enrolment: Enrolment, components) -> GradeResult | None:
    """The learner's grade from the best score of each component (prefetch `results` for many learners); None
    while a component has no score."""
    scores = best_scores(enrolment)
    if any(c.pk not in scores for c in components):
        return None
    return evaluate(scores, [(c.pk, c.weight, c.pass_mark) for c in components])


@transaction.atomic
def gradebook_save(*, offering: Offering, assessor, scores: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """Save typed scores (first attempts) for an offering whose results are not final. Returns the problems
    by cell; the valid cells are saved and the others left as they were, so no typing is lost."""
    access.check(assessor, access.Capability.ASSESS, offering.version.programme.provider)
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    if offering.results_finalised_at:
        raise ValidationError(_("The results of this offering are final; a change needs a correction with a reason."))
    enrolments = {e.pk: e for e in offering.enrolments.filter(status=EnrolmentStatus.ENROLLED)}
    components = {c.pk: c for c in components_of(offering)}
    existing = {
        (r.enrolment_id, r.component_id): r
        for r in AssessmentResult.objects.filter(enrolment__offering=offering, attempt=1)
    }
    problems, to_create, to_update, to_delete = {}, [], [], []
    today = timezone.localdate()
    for (enrolment_id, component_id), raw in scores.items():
        if enrolment_id not in enrolments or component_id not in components:
            # A learner not (or no longer) enrolled, or a component of another version: said, never guessed.
            problems[(enrolment_id, component_id)] = _("This learner or component is not in the offering's gradebook.")
            continue
        try:
            score = parse_score(raw)
        except ValidationError as error:
            problems[(enrolment_id, component_id)] = error.messages[0]
            continue
        result = existing.get((enrolment_id, component_id))
        if score is None:
            if result:
                to_delete.append(result.pk)
        elif result is None:
            to_create.append(
                AssessmentResult(
                    enrolment_id=enrolment_id,
                    component_id=component_id,
                    score=score,
                    assessor=assessor,
                    assessed_on=today,
                )
            )
        elif result.score != score:
            result.score, result.assessor, result.assessed_on = score, assessor, today
            to_update.append(result)
    AssessmentResult.objects.bulk_create(to_create)
    for result in to_update:
        result._history_user = assessor
        result.save(update_fields=["score", "assessor", "assessed_on", "updated_at"])
    AssessmentResult.objects.filter(pk__in=to_delete).delete()
    return problems


@transaction.atomic
def offering_finalise(*, offering: Offering, acting_user) -> dict[str, int]:
    """Make the results final: every enrolled learner completes or fails, and the scores are locked."""
    access.check(acting_user, access.Capability.ASSESS, offering.version.programme.provider)
    # What a certificate is made of comes along (the enrolments below share this offering, by their manager).
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("version__programme__provider", "language")
        .get(pk=offering.pk)
    )
    if offering.results_finalised_at:
        raise ValidationError(_("The results of this offering are already final."))
    components = components_of(offering)
    enrolments = list(
        offering.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        .select_related("learner")
        .prefetch_related("results")
    )
    results = {e.pk: evaluation(e, components) for e in enrolments}
    missing = [e for e in enrolments if results[e.pk] is None]
    if missing:
        names = ", ".join(e.learner.get_full_name() for e in missing[:5])
        raise ValidationError(
            _("Scores are missing for %(count)s learners (%(names)s).") % {"count": len(missing), "names": names}
        )
    # Final first: what follows a completion (a certificate) requires the offering's results to be final.
    offering.results_finalised_at = timezone.now()
    offering._history_user = acting_user
    offering.save(update_fields=["results_finalised_at"])
    counts = {"completed": 0, "failed": 0}
    for enrolment in enrolments:
        result = results[enrolment.pk]
        enrolment_complete(enrolment=enrolment, passed=result.passed)
        publish(Completion(enrolment=enrolment, result=result, kind=CompletionKind.FINALISED, acting_user=acting_user))
        counts["completed" if result.passed else "failed"] += 1
    return counts


@transaction.atomic
def result_correct(*, result: AssessmentResult, acting_user, score, reason: str) -> AssessmentResult:
    """Change a score: after the results are final only with a reason, which the audit history keeps with who and
    when, and which goes with the completion event (a certificate revoked or re-issued because of it says it)."""
    offering = result.enrolment.offering
    access.check(acting_user, access.Capability.ASSESS, offering.version.programme.provider)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for changing a final result.")})
    new_score = parse_score(score)
    if new_score is None:
        raise ValidationError({"score": _("A score is a number from 0 to 100.")})
    result.score = new_score
    result._history_user = acting_user
    result._change_reason = reason.strip()
    result.save(update_fields=["score", "updated_at"])
    if offering.results_finalised_at:
        _recomplete(result.enrolment_id, kind=CompletionKind.CORRECTED, acting_user=acting_user, reason=reason.strip())
    return result


@transaction.atomic
def resit_record(*, enrolment: Enrolment, component, acting_user, score) -> AssessmentResult:
    """The one re-sit of an FX: a second attempt at a component below its pass mark, kept beside the first."""
    access.check(acting_user, access.Capability.ASSESS, enrolment.offering.version.programme.provider)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    components = components_of(enrolment.offering)
    result = evaluation(enrolment, components)
    if enrolment.status != EnrolmentStatus.FAILED or result is None or not result.may_resit:
        raise ValidationError(_("Only a learner with FX may re-sit."))
    if component.pk not in result.below_pass_mark:
        raise ValidationError(_("Only a component below its pass mark can be re-sat."))
    if enrolment.results.filter(component=component, attempt=2).exists():
        raise ValidationError(_("The one re-sit of this component is already recorded."))
    resit = AssessmentResult.objects.create(
        enrolment=enrolment, component=component, attempt=2, score=parse_score(score), assessor=acting_user
    )
    _recomplete(enrolment.pk, kind=CompletionKind.RESIT, acting_user=acting_user)
    return resit


def _recomplete(enrolment_id: int, *, kind: CompletionKind, acting_user, reason: str = "") -> None:
    """A final result changed: the learner completes or fails anew where passing changed, and the event goes out
    whatever changed (a certificate also follows a changed grade)."""
    enrolment = (
        Enrolment.objects.select_related("learner", "offering__version__programme__provider", "offering__language")
        .prefetch_related("results")
        .get(pk=enrolment_id)
    )
    result = evaluation(enrolment, components_of(enrolment.offering))
    if result is None:
        return
    if result.passed != (enrolment.status == EnrolmentStatus.COMPLETED):
        enrolment_complete(enrolment=enrolment, passed=result.passed)
    publish(Completion(enrolment=enrolment, result=result, kind=kind, acting_user=acting_user, reason=reason))

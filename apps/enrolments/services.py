"""Offerings and enrolments. Places are counted under a row lock on the offering, so two learners taking the
last place at once cannot both have it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.mail import send_to_user
from apps.programmes.models import Status
from apps.providers.models import ProviderMembership, Role

from .models import PLACE_HOLDING, Enrolment, EnrolmentStatus, FundingSource, Offering

User = get_user_model()
OFFERING_FIELDS = [
    "start_date",
    "end_date",
    "enrolment_opens",
    "enrolment_closes",
    "capacity",
    "waiting_list",
    "language",
    "participation_mode",
    "place",
    "online_link",
    "fee",
    "funding_sources",
    "credential_issuance",
]
STAFF_ROLES = (Role.ADMIN, Role.AUTHOR, Role.ASSESSOR)


def require_staff(user, provider, roles=(Role.ADMIN,)) -> None:
    if not ProviderMembership.objects.filter(user=user, provider=provider, role__in=roles).exists():
        raise PermissionDenied


@transaction.atomic
def offering_create(*, version, acting_user, data: dict) -> Offering:
    require_staff(acting_user, version.programme.provider)
    if version.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published programme can be offered."))
    offering = Offering(version=version, created_by=acting_user, **{f: data[f] for f in OFFERING_FIELDS if f in data})
    _check_offering(offering)
    offering.save()
    return offering


@transaction.atomic
def offering_update(*, offering: Offering, acting_user, data: dict) -> Offering:
    require_staff(acting_user, offering.version.programme.provider)
    for field in OFFERING_FIELDS:
        if field in data:
            setattr(offering, field, data[field])
    _check_offering(offering)
    offering.save()
    return offering


def _check_offering(offering: Offering) -> None:
    errors = {}
    if offering.end_date and offering.start_date and offering.end_date < offering.start_date:
        errors["end_date"] = _("The offering cannot end before it starts.")
    if offering.enrolment_closes and offering.enrolment_opens and offering.enrolment_closes < offering.enrolment_opens:
        errors["enrolment_closes"] = _("Enrolment cannot close before it opens.")
    if not offering.funding_sources:
        errors["funding_sources"] = _("Accept at least one funding source.")
    elif set(offering.funding_sources) - set(FundingSource.values):
        errors["funding_sources"] = _("Unknown funding source.")
    if errors:
        raise ValidationError(errors)
    offering.full_clean()


def places_taken(offering: Offering) -> int:
    return offering.enrolments.filter(status__in=PLACE_HOLDING).count()


def _place(offering_id: int, *, waiting_list_allowed: bool) -> tuple[Offering, str]:
    """Lock the offering and say which status a new enrolment gets: enrolled, waitlisted, or refused."""
    offering = Offering.objects.select_for_update().select_related("version__programme__provider").get(pk=offering_id)
    if places_taken(offering) < offering.capacity:
        return offering, EnrolmentStatus.ENROLLED
    if offering.waiting_list and waiting_list_allowed:
        return offering, EnrolmentStatus.WAITLISTED
    raise ValidationError(_("The offering is full."))


@transaction.atomic
def enrol_self(*, offering: Offering, learner, funding_source: str) -> Enrolment:
    """A learner enrols from the catalogue while the window is open and there is room (or joins the waiting
    list when the offering has one)."""
    if Enrolment.objects.filter(offering=offering, learner=learner).exists():
        raise ValidationError(_("You are already enrolled in this offering."))
    offering, status = _place(offering.pk, waiting_list_allowed=True)
    today = timezone.localdate()
    if not offering.enrolment_open_on(today):
        raise ValidationError(_("Enrolment in this offering is closed."))
    if funding_source not in offering.funding_sources:
        raise ValidationError({"funding_source": _("This offering does not accept that funding source.")})
    return _create(offering, learner, status, funding_source, enrolled_by=learner)


def _create(offering, learner, status, funding_source, *, enrolled_by) -> Enrolment:
    now = timezone.now()
    enrolment = Enrolment(
        offering=offering,
        learner=learner,
        status=status,
        funding_source=funding_source,
        enrolled_at=now if status == EnrolmentStatus.ENROLLED else None,
        enrolled_by=enrolled_by,
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ValidationError(
            _("%(learner)s is already enrolled in this offering.") % {"learner": learner.email}
        ) from None
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, acting_user) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update().select_related("offering__version__programme").get(pk=enrolment.pk)
    )
    if acting_user != enrolment.learner:
        require_staff(acting_user, enrolment.offering.version.programme.provider)
    if enrolment.status not in (EnrolmentStatus.APPLIED, EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        raise ValidationError(_("A completed, failed or withdrawn enrolment cannot be withdrawn."))
    if acting_user == enrolment.learner and enrolment.offering.results_finalised_at:
        raise ValidationError(_("The results of this offering are final."))
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.save()
    _promote_from_waiting_list(enrolment.offering)
    return enrolment


def _promote_from_waiting_list(offering: Offering) -> None:
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    free = offering.capacity - places_taken(offering)
    for waiting in offering.enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by("applied_at")[: max(free, 0)]:
        waiting.status = EnrolmentStatus.ENROLLED
        waiting.enrolled_at = timezone.now()
        waiting.save()


def find_learner(*, email: str, personal_number: str = ""):
    """The one account of a person, by e-mail or personal number: the same person across providers."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None and personal_number:
        user = User.objects.filter(personal_number=personal_number).first()
    return user


@transaction.atomic
def enrol_by_staff(*, offering: Offering, acting_user, person: dict, funding_source: str) -> Enrolment:
    """Provider staff enrol a learner by e-mail. A learner already known (by e-mail or personal number) is the
    same account; otherwise an account is made and the learner is invited to set a password."""
    require_staff(acting_user, offering.version.programme.provider)
    learner = find_learner(email=person["email"], personal_number=person.get("personal_number", ""))
    invited = learner is None
    if invited:
        learner = _new_learner(person)
    offering, status = _place(offering.pk, waiting_list_allowed=False)
    enrolment = _create(offering, learner, status, funding_source, enrolled_by=acting_user)
    if invited:
        from .tasks import invite_learners

        invite_learners.delay_on_commit([enrolment.pk])
    return enrolment


def _new_learner(person: dict):
    learner = User(
        email=person["email"].strip().lower(),
        first_name_ka=person.get("first_name_ka", ""),
        last_name_ka=person.get("last_name_ka", ""),
        first_name_en=person.get("first_name_en", ""),
        last_name_en=person.get("last_name_en", ""),
        date_of_birth=person.get("date_of_birth"),
        personal_number=person.get("personal_number", ""),
    )
    learner.set_unusable_password()
    learner.full_clean(exclude=["password"])
    learner.save()
    return learner


def invitation_context(learner, offering) -> dict:
    """What the invitation of a learner enrolled by staff says: the offering, and a link to set a password."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return {
        "offering": offering,
        "uid": user_pk_to_url_str(learner),
        "token": default_token_generator.make_token(learner),
    }


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, passed: bool) -> Enrolment:
    """THE completion event: a learner's result in an offering is final. Everything that follows a completion
    (the learner's e-mail, and the certificate where the offering issues it automatically) starts here, called by the
    assessments' finalisation, and nowhere else."""
    enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.FAILED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at"])
    send_to_user(user=enrolment.learner, template="enrolments/email/completed", context={"enrolment": enrolment})
    if passed:
        from apps.certificates.services import on_enrolment_complete

        on_enrolment_complete(enrolment)
    return enrolment

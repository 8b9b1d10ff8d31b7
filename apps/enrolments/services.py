"""Offerings and enrolments. Places are counted under a row lock on the offering, so two learners taking the
last place at once cannot both have it."""

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from apps.accounts.models import Language as AccountLanguage
from apps.accounts.services import user_set_date_of_birth
from apps.core.audit import audit
from apps.core.mail import send_to_user
from apps.programmes.models import Status
from apps.providers import access

from .models import (
    Enrolment,
    EnrolmentInvitation,
    EnrolmentSource,
    EnrolmentStatus,
    FundingSource,
    InvitationStatus,
    Offering,
)
from .tasks import send_enrolment_invitations

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
    "place_en",
    "online_link",
    "fee",
    "funding_sources",
    "credential_issuance",
]
STAFF_ROLES = access.roles_for(access.Capability.VIEW)


def require_staff(user, provider, capability: str = access.Capability.RUN) -> None:
    """Offerings and enrolments are run by the provider's administrators (the access policy's RUN)."""
    access.check(user, capability, provider)


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


def _place(offering_id: int, *, waiting_list_allowed: bool, reserved: int = 0) -> tuple[Offering, str]:
    """Lock the offering and say which status a new enrolment gets: enrolled, waitlisted, or refused.
    `reserved` places are already kept for this enrolment (by the invitation being accepted)."""
    offering = Offering.objects.select_for_update().select_related("version__programme__provider").get(pk=offering_id)
    if Offering.objects.places_taken(offering) - reserved < offering.capacity:
        return offering, EnrolmentStatus.ENROLLED
    if offering.waiting_list and waiting_list_allowed:
        return offering, EnrolmentStatus.WAITLISTED
    raise ValidationError(_("The offering is full."))


def _final_problem(offering: Offering) -> str | None:
    if offering.results_finalised_at is not None:
        return _("The results of this offering are final: nobody can be enrolled in it any more.")
    return None


def _refuse_if_final(offering: Offering) -> None:
    """Nobody joins an offering whose results are final, by whatever door: the one check for all of them."""
    if problem := _final_problem(offering):
        raise ValidationError(problem)


@transaction.atomic
def enrol_self(*, offering: Offering, learner, funding_source: str, date_of_birth=None) -> Enrolment:
    """A learner enrols from the catalogue while the window is open and there is room (or joins the waiting
    list when the offering has one). A `date_of_birth` given (asked when the account has none) is saved to the
    account with the enrolment, or not at all."""
    if Enrolment.objects.filter(offering=offering, learner=learner).exists():
        raise ValidationError(_("You are already enrolled in this offering."))
    offering, status = _place(offering.pk, waiting_list_allowed=True)
    _refuse_if_final(offering)
    today = timezone.localdate()
    if not offering.enrolment_open_on(today):
        raise ValidationError(_("Enrolment in this offering is closed."))
    if funding_source not in offering.funding_sources:
        raise ValidationError({"funding_source": _("This offering does not accept that funding source.")})
    _save_date_of_birth(learner, date_of_birth)
    return _create(offering, learner, status, funding_source, enrolled_by=learner, source=EnrolmentSource.SELF)


def _save_date_of_birth(learner, date_of_birth) -> None:
    if date_of_birth is not None:
        user_set_date_of_birth(user=learner, date_of_birth=date_of_birth)


def _create(offering, learner, status, funding_source, *, enrolled_by, source) -> Enrolment:
    now = timezone.now()
    enrolment = Enrolment(
        offering=offering,
        learner=learner,
        status=status,
        funding_source=funding_source,
        enrolled_at=now if status == EnrolmentStatus.ENROLLED else None,
        enrolled_by=enrolled_by,
        source=source,
    )
    enrolment.full_clean(validate_unique=False, validate_constraints=False)
    audit(enrolment, learner, f"enrolled ({source})")
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ValidationError(_("You are already enrolled in this offering.")) from None
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
    free = offering.capacity - Offering.objects.places_taken(offering)
    for waiting in offering.enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by("applied_at")[: max(free, 0)]:
        waiting.status = EnrolmentStatus.ENROLLED
        waiting.enrolled_at = timezone.now()
        waiting.save()


# --- Invitations: how staff enrol people --------------------------------------------------------------------
#
# Staff never enrol an account directly. What they type (an e-mail address, names, date of birth, personal number)
# becomes an invitation, and the person, and only the person, turns it into an enrolment. Nothing here looks for
# an account, so every answer to the provider is the same whether the person has one or not; the e-mail (sent by
# the worker) goes to the address either way, with a link to answer and, for someone new, to sign up.

PERSON_FIELDS = ["first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "date_of_birth", "personal_number"]


def enrolment_invitation_build(*, offering: Offering, acting_user, person: dict) -> EnrolmentInvitation:
    """The invitation of one person (a dict of e-mail, names, date of birth, personal number and funding source),
    checked as every invitation is, by the form, the API and each row of a CSV file alike, and not saved yet. A
    ValidationError names the fields that are wrong."""
    # Someone without an account reads the e-mail in the offering's language (Georgian unless it is English).
    language = offering.language_id
    invitation = EnrolmentInvitation(
        offering=offering,
        email=(person.get("email") or "").strip().lower(),
        funding_source=person.get("funding_source") or "",
        language=language if language in AccountLanguage.values else AccountLanguage.GEORGIAN,
        invited_by=acting_user,
        token=secrets.token_urlsafe(32),
        **{field: person.get(field) or (None if field == "date_of_birth" else "") for field in PERSON_FIELDS},
    )
    # One row's checks; the checks across rows (one open invitation per address) are the caller's, in bulk. The
    # offering (locked by the caller or shown to staff) and the acting user exist: asking the database again whether
    # they do would cost two queries a row.
    invitation.full_clean(exclude=["offering", "invited_by"], validate_unique=False, validate_constraints=False)
    if invitation.funding_source not in offering.funding_sources:
        raise ValidationError({"funding_source": _("This offering does not accept that funding source.")})
    return invitation


def already_in(offering: Offering, emails: list[str]) -> tuple[set[str], set[str]]:
    """Of these addresses, those enrolled in the offering and those with an open invitation to it: both are
    things the provider already sees in the offering's own list, so saying so tells it nothing new."""
    enrolled = set(
        offering.enrolments.annotate(address=Lower("learner__email"))
        .filter(address__in=emails)
        .values_list("address", flat=True)
    )
    invited = set(
        offering.invitations.filter(status=InvitationStatus.OPEN, email__in=emails).values_list("email", flat=True)
    )
    return enrolled, invited


def invitation_refusals(*, offering: Offering, count: int) -> list[str]:
    """Why `count` more people cannot be invited to the offering now, nothing when they can: its results are final,
    or it has fewer free places (each open invitation keeps one; there is no waiting list for invitations)."""
    problems = [_final_problem(offering)]
    free = offering.capacity - Offering.objects.places_taken(offering)
    if count > free:
        problems.append(
            _("The offering has %(free)s free places; the file has %(rows)s learners.")
            % {"free": max(free, 0), "rows": count}
            if count > 1
            else _("The offering is full.")
        )
    return [problem for problem in problems if problem]


@transaction.atomic
def enrolment_invite_many(*, offering: Offering, acting_user, people: list[dict]) -> list[EnrolmentInvitation]:
    """Invite people (each a dict of e-mail, names, date of birth, personal number and funding source) to the
    offering, all of them or none; each keeps a place until they answer. One e-mail task for them all."""
    require_staff(acting_user, offering.version.programme.provider)
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    _refuse_if_final(offering)
    invitations = [enrolment_invitation_build(offering=offering, acting_user=acting_user, person=p) for p in people]
    emails = [i.email for i in invitations]
    if len(set(emails)) != len(emails):
        raise ValidationError(_("The same e-mail address is given twice."))
    enrolled, invited = already_in(offering, emails)
    for invitation in invitations:
        if invitation.email in enrolled:
            raise ValidationError(
                {"email": _("%(email)s is already enrolled in this offering.") % {"email": invitation.email}}
            )
        if invitation.email in invited:
            raise ValidationError(
                {"email": _("%(email)s is already invited to this offering.") % {"email": invitation.email}}
            )
    if refusals := invitation_refusals(offering=offering, count=len(invitations)):
        raise ValidationError(refusals)
    created = bulk_create_with_history(
        invitations, EnrolmentInvitation, batch_size=1000, default_user=acting_user, default_change_reason="invited"
    )
    ids = list(
        EnrolmentInvitation.objects.filter(offering=offering, token__in=[i.token for i in created]).values_list(
            "pk", flat=True
        )
    )
    send_enrolment_invitations.delay_on_commit(ids)
    return list(EnrolmentInvitation.objects.filter(pk__in=ids).order_by("pk"))


def enrolment_invite(*, offering: Offering, acting_user, person: dict, funding_source: str) -> EnrolmentInvitation:
    """Staff enrol one person: an invitation they accept (the same for a person with an account or without)."""
    people = [{**person, "funding_source": funding_source}]
    return enrolment_invite_many(offering=offering, acting_user=acting_user, people=people)[0]


def _open_invitation(invitation: EnrolmentInvitation) -> EnrolmentInvitation:
    invitation = EnrolmentInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.OPEN:
        raise ValidationError(_("This invitation has already been answered or withdrawn."))
    return invitation


def _require_addressee(invitation: EnrolmentInvitation, user) -> None:
    if user is None or (user.email or "").lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to answer it.")
            % {"email": invitation.email}
        )


@transaction.atomic
def enrolment_invitation_accept(*, invitation: EnrolmentInvitation, learner, date_of_birth=None) -> Enrolment:
    """The person says yes: now, and only now, they are enrolled, and the provider sees their data (with the date
    of birth they give here when their account has none)."""
    _require_addressee(invitation, learner)
    invitation = _open_invitation(invitation)
    offering, status = _place(invitation.offering_id, waiting_list_allowed=True, reserved=1)
    _refuse_if_final(offering)
    if Enrolment.objects.filter(offering=offering, learner=learner).exists():
        raise ValidationError(_("You are already enrolled in this offering."))
    _save_date_of_birth(learner, date_of_birth)
    enrolment = _create(
        offering,
        learner,
        status,
        invitation.funding_source,
        enrolled_by=invitation.invited_by,
        source=EnrolmentSource.INVITATION,
    )
    invitation.status, invitation.answered_at = InvitationStatus.ACCEPTED, timezone.now()
    invitation.enrolment = enrolment
    audit(invitation, learner, "accepted")
    invitation.save()
    return enrolment


@transaction.atomic
def enrolment_invitation_accept_with_new_account(*, invitation: EnrolmentInvitation, profile: dict, password: str):
    """Someone without an account accepts through the link in the e-mail: the account is made now (the link
    confirms the address), with what they confirmed of the provider's typing, then they are enrolled."""
    invitation = _open_invitation(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists. Log in to answer."))
    user = User(email=invitation.email, privacy_accepted_at=timezone.now(), **profile)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    if user.personal_number and User.objects.filter(personal_number=user.personal_number).exists():
        raise ValidationError(
            {"personal_number": _("This personal number is already in another account. Leave it empty, or log in.")}
        )
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, enrolment_invitation_accept(invitation=invitation, learner=user)


def _close(invitation: EnrolmentInvitation, status: str, acting_user, reason: str) -> EnrolmentInvitation:
    invitation.status, invitation.answered_at = status, timezone.now()
    audit(invitation, acting_user, reason)
    invitation.save()
    # The place it kept is free again: the first in the waiting list takes it.
    _promote_from_waiting_list(invitation.offering)
    return invitation


@transaction.atomic
def enrolment_invitation_decline(*, invitation: EnrolmentInvitation, acting_user=None) -> EnrolmentInvitation:
    """The person says no: signed in as the addressee, or (with no account) through the link in the e-mail,
    which only they have."""
    if acting_user is not None:
        _require_addressee(invitation, acting_user)
    invitation = _open_invitation(invitation)
    return _close(invitation, InvitationStatus.DECLINED, acting_user, "declined")


@transaction.atomic
def enrolment_invitation_withdraw(*, invitation: EnrolmentInvitation, acting_user) -> EnrolmentInvitation:
    require_staff(acting_user, invitation.offering.version.programme.provider)
    invitation = _open_invitation(invitation)
    return _close(invitation, InvitationStatus.WITHDRAWN, acting_user, "withdrawn by the provider")


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, passed: bool) -> Enrolment:
    """A learner's result in an offering is final (or changed whether it passes): the enrolment is completed or
    failed, and the learner is told. Called by the assessments' finalisation, correction and re-sit, and nowhere
    else; what follows for a certificate is the apps above's, through the completion event that assessments
    publishes (apps.assessments.completion)."""
    enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.FAILED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at"])
    send_to_user(user=enrolment.learner, template="enrolments/email/completed", context={"enrolment": enrolment})
    return enrolment

"""Reads of credentials, each with what its page shows already loaded."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from apps.enrolments.models import Enrolment, EnrolmentStatus

from .models import Credential, CredentialStatus, IssuanceBatch


def credentials_with_people() -> QuerySet[Credential]:
    return Credential.objects.select_related("learner", "provider", "superseded_by", "signed_by", "revoked_by")


def credentials_of_offering(offering, *, status: str = "", search: str = "") -> QuerySet[Credential]:
    credentials = credentials_with_people().filter(offering=offering).with_status(status)
    if search:
        term = search.strip()
        credentials = credentials.filter(
            Q(code__iexact=term)
            | Q(learner__last_name_en__icontains=term)
            | Q(learner__last_name_ka__icontains=term)
            | Q(learner__email__iexact=term)
        )
    return credentials.order_by("learner__last_name_en", "-issued_at")


def credential_of_provider(*, provider, code: str) -> Credential:
    try:
        return credentials_with_people().get(provider=provider, code=code)
    except Credential.DoesNotExist:
        raise Http404 from None


def batch_of_provider(*, provider, batch_id: int) -> IssuanceBatch:
    try:
        return IssuanceBatch.objects.select_related("offering__version").get(
            pk=batch_id, offering__version__programme__provider=provider
        )
    except IssuanceBatch.DoesNotExist:
        raise Http404 from None


def live_credentials() -> QuerySet[Credential]:
    return Credential.objects.exclude(status=CredentialStatus.SUPERSEDED)


def learner_enrolments_with_credentials(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """The learner's enrolments with their live credential (if any) loaded in one more query."""
    return enrolments.prefetch_related(
        Prefetch("credentials", queryset=live_credentials().select_related("provider"), to_attr="live_credentials")
    )


def passed_without_credential(offering) -> QuerySet[Enrolment]:
    """THE learners of the offering who passed and have no live credential: the page's list, the bulk issue's."""
    return (
        offering.enrolments.filter(status=EnrolmentStatus.COMPLETED)
        .exclude(Exists(live_credentials().filter(enrolment=OuterRef("pk"))))
        .select_related("learner", "offering__version__programme__provider", "offering__language")
        .order_by("learner__last_name_en")
    )

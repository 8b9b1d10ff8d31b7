"""Demo certificates: the finalised demo offerings issue theirs automatically; here they are signed at once,
and one is revoked, one corrected (superseded) and one expired, so that every state can be seen."""

import datetime

from django.utils import timezone

from apps.core.demo_support import Login
from apps.enrolments.models import Offering

from . import issuing, keys, preparation, revocation, selectors
from .models import Credential, CredentialStatus, RevocationCategory


def _prepare_pending() -> None:
    for pk in Credential.objects.filter(status=CredentialStatus.PENDING).values_list("pk", flat=True):
        preparation.credential_prepare(credential_id=pk)


def _make_expired(credential: Credential) -> None:
    """Issued two years and a bit ago, valid for 24 months: the provider was authorized then (the demo
    authorization began three years ago), so "expired" is the one thing its check finds."""
    issued = timezone.now() - datetime.timedelta(days=800)
    expires = timezone.now() - datetime.timedelta(days=70)
    snapshot = dict(credential.snapshot)
    snapshot["issued_on"] = timezone.localtime(issued).date().isoformat()
    snapshot["expires_on"] = timezone.localtime(expires).date().isoformat()
    snapshot["validity_months"] = 24
    credential.issued_at, credential.expires_at, credential.snapshot = issued, expires, snapshot
    credential.save(update_fields=["issued_at", "expires_at", "snapshot"])


def _issue_missing() -> None:
    """Finalised demo offerings issue automatically; a database seeded before certificates existed has passes
    without one: issue those now."""
    for offering in Offering.objects.filter(results_finalised_at__isnull=False).select_related("version__programme"):
        admin = offering.version.programme.provider.memberships.filter(role="admin").first()
        for enrolment in selectors.passed_without_credential(offering):
            issuing.credential_issue(enrolment=enrolment, acting_user=admin.user if admin else None)


def seed() -> list[Login]:
    keys.ensure_platform_identity()
    _issue_missing()
    credentials = list(Credential.objects.select_related("learner").order_by("offering_id", "learner__last_name_en"))
    if any(c.status != CredentialStatus.PENDING for c in credentials) or len(credentials) < 4:
        _prepare_pending()
        _print_codes()
        return []
    _make_expired(credentials[-1])
    _prepare_pending()
    credentials = list(
        Credential.objects.select_related("learner", "provider").order_by("offering_id", "learner__last_name_en")
    )
    admin = credentials[0].provider.memberships.get(role="admin").user
    revocation.credential_revoke(
        credential=credentials[0],
        acting_user=admin,
        category=RevocationCategory.ACADEMIC_MISCONDUCT,
        # The staff's own words, for the learner and the record only (the public reads the category and the date).
        reason="გაცემის შემდეგ დადგინდა, რომ საბოლოო პროექტი სხვა პირის ნაშრომის ასლია.",
    )
    revocation.credential_reissue(
        credential=credentials[1],
        acting_user=admin,
        reason="შესწორდა პირის სახელის მართლწერა.",
    )
    _prepare_pending()
    _print_codes()
    return []


def _print_codes() -> None:
    print("Demo certificates (verification code, state, learner):")
    for credential in Credential.objects.select_related("learner").order_by("offering_id", "learner__last_name_en"):
        print(f"  {credential.code}  {credential.effective_status:<10}  {credential.learner.email}")

"""What a learner shares of a credential with people who have its code, and who may see or download what."""

from django.db import transaction

from apps.providers import access

from .models import Credential, CredentialStatus
from .permissions import is_nceqe


@transaction.atomic
def credential_set_visibility(*, credential: Credential, learner, show_pdf: bool, show_grade: bool) -> Credential:
    access.require_own(learner, credential.learner_id)
    credential.show_pdf = bool(show_pdf)
    credential.show_grade = bool(show_grade)
    credential.save(update_fields=["show_pdf", "show_grade"])
    return credential


def shares_files(credential: Credential) -> bool:
    """Whether people with the code may download the signed PDF. Only when the learner shares everything: the
    one signed PDF prints the grade and the date of birth, so sharing it is sharing them. (A choice saved before
    the two went together, the PDF without the grade, keeps the grade hidden.)"""
    return credential.show_pdf and credential.show_grade


def sees_everything(user, credential: Credential) -> bool:
    """The learner, the provider's issuing staff and the Center see the whole credential, whatever it shares."""
    if not user.is_authenticated:
        return False
    return (
        credential.learner_id == user.pk
        or is_nceqe(user)
        or access.can(user, access.Capability.ISSUE, credential.provider_id)
    )


def may_download(user, credential: Credential, *, open_badge: bool = False) -> bool:
    """The learner, the provider's administrators and the Center; anyone with the code once the learner shares
    everything. The Open Badges files go to anyone with the code, as the verification page does: what they carry
    is what that page shows (credential_json(public=True))."""
    if credential.status == CredentialStatus.PENDING or not credential.pdf:
        return False  # nothing unsigned, and nothing half made, ever leaves
    if is_nceqe(user) or access.can(user, access.Capability.ISSUE, credential.provider_id):
        return True
    if credential.status != CredentialStatus.ISSUED:
        return False
    if open_badge or shares_files(credential):
        return True
    return user.is_authenticated and credential.learner_id == user.pk

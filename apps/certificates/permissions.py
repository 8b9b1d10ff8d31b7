"""Who may issue, revoke and re-issue a provider's certificates: the provider's issuers, and the Center."""

from apps.providers import access

from .models import Credential


def is_nceqe(user) -> bool:
    return access.center_may(user, "certificates.revoke_credential")


def require_issuer(user, provider_id: int) -> None:
    """None is the portal itself issuing on finalisation, which the finalising assessor's rights already allowed."""
    if user is not None:
        access.check(user, access.Capability.ISSUE, provider_id)


def require_revoker(user, credential: Credential) -> None:
    """The provider's issuers, and the Center."""
    if not is_nceqe(user):
        access.check(user, access.Capability.ISSUE, credential.provider_id)

"""The public addresses of a credential and of what it points at (its verification page, its Open Badges
documents, their issuer, achievement, keys and status list, a LinkedIn entry), always on the configured public
base: a worker that renders the QR code has no request to take a host from."""

import urllib.parse

from django.conf import settings
from django.urls import reverse

from .models import Credential


def absolute(path: str) -> str:
    return settings.PUBLIC_BASE_URL + path


def verify_url(code: str) -> str:
    """The public verification address, which the QR code on the certificate encodes."""
    return f"{settings.PUBLIC_BASE_URL}/verify/{code}/"


def issuer_url(provider_id: int) -> str:
    return absolute(reverse("ob3_issuer", args=[provider_id]))


def achievement_url(programme_id: int, version: int) -> str:
    return absolute(reverse("ob3_achievement", args=[programme_id, version]))


def credential_url(code: str) -> str:
    return absolute(reverse("ob3_json", args=[code]))


def key_url(key_id: str) -> str:
    return absolute(reverse("ob3_key", args=[key_id]))


def status_list_url(list_id: int) -> str:
    return absolute(reverse("ob3_status_list", args=[list_id]))


def linkedin_url(credential: Credential) -> str:
    """LinkedIn's "add a licence or certification" form, filled in."""
    snapshot = credential.snapshot
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": snapshot["title"]["en"] or snapshot["title"]["ka"],
        "organizationName": snapshot["provider"]["legal_name"]["en"],
        "issueYear": credential.issued_at.year,
        "issueMonth": credential.issued_at.month,
        "certUrl": verify_url(credential.code),
        "certId": credential.code,
    }
    if credential.expires_at:
        params |= {"expirationYear": credential.expires_at.year, "expirationMonth": credential.expires_at.month}
    return "https://www.linkedin.com/profile/add?" + urllib.parse.urlencode(params)

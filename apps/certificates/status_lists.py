"""Bitstring Status Lists (W3C Bitstring Status List v1.0) for revocation, as Open Badges wallets read them.

Each credential gets an index in a list, drawn at random among the free ones and never reused, so the list
tells nothing about who or in what order. A credential that is revoked, or superseded by a corrected one, has
its bit set; the list is built from the database on every request, so a revocation shows at once."""

import base64
import gzip
import secrets

from .models import Credential, CredentialStatus, StatusList

ATTEMPTS = 64
REVOKED_STATUSES = (CredentialStatus.REVOKED, CredentialStatus.SUPERSEDED)


def allocate() -> tuple[StatusList, int]:
    """A list and a free, random index in it. The unique constraint on (list, index) settles a race."""
    current = StatusList.objects.filter(purpose="revocation").order_by("-pk").first()
    if current is None or Credential.objects.filter(status_list=current).count() >= current.size // 2:
        current = StatusList.objects.create(purpose="revocation")
    taken = Credential.objects.filter(status_list=current)
    for _attempt in range(ATTEMPTS):
        index = secrets.randbelow(current.size)
        if not taken.filter(status_list_index=index).exists():
            return current, index
    raise RuntimeError("No free status list index after many attempts.")  # a half-full list: unreachable


def revoked_indexes(status_list: StatusList) -> list[int]:
    return list(
        Credential.objects.filter(status_list=status_list, status__in=REVOKED_STATUSES).values_list(
            "status_list_index", flat=True
        )
    )


def encode(size: int, set_bits: list[int]) -> str:
    """The spec's encodedList: "u" (multibase base64url) + base64url(GZIP(bitstring)), without padding. Bit 0
    is the left-most bit of the first byte."""
    bits = bytearray(size // 8)
    for index in set_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not a multibase base64url string")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit_is_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))

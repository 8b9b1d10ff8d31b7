"""Issue 13, item 1: one verdict, composed from the record checks and the file checks, leads every answer (the page,
the file check, the API, the print view); each of revoked, suspended, expired, superseded, changed, untrusted and
unknown outranks "valid", and the headline's colour follows it. Item 3: the public reads the revocation's category
and date, never the words staff typed."""

import datetime
import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.certificates import codes, preparation, revocation
from apps.certificates.models import SigningIdentity
from apps.providers.authorizing import authorization_change
from apps.providers.models import Outcome
from apps.verification import checks
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

PRIVATE = "Copied the final project from another learner"


def headline(html: str) -> str:
    """The first heading of the answer: what the employer reads first."""
    return unescape(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip())


def tone(html: str) -> str:
    return re.search(r'class="verdict [^"]*verdict-tone-(\w+)"', html).group(1)


def page(client, code, language="ka", suffix=""):
    client.cookies["django_language"] = language
    return client.get(f"/verify/{code}/{suffix}").content.decode()


def upload(client, data: bytes, language="ka"):
    client.cookies["django_language"] = language
    return client.post("/verify/file/", {"file": SimpleUploadedFile("certificate.pdf", data)}).content.decode()


def tampered(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[changed.index(b"stream") + 300] ^= 0x01
    return bytes(changed)


def revoke(credential, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revocation.credential_revoke(
            credential=credential, acting_user=admin, reason=PRIVATE, category="academic_misconduct"
        )


def expire(credential):
    """Issued yesterday, expired an hour ago: the authorization of the test world covers both dates. Saved, as every
    change a reader can see is (the verification record follows save())."""
    credential.issued_at = timezone.now() - datetime.timedelta(days=1)
    credential.expires_at = timezone.now() - datetime.timedelta(hours=1)
    credential.save(update_fields=["issued_at", "expires_at"])


def suspend(credential, reviewer, django_capture_on_commit_callbacks):
    """The certificate was issued last week, while the provider was authorized; the Center suspends it today."""
    credential.issued_at = timezone.now() - datetime.timedelta(days=7)
    credential.save(update_fields=["issued_at"])
    authorization = credential.provider.decisions.get(outcome=Outcome.AUTHORIZED)
    with django_capture_on_commit_callbacks(execute=True):
        authorization_change(
            authorization=authorization,
            reviewer=reviewer,
            outcome=Outcome.SUSPENDED,
            reasons_ka="შეჩერდა შემოწმების დასრულებამდე.",
            reasons_en="Suspended until the inspection ends.",
        )


def test_the_ranking_puts_every_finding_above_valid():
    assert checks.compose() == checks.VALID
    for verdict in checks.RANK[:-1]:
        assert checks.compose(verdict) == verdict and checks.compose(checks.VALID, verdict) == verdict
    assert checks.compose(checks.EXPIRED, checks.REVOKED) == checks.REVOKED
    assert checks.compose(checks.REVOKED, checks.CHANGED) == checks.CHANGED
    assert checks.compose(checks.SUSPENDED, checks.EXPIRED) == checks.SUSPENDED


# --- By code: the page, the print view and the API lead with the same verdict -------------------------------------


def test_a_revoked_certificate_leads_red_with_the_public_category_and_date_only(
    client, issued, admin_a, django_capture_on_commit_callbacks
):
    revoke(issued, admin_a, django_capture_on_commit_callbacks)
    ka = page(client, issued.code)
    assert headline(ka) == "გაუქმებული" and tone(ka) == "bad"
    assert "აკადემიური კეთილსინდისიერების დარღვევა" in ka and PRIVATE not in ka
    en = page(client, issued.code, "en")
    assert headline(en) == "Revoked" and "Academic misconduct" in en and PRIVATE not in en
    printed = page(client, issued.code, "en", "?print=1")
    assert headline(printed).startswith("Revoked") and "Academic misconduct" in printed and PRIVATE not in printed
    body = client.get(f"/api/v1/verify/{issued.code}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["verdict"], body["verdict_label"], body["verdict_tone"]) == ("revoked", "Revoked", "bad")
    assert body["credential"]["revocation_category"] == "academic_misconduct"
    assert body["credential"]["revocation_reason"] == "Academic misconduct" and PRIVATE not in str(body)


def test_an_expired_certificate_leads_amber(client, issued):
    expire(issued)
    ka = page(client, issued.code)
    assert headline(ka) == "ვადაგასული" and tone(ka) == "warning"
    assert headline(page(client, issued.code, "en")) == "Expired"
    assert client.get(f"/api/v1/verify/{issued.code}/").json()["verdict"] == "expired"


def test_a_superseded_certificate_leads_with_its_replacement(client, issued, admin_a):
    new = revocation.credential_reissue(credential=issued, acting_user=admin_a, reason="შესწორდა გვარი.")
    preparation.credential_prepare(credential_id=new.pk)
    en = page(client, issued.code, "en")
    assert headline(en) == "Replaced by a corrected certificate" and tone(en) == "warning"
    assert f"/verify/{new.code}/" in en and "შესწორდა გვარი" not in en
    assert client.get(f"/api/v1/verify/{issued.code}/").json()["verdict"] == "superseded"
    assert headline(page(client, new.code, "en")) == "Valid"


def test_a_suspended_authorization_leads_amber_not_valid(client, issued, reviewer, django_capture_on_commit_callbacks):
    assert headline(page(client, issued.code, "en")) == "Valid"
    suspend(issued, reviewer, django_capture_on_commit_callbacks)
    en = page(client, issued.code, "en")
    assert headline(en) == "The provider's authorization is suspended" and tone(en) == "warning"
    assert "Ask the provider or the Center before relying on it" in en
    assert headline(page(client, issued.code)) == "დაწესებულების ავტორიზაცია შეჩერებულია"
    body = client.get(f"/api/v1/verify/{issued.code}/").json()
    assert body["verdict"] == "suspended" and body["verdict_tone"] == "warning"


def test_a_compromised_signing_key_leads_untrusted(client, issued):
    SigningIdentity.objects.filter(pk=issued.signed_by_id).update(compromised_at=timezone.now(), active=False)
    en = page(client, issued.code, "en")
    assert headline(en) == "Not signed by an identity this portal trusts" and tone(en) == "bad"
    assert client.get(f"/api/v1/verify/{issued.code}/").json()["verdict"] == "untrusted"


def test_an_unknown_code_leads_red_not_found(client, signing_identity):
    code = codes.new_code()
    ka = page(client, code)
    assert headline(ka) == "ვერ მოიძებნა" and tone(ka) == "bad"
    assert client.get(f"/api/v1/verify/{code}/").json()["verdict"] == "not_found"


# --- By file: the record's verdict leads for a genuine file; a changed file leads with "changed" ----------------


def test_the_genuine_pdf_of_a_revoked_certificate_reads_revoked_first(
    client, issued, admin_a, django_capture_on_commit_callbacks
):
    data = pdf_bytes(issued)
    revoke(issued, admin_a, django_capture_on_commit_callbacks)
    ka = upload(client, data)
    assert headline(ka) == "გაუქმებული" and tone(ka) == "bad"
    assert "ნამდვილია და უცვლელია" in ka  # what the file alone shows, among the details that follow
    assert ka.index("გაუქმებული") < ka.index("ნამდვილია და უცვლელია") and PRIVATE not in ka
    en = upload(client, data, "en")
    assert headline(en) == "Revoked" and "Academic misconduct" in en and "verdict-tone-good" not in en


def test_a_tampered_pdf_reads_changed_first_and_never_a_bold_valid(client, issued):
    en = upload(client, tampered(pdf_bytes(issued)), "en")
    assert headline(en) == "Changed after signing" and tone(en) == "bad"
    assert "<strong>Valid</strong>" not in en and "verdict-tone-good" not in en
    ka = upload(client, tampered(pdf_bytes(issued)))
    assert headline(ka) == "შეცვლილია ხელმოწერის შემდეგ"


def test_a_tampered_copy_of_a_revoked_certificate_still_reads_changed(
    client, issued, admin_a, django_capture_on_commit_callbacks
):
    data = tampered(pdf_bytes(issued))
    revoke(issued, admin_a, django_capture_on_commit_callbacks)
    assert headline(upload(client, data, "en")) == "Changed after signing"


def test_the_genuine_pdf_of_an_expired_certificate_reads_expired(client, issued):
    data = pdf_bytes(issued)
    expire(issued)
    en = upload(client, data, "en")
    assert headline(en) == "Expired" and tone(en) == "warning" and "Authentic and unchanged" in en


def test_the_genuine_pdf_of_a_superseded_certificate_reads_replaced(client, issued, admin_a):
    data = pdf_bytes(issued)
    revocation.credential_reissue(credential=issued, acting_user=admin_a, reason="შესწორდა გვარი.")
    assert headline(upload(client, data, "en")) == "Replaced by a corrected certificate"


def test_the_genuine_pdf_under_a_suspended_authorization_reads_suspended(
    client, issued, reviewer, django_capture_on_commit_callbacks
):
    suspend(issued, reviewer, django_capture_on_commit_callbacks)
    en = upload(client, pdf_bytes(issued), "en")
    assert headline(en) == "The provider's authorization is suspended" and tone(en) == "warning"


def test_the_genuine_pdf_of_a_valid_certificate_reads_valid_green(client, issued):
    en = upload(client, pdf_bytes(issued), "en")
    assert headline(en) == "Valid" and tone(en) == "good" and "Authentic and unchanged" in en


# --- The file API leads with the composed verdict too, and says what the file alone showed -----------------------


def test_the_file_api_composes_the_verdict(client, issued, admin_a, django_capture_on_commit_callbacks):
    data = pdf_bytes(issued)

    def post(content):
        return client.post("/api/v1/verify/file/", {"file": SimpleUploadedFile("c.pdf", content)}).json()

    body = post(tampered(data))
    assert (body["verdict"], body["file_verdict"], body["verdict_tone"]) == ("changed", "changed", "bad")
    revoke(issued, admin_a, django_capture_on_commit_callbacks)
    body = post(data)
    assert (body["verdict"], body["file_verdict"], body["verdict_tone"]) == ("revoked", "authentic", "bad")
    assert body["record"]["verdict"] == "revoked" and PRIVATE not in str(body)
    body = post(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100).getvalue())
    assert body["verdict"] == "not_a_certificate" and body["record"] is None

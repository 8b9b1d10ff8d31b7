"""Signing identities: installing a provider's PKCS#12, rotation, and a compromised key."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from apps.certificates import issuing, keys, signing
from apps.certificates.models import Credential, SigningIdentity
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def provider_p12(common_name: str, password: bytes, *, elliptic: bool = False) -> bytes:
    """A PKCS#12 file as an operator would get it: the key, its certificate, and the issuing CA."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Qualified CA")])
    now = timezone.now()
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1()) if elliptic else rsa.generate_private_key(65537, 2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=730))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(b"gtu", key, cert, [ca], BestAvailableEncryption(password))


def test_a_provider_installs_its_own_identity_and_its_new_certificates_use_it(
    issued, provider_a, tmp_path, monkeypatch, django_capture_on_commit_callbacks, passed_two, admin_a
):
    p12 = tmp_path / "gtu.p12"
    p12.write_bytes(provider_p12("Georgian Technical University", b"s3cret"))
    monkeypatch.setenv("P12_PASSWORD", "s3cret")
    call_command("signing_install", str(p12), "--provider", str(provider_a.pk), "--password-env", "P12_PASSWORD")
    identity = SigningIdentity.objects.get(provider=provider_a, active=True)
    assert identity.trusted and "Georgian Technical University" in identity.name
    assert not list(tmp_path.glob("*.key*"))  # the key went to the keys folder, not beside the upload
    with django_capture_on_commit_callbacks(execute=True):
        second = issuing.credential_issue(enrolment=passed_two[1], acting_user=admin_a)
    second.refresh_from_db()
    assert second.signed_by == identity
    # The earlier credential, signed by the platform's key, still verifies.
    old = signing.check_signature(pdf_bytes(issued), roots=keys.trust_roots(), at=issued.signed_at)
    new = signing.check_signature(pdf_bytes(second), roots=keys.trust_roots(), at=second.signed_at)
    assert old.valid and new.valid and old.signer_key_id != new.signer_key_id


@pytest.mark.parametrize("elliptic", [False, True], ids=["RSA", "ECDSA"])
def test_the_kept_key_signs_certificates_that_verify_with_rsa_and_elliptic_curve_keys(
    elliptic, provider_a, tmp_path, monkeypatch, django_capture_on_commit_callbacks, passed_two, admin_a
):
    """The signer parses its key once per process (signing.KeptKeySigner) and signs each certificate with it."""
    p12 = tmp_path / "gtu.p12"
    p12.write_bytes(provider_p12("Georgian Technical University", b"s3cret", elliptic=elliptic))
    monkeypatch.setenv("P12_PASSWORD", "s3cret")
    call_command("signing_install", str(p12), "--provider", str(provider_a.pk), "--password-env", "P12_PASSWORD")
    with django_capture_on_commit_callbacks(execute=True):
        credentials = [issuing.credential_issue(enrolment=e, acting_user=admin_a) for e in passed_two[:2]]
    for credential in credentials:
        credential.refresh_from_db()
        check = signing.check_signature(pdf_bytes(credential), roots=keys.trust_roots(), at=credential.signed_at)
        assert credential.status == "issued" and credential.signed_by.provider_id == provider_a.pk
        assert check.valid and check.whole_document


def test_a_wrong_pkcs12_password_is_a_clear_error(tmp_path, provider_a, monkeypatch, db):
    p12 = tmp_path / "gtu.p12"
    p12.write_bytes(provider_p12("GTU", b"right"))
    monkeypatch.setenv("P12_PASSWORD", "wrong")
    with translation.override("en"), pytest.raises(CommandError, match="password is wrong"):
        call_command("signing_install", str(p12), "--provider", str(provider_a.pk), "--password-env", "P12_PASSWORD")
    with translation.override("en"), pytest.raises(ValidationError, match="password is wrong"):
        keys.install_pkcs12(data=b"not a p12 at all", password="x", provider=provider_a)
    assert not SigningIdentity.objects.filter(provider=provider_a).exists()


def test_rotation_signs_new_with_the_new_key_and_old_ones_still_verify(
    issued, passed_two, admin_a, django_capture_on_commit_callbacks
):
    old_identity = issued.signed_by
    new_identity = keys.create_development_identity()
    old_identity.refresh_from_db()
    assert new_identity.active and not old_identity.active and old_identity.retired_at
    with django_capture_on_commit_callbacks(execute=True):
        second = issuing.credential_issue(enrolment=passed_two[1], acting_user=admin_a)
    second.refresh_from_db()
    assert second.signed_by == new_identity
    assert signing.check_signature(pdf_bytes(issued), roots=keys.trust_roots(), at=issued.signed_at).valid


def test_a_compromised_key_has_what_it_signed_re_signed_with_a_report(
    issued, tmp_path, django_capture_on_commit_callbacks
):
    compromised = issued.signed_by
    before = issued.pdf_sha256
    replacement = keys.create_development_identity()
    report = tmp_path / "report.csv"
    call_command("signing_compromised", compromised.key_id[:16], "--reason", "Key file leaked", "--report", str(report))
    compromised.refresh_from_db()
    issued.refresh_from_db()
    assert compromised.compromised_at and not compromised.active
    assert issued.status == "issued" and issued.signed_by == replacement and issued.pdf_sha256 != before
    assert signing.check_signature(pdf_bytes(issued), roots=keys.trust_roots(), at=issued.signed_at).valid
    assert f"{issued.code},re-signed,{replacement.key_id}" in report.read_text()


def test_a_compromised_key_can_revoke_instead(issued, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("signing_compromised", issued.signed_by.key_id, "--reason", "Stolen", "--revoke", stdout=out)
    issued.refresh_from_db()
    assert issued.status == "revoked" and "Stolen" in issued.revocation_reason
    assert f"{issued.code},revoked" in out.getvalue()


def test_the_compromise_records_who_declared_it_and_the_admin_shows_it(
    client, issued, reviewer, superuser_factory, django_capture_on_commit_callbacks
):
    identity = issued.signed_by
    with pytest.raises(CommandError, match="No portal user"):
        call_command("signing_compromised", identity.key_id, "--reason", "Stolen", "--revoke", "--by", "x@example.ge")
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "signing_compromised",
            identity.key_id,
            "--reason",
            "Stolen",
            "--revoke",
            "--by",
            reviewer.email,
            stdout=io.StringIO(),
        )
    identity.refresh_from_db()
    issued.refresh_from_db()
    assert identity.compromised_by == reviewer and issued.revoked_by == reviewer
    client.force_login(superuser_factory())
    assert reviewer.email in client.get("/admin/certificates/signingidentity/").content.decode()


def test_compromise_without_a_replacement_is_refused(issued):
    with translation.override("en"), pytest.raises(CommandError, match="install a new one first"):
        call_command("signing_compromised", issued.signed_by.key_id, "--reason", "Leaked")
    assert Credential.objects.get(pk=issued.pk).signed_by.compromised_at is None


def test_signing_setup_makes_the_platform_identity_once(db, settings, tmp_path):
    settings.SIGNING_KEYS_DIR = str(tmp_path / "keys")
    out = io.StringIO()
    call_command("signing_setup", stdout=out)
    assert "NOT TRUSTED" in out.getvalue()
    call_command("signing_setup", stdout=io.StringIO())
    identity = SigningIdentity.objects.get(provider=None, active=True)
    assert not identity.trusted
    assert oct((tmp_path / "keys" / identity.key_file).stat().st_mode)[-3:] == "640"

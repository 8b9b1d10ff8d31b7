"""An employer with no account checks certificates in a real browser: opens the QR link of a certificate and
sees it valid; uploads the PDF and sees it authentic; uploads a copy with one byte changed and sees it changed
after signing; opens a revoked certificate and sees it revoked."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from apps.certificates import services
from tests.certificates.conftest import (  # noqa: F401
    admin_a,
    approval_offering,
    assessor,
    author,
    authorized_a,
    issued,
    offering,
    passed_two,
    pdf_bytes,
    provider_a,
    published,
    signing_identity,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_employer_checks_by_qr_link_and_by_file(transactional_db, new_page, issued, admin_a, tmp_path):  # noqa: F811
    page = new_page("en")
    qr_target = services.verify_url(issued.code)  # what the QR code on the certificate encodes
    page.goto(urlparse(qr_target).path)
    expect(page.locator(".verdict h1")).to_have_text("Valid")
    expect(page.locator("ul.checks li.fail")).to_have_count(0)
    expect(page.locator(".annex")).to_contain_text("Nino Beridze")

    genuine = tmp_path / "certificate.pdf"
    genuine.write_bytes(pdf_bytes(issued))
    page.goto("/verify/")
    page.locator("input[type=file]").set_input_files(str(genuine))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".verdict h1")).to_have_text("Authentic and unchanged")

    data = bytearray(pdf_bytes(issued))
    data[data.index(b"stream") + 300] ^= 0x01
    forged = tmp_path / "certificate-edited.pdf"
    forged.write_bytes(bytes(data))
    page.goto("/verify/")
    page.locator("input[type=file]").set_input_files(str(forged))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".verdict h1")).to_have_text("Changed after signing")

    services.credential_revoke(credential=issued, acting_user=admin_a, reason="Exam fraud established")
    page.goto("/verify/")
    page.get_by_label("Verification code").fill(issued.code.lower().replace("-", " "))
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator(".verdict h1")).to_have_text("Revoked")
    expect(page.locator(".verdict")).to_contain_text("Exam fraud established")
    assert page.url.endswith(f"/verify/{issued.code}/")

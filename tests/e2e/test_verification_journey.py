"""An employer with no account checks certificates in a real browser: opens the QR link of a certificate and
sees it valid; uploads the PDF and sees it authentic; uploads a copy with one byte changed and sees it changed
after signing; opens a revoked certificate and sees it revoked."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from apps.certificates import links, revocation
from tests.e2e.browser import ARTIFACTS
from tests.helpers import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_employer_checks_by_qr_link_and_by_file(transactional_db, new_page, issued, admin_a, tmp_path):
    page = new_page("en")
    qr_target = links.verify_url(issued.code)  # what the QR code on the certificate encodes
    page.goto(urlparse(qr_target).path)
    expect(page.locator(".verdict h1")).to_have_text("Valid")
    expect(page.locator("ul.checks li.fail")).to_have_count(0)
    expect(page.locator(".annex")).to_contain_text("Nino Beridze")

    genuine = tmp_path / "certificate.pdf"
    genuine.write_bytes(pdf_bytes(issued))
    page.goto("/verify/")
    page.locator("input[type=file]").set_input_files(str(genuine))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".verdict h1")).to_have_text("Valid")
    expect(page.locator("[data-check=file]")).to_contain_text("Authentic and unchanged")

    data = bytearray(pdf_bytes(issued))
    data[data.index(b"stream") + 300] ^= 0x01
    forged = tmp_path / "certificate-edited.pdf"
    forged.write_bytes(bytes(data))
    page.goto("/verify/")
    page.locator("input[type=file]").set_input_files(str(forged))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".verdict h1")).to_have_text("Changed after signing")

    revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Exam fraud established")
    page.goto("/verify/")
    page.get_by_label("Verification code").fill(issued.code.lower().replace("-", " "))
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator(".verdict h1")).to_have_text("Revoked")
    expect(page.locator(".verdict")).to_contain_text("Other reason")
    expect(page.locator("main")).not_to_contain_text("Exam fraud established")
    assert page.url.endswith(f"/verify/{issued.code}/")


def test_an_employer_in_georgian_reads_revoked_and_changed_first(
    transactional_db,
    new_page,
    issued,
    admin_a,
    tmp_path,
):
    """Issue 13, items 1 and 2: from the home page's code box to the verdict, and the revoked certificate's genuine
    PDF and a tampered copy of it, each answer led by the composed verdict in its colour."""
    genuine = tmp_path / "certificate.pdf"
    genuine.write_bytes(pdf_bytes(issued))
    data = bytearray(pdf_bytes(issued))
    data[data.index(b"stream") + 300] ^= 0x01
    forged = tmp_path / "certificate-edited.pdf"
    forged.write_bytes(bytes(data))
    revocation.credential_revoke(
        credential=issued, acting_user=admin_a, reason="საგამოცდო თაღლითობა დადგინდა.", category="academic_misconduct"
    )
    ARTIFACTS.mkdir(exist_ok=True)

    page = new_page("ka")
    page.goto("/")
    page.get_by_role("search").get_by_label("გადამოწმების კოდი").fill(issued.code.lower())
    page.screenshot(path=str(ARTIFACTS / "home-verify-box-ka.png"))
    page.get_by_role("search").get_by_role("button", name="შემოწმება").click()
    page.wait_for_url(f"**/verify/{issued.code}/")
    expect(page.locator(".verdict h1")).to_have_text("გაუქმებული")
    expect(page.locator(".verdict")).to_have_class(re.compile("verdict-tone-bad"))
    expect(page.locator(".verdict")).to_contain_text("აკადემიური კეთილსინდისიერების დარღვევა")
    expect(page.locator("main")).not_to_contain_text("საგამოცდო თაღლითობა")
    page.screenshot(path=str(ARTIFACTS / "verify-revoked-by-code-ka.png"), full_page=True)

    page.goto("/verify/")
    page.locator("input[type=file]").set_input_files(str(genuine))
    page.get_by_role("button", name="ფაილის შემოწმება").click()
    expect(page.locator(".verdict h1")).to_have_text("გაუქმებული")  # not a green "authentic"
    expect(page.locator(".verdict")).to_have_class(re.compile("verdict-tone-bad"))
    expect(page.locator("[data-check=file]")).to_contain_text("ნამდვილია და უცვლელია")
    page.screenshot(path=str(ARTIFACTS / "verify-revoked-genuine-file-ka.png"), full_page=True)

    page.goto("/verify/")
    page.locator("input[type=file]").set_input_files(str(forged))
    page.get_by_role("button", name="ფაილის შემოწმება").click()
    expect(page.locator(".verdict h1")).to_have_text("შეცვლილია ხელმოწერის შემდეგ")
    expect(page.locator(".verdict")).to_have_class(re.compile("verdict-tone-bad"))
    page.screenshot(path=str(ARTIFACTS / "verify-tampered-file-ka.png"), full_page=True)

"""The signed PDF as others check it: pyHanko's validator and poppler's pdfsig, pdffonts and pdftotext."""

import io
import subprocess

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from apps.certificates import issuing, keys, preparation, signing
from tests.helpers import pdf_bytes, pdfsig

pytestmark = pytest.mark.django_db


def poppler(command: str, pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [command, *args, str(path)] + (["-"] if command == "pdftotext" else []),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_pdfsig_finds_a_valid_signature_over_the_whole_document_trusted_through_the_dev_ca(
    issued, tmp_path, nss_trusting_dev_ca
):
    report = pdfsig(pdf_bytes(issued), tmp_path, nss_trusting_dev_ca)
    assert "Signature is Valid." in report
    assert "Total document signed" in report and "Not total document signed" not in report
    assert "Certificate is Trusted." in report


def test_pyhanko_validates_the_stored_pdf_against_the_portals_roots(issued):
    check = signing.check_signature(pdf_bytes(issued), roots=keys.trust_roots(), at=issued.signed_at)
    assert check.valid, check
    assert check.signer_key_id == issued.signed_by.key_id
    assert signing.sha256(pdf_bytes(issued)) == issued.pdf_sha256


def test_one_changed_byte_breaks_the_signature_for_both_validators(issued, tmp_path, nss_trusting_dev_ca):
    data = bytearray(pdf_bytes(issued))
    # A byte inside the signed content (the first page's content stream area), not the signature itself.
    position = data.index(b"stream") + 200
    data[position] = (data[position] + 1) % 256
    report = pdfsig(bytes(data), tmp_path, nss_trusting_dev_ca)
    assert "Signature is Valid." not in report
    assert not signing.check_signature(bytes(data), roots=keys.trust_roots()).valid


def test_an_incremental_update_after_signing_is_not_a_whole_document_signature(issued, tmp_path, nss_trusting_dev_ca):
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes(issued)))
    writer.root["/Forged"] = pdf_string("appended after signing")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = pdfsig(out.getvalue(), tmp_path, nss_trusting_dev_ca)
    assert "Total document signed" not in report.replace("Not total document signed", "")
    check = signing.check_signature(out.getvalue(), roots=keys.trust_roots())
    assert check.intact and not check.whole_document and not check.valid


def test_a_signature_from_outside_the_portals_trust_is_not_trusted(issued):
    check = signing.check_signature(pdf_bytes(issued), roots=[], at=timezone.now())
    assert check.intact and not check.trusted and not check.valid


def test_the_georgian_font_is_embedded_and_the_text_comes_back(issued, tmp_path):
    data = pdf_bytes(issued)
    fonts = poppler("pdffonts", data, tmp_path)
    georgian = [line for line in fonts.splitlines() if "Georgian" in line]
    assert georgian and all(" yes " in line for line in georgian), fonts
    text = poppler("pdftotext", data, tmp_path)
    assert "ბერიძე" in text and "სწავლის შედეგები" in text and issued.code in text
    assert issued.snapshot["title"]["ka"].split()[0] in text


def test_the_code_is_in_the_pdfs_metadata(issued):
    reader = PdfFileReader(io.BytesIO(pdf_bytes(issued)))
    info = reader.trailer["/Info"].get_object()
    assert str(info["/VerificationCode"]) == issued.code
    assert issued.code in str(info["/Title"])


def test_names_in_scripts_the_georgian_font_lacks_are_rendered_not_dropped(
    passed_two, admin_a, tmp_path, django_capture_on_commit_callbacks
):
    learner = passed_two[1].learner
    learner.first_name_en, learner.last_name_en = "Արամ", "Əliyev-Nguyễn"
    learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[1], acting_user=admin_a)
    credential.refresh_from_db()
    data = pdf_bytes(credential)
    text = poppler("pdftotext", data, tmp_path)
    assert "Արամ" in text and "Əliyev-Nguyễn" in text
    assert "Armenian" in poppler("pdffonts", data, tmp_path)


def test_running_the_preparation_twice_makes_one_pdf(issued):
    before = issued.pdf_sha256
    assert preparation.credential_prepare(credential_id=issued.pk) is False
    issued.refresh_from_db()
    assert issued.pdf_sha256 == before
    assert signing.sha256(pdf_bytes(issued)) == before

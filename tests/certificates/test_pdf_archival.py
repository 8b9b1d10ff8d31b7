"""The certificate PDF as an archive, a screen reader, an employer's tools and the worker's own check read it:
PDF/A-3b with its identification and colour profile, a tagged structure tree that says which parts are English,
alternative texts, the Open Badges credential embedded as the PDF's machine-readable alternative, the annex the
same for every learner of an offering, page numbers that add up, the QR code that scans, and the check the
worker runs on what it has just signed."""

import copy
import io
import json
import re
import subprocess

import pikepdf
import pytest
import zxingcpp
from asn1crypto import cms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from apps.certificates import issuing, keys, ob3_build, ob3_schema, rendering, samples, signed_check, signing
from apps.certificates.links import verify_url
from tests.helpers import pdf_bytes, pdfsig

pytestmark = pytest.mark.django_db

GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")
PAGE_FOOTER = re.compile(r"გვერდი (\d+) / (\d+) · Page (\d+) of (\d+)")


def run(command: list[str], pdf: bytes, tmp_path, name="doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(
        [*command, str(path)] + (["-"] if command[0] == "pdftotext" else []),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def page_count(pdf: bytes, tmp_path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", run(["pdfinfo"], pdf, tmp_path), re.M).group(1))


def page_text(pdf: bytes, tmp_path, first: int, last: int | None = None) -> str:
    return run(["pdftotext", "-f", str(first), "-l", str(last or first)], pdf, tmp_path)


# --- The structure tree's texts ----------------------------------------------------------------------------
# What a screen reader reads for a structure element is the marked content (MCID) of the page content streams
# that the element holds. The helpers below decode that text (WeasyPrint's fonts are Type0, Identity-H, with a
# ToUnicode map) and give each piece of marked content the language of the nearest element that declares one.


def _unicode_map(font) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, first in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            base = bytes.fromhex(first).decode("utf-16-be")
            for i in range(int(end, 16) - int(start, 16) + 1):
                mapping[int(start, 16) + i] = base[:-1] + chr(ord(base[-1]) + i)
    return mapping


def marked_texts(pdf: pikepdf.Pdf) -> dict[tuple, str]:
    """{(page objgen, MCID): the text drawn inside that marked content}."""
    texts: dict[tuple, str] = {}
    for page in pdf.pages:
        maps, font, open_marks = {}, None, []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                properties = operands[1]
                if isinstance(properties, pikepdf.Name):
                    properties = page.Resources.Properties[properties]
                open_marks.append(int(properties.MCID) if "/MCID" in properties else None)
            elif op == "BMC":
                open_marks.append(None)
            elif op == "EMC":
                open_marks.pop()
            elif op == "Tf":
                font_name = operands[0]
                font = maps.get(font_name) or maps.setdefault(font_name, _unicode_map(page.Resources.Font[font_name]))
            elif op in ("Tj", "TJ", "'", '"'):
                mcid = next((mark for mark in reversed(open_marks) if mark is not None), None)
                if mcid is None:
                    continue  # an artifact (page footers, rules): not read out
                for part in operands[-1] if op == "TJ" else [operands[-1]]:
                    if isinstance(part, pikepdf.String):
                        raw = bytes(part)
                        text = "".join(
                            font.get(int.from_bytes(raw[i : i + 2], "big"), "\ufffd") for i in range(0, len(raw), 2)
                        )
                        key = (page.obj.objgen, mcid)
                        texts[key] = texts.get(key, "") + text
    return texts


def _kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def structure_elements(node):
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)


def read_out(node, texts, language, page=None, out=None) -> list[tuple[str, str]]:
    """Each piece of marked content under `node` in reading order, as (language it is read in, text)."""
    out = [] if out is None else out
    page = node.get("/Pg", page)
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            read_out(kid, texts, str(kid.Lang) if "/Lang" in kid else language, page, out)
        elif isinstance(kid, int):
            out.append((language, texts.get((page.objgen, int(kid)), "")))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            out.append((language, texts.get((kid.get("/Pg", page).objgen, int(kid.MCID)), "")))
    return out


def read_in(pdf: pikepdf.Pdf, language: str) -> str:
    """All the text a screen reader reads in `language`, whitespace removed (the PDF breaks lines without
    spaces), so that phrases are looked up as `squeezed(phrase) in read_in(...)`."""
    pieces = read_out(pdf.Root.StructTreeRoot, marked_texts(pdf), str(pdf.Root.Lang))
    return squeezed("".join(text for lang, text in pieces if lang == language))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- Fixtures ----------------------------------------------------------------------------------------------


@pytest.fixture
def issued_two(passed_two, admin_a, django_capture_on_commit_callbacks):
    """Both learners who passed the same offering, issued (rendered and signed by the worker's code)."""
    credentials = []
    for enrolment in passed_two[:2]:
        with django_capture_on_commit_callbacks(execute=True):
            credential = issuing.credential_issue(enrolment=enrolment, acting_user=admin_a)
        credential.refresh_from_db()
        credentials.append(credential)
    return credentials


def _render(snapshot, code="ABCDE-FGHIJ-KLMNP") -> bytes:
    return rendering.render_pdf(snapshot=snapshot, code=code, verify_url=f"https://example.ge/verify/{code}/")


# --- Archival: PDF/A-3b, tagged, PDF/UA identification ----------------------------------------------------


def test_poppler_sees_a_tagged_two_page_pdf(issued, tmp_path):
    info = run(["pdfinfo"], pdf_bytes(issued), tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^Pages:\s+2$", info, re.M), info
    assert page_count(_render(samples.sample_snapshot()), tmp_path) == 2


def test_the_xmp_identifies_pdf_a_3b_and_pdf_ua_1_with_an_srgb_output_intent(issued):
    with pikepdf.open(io.BytesIO(pdf_bytes(issued))) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
            assert xmp["pdfuaid:part"] == "1"
            assert issued.code in xmp["dc:title"]
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an ICC profile, of an RGB space
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True  # readers announce the title, not "1234.pdf"
        [first, second] = pdf.trailer.ID  # the file identifier PDF/A asks for (written with the signature)
        assert len(bytes(first)) == len(bytes(second)) == 16


# --- Accessible: structure tree, languages, alternative texts ----------------------------------------------


def test_a_screen_reader_finds_the_structure_and_reads_the_english_parts_in_english(issued):
    snapshot = issued.snapshot
    with pikepdf.open(io.BytesIO(pdf_bytes(issued))) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "ka"
        root = pdf.Root.StructTreeRoot
        assert "/ParentTree" in root
        english_elements = [e for e in structure_elements(root) if str(e.get("/Lang", "")) == "en"]
        assert len(english_elements) >= 10
        texts = marked_texts(pdf)
        pieces = read_out(root, texts, "ka")
        english = squeezed("".join(text for lang, text in pieces if lang == "en"))
        georgian = squeezed("".join(text for lang, text in pieces if lang == "ka"))

    # What is marked English holds English, and no Georgian.
    assert not GEORGIAN.search(english), english
    name_en = f"{snapshot['learner']['first_name_en']} {snapshot['learner']['last_name_en']}"
    for phrase in (
        "This is to certify that",
        "has achieved the learning outcomes of the micro-credential",
        name_en,
        snapshot["title"]["en"],
        "Title of the micro-credential",
        "Learning outcomes",
        "Design a network.",
        "Elements set out in Annex I to the Council Recommendation",
    ):
        assert squeezed(phrase) in english, phrase
        assert squeezed(phrase) not in georgian, phrase
    # What is Georgian is read as Georgian.
    for phrase in ("ამით დასტურდება, რომ", snapshot["title"]["ka"], "სწავლის შედეგები", "დააპროექტოს ქსელი."):
        assert squeezed(phrase) in georgian and squeezed(phrase) not in english, phrase


def test_every_english_sentence_on_page_one_is_read_in_english():
    """Page 1's English that stands beside Georgian in one element without a lang="en" of its own (the
    verification note, the e-signature note, the English dates, "Does not expire", the co-awarding line, the
    signatories' English names and positions, the facts' English labels) is read with Georgian pronunciation."""
    snapshot = samples.sample_snapshot()
    snapshot["expires_on"] = None
    snapshot["co_awarding"] = copy.deepcopy(samples.long_snapshot()["co_awarding"])
    with pikepdf.open(io.BytesIO(_render(snapshot))) as pdf:
        english, georgian = read_in(pdf, "en"), read_in(pdf, "ka")
    for phrase in (
        "The authenticity of this certificate can be verified with the QR code or at:",
        "This document bears an electronic signature.",
        "28 November 2026",
        "Does not expire",
        "Co-awarded with:",
        "Giorgi Maisuradze",
        "Head of the Quality Assurance Office",
        "Grade",
        "Valid until",
    ):
        assert squeezed(phrase) in english and squeezed(phrase) not in georgian, phrase


def test_the_qr_code_and_the_signatures_have_alternative_texts(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "signatures").mkdir()
    Image.new("RGB", (120, 40), "white").save(tmp_path / "signatures" / "rector.png")
    snapshot = samples.sample_snapshot()
    snapshot["signatories"][0]["signature"] = "signatures/rector.png"
    with pikepdf.open(io.BytesIO(_render(snapshot))) as pdf:
        figures = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        alts = [str(figure.get("/Alt", "")) for figure in figures]
    assert len(figures) == 2 and all(alts), alts
    [qr] = [alt for alt in alts if "QR" in alt]
    assert "https://example.ge/verify/ABCDE-FGHIJ-KLMNP/" in qr and "QR კოდი" in qr
    [signature] = [alt for alt in alts if "QR" not in alt]
    assert "Giorgi Maisuradze" in signature and "გიორგი მაისურაძე" in signature


def test_the_stored_certificates_qr_code_alt_text_names_its_verification_address(issued):
    with pikepdf.open(io.BytesIO(pdf_bytes(issued))) as pdf:
        figures = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert figures and all(str(figure.get("/Alt", "")) for figure in figures)
        assert any(verify_url(issued.code) in str(figure.Alt) for figure in figures)


# --- The Open Badges credential inside -----------------------------------------------------------------------


def test_the_open_badge_is_embedded_as_the_alternative_and_is_the_record(client, issued, tmp_path, nss_trusting_dev_ca):
    data = pdf_bytes(issued)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert list(pdf.attachments) == [rendering.OPEN_BADGE_FILE]
        associated = list(pdf.Root.AF)
        assert associated and all(str(spec.UF) == rendering.OPEN_BADGE_FILE for spec in associated)
        assert all(spec.AFRelationship == "/Alternative" for spec in associated)
        spec = pdf.attachments[rendering.OPEN_BADGE_FILE]
        assert spec.obj.AFRelationship == "/Alternative"
        assert spec.get_file().mime_type == "application/json"
        extracted = spec.get_file().read_bytes()

    badge = json.loads(extracted)
    assert badge == ob3_build.credential_json(issued)
    assert ob3_schema.schema_errors(badge) == []

    # An employer who takes the file out of the PDF and uploads it is told it is this credential's record.
    client.cookies["django_language"] = "en"
    page = client.post("/verify/file/", {"file": SimpleUploadedFile(rendering.OPEN_BADGE_FILE, extracted)})
    text = page.content.decode()
    assert page.status_code == 200 and "verdict-valid" in text and issued.code in text
    assert "Matches this portal&#x27;s record" in text or "Matches this portal's record" in text

    # ... and the attachment sits inside the signature: both validators find it whole.
    assert signing.check_signature(data, roots=keys.trust_roots(), at=issued.signed_at).valid
    assert "Signature is Valid." in pdfsig(data, tmp_path, nss_trusting_dev_ca)


def test_without_an_open_badge_nothing_is_attached(tmp_path):
    with pikepdf.open(io.BytesIO(_render(samples.sample_snapshot()))) as pdf:
        assert not pdf.attachments and "/AF" not in pdf.Root


# --- Pages: the annex shared by an offering's learners, numbering ------------------------------------------------


def test_two_learners_of_an_offering_have_the_same_annex_and_their_own_first_page(issued_two, tmp_path):
    first, second = (pdf_bytes(credential) for credential in issued_two)
    assert page_count(first, tmp_path) == page_count(second, tmp_path) == 2
    annex_first, annex_second = page_text(first, tmp_path, 2), page_text(second, tmp_path, 2)
    assert annex_first == annex_second
    assert "დანართი · Annex" in annex_first and "Page 2 of 2" in annex_first
    for credential in issued_two:
        assert credential.code not in annex_first  # nobody's code or name on the shared pages
    assert "Beridze" not in annex_first and "ბერიძე" not in annex_first

    pages_one = [page_text(pdf, tmp_path, 1) for pdf in (first, second)]
    assert pages_one[0] != pages_one[1]
    for credential, text in zip(issued_two, pages_one, strict=True):
        learner = credential.snapshot["learner"]
        assert f"{learner['first_name_en']} {learner['last_name_en']}" in text
        assert credential.code in text and verify_url(credential.code) in text
        assert "Page 1 of 2" in text
    assert "Nino Beridze" in pages_one[0] and "Nino Beridze" not in pages_one[1]


def numbering(pdf: bytes, tmp_path) -> list[tuple[int, int]]:
    """Each page's footer as (page, of), read from the page itself."""
    numbers = []
    for page in range(1, page_count(pdf, tmp_path) + 1):
        footers = PAGE_FOOTER.findall(page_text(pdf, tmp_path, page))
        assert len(footers) == 1, (page, footers)
        ka_page, ka_total, en_page, en_total = (int(n) for n in footers[0])
        assert (ka_page, ka_total) == (en_page, en_total)
        numbers.append((en_page, en_total))
    return numbers


def test_a_long_certificate_is_numbered_page_k_of_n_throughout(tmp_path):
    data = _render(samples.long_snapshot())
    total = page_count(data, tmp_path)
    assert total > 2
    assert numbering(data, tmp_path) == [(k, total) for k in range(1, total + 1)]


def test_a_certificate_that_overflows_page_one_numbers_the_annex_after_it(tmp_path):
    snapshot = samples.long_snapshot()
    snapshot["signatories"] = snapshot["signatories"] * 3  # three rows of three do not fit on page 1
    data = _render(snapshot)
    total = page_count(data, tmp_path)
    assert numbering(data, tmp_path) == [(k, total) for k in range(1, total + 1)]
    # The learner's pages (footer with the code) come first, then the annex.
    with_code = [k for k in range(1, total + 1) if "Code: ABCDE-FGHIJ-KLMNP" in page_text(data, tmp_path, k)]
    assert with_code == [1, 2]
    assert all("დანართი · Annex" in page_text(data, tmp_path, k) for k in range(3, total + 1))


# --- The QR code -----------------------------------------------------------------------------------------------


def test_the_printed_qr_code_scans_to_the_verification_address(issued, tmp_path):
    data = pdf_bytes(issued)
    (tmp_path / "doc.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "150", "-png", str(tmp_path / "doc.pdf"), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    [png] = tmp_path.glob("page*.png")
    scanned = [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(png)) if barcode.format.name == "QRCode"]
    assert scanned == [verify_url(issued.code)]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [x for x in pdf.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Image"]
        [qr] = [image for image in images if image.Width == image.Height]
        assert qr.Interpolate is False  # printed with sharp modules, not smoothed


# --- The worker's check of what it has just signed ---------------------------------------------------------------


def test_the_workers_check_accepts_the_signed_pdf_as_stored(issued):
    signed_check.check_just_signed(pdf_bytes(issued), issued.signed_by.certificate_pem)


def test_the_workers_check_refuses_a_changed_byte(issued):
    data = bytearray(pdf_bytes(issued))
    position = data.index(b"stream") + 200  # inside the first content stream: within the signed range
    data[position] = (data[position] + 1) % 256
    with pytest.raises(signed_check.SignatureDoesNotHold, match="message digest"):
        signed_check.check_just_signed(bytes(data), issued.signed_by.certificate_pem)


def test_the_workers_check_refuses_a_changed_signature_value(issued):
    data = pdf_bytes(issued)
    [byte_range] = signed_check.BYTE_RANGE.findall(data)
    opening = int(byte_range[1])  # where /Contents <...> starts
    der = bytes.fromhex(data[opening + 1 : data.index(b">", opening)].decode())
    # The CMS ends with the signature value (no unsigned attributes without a timestamp): change its last digit.
    last = opening + 2 * len(cms.ContentInfo.load(der, strict=False).dump())
    changed = bytearray(data)
    changed[last] = ord("1") if changed[last] != ord("1") else ord("2")
    with pytest.raises(signed_check.SignatureDoesNotHold, match="public key"):
        signed_check.check_just_signed(bytes(changed), issued.signed_by.certificate_pem)


def test_the_workers_check_refuses_bytes_after_the_signature(issued):
    data = pdf_bytes(issued)
    with pytest.raises(signed_check.SignatureDoesNotHold, match="whole file"):
        signed_check.check_just_signed(data + b"\n% appended\n", issued.signed_by.certificate_pem)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Forged"] = pdf_string("appended after signing")
    writer.update_root()
    updated = io.BytesIO()
    writer.write(updated)
    with pytest.raises(signed_check.SignatureDoesNotHold, match="whole file"):
        signed_check.check_just_signed(updated.getvalue(), issued.signed_by.certificate_pem)


def test_the_workers_check_refuses_a_signature_by_another_identity(issued, provider_a):
    other = keys.create_development_identity(provider=provider_a)
    unsigned = rendering.render_pdf(snapshot=issued.snapshot, code=issued.code, verify_url=verify_url(issued.code))
    signed = signing.sign_pdf(unsigned, identity=other, code=issued.code, reason="test")
    signed_check.check_just_signed(signed, other.certificate_pem)  # sound, by its own key
    with pytest.raises(signed_check.SignatureDoesNotHold, match="another certificate|public key"):
        signed_check.check_just_signed(signed, issued.signed_by.certificate_pem)

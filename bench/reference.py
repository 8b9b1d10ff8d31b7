"""The fixed reference that bench/certificates.py measures the portal against: WeasyPrint lays out a one-page
bilingual A4 page (the certificate's fonts, a title, a name in both scripts, an eight-row table of learning
outcomes) and pyHanko signs it with a key kept loaded, as a worker does. Nothing of the portal's template,
stylesheet or pipeline is used, so the reference stays the same from run to run while the portal changes:
absolute times on a shared machine move, the ratio of the two rates does not.

Keep this file unchanged: a change makes earlier ratios incomparable.
Run on its own: .venv/bin/python bench/reference.py (prints the rate of one process)."""

import io
import time

OUTCOMES = [
    (
        "1. აღწერს OSI და TCP/IP მოდელების შრეებს და მათ ფუნქციებს.",
        "1. Describes the layers of the OSI and TCP/IP models and their functions.",
    ),
    (
        "2. აპროექტებს IPv4 და IPv6 მისამართების სქემას მცირე ორგანიზაციისთვის.",
        "2. Designs an IPv4 and IPv6 addressing scheme for a small organisation.",
    ),
    (
        "3. აკონფიგურირებს კომუტატორებს და მარშრუტიზატორებს ლაბორატორიულ გარემოში.",
        "3. Configures switches and routers in a laboratory environment.",
    ),
    (
        "4. აანალიზებს ქსელურ ტრაფიკს და ადგენს გაუმართაობის მიზეზს.",
        "4. Analyses network traffic and finds the cause of a fault.",
    ),
    (
        "5. იყენებს ქსელის უსაფრთხოების საბაზისო ზომებს.",
        "5. Applies basic network security measures.",
    ),
    (
        "6. ადარებს უსადენო ქსელის სტანდარტებს და ირჩევს შესაფერისს.",
        "6. Compares wireless network standards and chooses a suitable one.",
    ),
    (
        "7. ადოკუმენტირებს ქსელის ტოპოლოგიას და კონფიგურაციას.",
        "7. Documents a network's topology and configuration.",
    ),
    (
        "8. მუშაობს გუნდში ქსელური პროექტის განხორციელებისას.",
        "8. Works in a team to carry out a network project.",
    ),
]

REFERENCE_TEMPLATE = """<!DOCTYPE html>
<html lang="ka"><head><meta charset="utf-8"><title>Reference certificate</title>
<style>
@page { size: A4 portrait; margin: 15mm; }
html { font-family: "Noto Serif", "Noto Serif Georgian", "DejaVu Sans", serif; font-size: 9pt; line-height: 1.35; }
h1 { font-size: 21pt; text-align: center; margin: 12mm 0 4mm; color: #1f3352; }
.en { font-size: 11pt; text-transform: uppercase; letter-spacing: 0.05em; }
.name { font-size: 24pt; font-weight: bold; text-align: center; margin-top: 6mm; }
.name-en { font-size: 19pt; text-align: center; }
.title { font-size: 14pt; font-weight: bold; text-align: center; margin: 6mm 0 2mm; }
table { width: 100%; border-collapse: separate; border-spacing: 0; table-layout: fixed; margin-top: 8mm; }
td { vertical-align: top; padding: 1.5mm 2mm; border-top: 0.5pt solid #9aa3b0; }
.code { font-family: "DejaVu Sans Mono", monospace; text-align: center; font-size: 16pt; margin-top: 8mm; }
</style></head>
<body>
<h1>მიკროკრედიტის სერტიფიკატი<br><span class="en">Certificate of a micro-credential</span></h1>
<div class="name">ნინო ბერიძე</div>
<div class="name-en">Nino Beridze</div>
<div class="title">კომპიუტერული ქსელების საფუძვლები<br>Fundamentals of computer networks</div>
<table>
{rows}
</table>
<div class="code">ABCDE-FGHIJ-KLMNP</div>
</body></html>"""
REFERENCE_HTML = REFERENCE_TEMPLATE.replace(
    "{rows}", "".join(f"<tr><td>{ka}</td><td>{en}</td></tr>" for ka, en in OUTCOMES)
)


def reference_loop(count: int, signer) -> int:
    """Lay out and sign the reference page `count` times with a pyHanko signer; returns the count."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    meta = signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES)
    for _ in range(count):
        pdf = HTML(string=REFERENCE_HTML).write_pdf(font_config=fonts)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        signers.PdfSigner(meta, signer=signer).sign_pdf(writer, bytes_reserved=12 * 1024)
    return count


def throwaway_signer():
    """A signer with a throwaway RSA-2048 key and self-signed certificate, kept loaded (for a run on its own)."""
    import datetime

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from apps.certificates.signing import KeptKeySigner

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Reference signer")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return KeptKeySigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore(),
    )


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    signer = throwaway_signer()
    reference_loop(3, signer)
    started = time.perf_counter()
    reference_loop(30, signer)
    print(f"reference: {30 / (time.perf_counter() - started):.1f} pages/s in one process")

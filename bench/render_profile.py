"""Where the time of one certificate goes: render (both pages) and sign, in one process, on the sample snapshot.
Prints the median of 15 unprofiled runs, then each stage's share from cProfile (the cumulative time of the stage's
entry point in WeasyPrint, pydyf or pyHanko) scaled to that median. The figures are in the README.
Run with `make bench ARGS=bench/render_profile.py`, or on its own: .venv/bin/python bench/render_profile.py"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402

from apps.certificates import rendering, samples  # noqa: E402
from bench.reference import throwaway_signer  # noqa: E402

RUNS, PROFILED = 15, 20
STAGES = [
    ("Django template", "django/template/backends/django.py", "render"),
    ("QR code (segno)", "apps/certificates/rendering.py", "qr_data_uri"),
    ("HTML parsing", "tinyhtml5/parser.py", "parse"),
    ("CSS cascade (computed styles)", "weasyprint/css/__init__.py", "get_all_computed_styles"),
    ("box tree", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("layout", "weasyprint/layout/__init__.py", "layout_document"),
    ("drawing the pages", "weasyprint/document.py", "paint"),
    ("fonts: subsetting, embedding", "weasyprint/pdf/fonts.py", "build_fonts_dictionary"),
    ("tags (structure tree)", "weasyprint/pdf/tags.py", "add_tags"),
    ("PDF serialising + compressing", "pydyf/__init__.py", "write"),
    ("signing (pyHanko)", "pyhanko/sign/signers/pdf_signer.py", "sign_pdf"),
]


def main():
    signer = throwaway_signer()
    snapshot = samples.sample_snapshot()
    meta = signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES)
    open_badge = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}

    def certificate(n: int) -> None:
        code = f"ABCDE-FGHIJ-KLM{n % 10}P"
        pdf = rendering.render_pdf(
            snapshot=snapshot, code=code, verify_url=f"https://example.ge/verify/{code}/", open_badge=open_badge
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        signers.PdfSigner(meta, signer=signer).sign_pdf(writer, bytes_reserved=12 * 1024)

    rendering.warm_up()
    times = []
    for n in range(RUNS):
        started = time.perf_counter()
        certificate(n)
        times.append(time.perf_counter() - started)
    median = statistics.median(times) * 1000
    profile = cProfile.Profile()
    profile.enable()
    for n in range(PROFILED):
        certificate(n)
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = sum(entry[3] for key, entry in stats.items() if key[2] == "certificate")

    def cumulative(path: str, function: str) -> float:
        # The outermost entry: recursive and nested entries are within it.
        return max((entry[3] for key, entry in stats.items() if path in key[0] and key[2] == function), default=0)

    print(f"one certificate, render + sign: {median:.0f} ms (median of {RUNS}); profiled shares:")
    for name, path, function in STAGES:
        share = cumulative(path, function) / total
        print(f"  {name:32s} {share * 100:5.1f} %  ~{share * median:5.1f} ms")


if __name__ == "__main__":
    main()

"""Render a sample certificate PDF (unsigned) for people to look at.

    .venv/bin/python scripts/sample_certificate.py out.pdf [--long] [--code XXXXX-XXXXX-XXXXX]

--long renders the stretched variant (longest texts, co-awarding bodies, three signatories) that checks the
layout against overflow."""

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from apps.certificates import rendering, samples  # noqa: E402

SAMPLE_CODE = "7K3QD-M9XTB-4RW21"  # a well-formed code (its check symbol is right)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="where to write the PDF")
    parser.add_argument("--long", action="store_true", help="the variant with the longest texts")
    parser.add_argument("--code", default=SAMPLE_CODE, help="the verification code to print")
    parser.add_argument(
        "--base-url", default=settings.PUBLIC_BASE_URL, help="the public base of the verify URL (PUBLIC_BASE_URL)"
    )
    args = parser.parse_args(argv)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    snapshot = samples.long_snapshot() if args.long else samples.sample_snapshot()
    verify_url = f"{args.base_url.rstrip('/')}/verify/{args.code}/"
    pdf = rendering.render_pdf(snapshot=snapshot, code=args.code, verify_url=verify_url, unsigned=True)
    Path(args.out).write_bytes(pdf)
    print(f"{args.out}: {len(pdf):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

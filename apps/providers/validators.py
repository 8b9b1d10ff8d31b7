import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def validate_identification_code(value: str) -> None:
    """A Georgian legal entity's identification code (საიდენტიფიკაციო კოდი): nine digits."""
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("An identification code is exactly nine digits."), code="invalid_identification_code")


def validate_pdf(upload) -> None:
    """A PDF up to 10 MB, recognised by its content, not by its name."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    # The PDF header may follow a few bytes of junk, which readers tolerate; nothing else is a PDF.
    if b"%PDF-" not in head:
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")

"""The certificate's PDF: a bilingual (Georgian | English) A4 document made from a credential's frozen
snapshot by a Django template and WeasyPrint. Page 1 is the certificate; the following page(s) are the annex
with the elements of Annex I of the EU Council Recommendation 2022/C 243/02.

render_pdf() returns an ordinary, unsigned PDF (the signature is added later as an incremental update).
The verification code is in the document's Info dictionary: in /Title, /Keywords and the custom key
/VerificationCode.

A Celery worker renders thousands of these, so the font configuration, the parsed stylesheet and the
template are loaded once per process. Only the processes that render import this module (preparation and
tasks import it inside the functions that render), so WeasyPrint is loaded by those processes alone."""

import datetime
import functools
import gc
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pydyf
import segno
from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.formats import date_format
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .samples import sample_snapshot

TEMPLATE_NAME = "certificates/pdf/certificate.html"
CSS_NAME = "certificate.css"
# Titles and names this long (in either language) are set smaller on page 1, and page 1 is set tighter
# when it has more to hold, so that the certificate stays one page.
LONG_TITLE = 110
VERY_LONG_TITLE = 190
LONG_NAME = 28
VERY_LONG_NAME = 50

# --- Process-level caches ---------------------------------------------------------------------------------


def _template_dir() -> Path:
    return Path(settings.BASE_DIR) / "templates" / "certificates" / "pdf"


@functools.cache
def _font_config():
    return FontConfiguration()


@functools.cache
def _stylesheet():
    path = _template_dir() / CSS_NAME
    return CSS(string=path.read_text(encoding="utf-8"), base_url=path.as_uri(), font_config=_font_config())


@functools.cache
def _template():
    return get_template(TEMPLATE_NAME)


@functools.cache
def _base_url() -> str:
    return _template_dir().as_uri() + "/"


# --- Formatting -------------------------------------------------------------------------------------------


def _parse_date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def format_date(value) -> dict:
    """An ISO date in both languages, in each one's DATE_FORMAT (config/formats/), as every page shows dates:
    {"ka": "28 ნოემბერი 2026", "en": "28 November 2026"}; empty if none."""
    date = _parse_date(value)
    if date is None:
        return {"ka": "", "en": ""}
    shown = {}
    for language in ("ka", "en"):
        with translation.override(language):
            shown[language] = date_format(date, "DATE_FORMAT")
    return shown


def format_number(value) -> dict:
    """A decimal such as ECTS "7.5" in both languages: Georgian writes a decimal comma ("7,5")."""
    if value in (None, ""):
        return {"ka": "", "en": ""}
    try:
        text = format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        text = str(value)
    return {"ka": text.replace(".", ","), "en": text}


def _full_name(first: str, last: str) -> str:
    return " ".join(part.strip() for part in (first or "", last or "") if part and part.strip())


def _pair(value) -> dict:
    """A {"ka", "en"} dict with missing texts filled from the other language."""
    value = value or {}
    ka, en = (value.get("ka") or "").strip(), (value.get("en") or "").strip()
    return {"ka": ka or en, "en": en or ka}


def _filled(value) -> bool:
    return bool(value and ((value.get("ka") or "").strip() or (value.get("en") or "").strip()))


def signature_url(relative: str | None) -> str | None:
    """A file:// URL of a signature image stored under MEDIA_ROOT, or None if there is none (or the path
    leads outside MEDIA_ROOT)."""
    if not relative:
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        path = (root / relative).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path.as_uri()


def qr_data_uri(url: str) -> str:
    """The QR code of the verification address as an SVG data URI (printed at about 28 mm)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


# --- Rendering --------------------------------------------------------------------------------------------


def _title_class(title: dict) -> str:
    longest = max(len(title["ka"]), len(title["en"]))
    if longest > VERY_LONG_TITLE:
        return "title--very-long"
    if longest > LONG_TITLE:
        return "title--long"
    return ""


def _name_class(name: dict) -> str:
    longest = max(len(name["ka"]), len(name["en"]))
    if longest > VERY_LONG_NAME:
        return "name--very-long"
    if longest > LONG_NAME:
        return "name--long"
    return ""


def _signatory_rows(signatories: list) -> list[list]:
    """Signatories in rows of at most three (four make two rows of two)."""
    size = 2 if len(signatories) == 4 else 3
    return [signatories[i : i + size] for i in range(0, len(signatories), size)]


def _context(snapshot: dict, code: str, verify_url: str) -> dict:
    s = snapshot
    learner = s.get("learner") or {}
    name_en = _full_name(learner.get("first_name_en"), learner.get("last_name_en"))
    name_ka = _full_name(learner.get("first_name_ka"), learner.get("last_name_ka"))
    title = _pair(s.get("title"))
    provider = s.get("provider") or {}
    co_awarding = s.get("co_awarding") or []

    countries, seen = [], set()
    for body in [provider, *co_awarding]:
        key = body.get("country") or ""
        if key not in seen:
            seen.add(key)
            countries.append(_pair(body.get("country_name") or {"ka": key, "en": key}))

    languages = s.get("languages") or []
    if not languages and (s.get("offering") or {}).get("language"):
        languages = [s["offering"]["language"]]

    grade = s.get("grade") or {}
    ects = format_number(s.get("ects"))
    offering = s.get("offering") or {}

    learner_name = {"ka": name_ka, "en": name_en or name_ka}
    signatories = [
        {
            "name": _pair(person.get("name")),
            "position": _pair(person.get("position")),
            "signature_url": signature_url(person.get("signature")),
        }
        for person in s.get("signatories") or []
    ]
    title_class, name_class = _title_class(title), _name_class(learner_name)
    compact = bool(title_class or name_class or co_awarding or len(signatories) > 2)

    return {
        "code": code,
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
        "learner_name": learner_name,
        "show_name_ka": bool(name_ka) and name_ka != name_en,
        "title": title,
        "title_class": title_class,
        "name_class": name_class,
        "page_class": "compact" if compact else "",
        "provider": provider,
        "provider_name": _pair(provider.get("legal_name")),
        "co_awarding": [
            {"name": _pair(body.get("legal_name")), "country": _pair(body.get("country_name"))} for body in co_awarding
        ],
        "countries": countries,
        "platform_name": _pair((s.get("platform") or {}).get("name")),
        "outcomes": [
            {"ka": (o.get("ka") or "").strip(), "en": (o.get("en") or "").strip(), "esco_uri": o.get("esco_uri") or ""}
            for o in s.get("outcomes") or []
        ],
        "ects": ects,
        "ects_one": ects["en"] == "1",
        "workload_hours": s.get("workload_hours"),
        "nqf_level": s.get("nqf_level"),
        "eqf_level": s.get("eqf_level"),
        "field_of_study": s.get("field_of_study"),
        "languages": [_pair(lang) for lang in languages],
        "participation_mode": _pair(s.get("participation_mode")),
        "assessment_type": _pair(s.get("assessment_type")),
        "supervision": _pair(s.get("supervision")),
        "quality_assurance": _pair(s.get("quality_assurance")),
        "prerequisites": _pair(s.get("prerequisites")) if _filled(s.get("prerequisites")) else None,
        "further_information": _pair(s.get("further_information")) if _filled(s.get("further_information")) else None,
        "validity_months": s.get("validity_months"),
        "grade": {
            "letter": grade.get("letter") or "",
            "total": grade.get("total"),
            "name": _pair(grade.get("name")),
        },
        "issued_on": format_date(s.get("issued_on")),
        "issued_on_iso": str(s.get("issued_on") or "")[:10],
        "expires_on": format_date(s.get("expires_on")) if s.get("expires_on") else None,
        "date_of_birth": format_date(learner.get("date_of_birth")) if learner.get("date_of_birth") else None,
        "period": {"start": format_date(offering.get("start_date")), "end": format_date(offering.get("end_date"))}
        if offering.get("start_date") and offering.get("end_date")
        else None,
        "programme": s.get("programme") or {},
        "signatory_rows": _signatory_rows(signatories),
    }


def warm_up() -> None:
    """Load the caches (fonts, stylesheet, template, Pango's font lookups) by rendering the sample once, so
    that a worker's first real certificate is not the slow one (about 1.5 s). Call at worker start."""
    render_pdf(snapshot=sample_snapshot(), code="00000-00000-00000", verify_url="https://example.invalid/verify/")


def render_html(*, snapshot: dict, code: str, verify_url: str) -> str:
    """The certificate's HTML (what render_pdf lays out)."""
    return _template().render(_context(snapshot, code, verify_url))


def _add_verification_code(code: str):
    """A write_pdf finisher that puts the code in the Info dictionary as /VerificationCode. (WeasyPrint's
    custom_metadata option would take it from <meta name="VerificationCode">, but it lower-cases meta names
    and so writes /verificationcode.)"""

    def finisher(document, pdf):
        pdf.info["VerificationCode"] = pydyf.String(code)

    return finisher


def render_pdf(*, snapshot: dict, code: str, verify_url: str) -> bytes:
    """The certificate as unsigned PDF bytes. The Info dictionary holds the code in /Title, /Keywords and
    /VerificationCode, and the provider's English legal name in /Author."""
    html = HTML(string=render_html(snapshot=snapshot, code=code, verify_url=verify_url), base_url=_base_url())
    # WeasyPrint builds a large tree of live objects: the cyclic garbage collector would walk it dozens of
    # times per document to no avail. Pause it while laying out; it collects the garbage after.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return html.write_pdf(
            stylesheets=[_stylesheet()], font_config=_font_config(), finisher=_add_verification_code(code)
        )
    finally:
        if paused:
            gc.enable()

"""The certificate's PDF: a bilingual (Georgian | English) A4 document made from a credential's frozen
snapshot by a Django template and WeasyPrint. Page 1 is the certificate; the following page(s) are the annex
with the elements of Annex I of the EU Council Recommendation 2022/C 243/02.

render_pdf() returns an ordinary, unsigned PDF (the signature is added later as an incremental update).
The verification code is in the document's Info dictionary: in /Title, /Keywords and the custom key
/VerificationCode.

A Celery worker renders thousands of these, so the font configuration, the parsed stylesheet and the
template are loaded once per process. Only the processes that render import this module (preparation and
tasks import it inside the functions that render), so WeasyPrint is loaded by those processes alone."""

import collections
import datetime
import functools
import gc
import hashlib
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pydyf
import segno
from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.formats import date_format
from weasyprint import CSS, HTML, Attachment
from weasyprint.pdf import tags as weasyprint_tags
from weasyprint.text.fonts import FontConfiguration

from .samples import sample_snapshot

TEMPLATE_NAME = "certificates/pdf/certificate.html"
OPEN_BADGE_FILE = "open-badge-credential.json"
# WeasyPrint writes PDF/A's identification into the XMP metadata; PDF/UA-1 asks for its own beside it.
PDF_A_IDENTIFICATION = b'pdfaid:part="3" pdfaid:conformance="B"'
PDF_UA_IDENTIFICATION = b' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"'
CSS_NAME = "certificate.css"
# Titles and names this long (in either language) are set smaller on page 1, and page 1 is set tighter
# when it has more to hold, so that the certificate stays one page.
LONG_TITLE = 110
VERY_LONG_TITLE = 190
LONG_NAME = 28
VERY_LONG_NAME = 50

# --- Languages in the structure tree ----------------------------------------------------------------------
# WeasyPrint 70 tags the PDF (pdf_tags) and writes the document's language (<html lang>) into the catalogue, but
# not the language of the parts that say otherwise (lang="en" here): a screen reader would read the English in
# Georgian. The tag of each box is built by `weasyprint.pdf.tags._build_box_tree`, which calls itself through the
# module for every box; wrapped, it gives each structure element made for an element with a lang attribute
# its /Lang. (tests/certificates/test_pdf_archival.py reads the languages back with pikepdf, so a WeasyPrint
# that changes this fails there, not in print.)


def _with_languages(build_box_tree):
    @functools.wraps(build_box_tree)
    def build(box, parent, *args, **kwargs):
        language = box.element.get("lang") if getattr(box, "element", None) is not None else None
        for structure_element in build_box_tree(box, parent, *args, **kwargs):
            if language and "Lang" not in structure_element:
                structure_element["Lang"] = pydyf.String(language)
            yield structure_element

    return build


if not getattr(weasyprint_tags._build_box_tree, "with_languages", False):
    weasyprint_tags._build_box_tree = _with_languages(weasyprint_tags._build_box_tree)
    weasyprint_tags._build_box_tree.with_languages = True

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
    """The QR code of the verification address as a PNG data URI, one pixel a module, printed at about 28 mm
    without smoothing (certificate.css: image-rendering). A few hundred bytes that the PDF embeds as they are;
    as SVG, the same code was a path of hundreds of squares that WeasyPrint parsed and drew for every
    certificate."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=2, dark="#000", light="#fff")


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


# The context's parts that the annex shows: the same for every learner of an offering, so the annex laid out
# for one learner serves the next (its key is a digest of exactly these values).
ANNEX_KEYS = (
    "title",
    "countries",
    "provider",
    "provider_name",
    "co_awarding",
    "outcomes",
    "ects",
    "ects_one",
    "workload_hours",
    "nqf_level",
    "eqf_level",
    "field_of_study",
    "assessment_type",
    "participation_mode",
    "supervision",
    "quality_assurance",
    "prerequisites",
    "languages",
    "programme",
    "period",
    "further_information",
    "validity_months",
)
# Laid-out annexes kept per process (a worker goes through one offering's learners, then the next one's).
ANNEXES_KEPT = 8
_annexes: collections.OrderedDict = collections.OrderedDict()


def warm_up() -> None:
    """Load the caches (fonts, stylesheet, template, Pango's font lookups) by rendering the sample once, so
    that a worker's first real certificate is not the slow one (about 1.5 s). Call at worker start."""
    render_pdf(snapshot=sample_snapshot(), code="00000-00000-00000", verify_url="https://example.invalid/verify/")


def _lay_out(context: dict, **extra):
    """One part of the certificate laid out (`part`: "certificate", page 1; "annex", the description)."""
    html = HTML(string=_template().render({**context, **extra}), base_url=_base_url())
    return html.render(stylesheets=[_stylesheet()], font_config=_font_config())


def _annex_key(context: dict) -> str:
    shown = json.dumps({key: context[key] for key in ANNEX_KEYS}, sort_keys=True, default=str)
    return hashlib.sha256(shown.encode()).hexdigest()


def _annex(context: dict, leading_pages: int):
    """The annex laid out after `leading_pages` stand-in pages (so that its pages are numbered as in the whole
    document), kept for the next learner of the same offering."""
    key = (_annex_key(context), leading_pages)
    document = _annexes.get(key)
    if document is None:
        document = _lay_out(context, part="annex", leading_pages=range(leading_pages))
        _annexes[key] = document
        while len(_annexes) > ANNEXES_KEPT:
            _annexes.popitem(last=False)
    else:
        _annexes.move_to_end(key)
    return document


def _finish(code: str):
    """A write_pdf finisher: puts the code in the Info dictionary as /VerificationCode (WeasyPrint's
    custom_metadata option would take it from <meta name="VerificationCode">, but it lower-cases meta names and
    so writes /verificationcode), and adds PDF/UA's identification to the XMP metadata."""

    def finisher(document, pdf):
        pdf.info["VerificationCode"] = pydyf.String(code)
        metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        xmp = b"".join(metadata.stream)
        metadata.stream = [xmp.replace(PDF_A_IDENTIFICATION, PDF_A_IDENTIFICATION + PDF_UA_IDENTIFICATION, 1)]
        if "AF" in pdf.catalog:  # WeasyPrint 70 lists each associated file twice
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))

    return finisher


def render_document(*, snapshot: dict, code: str, verify_url: str):
    """The certificate laid out: the learner's page(s), then the annex laid out once for the offering."""
    context = _context(snapshot, code, verify_url)
    annex = _annex(context, 1)
    annex_pages = annex.pages[1:]
    certificate = _lay_out(context, part="certificate", total_pages=1 + len(annex_pages))
    if len(certificate.pages) != 1:  # a certificate too full for one page: number the annex after all of them
        leading = len(certificate.pages)
        annex_pages = _annex(context, leading).pages[leading:]
        certificate = _lay_out(context, part="certificate", total_pages=leading + len(annex_pages))
    return certificate.copy([*certificate.pages, *annex_pages])


def render_pdf(
    *, snapshot: dict, code: str, verify_url: str, open_badge: dict | None = None, unsigned: bool = False
) -> bytes:
    """The certificate as unsigned PDF bytes: PDF/A-3b (archival) and tagged for PDF/UA-1 (a structure tree in
    reading order, each part's language, alternative texts for the QR code and the signatures), with the Open
    Badges credential, when given, embedded as an associated file (its machine-readable alternative). The Info
    dictionary holds the code in /Title, /Keywords and /VerificationCode, and the provider's English legal name
    in /Author.

    PDF/A asks for a file identifier (/ID) in the trailer. The signature's revision writes one (pyHanko), so a PDF
    to be signed is written without: WeasyPrint would compute it from a second pass over every object, a tenth of
    the render. Pass `unsigned` for a PDF that stays unsigned (a sample to look at)."""
    # WeasyPrint builds a large tree of live objects: the cyclic garbage collector would walk it dozens of
    # times per document to no avail. Pause it while laying out; it collects the garbage after.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        document = render_document(snapshot=snapshot, code=code, verify_url=verify_url)
        attachments = []
        if open_badge is not None:
            attachments.append(
                Attachment(
                    string=json.dumps(open_badge, ensure_ascii=False, indent=2),
                    name=OPEN_BADGE_FILE,
                    description="Open Badges 3.0 credential (OpenBadgeCredential) / ღია ბეჯის კრედენციალი",
                    relationship="Alternative",
                )
            )
        return document.write_pdf(
            pdf_variant="pdf/a-3b",
            pdf_tags=True,
            pdf_identifier=unsigned,
            attachments=attachments,
            finisher=_finish(code),
        )
    finally:
        if paused:
            gc.enable()

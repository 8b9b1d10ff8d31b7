"""The result page for readers who are not signed in, made from parts kept in this process: a certificate no one
asked for before is a page no cache holds, and rendering the whole template for it (the frame, the checks, the
Annex I elements) costs more than everything else the request does.

The template is rendered once per shape, with markers in place of what differs from one certificate to the next
(the code and the learner's name and grade), and the markers are then replaced by the escaped values. The shape is
everything else the page reads: the language, the verdict, each check with its detail, the learner's choices, the
days of issue and expiry, and the frozen snapshot without the learner and the grade. Two certificates of one shape
differ only where the markers are, so a page made from parts is the page the template makes (the tests compare them
byte for byte). Only the answers most pages give are made this way; a revoked or replaced certificate is rendered
in full."""

import collections
import contextlib
import copy
import json
import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import get_language

from apps.certificates.links import verify_url

from . import checks
from .templatetags.verification import day

TEMPLATE = "verification/result.html"
# Lower-case letters between "xq" and "qx": no code holds them (codes are upper case), and HTML escaping and URL
# encoding leave them as they are, so each comes out of the template exactly as it went in.
_MARKER = re.compile(r"xq([a-z]+)qx")
CODE = "xqcodeqx"
# The verdicts whose page reads nothing of the record beyond the shape (revoked and replaced ones name the category,
# the date and the new code).
SHAPED = {checks.VALID, checks.EXPIRED, checks.SUSPENDED, checks.INVALID}
# What the template reads of the snapshot: the page is made from these alone, so that a key the template reads and
# this list lacks shows as missing (the tests compare the two pages), never as another certificate's value.
SNAPSHOT_READ = [
    "learner",
    "title",
    "provider",
    "co_awarding",
    "outcomes",
    "ects",
    "workload_hours",
    "nqf_level",
    "eqf_level",
    "field_of_study",
    "assessment_type",
    "participation_mode",
    "supervision",
    "quality_assurance",
    "prerequisites",
    "grade",
]
KEPT = 1024  # shapes per process, the least recently used dropped first: at most some 15 MB
_kept: collections.OrderedDict[tuple, list[str]] = collections.OrderedDict()


def result_page(request, verification: checks.Verification, code: str) -> str:
    """The result page for `request` (a reader who is not signed in, the page not printed), from kept parts when
    the verdict is one of SHAPED, otherwise rendered in full."""
    context = {"v": verification, "code": code, "share_url": verify_url(code)}
    if verification.credential is None or verification.verdict not in SHAPED:
        return render_to_string(TEMPLATE, context, request)
    credential = verification.credential
    values = {"code": code, "issued": escape(day(timezone.localtime(credential.issued_at)))}
    if credential.expires_at:
        values["expires"] = escape(day(timezone.localtime(credential.expires_at)))
    snapshot = {key: credential.snapshot[key] for key in SNAPSHOT_READ if key in credential.snapshot}
    snapshot["learner"] = _marked(snapshot.get("learner") or {}, "learner", values)
    snapshot["grade"] = _marked(snapshot.get("grade") or {}, "grade", values)
    shape = (
        get_language(),
        verification.verdict,
        tuple((_text_key(check.label), check.passed, _text_key(check.detail)) for check in verification.checks),
        credential.show_grade,
        credential.show_pdf,
        credential.expires_at is not None,
        _snapshot_shape(credential, snapshot),
    )
    parts = _kept.get(shape)
    if parts is None:
        parts = _render_parts(request, verification, snapshot)
        _kept[shape] = parts
        if len(_kept) > KEPT:
            _kept.popitem(last=False)
    else:
        with contextlib.suppress(KeyError):  # dropped meanwhile by another thread of this process
            _kept.move_to_end(shape)
    # parts: text, marker name, text, marker name, …, text (a name no value has was text of the page itself)
    return "".join(part if i % 2 == 0 else values.get(part, f"xq{part}qx") for i, part in enumerate(parts))


def _text_key(text):
    """What makes a check's text in the shape (whose language is part of it): a lazy translation by the function
    and arguments it translates (its class is its function's own), without translating it; any other text as it
    is."""
    if isinstance(text, Promise):
        return type(text), text._args, tuple(text._kw.items())
    return str(text)


def _snapshot_shape(credential, snapshot: dict) -> str | tuple[str, str]:
    """The snapshot's part of the shape. A credential from its verification record (records.py) carries the digest
    of everything the page reads of its snapshot but the learner and the grade: that digest and those two (marked)
    make the key, instead of the whole snapshot as JSON."""
    digest = getattr(credential, "record_digest", None)
    if digest is None:
        return json.dumps(snapshot, sort_keys=True, default=str, ensure_ascii=False)
    own = {"learner": snapshot["learner"], "grade": snapshot["grade"]}
    return digest, json.dumps(own, sort_keys=True, default=str, ensure_ascii=False)


def _marked(value, name: str, values: dict):
    """`value` with every non-empty text or whole number in it replaced by a marker, and `values` given the escaped
    text each marker stands for. What stays (empty values, their keys, other types) belongs to the shape."""
    if isinstance(value, dict):
        return {key: _marked(item, name + re.sub("[^a-z]", "", key.lower()), values) for key, item in value.items()}
    if isinstance(value, str | int) and not isinstance(value, bool) and value not in ("", 0):
        if name in values:  # two keys that differ only in what a marker cannot hold: leave it in the shape
            return value
        values[name] = escape(str(value))
        return f"xq{name}qx"
    return value


def _render_parts(request, verification: checks.Verification, snapshot: dict) -> list[str]:
    marked = copy.copy(verification.credential)
    marked.snapshot = snapshot
    marked.issued_at = "xqissuedqx"
    marked.expires_at = "xqexpiresqx" if marked.expires_at else None
    marked_request = copy.copy(request)
    marked_request.path = marked_request.path_info = f"/verify/{CODE}/"
    context = {
        "v": checks.Verification(verification.findings, marked, verification.checks),
        "code": CODE,
        "share_url": verify_url(CODE),
    }
    return _MARKER.split(render_to_string(TEMPLATE, context, marked_request))

"""The public checks for employers' own systems: GET /api/v1/verify/<code>/ and POST /api/v1/verify/file/."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.certificates import codes
from apps.core.api import documented
from apps.core.ratelimit import RateThrottle

from . import checks, files
from .models import Channel
from .views import InMemoryLimitedUpload, log


class CheckSerializer(serializers.Serializer):
    label = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


VERDICT_HELP = (
    "The one verdict composed from every check, to lead what you show: the first that holds of "
    + ", ".join(f"`{v}`" for v in checks.RANK)
    + ". `valid` only when nothing else holds. `changed`: the file is not the one signed (or, for Open Badges, does"
    " not hold or differs from the record); `untrusted`: not signed by an identity the portal trusts, or the key"
    " was later reported compromised; `revoked`; `invalid`: the record fails its own checks (the provider was not"
    " authorized on the date of issue, the programme was not approved, the signature was never checked);"
    " `superseded`: a corrected certificate replaced it; `suspended`: the Center has suspended the provider's"
    " authorization for this level and field; `expired`; `not_found`: no certificate with this code was issued"
    " here; `mistyped`, `malformed`: the code; `unreadable`, `not_a_certificate`: the file."
)
TONE_HELP = "How to show the verdict: `good` (green), `warning` (amber: genuine, but look again), `bad` (red)."


class VerificationSerializer(serializers.Serializer):
    code = serializers.CharField()
    verdict = serializers.ChoiceField(choices=list(checks.VERDICTS), help_text=VERDICT_HELP)
    verdict_label = serializers.CharField(help_text="The verdict in the language of the request.")
    verdict_tone = serializers.ChoiceField(choices=[checks.GOOD, checks.WARNING, checks.BAD], help_text=TONE_HELP)
    checks = CheckSerializer(many=True)
    credential = serializers.JSONField(
        allow_null=True,
        help_text=(
            "The Annex I elements (grade only if shared). Of a revocation, the public `revocation_category` (and"
            " its label as `revocation_reason`) with `revoked_at`; the words staff wrote are never public."
        ),
    )


class FileVerificationSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=list(checks.VERDICTS),
        help_text=VERDICT_HELP + " Composed from the file and its record: a revoked certificate's genuine file reads"
        " `revoked`.",
    )
    verdict_label = serializers.CharField()
    verdict_tone = serializers.ChoiceField(choices=[checks.GOOD, checks.WARNING, checks.BAD], help_text=TONE_HELP)
    file_verdict = serializers.ChoiceField(
        choices=list(files.FILE_VERDICTS), help_text="What the file alone shows, before its record is read."
    )
    file_verdict_label = serializers.CharField()
    kind = serializers.CharField()
    code = serializers.CharField()
    record = VerificationSerializer(allow_null=True)


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class FileErrorSerializer(serializers.Serializer):
    file = serializers.ListField(child=serializers.CharField())


class ThrottledSerializer(serializers.Serializer):
    detail = serializers.CharField()
    retry_after = serializers.IntegerField(help_text="Seconds until the next check is accepted.")


class TooManyChecks(exceptions.Throttled):
    """Past the rate limit: the page's own words in the reader's language (DRF's have no Georgian), and when to come
    back, in the body as in `Retry-After`."""

    def __init__(self, wait: int):
        super().__init__()
        self.wait = wait
        message = ngettext(
            "Too many checks came from your address. Please try again in %(seconds)s second.",
            "Too many checks came from your address. Please try again in %(seconds)s seconds.",
            wait,
        ) % {"seconds": wait}
        self.detail = {"detail": message, "retry_after": wait}


class PublicCheckView(APIView):
    """Anyone, without signing in; counted per address with the verification pages of the same scope."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [RateThrottle]

    def throttled(self, request, wait):
        raise TooManyChecks(wait)


def public_elements(credential) -> dict | None:
    if credential is None:
        return None
    s = credential.snapshot
    data = {
        "learner": {
            k: s["learner"].get(k, "") for k in ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en")
        },
        "title": s["title"],
        "awarding_body": s["provider"]["legal_name"],
        "co_awarding": [b["legal_name"] for b in s.get("co_awarding", [])],
        "country": s["provider"].get("country"),
        "issued_at": credential.issued_at.isoformat(),
        "expires_at": credential.expires_at.isoformat() if credential.expires_at else None,
        "revoked_at": credential.revoked_at.isoformat() if credential.revoked_at else None,
        # The public reason is the category (in the reader's language under `revocation_reason`, as before): the
        # words staff typed are for the learner, the provider and the Center only.
        "revocation_category": credential.revocation_category or None,
        "revocation_reason": str(credential.get_revocation_category_display()) if credential.revoked_at else None,
        "superseded_by": credential.superseded_by.code if credential.superseded_by_id else None,
        "learning_outcomes": [{"ka": o["ka"], "en": o["en"]} for o in s.get("outcomes", [])],
        "ects": s.get("ects"),
        "workload_hours": s.get("workload_hours"),
        "nqf_level": s.get("nqf_level"),
        "eqf_level": s.get("eqf_level"),
        "field_of_study": s.get("field_of_study"),
        "assessment_type": s.get("assessment_type"),
        "participation_mode": s.get("participation_mode"),
        "supervision": s.get("supervision"),
        "quality_assurance": s.get("quality_assurance"),
    }
    if credential.show_grade:
        data["grade"] = s.get("grade")
    return data


def serialize(code: str, verification: checks.Verification) -> dict:
    return {
        "code": code,
        "verdict": verification.verdict,
        "verdict_label": str(verification.verdict_label),
        "verdict_tone": verification.tone,
        "checks": [{"label": str(c.label), "passed": c.passed, "detail": str(c.detail)} for c in verification.checks],
        "credential": public_elements(verification.credential),
    }


@documented(
    _("Verification"),
    get=(
        _("Check a certificate by its code"),
        _(
            "Anyone, without signing in (for employers' own systems): the verdict first (`verdict`, its label and "
            "tone), then each check made and the credential's public elements. The code may be written in any "
            "spelling. An unknown or mistyped code answers 404 with its verdict; past the rate limit, 429 with "
            "`Retry-After`."
        ),
    ),
)
class VerifyCodeView(PublicCheckView):
    throttle_scope = "verify"
    throttle_rate_setting = "VERIFY_RATE_LIMIT"

    @extend_schema(
        operation_id="verify_code",
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="In any spelling.")],
        responses={200: VerificationSerializer, 404: VerificationSerializer, 429: ThrottledSerializer},
    )
    def get(self, request, code):
        """Check a certificate by its code: the verdict, what was checked, and the Annex I elements."""
        try:
            canonical = codes.normalize(code)
        except codes.MistypedCode:
            log(request, Channel.API, checks.MISTYPED)
            return Response(serialize(code[:64], checks.Verification.of(checks.MISTYPED)), status=404)
        except codes.MalformedCode:
            log(request, Channel.API, checks.MALFORMED)
            return Response(serialize(code[:64], checks.Verification.of(checks.MALFORMED)), status=404)
        verification = checks.verify(canonical)
        log(request, Channel.API, verification.verdict, canonical)
        return Response(serialize(canonical, verification), status=200 if verification.credential else 404)


@documented(
    _("Verification"),
    post=(
        _("Check a certificate file"),
        _(
            "Anyone, without signing in: upload a certificate PDF or an Open Badges file (JSON or JWT) as `file` "
            "(multipart/form-data). It is read in a sandbox and not stored. The answer gives the verdict, what the "
            "file shows and the portal's record. 400 without a file, 413 for one too large, 429 past the rate limit."
        ),
    ),
)
class VerifyFileView(PublicCheckView):
    throttle_scope = "verify-upload"
    throttle_rate_setting = "VERIFY_UPLOAD_RATE_LIMIT"
    parser_classes = [parsers.MultiPartParser]

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            request.upload_handlers = [InMemoryLimitedUpload(request)]  # in memory, never on disk
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        operation_id="verify_file",
        request={"multipart/form-data": FileUploadSerializer},
        responses={
            200: FileVerificationSerializer,
            400: FileErrorSerializer,
            413: FileErrorSerializer,
            429: ThrottledSerializer,
        },
    )
    def post(self, request):
        """Check an uploaded certificate PDF or Open Badges file (JSON or JWT); it is not stored."""
        upload = request.FILES.get("file")
        if getattr(request._request, "upload_too_large", False):
            return Response({"file": [f"The file is larger than {settings.VERIFY_FILE_MAX_MB} MB."]}, status=413)
        if upload is None:
            return Response({"file": ["Upload a file."]}, status=400)
        if upload.size > settings.VERIFY_FILE_MAX_MB * 1024 * 1024:
            return Response({"file": [f"The file is larger than {settings.VERIFY_FILE_MAX_MB} MB."]}, status=413)
        outcome = files.check_file(upload.read())
        log(request, Channel.FILE_API, outcome.verdict, outcome.code)
        return Response(
            {
                "verdict": outcome.verdict,
                "verdict_label": str(outcome.verdict_label),
                "verdict_tone": outcome.tone,
                "file_verdict": outcome.file_verdict,
                "file_verdict_label": str(outcome.file_verdict_label),
                "kind": outcome.kind,
                "code": outcome.code,
                "record": serialize(outcome.code, outcome.record) if outcome.record else None,
            }
        )

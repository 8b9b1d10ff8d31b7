"""The public checks for employers' own systems: GET /api/v1/verify/<code>/ and POST /api/v1/verify/file/."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.certificates import codes
from apps.core.ratelimit import hit

from . import checks, files
from .models import Channel
from .views import InMemoryLimitedUpload, log


class CheckSerializer(serializers.Serializer):
    label = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    code = serializers.CharField()
    verdict = serializers.ChoiceField(choices=list(checks.VERDICTS))
    verdict_label = serializers.CharField()
    checks = CheckSerializer(many=True)
    credential = serializers.JSONField(allow_null=True, help_text="The Annex I elements (grade only if shared).")


class FileVerificationSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=list(files.FILE_VERDICTS))
    verdict_label = serializers.CharField()
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


def _throttled(request, scope, rate):
    wait = hit(request, scope, rate)
    if not wait:
        return None
    return Response(
        {"detail": "Too many checks from this address.", "retry_after": wait},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(wait)},
    )


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
        "revocation_reason": credential.revocation_reason or None,
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
        "checks": [{"label": str(c.label), "passed": c.passed, "detail": str(c.detail)} for c in verification.checks],
        "credential": public_elements(verification.credential),
    }


class VerifyCodeView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="verify_code",
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="In any spelling.")],
        responses={200: VerificationSerializer, 404: VerificationSerializer, 429: ThrottledSerializer},
    )
    def get(self, request, code):
        """Check a certificate by its code: the verdict, what was checked, and the Annex I elements."""
        throttled = _throttled(request, "verify", settings.VERIFY_RATE_LIMIT)
        if throttled:
            return throttled
        try:
            canonical = codes.normalize(code)
        except codes.MistypedCode:
            log(request, Channel.API, checks.MISTYPED)
            return Response(serialize(code[:64], checks.Verification(checks.MISTYPED)), status=404)
        except codes.MalformedCode:
            log(request, Channel.API, checks.MALFORMED)
            return Response(serialize(code[:64], checks.Verification(checks.MALFORMED)), status=404)
        verification = checks.verify(canonical)
        log(request, Channel.API, verification.verdict, canonical)
        return Response(serialize(canonical, verification), status=200 if verification.credential else 404)


class VerifyFileView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
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
        throttled = _throttled(request, "verify-upload", settings.VERIFY_UPLOAD_RATE_LIMIT)
        if throttled:
            return throttled
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
                "kind": outcome.kind,
                "code": outcome.code,
                "record": serialize(outcome.code, outcome.record) if outcome.record else None,
            }
        )

"""Credentials in /api/v1/: learners read their own; provider admins read, issue (one or a whole offering),
revoke and re-issue their provider's; the Center reads all and may revoke and re-issue. Anyone else gets a
404 for a credential that is not theirs."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from apps.core.api import ErrorSerializer, documented
from apps.enrolments.models import Enrolment, Offering
from apps.providers import access

from . import bulk_issuing, issuing, links, ob3_build, ob3_sign, revocation
from .models import STAFF_REVOCATION_CATEGORIES, Credential, IssuanceBatch, RevocationCategory
from .permissions import is_nceqe


class CredentialSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="effective_status", read_only=True)
    learner_name = serializers.CharField(read_only=True)
    title = serializers.JSONField(source="snapshot.title", read_only=True)
    grade = serializers.JSONField(source="snapshot.grade", read_only=True)
    ects = serializers.CharField(source="snapshot.ects", read_only=True)
    superseded_by = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    pdf_url = serializers.SerializerMethodField()
    open_badge_json_url = serializers.SerializerMethodField()
    open_badge_jwt_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    preparation_error = serializers.CharField(source="render_error_text", read_only=True)

    class Meta:
        model = Credential
        fields = [
            "code",
            "status",
            "learner_name",
            "title",
            "grade",
            "ects",
            "provider",
            "offering",
            "enrolment",
            "issued_at",
            "expires_at",
            "revoked_at",
            "revocation_reason",
            "revocation_category",
            "superseded_by",
            "pdf_sha256",
            "pdf_url",
            "open_badge_json_url",
            "open_badge_jwt_url",
            "verify_url",
            "preparation_error",
        ]

    def get_pdf_url(self, obj) -> str | None:
        if obj.status == "pending":
            return None
        return self.context["request"].build_absolute_uri(reverse("credential_pdf", args=[obj.code]))

    def get_open_badge_json_url(self, obj) -> str | None:
        return None if obj.status == "pending" else links.credential_url(obj.code)

    def get_open_badge_jwt_url(self, obj) -> str | None:
        return None if obj.status == "pending" else links.absolute(reverse("ob3_jwt", args=[obj.code]))

    def get_verify_url(self, obj) -> str:
        return links.verify_url(obj.code)


class IssueSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()


class BulkIssueSerializer(serializers.Serializer):
    offering = serializers.IntegerField()


class OpenBadgeSerializer(serializers.Serializer):
    credential = serializers.JSONField()
    jwt = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Told to the learner; kept for the provider's staff and the Center. Never public."
    )


class RevokeSerializer(ReasonSerializer):
    category = serializers.ChoiceField(
        choices=STAFF_REVOCATION_CATEGORIES,
        default=RevocationCategory.OTHER,
        help_text="What everyone who checks the certificate reads, with the date (`other` when left out).",
    )


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    issued = serializers.IntegerField()
    pending = serializers.IntegerField()
    failing = serializers.IntegerField()
    finished = serializers.BooleanField()
    percent = serializers.IntegerField()


@documented(
    _("Certificates"),
    list=(
        _("List credentials"),
        _(
            "Signed in: your own credentials as a learner, those of the providers you work for, or every credential "
            "for NCEQE. Filter by `offering`, `status` or `provider`."
        ),
    ),
    retrieve=(
        _("Read a credential"),
        _("One credential the list shows you, by its verification code (`XXXXX-XXXXX-XXXXX`); any other is a 404."),
    ),
    create=(
        _("Issue a credential"),
        _(
            "Provider administrators: issue the credential of one learner who passed (`enrolment`). It answers 201 "
            "at once with the credential pending; rendering and signing the PDF follow in the background. An "
            "enrolment of another provider is a 404."
        ),
    ),
    bulk_issue=(
        _("Issue a whole offering"),
        _(
            "Provider administrators: issue every learner of an offering who passed and has no credential yet. "
            "Answers 202 with the batch and its `url` (also in `Location`): poll it until `finished`."
        ),
    ),
    open_badge=(
        _("Get the Open Badges 3.0 credential"),
        _(
            "The credential as an OpenBadgeCredential (JSON) and the same signed as a VC-JWT, for wallets. 404 while "
            "it is pending."
        ),
    ),
    revoke=(
        _("Revoke a credential"),
        _(
            "Provider administrators and NCEQE: revoked at once, everywhere. The public verification shows the "
            "`category` and the date; the `reason` is told to the learner and kept for the provider's staff and the "
            "Center, never public."
        ),
    ),
    reissue=(
        _("Re-issue with corrections"),
        _(
            "Provider administrators and NCEQE: a corrected credential under a new code, which the answer returns; "
            "the old one is superseded."
        ),
    ),
)
class CredentialViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CredentialSerializer
    permission_classes = [permissions.IsAuthenticated, access.ProviderCapability]
    capabilities = {"revoke": access.Capability.ISSUE, "reissue": access.Capability.ISSUE}

    def provider_of(self, credential):
        return credential.provider_id

    def outsider_may(self, request, credential):
        return is_nceqe(request.user)  # the Center revokes and re-issues too

    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}"
    filterset_fields = {"offering": ["exact"], "status": ["exact"], "provider": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view for the schema
            return Credential.objects.none()
        user = self.request.user
        credentials = Credential.objects.select_related("superseded_by").order_by("-issued_at", "-pk")
        if is_nceqe(user):
            return credentials
        return credentials.filter(Q(learner=user) | Q(provider_id__in=access.member_provider_ids(user)))

    # An enrolment or offering outside the user's providers is a 404, as the access matrix has it.
    @extend_schema(request=IssueSerializer, responses={201: CredentialSerializer, 404: ErrorSerializer})
    def create(self, request):
        """Issue the credential of one learner who passed (rendering and signing follow in a worker)."""
        data = IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("offering__version__programme"),
            pk=data.validated_data["enrolment"],
            offering__version__programme__provider_id__in=access.member_provider_ids(request.user),
        )
        credential = issuing.credential_issue(enrolment=enrolment, acting_user=request.user)
        return Response(self.get_serializer(credential).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BulkIssueSerializer, responses={202: BatchSerializer, 404: ErrorSerializer})
    @action(detail=False, methods=["post"], url_path="bulk-issue")
    def bulk_issue(self, request):
        """Issue every passed learner of an offering without a credential. Returns the batch to poll at
        /api/v1/issuance-batches/<id>/ until `finished`."""
        data = BulkIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offering = get_object_or_404(
            Offering.objects.select_related("version__programme"),
            pk=data.validated_data["offering"],
            version__programme__provider_id__in=access.member_provider_ids(request.user),
        )
        batch = bulk_issuing.offering_bulk_issue(offering=offering, acting_user=request.user)
        body = issuing.batch_progress(batch)
        body["url"] = request.build_absolute_uri(reverse("issuance-batch-detail", args=[batch.pk]))
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    def _with_reason(self, request, service, serializer_class=ReasonSerializer):
        credential = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        result = service(credential=credential, acting_user=request.user, **data.validated_data)
        return Response(self.get_serializer(result).data)

    @extend_schema(responses={200: OpenBadgeSerializer})
    @action(detail=True, methods=["get"], url_path="open-badge")
    def open_badge(self, request, code=None):
        """The credential as an Open Badges 3.0 OpenBadgeCredential: the JSON and the same as a VC-JWT."""
        credential = self.get_object()
        if credential.status == "pending":
            raise NotFound
        return Response(
            {"credential": ob3_build.credential_json(credential), "jwt": ob3_sign.credential_jwt(credential)}
        )

    @extend_schema(request=RevokeSerializer, responses={200: CredentialSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, code=None):
        """Revoke an issued credential. Immediate everywhere. The public verification shows the `category` and
        the date; the `reason` is told to the learner and kept for the provider's staff and the Center."""
        return self._with_reason(request, revocation.credential_revoke, RevokeSerializer)

    @extend_schema(request=ReasonSerializer, responses={200: CredentialSerializer})
    @action(detail=True, methods=["post"])
    def reissue(self, request, code=None):
        """Re-issue with corrections under a new code; returns the new credential (the old one is superseded)."""
        return self._with_reason(request, revocation.credential_reissue)


@documented(
    _("Certificates"),
    retrieve=(
        _("Follow a bulk issuance"),
        _(
            "Staff of the offering's provider and NCEQE: how many credentials of the batch are done, issued, "
            "pending and failing, the percentage, and whether it has `finished`."
        ),
    ),
)
class IssuanceBatchViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"

    @extend_schema(responses=BatchSerializer, parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def retrieve(self, request, pk=None):
        """The progress of a bulk issuance."""
        batches = IssuanceBatch.objects.all()
        if not is_nceqe(request.user):
            batches = batches.filter(
                offering__version__programme__provider_id__in=access.member_provider_ids(request.user)
            )
        batch = get_object_or_404(batches, pk=pk)
        return Response(issuing.batch_progress(batch))

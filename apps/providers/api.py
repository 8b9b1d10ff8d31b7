"""The providers' part of /api/v1/: the public read of providers and their current authorization; provider
administrators read and write their own applications; NCEQE reviewers read all of them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import api_error, documented
from apps.reference.models import FieldOfStudy, NQFLevel

from . import access, authorizing, selectors
from .models import AuthorizationApplication, AuthorizationDecision, Provider
from .validators import validate_pdf


class AuthorizationSerializer(serializers.ModelSerializer):
    levels = serializers.SlugRelatedField(many=True, read_only=True, slug_field="level")
    fields_of_study = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = AuthorizationDecision
        fields = ["id", "valid_from", "valid_until", "levels", "fields_of_study", "decided_at"]


class ProviderSerializer(serializers.ModelSerializer):
    authorization_status = serializers.SerializerMethodField()
    authorization = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = [
            "id",
            "legal_name_ka",
            "legal_name_en",
            "short_name",
            "identification_code",
            "kind",
            "country",
            "address",
            "website",
            "authorization_status",
            "authorization",
        ]

    def _standing(self, provider):
        return selectors.provider_standing(provider)

    def get_authorization_status(self, provider) -> str:
        return self._standing(provider).state

    def get_authorization(self, provider) -> dict | None:
        authorization = self._standing(provider).authorization
        return AuthorizationSerializer(authorization).data if authorization else None


@documented(
    _("Providers"),
    list=(
        _("List authorized providers"),
        _(
            "Anyone, without signing in: the providers NCEQE has authorized, now or before, with the status and "
            "scope of their current authorization. Filter by `kind` or `country`."
        ),
    ),
    retrieve=(
        _("Read a provider"),
        _("Anyone: one provider of the registry with its current authorization. 404 for one never authorized."),
    ),
)
class ProviderViewSet(viewsets.ReadOnlyModelViewSet):
    """Providers in the public registry, with their current authorization."""

    serializer_class = ProviderSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["kind", "country"]

    def get_queryset(self):
        return (
            selectors.providers_with_authorizations()
            .filter(decisions__outcome="authorized")
            .distinct()
            .order_by("legal_name_en")
        )


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=255)
    file = serializers.FileField(write_only=True, validators=[validate_pdf])
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    uploaded_at = serializers.DateTimeField(read_only=True)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthorizationDecision
        fields = [
            "id",
            "outcome",
            "reasons_ka",
            "reasons_en",
            "conditions_ka",
            "conditions_en",
            "valid_from",
            "valid_until",
            "decided_at",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    provider = access.ScopedPrimaryKeyField(scope=access.own_providers, model=Provider)
    levels = serializers.SlugRelatedField(
        many=True, slug_field="level", queryset=NQFLevel.objects.all(), required=False
    )
    fields_of_study = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=FieldOfStudy.objects.all(), required=False
    )
    documents = DocumentSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = AuthorizationApplication
        fields = [
            "id",
            "provider",
            "status",
            "levels",
            "fields_of_study",
            "self_evaluation",
            "created_at",
            "submitted_at",
            "documents",
            "decisions",
        ]
        read_only_fields = ["status", "created_at", "submitted_at"]


@documented(
    _("Authorization"),
    list=(
        _("List applications for authorization"),
        _(
            "Provider administrators: the applications of their providers; NCEQE reviewers: all of them. Filter by "
            "`status` or `provider`."
        ),
    ),
    create=(
        _("Start an application"),
        _(
            "Provider administrators: a draft application of one of their providers, with the NQF levels, fields of "
            "study and self-evaluation asked for. Attach documents, then submit it."
        ),
    ),
    retrieve=(
        _("Read an application"),
        _(
            "An application with its documents and the Center's decisions. Another provider's is a 404; one of your "
            "own provider's is a 403 unless you are its administrator."
        ),
    ),
    update=(
        _("Replace a draft application"),
        _(
            "Provider administrators: rewrite the levels, fields of study and self-evaluation of a draft. An "
            "application cannot move to another provider."
        ),
    ),
    partial_update=(_("Change a draft application"), _("As PUT, with only the fields sent.")),
    submit=(
        _("Submit an application to NCEQE"),
        _("Provider administrators: send a complete draft to the Center. A 400 names what is missing."),
    ),
    withdraw=(
        _("Withdraw an application"),
        _("Provider administrators: withdraw an application the Center has not decided yet."),
    ),
    documents=(
        _("Attach a document"),
        _(
            "Provider administrators: attach a supporting PDF of at most 10 MB to a draft, sent as "
            "multipart/form-data with `title` and `file`. Answers 201 with the stored document and its SHA-256."
        ),
    ),
)
class ApplicationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Applications for authorization. A provider administrator sees and writes their providers' own; an NCEQE
    reviewer reads all. Anyone else's application is a 404."""

    serializer_class = ApplicationSerializer
    filterset_fields = ["status", "provider"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    permission_classes = [permissions.IsAuthenticated, access.ProviderCapability]
    capabilities = dict.fromkeys(
        ["retrieve", "update", "partial_update", "submit", "withdraw", "documents"], access.Capability.MANAGE
    )

    def _is_reviewer(self):
        return access.center_may(self.request.user, "providers.view_authorizationapplication")

    def provider_of(self, application):
        return application.provider_id  # the Center reads every application, and decides in the admin

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return AuthorizationApplication.objects.none()
        queryset = AuthorizationApplication.objects.prefetch_related(
            "levels", "fields_of_study", "documents", "decisions"
        )
        if self._is_reviewer():
            return queryset.order_by("-created_at")
        # A list shows the applications the user manages; one of their own provider's is found, then the role decides.
        capability = access.Capability.MANAGE if self.action == "list" else access.Capability.VIEW
        return queryset.filter(provider_id__in=access.provider_ids(self.request.user, capability)).order_by(
            "-created_at"
        )

    def _require_admin_of(self, provider):
        access.check(self.request.user, access.Capability.MANAGE, provider)

    def perform_create(self, serializer):
        provider = serializer.validated_data["provider"]
        self._require_admin_of(provider)
        application = authorizing.application_create(provider=provider, acting_user=self.request.user)
        self._update(application, serializer.validated_data)
        serializer.instance = application

    def perform_update(self, serializer):
        application = serializer.instance
        self._require_admin_of(application.provider)
        data = serializer.validated_data
        if "provider" in data and data["provider"] != application.provider:
            raise serializers.ValidationError({"provider": _("An application cannot move to another provider.")})
        self._update(application, data, partial=serializer.partial)

    def _update(self, application, data, partial=False):
        try:
            authorizing.application_update(
                application=application,
                acting_user=self.request.user,
                levels=data.get("levels", application.levels.all() if partial else []),
                fields_of_study=data.get("fields_of_study", application.fields_of_study.all() if partial else []),
                self_evaluation=data.get("self_evaluation", application.self_evaluation if partial else ""),
            )
        except DjangoValidationError as error:
            raise api_error(error) from None

    def _transition(self, service):
        application = self.get_object()
        self._require_admin_of(application.provider)
        try:
            service(application=application, acting_user=self.request.user)
        except DjangoValidationError as error:
            raise api_error(error) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a complete draft to NCEQE."""
        return self._transition(authorizing.application_submit)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw an application that is not yet decided."""
        return self._transition(authorizing.application_withdraw)

    @extend_schema(request={"multipart/form-data": DocumentSerializer}, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser])
    def documents(self, request, pk=None):
        """Attach a supporting document (a PDF of at most 10 MB) to a draft."""
        application = self.get_object()
        self._require_admin_of(application.provider)
        upload = DocumentSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            document = authorizing.application_add_document(
                application=application,
                acting_user=request.user,
                title=upload.validated_data["title"],
                upload=upload.validated_data["file"],
            )
        except DjangoValidationError as error:
            raise api_error(error) from None
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

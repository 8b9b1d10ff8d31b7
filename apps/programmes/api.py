"""The programmes' part of /api/v1/: the authoring and review of versions for provider authors and NCEQE
reviewers. (The public catalogue, /api/v1/programmes/, is the registry's: apps/registry/api.py.)"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import api_error, documented
from apps.providers import access
from apps.providers.models import Provider
from apps.reference.models import FieldOfStudy, Language, NQFLevel

from . import selectors, services
from .models import ProgrammeVersion, ReviewOutcome
from .rules import version_problems


class OutcomeSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, help_text=_("Your own key, which components use to name it."))
    text_ka = serializers.CharField()
    text_en = serializers.CharField()
    esco_uri = serializers.URLField(required=False, allow_blank=True)

    def to_representation(self, outcome):
        # A saved outcome's key is its id, which the components read back name it by.
        return {
            "key": str(outcome.pk),
            "text_ka": outcome.text_ka,
            "text_en": outcome.text_en,
            "esco_uri": outcome.esco_uri,
        }


class ComponentSerializer(serializers.Serializer):
    name_ka = serializers.CharField()
    name_en = serializers.CharField()
    weight = serializers.IntegerField(min_value=1, max_value=100)
    pass_mark = serializers.IntegerField(min_value=0, max_value=100)
    outcomes = serializers.ListField(child=serializers.CharField(), required=False)

    def to_representation(self, component):
        return {
            "name_ka": component.name_ka,
            "name_en": component.name_en,
            "weight": component.weight,
            "pass_mark": component.pass_mark,
            "outcomes": [str(o.pk) for o in component.outcomes.all()],
        }


class VersionSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id", read_only=True)
    provider = access.ScopedPrimaryKeyField(scope=access.own_providers, model=Provider, write_only=True, required=False)
    code = serializers.CharField(source="programme.code", required=False)
    nqf_level = serializers.PrimaryKeyRelatedField(queryset=NQFLevel.objects.all(), required=False, allow_null=True)
    field_of_study = serializers.PrimaryKeyRelatedField(
        queryset=FieldOfStudy.objects.all(), required=False, allow_null=True
    )
    languages = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Language.objects.all(), required=False
    )
    # Written and read back in the same shape: the response carries what was saved.
    outcomes = OutcomeSerializer(many=True, required=False)
    components = ComponentSerializer(many=True, required=False)
    problems = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeVersion
        fields = [
            "id",
            "programme",
            "provider",
            "code",
            "number",
            "status",
            *[f for f in services.CONTENT_FIELDS if f not in ("nqf_level", "field_of_study")],
            "nqf_level",
            "field_of_study",
            "languages",
            "outcomes",
            "components",
            "problems",
        ]
        read_only_fields = ["number", "status"]

    def get_problems(self, version) -> dict:
        return version_problems(version) if version.pk and version.is_editable else {}


class ReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    reasons_ka = serializers.CharField(allow_blank=True)
    reasons_en = serializers.CharField(allow_blank=True)


@documented(
    _("Programmes"),
    list=(
        _("List programme versions"),
        _(
            "Signed in: the versions of the programmes of the providers you work for (any role); NCEQE reviewers "
            "see every version. Filter by `status`."
        ),
    ),
    create=(
        _("Start a programme"),
        _(
            "Provider administrators and authors: a new programme (`provider`, `code`) with its first draft version "
            "and whatever content is sent. `problems` in the answer lists what is still missing before it can be "
            "submitted. 403 for a provider where your role may not author."
        ),
    ),
    retrieve=(
        _("Read a programme version"),
        _(
            "A version with its learning outcomes and assessment components. Another provider's version is a 404 "
            "(NCEQE reviewers read all)."
        ),
    ),
    update=(
        _("Replace a draft"),
        _(
            "Provider administrators and authors: rewrite a draft's content, learning outcomes and components. Only "
            "a draft can be changed; a change to a published programme is a new version, started in the portal."
        ),
    ),
    partial_update=(
        _("Change a draft"),
        _("As PUT, with only the fields sent; `outcomes` or `components`, when sent, replace the existing ones."),
    ),
    submit=(
        _("Submit a draft to NCEQE"),
        _(
            "Provider administrators and authors: send a complete draft to the Center for review. A 400 names what "
            "is missing or outside the national rules."
        ),
    ),
    publish=(
        _("Publish an approved version"),
        _(
            "Provider administrators and authors: put an approved version in the catalogue. The version it replaces "
            "is archived and stays readable, for the credentials earned on it."
        ),
    ),
    decide=(
        _("Decide on a submitted version"),
        _(
            "NCEQE reviewers: approve, request changes or reject, with the reasons in both languages. Anyone else "
            "gets 403, or 404 for a version they may not know."
        ),
    ),
)
class VersionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Programme versions. Provider administrators and authors read and write their own provider's; NCEQE
    reviewers read all and decide. Anyone else's version is a 404."""

    serializer_class = VersionSerializer
    permission_classes = [permissions.IsAuthenticated, access.ProviderCapability]
    capabilities = dict.fromkeys(["update", "partial_update", "submit", "publish"], access.Capability.AUTHOR)
    filterset_fields = ["status"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _is_reviewer(self):
        return access.center_may(self.request.user, "programmes.view_programmeversion")

    def provider_of(self, version):
        return version.programme.provider_id

    def outsider_may(self, request, version):
        return self.action == "decide" and access.center_may(request.user, "programmes.add_programmereview")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammeVersion.objects.none()
        queryset = selectors.with_everything(ProgrammeVersion.objects.all()).order_by("-pk")
        if self._is_reviewer():
            return queryset
        return queryset.filter(programme__provider_id__in=access.member_provider_ids(self.request.user))

    def _save(self, version, validated):
        data = {k: v for k, v in validated.items() if k in services.CONTENT_FIELDS + services.M2M_FIELDS}
        existing = self.get_serializer(version).data
        try:
            return services.version_save(
                version=version,
                acting_user=self.request.user,
                data=data,
                outcomes=validated.get("outcomes", existing["outcomes"]),
                components=validated.get("components", existing["components"]),
            )
        except DjangoValidationError as error:
            raise api_error(error) from None

    def create(self, request, *args, **kwargs):
        # The role first, so that no reply about the body depends on a provider the user may not act for.
        provider = access.named_in_body(request, "provider", access.own_providers(request.user))
        if provider is not None:
            access.check(request.user, access.Capability.AUTHOR, provider)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        provider = serializer.validated_data.get("provider")
        code = serializer.validated_data.get("programme", {}).get("code")
        if not provider or not code:
            raise serializers.ValidationError({"provider": _("Name the provider and the programme code.")})
        access.check(request.user, access.Capability.AUTHOR, provider)
        try:
            version = services.programme_create(provider=provider, acting_user=request.user, code=code)
        except DjangoValidationError as error:
            raise api_error(error) from None
        version = self._save(version, serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=version.pk)).data, status=201)

    def update(self, request, *args, **kwargs):
        version = self.get_object()
        serializer = self.get_serializer(version, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        self._save(version, serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=version.pk)).data)

    def _run(self, service, **kwargs):
        version = self.get_object()
        try:
            service(version=version, **kwargs)
        except DjangoValidationError as error:
            raise api_error(error) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=version.pk)).data)

    @extend_schema(request=None, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a complete draft to NCEQE."""
        return self._run(services.version_submit, acting_user=request.user)

    @extend_schema(request=None, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish an approved version in the catalogue."""
        return self._run(services.version_publish, acting_user=request.user)

    @extend_schema(request=ReviewSerializer, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """NCEQE reviewers: approve, request changes or reject, with reasons in both languages."""
        self.get_object()  # someone else's version is a 404 before anything else
        access.require_center(request.user, "programmes.add_programmereview")
        review = ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        return self._run(services.version_decide, reviewer=request.user, **review.validated_data)

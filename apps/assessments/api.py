"""Results in /api/v1/results/: provider staff read their providers' results and record first-attempt scores;
learners read their own once they are final."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, serializers, viewsets

from apps.core.api import api_error, documented
from apps.enrolments.models import Enrolment, EnrolmentStatus
from apps.providers import access

from .models import AssessmentResult
from .services import gradebook_save


def _enrolments_known_to(user):
    """Enrolments a staff member may name: those of the providers they work for. Any other id reads "does not
    exist", the same as an id never used, so nobody learns what another provider holds."""
    return Enrolment.objects.filter(offering__version__programme__provider_id__in=access.member_provider_ids(user))


class ResultSerializer(serializers.ModelSerializer):
    enrolment = access.ScopedPrimaryKeyField(scope=_enrolments_known_to, model=Enrolment)

    class Meta:
        model = AssessmentResult
        fields = ["id", "enrolment", "component", "attempt", "score", "assessed_on", "comment"]
        read_only_fields = ["attempt", "assessed_on"]
        # A first attempt that exists is recorded again (the gradebook's own rule), so no uniqueness check runs
        # here: it would answer before the permission does.
        validators = []

    def validate(self, attrs):
        enrolment, component = attrs["enrolment"], attrs["component"]
        if component.version_id != enrolment.offering.version_id:
            raise serializers.ValidationError(
                {"component": [_("This component is not part of the programme version of the learner's offering.")]}
            )
        if enrolment.offering.results_finalised_at is None and enrolment.status != EnrolmentStatus.ENROLLED:
            raise serializers.ValidationError({"enrolment": [_("Scores are recorded for enrolled learners only.")]})
        return attrs


@documented(
    _("Results"),
    list=(
        _("List results"),
        _(
            "Provider administrators and assessors: the results of their providers' learners; a learner: their own, "
            "once the offering's results are final. Filter by `enrolment`, `enrolment__offering` or `component`."
        ),
    ),
    create=(
        _("Record a score"),
        _(
            "Provider administrators and assessors: the first-attempt score (0–100) of an enrolled learner in one "
            "component, until the offering's results are final; sent again, it replaces the score. Re-sits and "
            "corrections are made in the portal."
        ),
    ),
    retrieve=(_("Read a result"), _("One of the results the list shows you.")),
)
class ResultViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Results: staff of the provider read and write them (first attempts, before the results are final);
    a learner reads their own once they are final."""

    serializer_class = ResultSerializer
    permission_classes = [permissions.IsAuthenticated, access.ProviderCapability]
    capabilities = {"retrieve": access.Capability.ASSESS, "create": access.Capability.ASSESS}
    filterset_fields = ["enrolment", "enrolment__offering", "component"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AssessmentResult.objects.none()
        user = self.request.user
        own_final = Q(enrolment__learner=user, enrolment__offering__results_finalised_at__isnull=False)
        # A list shows what the user may read; one result of their own provider is found, then the role decides.
        capability = access.Capability.ASSESS if self.action == "list" else access.Capability.VIEW
        staff = Q(enrolment__offering__version__programme__provider_id__in=access.provider_ids(user, capability))
        return (
            AssessmentResult.objects.filter(own_final | staff)
            .select_related("enrolment__offering__version__programme")
            .order_by("enrolment", "component__order", "attempt")
        )

    def provider_of(self, result):
        return result.enrolment.offering.version.programme.provider_id

    def create(self, request, *args, **kwargs):
        # The role is asked before anything in the body is checked, so that a reply never depends on data the
        # user may not see. An enrolment they may not name is left to the serializer: "does not exist".
        enrolment = access.named_in_body(request, "enrolment", _enrolments_known_to(request.user))
        if enrolment is not None:
            access.check(request.user, access.Capability.ASSESS, enrolment.offering.version.programme.provider_id)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        enrolment = data["enrolment"]
        access.check(self.request.user, access.Capability.ASSESS, enrolment.offering.version.programme.provider_id)
        try:
            problems = gradebook_save(
                offering=enrolment.offering,
                assessor=self.request.user,
                scores={(enrolment.pk, data["component"].pk): str(data["score"])},
            )
        except DjangoValidationError as error:
            raise api_error(error) from None
        if problems:
            raise serializers.ValidationError({"score": list(problems.values())})
        serializer.instance = AssessmentResult.objects.get(enrolment=enrolment, component=data["component"], attempt=1)

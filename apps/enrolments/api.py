"""Offerings, enrolments and results in /api/v1/. Offerings are public; provider staff see their providers'
enrolments and write results; learners see their own enrolments, and their results once they are final."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from apps.assessments.models import AssessmentResult
from apps.assessments.services import ASSESSING_ROLES, gradebook_save
from apps.core.api import api_error
from apps.providers.models import ProviderMembership

from . import services
from .models import Enrolment, FundingSource, Offering
from .selectors import offerings_with_places


class OfferingSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="version.programme_id", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    places_taken = serializers.IntegerField(source="taken", read_only=True)

    class Meta:
        model = Offering
        fields = [
            "id",
            "programme",
            "version",
            "start_date",
            "end_date",
            "enrolment_opens",
            "enrolment_closes",
            "capacity",
            "places_taken",
            "waiting_list",
            "language",
            "participation_mode",
            "place",
            "online_link",
            "fee",
            "funding_sources",
            "results_finalised_at",
        ]


class OfferingViewSet(viewsets.ReadOnlyModelViewSet):
    """Offerings of published programmes (public)."""

    serializer_class = OfferingSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {
        "version__programme": ["exact"],
        "version__programme__provider": ["exact"],
        "enrolment_closes": ["gte"],
    }

    def get_queryset(self):
        return offerings_with_places().filter(version__status="published").order_by("start_date", "pk")


class EnrolmentSerializer(serializers.ModelSerializer):
    offering = serializers.PrimaryKeyRelatedField(queryset=Offering.objects.all())
    learner_email = serializers.EmailField(source="learner.email", required=False)
    funding_source = serializers.ChoiceField(choices=FundingSource.choices)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "offering",
            "learner_email",
            "status",
            "funding_source",
            "applied_at",
            "enrolled_at",
            "completed_at",
        ]
        read_only_fields = ["status", "applied_at", "enrolled_at", "completed_at"]


def _staff_provider_ids(user, roles=None):
    memberships = ProviderMembership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("provider_id")


class EnrolmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enrolments: a learner's own, and all of the providers where the user is staff. POST enrols: a learner
    themselves (offering, funding_source), provider administrators anyone (with learner_email)."""

    serializer_class = EnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["offering", "status", "funding_source"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        user = self.request.user
        return (
            Enrolment.objects.filter(
                Q(learner=user) | Q(offering__version__programme__provider_id__in=_staff_provider_ids(user))
            )
            .select_related("learner", "offering")
            .order_by("-applied_at")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        email = data.get("learner", {}).get("email")
        try:
            if email and email.lower() != self.request.user.email:
                enrolment = services.enrol_by_staff(
                    offering=data["offering"],
                    acting_user=self.request.user,
                    person={"email": email},
                    funding_source=data["funding_source"],
                )
            else:
                enrolment = services.enrol_self(
                    offering=data["offering"], learner=self.request.user, funding_source=data["funding_source"]
                )
        except DjangoValidationError as error:
            raise api_error(error) from None
        serializer.instance = enrolment


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentResult
        fields = ["id", "enrolment", "component", "attempt", "score", "assessed_on", "comment"]
        read_only_fields = ["attempt", "assessed_on"]


class ResultViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Results: staff of the provider read and write them (first attempts, before the results are final);
    a learner reads their own once they are final."""

    serializer_class = ResultSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["enrolment", "enrolment__offering", "component"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AssessmentResult.objects.none()
        user = self.request.user
        own_final = Q(enrolment__learner=user, enrolment__offering__results_finalised_at__isnull=False)
        staff = Q(enrolment__offering__version__programme__provider_id__in=_staff_provider_ids(user, ASSESSING_ROLES))
        return AssessmentResult.objects.filter(own_final | staff).order_by("enrolment", "component__order", "attempt")

    def perform_create(self, serializer):
        data = serializer.validated_data
        enrolment = data["enrolment"]
        if not ProviderMembership.objects.filter(
            user=self.request.user, provider=enrolment.offering.version.programme.provider, role__in=ASSESSING_ROLES
        ).exists():
            raise PermissionDenied(_("Only the provider's assessors and administrators record results."))
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

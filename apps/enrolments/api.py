"""Offerings and enrolments in /api/v1/. Offerings are public; provider staff see their providers' enrolments
and invite; learners see their own enrolments. (Results are apps/assessments/api.py.)"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import api_error, documented
from apps.providers import access

from . import services
from .models import Enrolment, EnrolmentInvitation, FundingSource, Offering
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
            "place_en",
            "online_link",
            "fee",
            "funding_sources",
            "results_finalised_at",
        ]


@documented(
    _("Catalogue"),
    list=(
        _("List offerings"),
        _(
            "Anyone, without signing in: the offerings (cohorts) of published programmes, earliest first, with "
            "their dates, enrolment window, capacity, places taken, venue, fee and accepted funding. Filter by "
            "`version__programme`, `version__programme__provider` or `enrolment_closes__gte` (a date)."
        ),
    ),
    retrieve=(_("Read an offering"), _("Anyone: one offering of a published programme.")),
)
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


@documented(
    _("Enrolments"),
    list=(
        _("List enrolments"),
        _(
            "Signed in: your own enrolments as a learner, and every enrolment of the providers you work for. Filter "
            "by `offering`, `status` or `funding_source`."
        ),
    ),
    create=(
        _("Enrol yourself"),
        _(
            "A signed-in learner enrols in an offering open for enrolment, with a `funding_source` it accepts; when "
            "it is full and keeps a waiting list, the enrolment goes on the list. A 400 says why otherwise (closed, "
            "already enrolled). To enrol someone else, invite them."
        ),
    ),
    retrieve=(_("Read an enrolment"), _("One of the enrolments the list shows you; any other is a 404.")),
)
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
                Q(learner=user) | Q(offering__version__programme__provider_id__in=access.member_provider_ids(user))
            )
            .select_related("learner", "offering")
            .order_by("-applied_at")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        email = data.get("learner", {}).get("email")
        if email and email.lower() != self.request.user.email.lower():
            # Staff never enrol an account directly: they invite (the same answer whoever the address is).
            raise serializers.ValidationError(
                {"learner_email": [_("To enrol someone else, invite them: POST /api/v1/enrolment-invitations/.")]}
            )
        try:
            enrolment = services.enrol_self(
                offering=data["offering"], learner=self.request.user, funding_source=data["funding_source"]
            )
        except DjangoValidationError as error:
            raise api_error(error) from None
        serializer.instance = enrolment


def _offerings_run_by(user):
    return Offering.objects.filter(version__programme__provider_id__in=access.member_provider_ids(user))


class EnrolmentInvitationSerializer(serializers.ModelSerializer):
    """What the provider typed, and where the invitation stands: never anything of an account."""

    offering = access.ScopedPrimaryKeyField(scope=_offerings_run_by, model=Offering)
    funding_source = serializers.ChoiceField(choices=FundingSource.choices)

    class Meta:
        model = EnrolmentInvitation
        fields = [
            "id",
            "offering",
            "email",
            "first_name_ka",
            "last_name_ka",
            "first_name_en",
            "last_name_en",
            "date_of_birth",
            "personal_number",
            "funding_source",
            "status",
            "created_at",
            "answered_at",
            "enrolment",
        ]
        read_only_fields = ["status", "created_at", "answered_at", "enrolment"]
        # One open invitation per address is the service's check (with the offering locked), after the role's.
        validators = []


@documented(
    _("Enrolments"),
    list=(
        _("List invitations to enrol"),
        _("Provider administrators: the invitations of their providers' offerings. Filter by `offering` or `status`."),
    ),
    create=(
        _("Invite someone to enrol"),
        _(
            "Provider administrators: the person (e-mail and names) gets an e-mail and is enrolled once they accept; "
            "the invitation keeps a place until then. The answer is the same whether or not the address has an "
            "account."
        ),
    ),
    retrieve=(
        _("Read an invitation"),
        _("What the provider typed and where the invitation stands; nothing of the person's account."),
    ),
    withdraw=(
        _("Withdraw an invitation"),
        _("Provider administrators: the link in the e-mail stops working and the place it kept is freed."),
    ),
)
class EnrolmentInvitationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Invitations to enrol, which is how provider administrators enrol people: the person gets an e-mail and
    is enrolled once they accept. POST answers the same whether or not the address has an account."""

    serializer_class = EnrolmentInvitationSerializer
    permission_classes = [permissions.IsAuthenticated, access.ProviderCapability]
    capabilities = {"retrieve": access.Capability.RUN, "withdraw": access.Capability.RUN}
    filterset_fields = ["offering", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EnrolmentInvitation.objects.none()
        capability = access.Capability.RUN if self.action == "list" else access.Capability.VIEW
        return (
            EnrolmentInvitation.objects.filter(
                offering__version__programme__provider_id__in=access.provider_ids(self.request.user, capability)
            )
            .select_related("offering__version__programme")
            .order_by("-created_at", "-pk")
        )

    def provider_of(self, invitation):
        return invitation.offering.version.programme.provider_id

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        offering, funding = data.pop("offering"), data.pop("funding_source")
        try:
            invitation = services.enrolment_invite(
                offering=offering, acting_user=self.request.user, person=data, funding_source=funding
            )
        except DjangoValidationError as error:
            raise api_error(error) from None
        serializer.instance = invitation

    @extend_schema(request=None, responses=EnrolmentInvitationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        invitation = self.get_object()
        try:
            invitation = services.enrolment_invitation_withdraw(invitation=invitation, acting_user=request.user)
        except DjangoValidationError as error:
            raise api_error(error) from None
        return Response(self.get_serializer(invitation).data)

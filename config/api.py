"""/api/v1/: one router for every app's API."""

from rest_framework.routers import DefaultRouter

from apps.assessments.api import ResultViewSet
from apps.certificates.api import CredentialViewSet, IssuanceBatchViewSet
from apps.enrolments.api import EnrolmentInvitationViewSet, EnrolmentViewSet, OfferingViewSet
from apps.programmes.api import VersionViewSet
from apps.providers.api import ApplicationViewSet, ProviderViewSet
from apps.registry.api import CatalogueViewSet

router = DefaultRouter()
router.register("providers", ProviderViewSet, basename="provider")
router.register("applications", ApplicationViewSet, basename="application")
router.register("programmes", CatalogueViewSet, basename="programme")
router.register("programme-versions", VersionViewSet, basename="programme-version")
router.register("offerings", OfferingViewSet, basename="offering")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("enrolment-invitations", EnrolmentInvitationViewSet, basename="enrolment-invitation")
router.register("results", ResultViewSet, basename="result")
router.register("credentials", CredentialViewSet, basename="credential")
router.register("issuance-batches", IssuanceBatchViewSet, basename="issuance-batch")

from django.urls import path  # noqa: E402

from apps.verification.api import VerifyCodeView, VerifyFileView  # noqa: E402

urlpatterns = [
    path("verify/file/", VerifyFileView.as_view(), name="verify-file"),
    path("verify/<str:code>/", VerifyCodeView.as_view(), name="verify-code"),
    *router.urls,
]

"""/api/v1/: one router for every app's API."""

from rest_framework.routers import DefaultRouter

from apps.providers.api import ApplicationViewSet, ProviderViewSet

router = DefaultRouter()
router.register("providers", ProviderViewSet, basename="provider")
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = router.urls

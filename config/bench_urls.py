"""The portal's URLs plus a bare view, for the verification benchmark only (config.settings.bench)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as portal


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal]

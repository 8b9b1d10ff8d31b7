from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as base_urlpatterns


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [*base_urlpatterns, path("broken/", broken)]

from django.conf import settings
from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.exceptions import NotFound

from .health import run_checks


def home(request):
    return render(request, "core/home.html")


def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "unverified_retention_days": settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        },
    )


@require_GET
def switch_language(request, language):
    """A language link for pages that are the same for every reader (and so carry no CSRF token): it only sets
    the language cookie, as a GET must change nothing else; the signed-in user's saved choice is the form's job
    (accounts' set_language, routed as core:set_language)."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@never_cache
@require_GET
def healthz(request):
    healthy, results = run_checks()
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)


def error_404(request, exception=None):
    if request.path.startswith("/api/"):
        # The API answers in JSON even for a path no route matches (a code of the wrong shape, say).
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without the request's context processors: whatever broke (the database, say) must not break
    # the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()}))

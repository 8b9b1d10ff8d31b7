from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .selectors import user_needs_mfa


class PreferredLanguageMiddleware:
    """A signed-in user who has not picked a language in this browser gets the one in their profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class RequireMFAMiddleware:
    """Staff, NCEQE reviewers and provider staff must turn on two-factor authentication before they may use
    the admin or the provider area, when settings.MFA_REQUIRED_FOR_STAFF is on."""

    PROTECTED_PREFIXES = ("/admin/", "/provider/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and request.path.startswith(self.PROTECTED_PREFIXES)
            and request.user.is_authenticated
            and user_needs_mfa(request.user)
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request, _("Turn on two-factor authentication before you use the administration or provider area.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

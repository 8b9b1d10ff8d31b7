import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .selectors import user_lacks_required_mfa


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
    """When settings.MFA_REQUIRED_FOR_STAFF is on, a person with a role that needs a second factor (Django staff,
    NCEQE reviewers, provider staff) and none turned on may use only their own account and the public pages;
    any other page sends them to turn two-factor authentication on.

    The rule is for the person, not the page: a provider's staff member who is also a learner turns it on before
    their learner area and their own certificates too, since one password opens both. Everything not listed
    here is closed, so a new page is protected without anyone remembering to. The API (/api/) is guarded by its
    authentication classes (apps.accounts.authentication), which see token users as well as sessions."""

    OPEN_PATHS = frozenset({"/", "/healthz"})
    STATUS_LIST = re.compile(r"/credentials/status/\d+/")
    OPEN_PREFIXES = (
        "/account/",  # their own account: sign out, turn on two-factor, password, e-mail, profile, own data
        "/i18n/",  # the language switch
        "/static/",
        "/media/",
        "/privacy/",
        "/verify/",  # public verification
        "/registry/",  # the public registry and catalogue
        # The Open Badges documents anyone fetches (not a credential's own files: those may be private).
        "/issuers/",
        "/achievements/",
        "/keys/",
        "/.well-known/",
        "/api/",  # the schema and its docs are public; /api/v1/ checks in its authentication classes
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path in self.OPEN_PATHS or path.startswith(self.OPEN_PREFIXES) or self.STATUS_LIST.fullmatch(path):
            return self.get_response(request)
        if user_lacks_required_mfa(getattr(request, "user", None)):
            messages.warning(
                request,
                _(
                    "Turn on two-factor authentication to continue: your account has staff or reviewer rights. "
                    "Until it is on, you can use only your account settings and the public pages."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

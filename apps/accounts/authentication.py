"""The API's authentication: whoever a request authenticates as, a person whose role needs a second factor and
who has none turned on is refused while settings.MFA_REQUIRED_FOR_STAFF is on (RequireMFAMiddleware does the
same for the HTML pages). Any authentication class the API uses mixes SecondFactorRequired in first."""

from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme as BaseSessionScheme
from rest_framework import authentication, exceptions

from .selectors import user_lacks_required_mfa


class SecondFactorRequired:
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and user_lacks_required_mfa(result[0]):
            raise exceptions.PermissionDenied(
                _(
                    "Turn on two-factor authentication for this account in the portal (My account → Two-factor "
                    "authentication) before you use the API: the account has staff or reviewer rights."
                )
            )
        return result


class SessionAuthentication(SecondFactorRequired, authentication.SessionAuthentication):
    pass


class SessionScheme(BaseSessionScheme):
    """The OpenAPI description of the session cookie, for this subclass too."""

    target_class = "apps.accounts.authentication.SessionAuthentication"

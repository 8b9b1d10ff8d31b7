from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.core.ratelimit import client_address
from apps.core.tasks import send_email

from .models import User


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mails call `current_site`: the portal's name and its public host (the portal runs without
    django.contrib.sites, so without this the mails read "Hello from !")."""

    name: str | Promise
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=_("MicroCred Georgia"), domain=urlsplit(settings.PUBLIC_BASE_URL).netloc)


def on_public_host(url: str) -> str:
    """The same address on PUBLIC_BASE_URL: a link in a mail never depends on the Host header of the request
    that caused it (a forged Host would otherwise send a password reset key to the forger's site)."""
    base, bits = urlsplit(settings.PUBLIC_BASE_URL), urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + bits.path, bits.query, bits.fragment))


# The links allauth puts in the context of its mails.
MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        for field in ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "preferred_language"):
            setattr(user, field, data.get(field, "") or getattr(user, field))
        user.privacy_accepted_at = timezone.now()
        if commit:
            user.full_clean(exclude=["password"])
            user.save()
        return user

    def get_login_redirect_url(self, request):
        """Each person lands where their work is: NCEQE and staff in the admin, provider staff in the provider
        area, learners in their learning. A `next` address, when given, wins (allauth applies it first)."""
        user = request.user
        if user.is_staff:
            return reverse("admin:index")
        if user.provider_memberships.exists():
            return reverse("providers:home")
        if user.enrolments.exists():
            return reverse("learner:home")
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request):
        """The portal's one notion of the client's address (behind the proxies TRUSTED_PROXY_COUNT trusts), so
        that allauth's login, sign-up and reset limits count each person, not the proxy."""
        return client_address(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth keys its "too many failed logins" lock by the account alone, so anyone could lock a person
        out by failing on purpose. Keyed by the account and the address, the lock holds only where the
        failures came from; the per-address limit still stops one address from trying many accounts."""
        return f"{get_ip(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"

    def send_mail(self, template_prefix, email, context):
        """Render in the current language, then hand delivery to Celery once the transaction commits. The mail
        telling an owner that someone tried to sign up with their address is in the owner's language, not in
        that of whoever tried."""
        context = {
            "email": email,
            **context,
            "current_site": portal_site(),
            "base_url": settings.PUBLIC_BASE_URL,
            "retention_days": settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        }
        for key in MAIL_LINKS:
            if context.get(key):
                context[key] = on_public_host(context[key])
        language = translation.get_language()
        if template_prefix == "account/email/account_already_exists":
            owner = User.objects.filter(email__iexact=email).first()
            language = (owner and owner.preferred_language) or language
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), None)
        send_email.delay_on_commit(
            subject=message.subject, body=message.body, to=list(message.to), html=html, from_email=message.from_email
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "apps.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self):
        # Connects the signal receivers that retire kept pages; the models it names are loaded only now.
        from . import kept_pages  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "apps.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from apps.accounts import personal_data

        from . import tasks  # noqa: F401 - connects the worker_ready signal
        from .personal_data import credentials

        personal_data.register("credentials")(credentials)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "apps.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # Imported here, not at the top: they load models, which an AppConfig module may not.
        from apps.accounts import personal_data
        from apps.assessments import completion

        from . import tasks  # noqa: F401 - connects the worker_ready signal
        from .on_completion import credential_follow_completion
        from .personal_data import credentials

        personal_data.register("credentials")(credentials)
        completion.completed.connect(credential_follow_completion, dispatch_uid="certificates.follow_completion")

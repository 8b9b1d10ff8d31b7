from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "apps.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self):
        from django.db.models.signals import post_save

        from apps.certificates.models import Credential

        from . import authority, pagecache

        authority.connect()
        post_save.connect(
            lambda sender, instance, **kwargs: pagecache.credential_changed(instance.code),
            sender=Credential,
            weak=False,
            dispatch_uid="verify-page-credential",
        )

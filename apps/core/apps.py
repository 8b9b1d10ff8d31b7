from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self):
        # Imported here, not at the top: admin_i18n loads the admin, whose modules load models.
        from . import admin_i18n

        admin_i18n.install()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "apps.providers"
    label = "providers"
    verbose_name = _("Providers and authorization")

    def ready(self):
        # Imported here, not at the top: they load models, which an AppConfig module may not.
        from apps.accounts import personal_data

        from . import personal_data as provider_personal_data

        personal_data.register("provider_memberships")(provider_personal_data.memberships)

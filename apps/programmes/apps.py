from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "apps.programmes"
    label = "programmes"
    verbose_name = _("Micro-credential programmes")

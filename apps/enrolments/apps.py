from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentsConfig(AppConfig):
    name = "apps.enrolments"
    label = "enrolments"
    verbose_name = _("Offerings and enrolments")

    def ready(self):
        # Imported here, not at the top: they load models, which an AppConfig module may not.
        from apps.accounts import personal_data

        from .personal_data import enrolment_invitations, enrolments

        personal_data.register("enrolments")(enrolments)
        personal_data.register("enrolment_invitations")(enrolment_invitations)

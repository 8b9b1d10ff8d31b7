from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnerConfig(AppConfig):
    """The learner area (/learner/): one page over enrolments, results and certificates, so it stands above all
    of them."""

    name = "apps.learner"
    label = "learner"
    verbose_name = _("Learner area")

"""The verification event log: what was asked and answered, for statistics later. No personal data: the
client's address is kept only as a keyed hash."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PAGE = "page", _("Web page")
    API = "api", _("API")
    FILE = "file", _("File check")
    FILE_API = "file_api", _("File check through the API")


class VerificationEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    result = models.CharField(_("result"), max_length=32)
    code = models.CharField(_("verification code"), max_length=17, blank=True)
    client = models.CharField(_("client (keyed hash of the address)"), max_length=64)

    class Meta:
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["result", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.result} {self.code}"

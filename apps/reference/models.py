"""Reference data shared by providers and programmes: the Georgian NQF with its indicative EQF referencing,
and the ISCED-F 2013 fields of study (NCEQE's classifier of fields of study)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.constraints import ConstraintErrorsOnFields
from apps.core.i18n import BilingualNameMixin


class QFEHEACycle(models.TextChoices):
    SHORT = "short", _("Short cycle")
    FIRST = "first", _("First cycle (bachelor)")
    SECOND = "second", _("Second cycle (master)")
    THIRD = "third", _("Third cycle (doctorate)")


class NQFLevel(ConstraintErrorsOnFields, BilingualNameMixin, models.Model):
    """A level of the Georgian National Qualifications Framework. The EQF level is indicative until the
    referencing is official, so it is data, not code."""

    level = models.PositiveSmallIntegerField(_("NQF level"), primary_key=True)
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"))
    qf_ehea_cycle = models.CharField(_("QF-EHEA cycle"), max_length=8, choices=QFEHEACycle.choices, blank=True)
    name_ka = models.CharField(_("name (Georgian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    constraint_fields = {
        "nqf_level_1_to_8": "level",
        "eqf_level_1_to_8": "eqf_level",
    }

    class Meta:
        verbose_name = _("NQF level")
        verbose_name_plural = _("NQF levels")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8),
                name="nqf_level_1_to_8",
                violation_error_code="nqf_level_1_to_8",
                violation_error_message=_("An NQF level is from 1 to 8."),
            ),
            models.CheckConstraint(
                condition=models.Q(eqf_level__gte=1, eqf_level__lte=8),
                name="eqf_level_1_to_8",
                violation_error_code="eqf_level_1_to_8",
                violation_error_message=_("An EQF level is from 1 to 8."),
            ),
        ]

    def __str__(self):
        return self.name


class FieldLevel(models.TextChoices):
    BROAD = "broad", _("Broad field")
    NARROW = "narrow", _("Narrow field")
    DETAILED = "detailed", _("Detailed field")


class FieldOfStudy(BilingualNameMixin, models.Model):
    """An ISCED-F 2013 field: broad (2 digits), narrow (3) or detailed (4). A field covers the fields whose
    code starts with its own."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=FieldLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent field"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_ka = models.CharField(_("name (Georgian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("field of study")
        verbose_name_plural = _("fields of study")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def covers(self, other: "FieldOfStudy | str") -> bool:
        code = other if isinstance(other, str) else other.code
        return code.startswith(self.code)


class Language(BilingualNameMixin, models.Model):
    """A language of instruction, by its ISO 639-1 code."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_ka = models.CharField(_("name (Georgian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

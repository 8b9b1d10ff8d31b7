import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Georgian Mkhedruli letters (U+10D0–U+10FF), with the spaces, hyphens and apostrophes that names contain.
_GEORGIAN_NAME = re.compile(r"^[\u10D0-\u10FF\u1C90-\u1CBF]+(?:[ '\-][\u10D0-\u10FF\u1C90-\u1CBF]+)*$")
# Latin letters, including the accented ones of other European languages.
_LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F]+(?:[ '.\-][A-Za-z\u00C0-\u024F]+)*\.?$")


def validate_georgian_script(value):
    if value and not _GEORGIAN_NAME.match(value.strip()):
        raise ValidationError(_("Write this name in Georgian letters."), code="not_georgian")


def validate_latin_script(value):
    if value and not _LATIN_NAME.match(value.strip()):
        raise ValidationError(_("Write this name in Latin letters, as in your passport."), code="not_latin")


def validate_personal_number(value):
    if value and not re.fullmatch(r"\d{11}", value):
        raise ValidationError(_("A personal number is exactly 11 digits."), code="invalid_personal_number")


# A learner of a micro-credential in higher education: old enough to study, young enough to be alive. A date
# outside is a typing slip (a wrong year), which the certificate would print for good.
YOUNGEST_LEARNER_AGE = 14
OLDEST_LEARNER_AGE = 100


def age_on(date_of_birth, today) -> int:
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


def validate_date_of_birth(value):
    if not value:
        return
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("A date of birth cannot be in the future."), code="date_of_birth_future")
    age = age_on(value, today)
    if age < YOUNGEST_LEARNER_AGE:
        raise ValidationError(
            _("Check the year: a learner is at least %(age)s years old."),
            code="date_of_birth_too_recent",
            params={"age": YOUNGEST_LEARNER_AGE},
        )
    if age > OLDEST_LEARNER_AGE:
        raise ValidationError(
            _("Check the year: this date of birth gives an age over %(age)s years."),
            code="date_of_birth_too_old",
            params={"age": OLDEST_LEARNER_AGE},
        )

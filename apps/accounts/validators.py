import re

from django.core.exceptions import ValidationError
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

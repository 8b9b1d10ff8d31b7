"""Georgian dates as Georgian institutions write them: day, month, year and a 24-hour clock (Django's own
Georgian formats use "p.m." and abbreviated month names in numeric dates)."""

from django.conf.locale.ka.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"

"""Georgian dates as Georgian institutions write them: "4 აგვისტო 2026", with a 24-hour clock (Django's own Georgian
formats use "p.m." and abbreviated month names in numeric dates).

One display format everywhere (pages, e-mails, the certificate's PDF): the short formats are the long ones, so no
page mixes "4 აგვისტო 2026" with "05.07.2026". Machine formats (APIs, CSV, JSON, <input type="date">) are ISO 8601."""

from django.conf.locale.ka.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday

# What a form accepts: ISO first (the browser's date picker and the admin's widgets send it), then the day-first
# numbers Georgians type. Never month-first: 05.07.2026 is the 5th of July.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M",
]

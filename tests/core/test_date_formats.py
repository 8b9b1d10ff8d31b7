"""One date format per language, everywhere (config/formats/): "4 აგვისტო 2026" in Georgian, "4 August 2026" in
English; numbers only in machine formats. Forms read ISO and day-first dates, never month-first."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone, translation

from apps.enrolments import services

pytestmark = pytest.mark.django_db

MONTHS = {
    "ka": "იანვარი თებერვალი მარტი აპრილი მაისი ივნისი ივლისი აგვისტო სექტემბერი ოქტომბერი ნოემბერი დეკემბერი".split(),  # noqa: SIM905
    "en": "January February March April May June July August September October November December".split(),  # noqa: SIM905
}
NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")


def written(day: datetime.date, language: str) -> str:
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def _main(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


@pytest.mark.parametrize("language", ["ka", "en"])
def test_the_offering_and_its_gradebook_read_one_date_format(client, offering, admin_a, language):
    services.enrolment_invite(
        offering=offering,
        acting_user=admin_a,
        person={"email": "nino@example.ge", "first_name_en": "Nino", "last_name_en": "Beridze"},
        funding_source="self",
    )
    client.force_login(admin_a)
    client.cookies["django_language"] = language
    provider = offering.version.programme.provider
    base = f"/provider/{provider.pk}/offerings/{offering.pk}/"
    for path in (base, base + "gradebook/", base + "credentials/", f"/provider/{provider.pk}/offerings/"):
        main = _main(client.get(path).content.decode())
        assert written(offering.start_date, language) in main, path
        assert written(offering.end_date, language) in main, path
        assert not NUMERIC_DATE.findall(main), (path, NUMERIC_DATE.findall(main))
    main = _main(client.get(base).content.decode())
    for day in (offering.enrolment_opens, offering.enrolment_closes, timezone.localdate()):
        assert written(day, language) in main  # the enrolment window, and the day the invitation was sent


def test_no_template_chooses_a_display_format_of_its_own():
    # The language's own formats for people; ISO 8601 ("c") only for machines, as in <time datetime="...">.
    allowed = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "c"}
    chosen = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*"):
        if path.suffix in (".html", ".txt"):
            for argument in re.findall(r"\|(?:date|time):[\"']([^\"']+)[\"']", path.read_text(encoding="utf-8")):
                if argument not in allowed:
                    chosen.append(f"{path.name}: {argument}")
    assert not chosen


@pytest.mark.parametrize(
    ("language", "typed"),
    [("ka", "05.07.2026"), ("ka", "05/07/2026"), ("ka", "2026-07-05"), ("en", "05/07/2026"), ("en", "2026-07-05")],
)
def test_a_typed_date_is_day_first_in_both_languages(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == datetime.date(2026, 7, 5)


@pytest.mark.parametrize("language", ["ka", "en"])
def test_a_date_field_hands_the_browsers_date_picker_iso(language):
    class Form(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override(language):
        assert 'value="2026-07-05"' in str(Form(initial={"day": datetime.date(2026, 7, 5)})["day"])

"""The date of birth a learner gives (their certificates print it): a real date, not in the future, a plausible
age, saved through the accounts service (issue 13, item 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from apps.accounts.forms import date_of_birth_field
from apps.accounts.services import user_set_date_of_birth

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def years_ago(years):
    try:
        return TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        return TODAY.replace(year=TODAY.year - years, day=28)


def test_a_plausible_date_is_saved(learner):
    user_set_date_of_birth(user=learner, date_of_birth=datetime.date(1998, 5, 17))
    learner.refresh_from_db()
    assert learner.date_of_birth == datetime.date(1998, 5, 17)


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "დაბადების თარიღი მომავალში ვერ იქნება."),
        (years_ago(5), "შეამოწმეთ წელი: მსმენელი სულ მცირე 14 წლისაა."),
        (datetime.date(TODAY.year - 130, 1, 1), "შეამოწმეთ წელი: ამ თარიღით ასაკი 100 წელს აღემატება."),
    ],
)
def test_an_impossible_date_is_refused_in_georgian_and_not_saved(learner, date_of_birth, message):
    with translation.override("ka"), pytest.raises(ValidationError) as refused:
        user_set_date_of_birth(user=learner, date_of_birth=date_of_birth)
    assert refused.value.message_dict == {"date_of_birth": [message]}
    learner.refresh_from_db()
    assert learner.date_of_birth is None


def test_the_youngest_and_oldest_plausible_ages_are_accepted(learner):
    for years in (14, 100):
        user_set_date_of_birth(user=learner, date_of_birth=years_ago(years))
        learner.refresh_from_db()
        assert learner.date_of_birth == years_ago(years)


@pytest.mark.parametrize("typed", ["2001-02-30", "2001-13-01", "not a date"])
def test_the_form_field_refuses_a_date_that_does_not_exist(typed):
    with translation.override("ka"), pytest.raises(ValidationError) as refused:
        date_of_birth_field().clean(typed)
    assert refused.value.messages == ["შეიყვანეთ სწორი თარიღი."]


def test_the_field_is_a_date_picker_that_stops_at_today():
    widget = date_of_birth_field().widget
    assert widget.input_type == "date" and widget.attrs["max"] == TODAY.isoformat()

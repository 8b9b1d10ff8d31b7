"""Offerings and enrolments: windows, capacity (also under concurrency), one account per person."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from apps.enrolments import services
from apps.enrolments.models import Enrolment
from tests.factories import UserFactory
from tests.helpers import TODAY, offering_data

pytestmark = pytest.mark.django_db


def test_an_offering_needs_a_published_programme_and_sane_dates(published, admin_a, authorized_a, author):
    from tests.helpers import new_complete_version

    draft = new_complete_version(authorized_a, author, code="DRAFT")
    with pytest.raises(ValidationError):
        services.offering_create(version=draft, acting_user=admin_a, data=offering_data())
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.offering_create(
            version=published, acting_user=admin_a, data=offering_data(end_date=TODAY - datetime.timedelta(days=1))
        )
    assert "end_date" in error.value.message_dict


def test_a_learner_enrols_while_the_window_is_open_and_there_is_room(offering):
    learners = [UserFactory() for _ in range(4)]
    for learner in learners[:3]:
        services.enrol_self(offering=offering, learner=learner, funding_source="self")
    with translation.override("en"), pytest.raises(ValidationError, match="full"):
        services.enrol_self(offering=offering, learner=learners[3], funding_source="self")
    with translation.override("en"), pytest.raises(ValidationError, match="already enrolled"):
        services.enrol_self(offering=offering, learner=learners[0], funding_source="self")
    assert Enrolment.objects.filter(offering=offering).count() == 3


def test_a_full_offering_with_a_waiting_list_queues_and_promotes(offering, admin_a):
    services.offering_update(offering=offering, acting_user=admin_a, data={"capacity": 1, "waiting_list": True})
    first, second = UserFactory(), UserFactory()
    taken = services.enrol_self(offering=offering, learner=first, funding_source="self")
    waiting = services.enrol_self(offering=offering, learner=second, funding_source="self")
    assert waiting.status == "waitlisted"
    services.enrolment_withdraw(enrolment=taken, acting_user=first)
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"


def test_enrolment_outside_the_window_is_refused(offering, admin_a):
    services.offering_update(
        offering=offering,
        acting_user=admin_a,
        data={
            "enrolment_opens": TODAY + datetime.timedelta(days=1),
            "enrolment_closes": TODAY + datetime.timedelta(days=5),
        },
    )
    with translation.override("en"), pytest.raises(ValidationError, match="closed"):
        services.enrol_self(offering=offering, learner=UserFactory(), funding_source="self")


def test_a_funding_source_the_offering_does_not_accept_is_refused(offering):
    with pytest.raises(ValidationError) as error:
        services.enrol_self(offering=offering, learner=UserFactory(), funding_source="voucher")
    assert "funding_source" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_learners_cannot_both_take_the_last_place(offering, admin_a):
    services.offering_update(offering=offering, acting_user=admin_a, data={"capacity": 1})
    learners = [UserFactory(), UserFactory()]
    barrier, outcomes = threading.Barrier(2), []

    def take(learner):
        try:
            barrier.wait()
            services.enrol_self(offering=offering, learner=learner, funding_source="self")
            outcomes.append("enrolled")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["enrolled", "refused"]
    assert Enrolment.objects.filter(offering=offering).count() == 1

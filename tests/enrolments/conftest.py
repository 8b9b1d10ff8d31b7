import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.enrolments import services
from apps.reference.models import Language
from tests.factories import MembershipFactory
from tests.programmes.conftest import author, authorized_a, new_complete_version, publish  # noqa: F401
from tests.providers.conftest import admin_a, admin_b, assessor_a, author_a, provider_a, provider_b  # noqa: F401

TODAY = timezone.localdate()


def offering_data(**overrides):
    data = {
        "start_date": TODAY + datetime.timedelta(days=10),
        "end_date": TODAY + datetime.timedelta(days=60),
        "enrolment_opens": TODAY - datetime.timedelta(days=1),
        "enrolment_closes": TODAY + datetime.timedelta(days=9),
        "capacity": 3,
        "waiting_list": False,
        "language": Language.objects.get(pk="ka"),
        "participation_mode": "online",
        "fee": Decimal("0"),
        "funding_sources": ["self", "state_grant"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def published(authorized_a, author, reviewer):  # noqa: F811
    return publish(new_complete_version(authorized_a, author), author, reviewer)


@pytest.fixture
def offering(published, admin_a):  # noqa: F811
    return services.offering_create(version=published, acting_user=admin_a, data=offering_data())


@pytest.fixture
def assessor(offering):
    return MembershipFactory(provider=offering.version.programme.provider, role="assessor").user


def enrol_by_invitation(offering, admin, person: dict, funding_source: str = "self"):
    """How staff enrol someone now: the administrator invites, the person (an account, made here if there is
    none) accepts. Returns the enrolment."""
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory

    invitation = services.enrolment_invite(
        offering=offering, acting_user=admin, person=person, funding_source=funding_source
    )
    learner = get_user_model().objects.filter(email__iexact=invitation.email).first()
    if learner is None:
        fields = ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en")
        names = {f: person[f] for f in fields if f in person}
        learner = UserFactory(email=invitation.email, **names)
    return services.enrolment_invitation_accept(invitation=invitation, learner=learner)

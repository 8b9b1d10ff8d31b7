"""'May provider P issue at NQF level L in field F on date D?' — the one answer later work relies on."""

import datetime

import pytest
from django.utils import timezone

from apps.providers import authorizing
from apps.providers.selectors import AuthorizationState, provider_may_issue, provider_standing
from tests.helpers import authorize

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def may(provider, level, field, on=None):
    return provider_may_issue(provider=provider, nqf_level=level, field_code=field, on_date=on or TODAY)


def test_the_scope_is_levels_and_fields_and_a_broader_field_covers_the_ones_under_it(provider_a, admin_a, reviewer):
    authorize(provider_a, admin_a, reviewer, levels=(6, 7), fields=("061", "0532"))

    assert may(provider_a, 6, "0612")  # narrow 061 covers detailed 0612
    assert may(provider_a, 7, "0613")
    assert may(provider_a, 6, "0532")
    assert not may(provider_a, 5, "0612")  # level outside the scope
    assert not may(provider_a, 6, "0912")  # field outside the scope
    assert not may(provider_a, 6, "06")  # the broad field is wider than what was authorized


def test_a_broad_field_covers_every_narrow_and_detailed_field_under_it(provider_a, admin_a, reviewer):
    authorize(provider_a, admin_a, reviewer, fields=("06",))
    assert may(provider_a, 6, "061") and may(provider_a, 6, "0688")


def test_validity_is_a_period(provider_a, admin_a, reviewer):
    start, end = TODAY + datetime.timedelta(days=10), TODAY + datetime.timedelta(days=100)
    authorize(provider_a, admin_a, reviewer, valid_from=start, valid_until=end)

    assert not may(provider_a, 6, "0612", on=TODAY)
    assert may(provider_a, 6, "0612", on=start)
    assert may(provider_a, 6, "0612", on=end)
    assert not may(provider_a, 6, "0612", on=end + datetime.timedelta(days=1))


def test_suspension_reinstatement_and_end_take_effect_from_their_dates(provider_a, admin_a, reviewer):
    authorization = authorize(provider_a, admin_a, reviewer)
    reasons = {"reasons_ka": "მიზეზი.", "reasons_en": "Reason."}
    authorizing.authorization_change(
        authorization=authorization, reviewer=reviewer, outcome="suspended", effective_from=TODAY, **reasons
    )
    assert may(provider_a, 6, "0612", on=TODAY - datetime.timedelta(days=1))
    assert not may(provider_a, 6, "0612", on=TODAY)
    assert provider_standing(provider_a).state == AuthorizationState.SUSPENDED

    later = TODAY + datetime.timedelta(days=5)
    authorizing.authorization_change(
        authorization=authorization, reviewer=reviewer, outcome="reinstated", effective_from=later, **reasons
    )
    assert may(provider_a, 6, "0612", on=later)

    end = TODAY + datetime.timedelta(days=20)
    authorizing.authorization_change(
        authorization=authorization, reviewer=reviewer, outcome="ended", effective_from=end, **reasons
    )
    assert may(provider_a, 6, "0612", on=end - datetime.timedelta(days=1))
    assert not may(provider_a, 6, "0612", on=end)


def test_an_expired_authorization_is_shown_as_expired(provider_a, admin_a, reviewer):
    authorize(
        provider_a,
        admin_a,
        reviewer,
        valid_from=TODAY - datetime.timedelta(days=400),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    standing = provider_standing(provider_a)
    assert standing.state == AuthorizationState.EXPIRED
    assert not may(provider_a, 6, "0612")


def test_an_unauthorized_provider_may_not_issue(provider_a):
    assert not may(provider_a, 6, "0612")
    assert provider_standing(provider_a).state == AuthorizationState.NONE

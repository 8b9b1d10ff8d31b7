import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.tasks import delete_unverified_accounts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unconfirmed_sign_ups_are_deleted_after_the_retention_period(settings):
    settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS = 30
    long_ago = timezone.now() - timezone.timedelta(days=31)
    stale = UserFactory(verified=False, date_joined=long_ago)
    recent = UserFactory(verified=False)
    confirmed = UserFactory(date_joined=long_ago)
    staff = UserFactory(verified=False, is_staff=True, date_joined=long_ago)

    assert delete_unverified_accounts.delay().get() >= 1

    remaining = set(User.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {recent.pk, confirmed.pk, staff.pk} <= remaining

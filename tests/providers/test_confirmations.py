"""Submitting and withdrawing an application for authorization ask first (in Georgian)."""

import pytest
from django.urls import reverse

from tests.core.confirmations import confirm_of
from tests.helpers import complete_application

pytestmark = pytest.mark.django_db


def test_submitting_and_withdrawing_an_application_ask_first(client, provider_a, admin_a):
    application = complete_application(provider_a, admin_a)
    client.force_login(admin_a)
    args = [provider_a.pk, application.pk]
    page = client.get(reverse("providers:application", args=args)).content.decode()
    assert confirm_of(page, reverse("providers:application_submit", args=args)).startswith(
        "წარვუდგინოთ ცენტრს განაცხადი 1 დამადასტურებელი დოკუმენტით?"
    )
    assert confirm_of(page, reverse("providers:application_withdraw", args=args)).startswith("გამოვითხოვოთ განაცხადი?")

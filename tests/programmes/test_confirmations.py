"""Withdrawing a submission, publishing and archiving ask first, naming the version (in Georgian)."""

import pytest
from django.urls import reverse

from apps.programmes import services
from tests.core.confirmations import confirm_of
from tests.helpers import new_complete_version

pytestmark = pytest.mark.django_db


def page_of(client, version):
    args = [version.programme.provider_id, version.programme_id, version.number]
    return client.get(reverse("programmes:version", args=args)).content.decode(), args


def test_withdraw_publish_and_archive_ask_first(client, authorized_a, author, reviewer):
    version = new_complete_version(authorized_a, author)
    services.version_submit(version=version, acting_user=author)
    client.force_login(author)
    page, args = page_of(client, version)
    assert confirm_of(page, reverse("programmes:withdraw", args=args)).startswith(
        "გამოვითხოვოთ ვერსია 1 ცენტრის განხილვიდან?"
    )

    services.version_decide(version=version, reviewer=reviewer, outcome="approved", reasons_ka="კი.", reasons_en="Yes.")
    page, args = page_of(client, version)
    assert confirm_of(page, reverse("programmes:publish", args=args)).startswith("გამოვაქვეყნოთ ვერსია 1 კატალოგში?")

    services.version_publish(version=version, acting_user=author)
    page, args = page_of(client, version)
    assert confirm_of(page, reverse("programmes:archive", args=args)).startswith("დავაარქივოთ ვერსია 1?")

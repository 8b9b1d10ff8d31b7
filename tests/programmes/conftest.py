from decimal import Decimal

import pytest

from apps.programmes import services
from apps.reference.models import FieldOfStudy, Language, NQFLevel
from tests.factories import MembershipFactory
from tests.providers.conftest import admin_a, admin_b, assessor_a, author_a, authorize, provider_a, provider_b  # noqa: F401

CONTENT = {
    "title_ka": "ქსელების ადმინისტრირება",
    "title_en": "Network Administration",
    "summary_ka": "მოკლე აღწერა.",
    "summary_en": "A short summary.",
    "description_ka": "დეტალური აღწერა.",
    "description_en": "A detailed description.",
    "ects_credits": Decimal("6"),
    "workload_hours": 150,
    "participation_mode": "blended",
    "assessment_type_ka": "გამოცდა და პროექტი.",
    "assessment_type_en": "An examination and a project.",
    "supervision": "supervised_id",
}
OUTCOMES = [
    {"key": "a", "text_ka": "დააპროექტოს ქსელი.", "text_en": "Design a network."},
    {
        "key": "b",
        "text_ka": "დაიცვას ქსელი.",
        "text_en": "Secure a network.",
        "esco_uri": "http://data.europa.eu/esco/skill/abc",
    },
    {"key": "c", "text_ka": "აღმოფხვრას გაუმართაობა.", "text_en": "Troubleshoot faults."},
]
COMPONENTS = [
    {"name_ka": "პროექტი", "name_en": "Project", "weight": 40, "pass_mark": 51, "outcomes": ["a", "b"]},
    {"name_ka": "გამოცდა", "name_en": "Examination", "weight": 60, "pass_mark": 51, "outcomes": ["b", "c"]},
]


def content(**overrides):
    data = {
        **CONTENT,
        "nqf_level": NQFLevel.objects.get(pk=6),
        "field_of_study": FieldOfStudy.objects.get(pk="0612"),
        "languages": list(Language.objects.filter(code__in=["ka", "en"])),
    }
    data.update(overrides)
    return data


def write_version(version, author, *, outcomes=OUTCOMES, components=COMPONENTS, **overrides):
    return services.version_save(
        version=version, acting_user=author, data=content(**overrides), outcomes=outcomes, components=components
    )


def new_complete_version(provider, author, code="NET-1", **overrides):
    version = services.programme_create(provider=provider, acting_user=author, code=code)
    return write_version(version, author, **overrides)


def publish(version, author, reviewer):
    services.version_submit(version=version, acting_user=author)
    services.version_decide(version=version, reviewer=reviewer, outcome="approved", reasons_ka="კი.", reasons_en="Yes.")
    return services.version_publish(version=version, acting_user=author)


@pytest.fixture
def authorized_a(provider_a, admin_a, reviewer):  # noqa: F811
    authorize(provider_a, admin_a, reviewer, levels=(6, 7), fields=("061",))
    return provider_a


@pytest.fixture
def author(authorized_a):
    return MembershipFactory(provider=authorized_a, role="author").user

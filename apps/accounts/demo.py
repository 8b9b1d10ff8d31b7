"""Demo accounts: a superuser, an NCEQE reviewer and a learner, all with verified e-mail addresses."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from apps.core.demo_support import Login

from .models import REVIEWER_GROUP_NAME, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed by seed_demo for the local demo

DEMO_USERS = [
    {
        "email": "admin@microcred.localhost",
        "role": "superuser",
        "first_name_ka": "ნინო",
        "last_name_ka": "ბერიძე",
        "first_name_en": "Nino",
        "last_name_en": "Beridze",
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "email": "reviewer@microcred.localhost",
        "role": "NCEQE reviewer",
        "first_name_ka": "გიორგი",
        "last_name_ka": "კაპანაძე",
        "first_name_en": "Giorgi",
        "last_name_en": "Kapanadze",
        "is_staff": True,
        "groups": [REVIEWER_GROUP_NAME],
    },
    {
        "email": "learner@microcred.localhost",
        "role": "learner",
        "first_name_ka": "ანა",
        "last_name_ka": "გელაშვილი",
        "first_name_en": "Ana",
        "last_name_en": "Gelashvili",
    },
]


def demo_user(*, email, role, groups=(), **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={**fields, "privacy_accepted_at": timezone.now()})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed() -> list[Login]:
    for spec in DEMO_USERS:
        demo_user(**spec)
    return [Login(spec["email"], DEMO_PASSWORD, spec["role"]) for spec in DEMO_USERS]

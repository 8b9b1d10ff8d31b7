import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from apps.accounts.models import User
from apps.accounts.roles import REVIEWER_GROUP_NAME

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.ge")
    first_name_ka = "ნინო"
    last_name_ka = "ბერიძე"
    first_name_en = "Nino"
    last_name_en = "Beridze"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class ReviewerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def reviewer_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=REVIEWER_GROUP_NAME))


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.Provider"

    legal_name_ka = factory.Sequence(lambda n: f"სასწავლო დაწესებულება {n}")
    legal_name_en = factory.Sequence(lambda n: f"Teaching Institution {n}")
    short_name = factory.Sequence(lambda n: f"TI{n}")
    identification_code = factory.Sequence(lambda n: f"{400000000 + n}")
    kind = "university"
    contact_email = factory.Sequence(lambda n: f"office{n}@institution.ge")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.ProviderMembership"

    provider = factory.SubFactory(ProviderFactory)
    user = factory.SubFactory(UserFactory)
    role = "admin"

"""One factory per model, the one place that knows how to make a valid row of it. A state that a service
brings about (an authorization decided, a version published, results made final, a credential signed) is reached
through that service, in tests/helpers.py; these make the rows around it, and the rows a test needs as they are."""

import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

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


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation to join a provider's staff."""

    class Meta:
        model = "providers.Invitation"

    provider = factory.SubFactory(ProviderFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.ge")
    role = "author"
    token = factory.Sequence(lambda n: f"staff-invitation-{n}")
    invited_by = factory.SubFactory(UserFactory)


class IdentityChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "providers.IdentityChangeRequest"

    provider = factory.SubFactory(ProviderFactory)
    legal_name_ka = factory.LazyAttribute(lambda o: f"{o.provider.legal_name_ka} (ახალი სახელი)")
    legal_name_en = factory.LazyAttribute(lambda o: f"{o.provider.legal_name_en} (renamed)")
    short_name = factory.LazyAttribute(lambda o: o.provider.short_name)
    identification_code = factory.LazyAttribute(lambda o: o.provider.identification_code)
    kind = factory.LazyAttribute(lambda o: o.provider.kind)
    country = "GE"
    requested_by = factory.SubFactory(UserFactory)


class AuthorizationApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application; `helpers.complete_application` fills one in through the services."""

    class Meta:
        model = "providers.AuthorizationApplication"

    provider = factory.SubFactory(ProviderFactory)
    created_by = factory.SubFactory(UserFactory)


class AuthorizationDecisionFactory(factory.django.DjangoModelFactory):
    """An authorization for levels 6 and 7 in field 061, valid from a month ago for a year."""

    class Meta:
        model = "providers.AuthorizationDecision"
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    outcome = "authorized"
    reasons_ka = "აკმაყოფილებს სტანდარტებს."
    reasons_en = "Meets the standards."
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    decided_by = factory.SubFactory(ReviewerFactory)

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create:
            self.levels.set(extracted if extracted is not None else [6, 7])

    @factory.post_generation
    def fields_of_study(self, create, extracted, **kwargs):
        if create:
            self.fields_of_study.set(extracted if extracted is not None else ["061"])


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.Programme"

    provider = factory.SubFactory(ProviderFactory)
    code = factory.Sequence(lambda n: f"PRG-{n}")
    created_by = factory.SubFactory(UserFactory)


class ProgrammeVersionFactory(factory.django.DjangoModelFactory):
    """A version with its content filled in (no outcomes or components: see the two factories below)."""

    class Meta:
        model = "programmes.ProgrammeVersion"

    programme = factory.SubFactory(ProgrammeFactory)
    number = 1
    title_ka = "ქსელების ადმინისტრირება"
    title_en = "Network Administration"
    summary_ka = "მოკლე აღწერა."
    summary_en = "A short summary."
    ects_credits = Decimal("6")
    workload_hours = 150
    nqf_level_id = 6
    field_of_study_id = "0612"
    participation_mode = "blended"
    assessment_type_ka = "გამოცდა და პროექტი."
    assessment_type_en = "An examination and a project."
    created_by = factory.SelfAttribute("programme.created_by")


class LearningOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.LearningOutcome"

    version = factory.SubFactory(ProgrammeVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_ka = "დააპროექტოს ქსელი."
    text_en = "Design a network."


class AssessmentComponentFactory(factory.django.DjangoModelFactory):
    """One component weighing the whole grade, passed at 51."""

    class Meta:
        model = "programmes.AssessmentComponent"

    version = factory.SubFactory(ProgrammeVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name_ka = "გამოცდა"
    name_en = "Examination"
    weight = 100
    pass_mark = 51


class OfferingFactory(factory.django.DjangoModelFactory):
    """An offering of a published version, open for enrolment now, starting in ten days."""

    class Meta:
        model = "enrolments.Offering"

    version = factory.SubFactory(ProgrammeVersionFactory, status="published")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    enrolment_opens = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    enrolment_closes = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=9))
    capacity = 3
    language_id = "ka"
    participation_mode = "online"
    funding_sources = factory.LazyFunction(lambda: ["self", "state_grant"])
    created_by = factory.SubFactory(UserFactory)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrolments.Enrolment"

    learner = factory.SubFactory(UserFactory)
    offering = factory.SubFactory(OfferingFactory)
    funding_source = "self"
    source = "self"
    enrolled_at = factory.LazyFunction(timezone.now)
    enrolled_by = factory.SelfAttribute("learner")


class EnrolmentInvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation to enrol: it keeps a place in the offering."""

    class Meta:
        model = "enrolments.EnrolmentInvitation"

    offering = factory.SubFactory(OfferingFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.ge")
    funding_source = "self"
    token = factory.Sequence(lambda n: f"enrolment-invitation-{n}")
    invited_by = factory.SubFactory(UserFactory)


class AssessmentResultFactory(factory.django.DjangoModelFactory):
    """A score in one of the enrolment's programme's components."""

    class Meta:
        model = "assessments.AssessmentResult"

    enrolment = factory.SubFactory(EnrolmentFactory)
    component = factory.SubFactory(
        AssessmentComponentFactory, version=factory.SelfAttribute("..enrolment.offering.version")
    )
    score = Decimal("80")
    assessor = factory.SubFactory(UserFactory)


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "certificates.Signatory"

    provider = factory.SubFactory(ProviderFactory)
    name_ka = "თამარ კაპანაძე"
    name_en = "Tamar Kapanadze"
    position_ka = "რექტორი"
    position_en = "Rector"


class IssuanceBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "certificates.IssuanceBatch"

    offering = factory.SubFactory(OfferingFactory)
    total = 0
    created_by = factory.SubFactory(UserFactory)


class CredentialFactory(factory.django.DjangoModelFactory):
    """A credential row for an enrolment, as issuing starts it (pending, nothing rendered or signed yet). A
    certificate that is issued comes from `credential_issue` (the `issued` fixture)."""

    class Meta:
        model = "certificates.Credential"

    code = factory.Sequence(lambda n: f"{n:05d}-00000-00000")
    enrolment = factory.SubFactory(EnrolmentFactory)
    learner = factory.SelfAttribute("enrolment.learner")
    offering = factory.SelfAttribute("enrolment.offering")
    version = factory.SelfAttribute("offering.version")
    provider = factory.SelfAttribute("version.programme.provider")
    snapshot = factory.LazyAttribute(
        lambda o: {"title": {"ka": o.version.title_ka, "en": o.version.title_en}, "learner": {}}
    )
    issued_at = factory.LazyFunction(timezone.now)
    issued_by = factory.SubFactory(UserFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Notification"

    recipient = factory.SubFactory(UserFactory)
    kind = "programme_review"
    message_ka = "შეტყობინება"
    message_en = "A notification"
    link = "/"

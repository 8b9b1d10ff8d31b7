import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.pdf import minimal_pdf
from apps.providers import services
from apps.reference.models import FieldOfStudy, NQFLevel
from tests.factories import MembershipFactory, ProviderFactory


def pdf_upload(name="evidence.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else minimal_pdf("evidence"), "application/pdf")


def complete_application(provider, admin, *, levels=(6, 7), fields=("061",)):
    application = services.application_create(provider=provider, acting_user=admin)
    services.application_update(
        application=application,
        acting_user=admin,
        levels=NQFLevel.objects.filter(level__in=levels),
        fields_of_study=FieldOfStudy.objects.filter(code__in=fields),
        self_evaluation="ჩვენ ვაკმაყოფილებთ ყველა სტანდარტს. " * 3,
    )
    services.application_add_document(application=application, acting_user=admin, title="Report", upload=pdf_upload())
    return application


def authorize(provider, admin, reviewer, *, levels=(6, 7), fields=("061",), valid_from=None, valid_until=None):
    application = complete_application(provider, admin, levels=levels, fields=fields)
    services.application_submit(application=application, acting_user=admin)
    today = timezone.localdate()
    return services.application_decide(
        application=application,
        reviewer=reviewer,
        outcome="authorized",
        reasons_ka="აკმაყოფილებს სტანდარტებს.",
        reasons_en="Meets the standards.",
        valid_from=valid_from or today - datetime.timedelta(days=30),
        valid_until=valid_until or today + datetime.timedelta(days=365),
    )


@pytest.fixture
def provider_a(db):
    return ProviderFactory(legal_name_en="Alpha University", legal_name_ka="ალფა უნივერსიტეტი")


@pytest.fixture
def provider_b(db):
    return ProviderFactory(legal_name_en="Beta College", legal_name_ka="ბეტა კოლეჯი", kind="college")


@pytest.fixture
def admin_a(provider_a):
    return MembershipFactory(provider=provider_a, role="admin").user


@pytest.fixture
def author_a(provider_a):
    return MembershipFactory(provider=provider_a, role="author").user


@pytest.fixture
def assessor_a(provider_a):
    return MembershipFactory(provider=provider_a, role="assessor").user


@pytest.fixture
def admin_b(provider_b):
    return MembershipFactory(provider=provider_b, role="admin").user

"""How tests bring the world into a state: each step through the service a person would use (apply and be
authorized, write and publish a programme, open an offering, enrol, grade, finalise), plus the tools that read
what came out (a PDF's bytes, pdfsig) and start a certificates worker. The fixtures built on these live in
tests/conftest.py."""

import datetime
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from apps.assessments import services as assessments
from apps.certificates.models import Credential
from apps.core.pdf import minimal_pdf
from apps.enrolments import services as enrolments
from apps.programmes import services as programmes
from apps.providers import authorizing
from apps.reference.models import FieldOfStudy, Language, NQFLevel
from tests.factories import UserFactory

TODAY = timezone.localdate()

# --- Providers: applying and being authorized ---------------------------------------------------------------------


def pdf_upload(name="evidence.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else minimal_pdf("evidence"), "application/pdf")


def complete_application(provider, admin, *, levels=(6, 7), fields=("061",)):
    application = authorizing.application_create(provider=provider, acting_user=admin)
    authorizing.application_update(
        application=application,
        acting_user=admin,
        levels=NQFLevel.objects.filter(level__in=levels),
        fields_of_study=FieldOfStudy.objects.filter(code__in=fields),
        self_evaluation="ჩვენ ვაკმაყოფილებთ ყველა სტანდარტს. " * 3,
    )
    authorizing.application_add_document(
        application=application, acting_user=admin, title="Report", upload=pdf_upload()
    )
    return application


def authorize(provider, admin, reviewer, *, levels=(6, 7), fields=("061",), valid_from=None, valid_until=None):
    application = complete_application(provider, admin, levels=levels, fields=fields)
    authorizing.application_submit(application=application, acting_user=admin)
    return authorizing.application_decide(
        application=application,
        reviewer=reviewer,
        outcome="authorized",
        reasons_ka="აკმაყოფილებს სტანდარტებს.",
        reasons_en="Meets the standards.",
        valid_from=valid_from or TODAY - datetime.timedelta(days=30),
        valid_until=valid_until or TODAY + datetime.timedelta(days=365),
    )


# --- Programmes: writing, submitting, publishing ----------------------------------------------------------------

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
    return programmes.version_save(
        version=version, acting_user=author, data=content(**overrides), outcomes=outcomes, components=components
    )


def new_complete_version(provider, author, code="NET-1", **overrides):
    version = programmes.programme_create(provider=provider, acting_user=author, code=code)
    return write_version(version, author, **overrides)


def approve(version, author, reviewer):
    """Submit the version and have the Center approve it. Returns the version, approved."""
    programmes.version_submit(version=version, acting_user=author)
    programmes.version_decide(
        version=version, reviewer=reviewer, outcome="approved", reasons_ka="კი.", reasons_en="Yes."
    )
    version.refresh_from_db()
    return version


def publish(version, author, reviewer):
    approve(version, author, reviewer)
    return programmes.version_publish(version=version, acting_user=author)


# --- Offerings and enrolments -----------------------------------------------------------------------------------


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


def person(n: int) -> dict:
    """The details a provider types for the n-th learner it invites."""
    return {
        "email": f"learner{n}@example.ge",
        "first_name_ka": "ნინო",
        "last_name_ka": "ბერიძე",
        "first_name_en": "Nino",
        "last_name_en": "Beridze",
    }


def enrol_by_invitation(offering, admin, person: dict, funding_source: str = "self"):
    """How staff enrol someone now: the administrator invites, the person (an account, made here if there is
    none) accepts. Returns the enrolment."""
    invitation = enrolments.enrolment_invite(
        offering=offering, acting_user=admin, person=person, funding_source=funding_source
    )
    learner = get_user_model().objects.filter(email__iexact=invitation.email).first()
    if learner is None:
        fields = ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en")
        names = {f: person[f] for f in fields if f in person}
        learner = UserFactory(email=invitation.email, **names)
    return enrolments.enrolment_invitation_accept(invitation=invitation, learner=learner)


def enrol_invited(offering, admin, people: list[dict]):
    """Staff invite these people (each with an e-mail and names); each has an account and accepts."""
    invitations = enrolments.enrolment_invite_many(
        offering=offering, acting_user=admin, people=[{"funding_source": "self", **person} for person in people]
    )
    by_email = {invitation.email: invitation for invitation in invitations}
    enrolled = []
    for person in people:
        names = {k: v for k, v in person.items() if k.startswith(("first_name", "last_name"))}
        learner = UserFactory(email=person["email"], **names)
        enrolled.append(enrolments.enrolment_invitation_accept(invitation=by_email[person["email"]], learner=learner))
    return enrolled


# --- Results ----------------------------------------------------------------------------------------------------

FIRST_NAMES = ["Nino", "Giorgi", "Tamar", "Levan", "Mariam", "Davit", "Elene", "Saba"]


def finalise_with(offering, admin, assessor, scores: list[tuple[int, int]], *, prefix="learner"):
    """Enrol one learner per row of scores, type the scores and make them final. Returns the enrolments."""
    people = [
        {
            "email": f"{prefix}{n}@example.ge",
            "first_name_en": FIRST_NAMES[n % len(FIRST_NAMES)],
            "last_name_en": "Beridze",
            "first_name_ka": "ნინო",
            "last_name_ka": "ბერიძე",
        }
        for n in range(len(scores))
    ]
    enrolled = enrol_invited(offering, admin, people)
    components = list(offering.version.components.order_by("order"))
    cells = {
        (e.pk, c.pk): str(s)
        for e, row in zip(enrolled, scores, strict=True)
        for c, s in zip(components, row, strict=True)
    }
    assessments.gradebook_save(offering=offering, assessor=assessor, scores=cells)
    assessments.offering_finalise(offering=offering, acting_user=assessor)
    return enrolled


# --- Certificates: the PDF and the worker -----------------------------------------------------------------------


def pdf_bytes(credential: Credential) -> bytes:
    with credential.pdf.open("rb") as handle:
        return handle.read()


def pdfsig(pdf: bytes, tmp_path: Path, nssdir: Path | None = None) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    command = ["pdfsig"] + (["-nssdir", f"sql:{nssdir}"] if nssdir else []) + [str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def start_worker() -> subprocess.Popen:
    """A Celery worker for the certificates queue, two processes, on the test database and folders."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "DJANGO_PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT,
        "SIGNING_KEYS_DIR": settings.SIGNING_KEYS_DIR,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "--quiet",
            "worker",
            "--queues",
            "certificates",
            "--concurrency",
            "2",
            "--loglevel",
            "error",
            "--without-mingle",
            "--without-gossip",
            "--hostname",
            f"certificates-{time.time_ns()}@test",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        start_new_session=True,  # its own process group, so that killing it takes the pool's children too
    )

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.db import connection

from apps.assessments import services as assessments
from apps.certificates import keys
from apps.certificates.models import Credential
from apps.enrolments import services as enrolment_services
from tests.enrolments.conftest import (  # noqa: F401
    admin_a,
    admin_b,
    assessor,
    assessor_a,
    author,
    author_a,
    authorized_a,
    offering,
    provider_a,
    provider_b,
    published,
)
from tests.factories import UserFactory


@pytest.fixture
def signing_identity(db):
    return keys.ensure_platform_identity()[0]


FIRST_NAMES = ["Nino", "Giorgi", "Tamar", "Levan", "Mariam", "Davit", "Elene", "Saba"]


def enrol_invited(offering, admin, people: list[dict]):  # noqa: F811
    """Staff invite these people (each with an e-mail and names); each has an account and accepts."""
    invitations = enrolment_services.enrolment_invite_many(
        offering=offering, acting_user=admin, people=[{"funding_source": "self", **person} for person in people]
    )
    by_email = {invitation.email: invitation for invitation in invitations}
    enrolments = []
    for person in people:
        names = {k: v for k, v in person.items() if k.startswith(("first_name", "last_name"))}
        learner = UserFactory(email=person["email"], **names)
        enrolments.append(
            enrolment_services.enrolment_invitation_accept(invitation=by_email[person["email"]], learner=learner)
        )
    return enrolments


def finalise_with(offering, admin, assessor, scores: list[tuple[int, int]], *, prefix="learner"):  # noqa: F811
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
    enrolments = enrol_invited(offering, admin, people)
    components = list(offering.version.components.order_by("order"))
    cells = {
        (e.pk, c.pk): str(s)
        for e, row in zip(enrolments, scores, strict=True)
        for c, s in zip(components, row, strict=True)
    }
    assessments.gradebook_save(offering=offering, assessor=assessor, scores=cells)
    assessments.offering_finalise(offering=offering, acting_user=assessor)
    return enrolments


@pytest.fixture
def approval_offering(offering):  # noqa: F811
    offering.credential_issuance = "approval"
    offering.save(update_fields=["credential_issuance"])
    return offering


@pytest.fixture
def passed_two(approval_offering, admin_a, assessor, signing_identity):  # noqa: F811
    """An offering (issuance after approval) whose results are final: two passed, one failed."""
    return finalise_with(approval_offering, admin_a, assessor, [(95, 90), (75, 80), (30, 30)])


@pytest.fixture
def issued(passed_two, admin_a, django_capture_on_commit_callbacks):  # noqa: F811
    from apps.certificates import services

    with django_capture_on_commit_callbacks(execute=True):
        credential = services.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    credential.refresh_from_db()
    return credential


def pdfsig(pdf: bytes, tmp_path: Path, nssdir: Path | None = None) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    command = ["pdfsig"] + (["-nssdir", f"sql:{nssdir}"] if nssdir else []) + [str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


@pytest.fixture
def nss_trusting_dev_ca(tmp_path, signing_identity):
    """An NSS database (made with certutil) that trusts the development CA, for pdfsig."""
    nssdir = tmp_path / "nss"
    nssdir.mkdir()
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nssdir}"], check=True, capture_output=True)
    ca = tmp_path / "ca.pem"
    ca.write_bytes(keys.dev_ca_certificate().public_bytes(Encoding.PEM))
    subprocess.run(
        ["certutil", "-A", "-n", "MicroCred development CA", "-t", "CT,C,C", "-i", str(ca), "-d", f"sql:{nssdir}"],
        check=True,
        capture_output=True,
    )
    return nssdir


def pdf_bytes(credential: Credential) -> bytes:
    with credential.pdf.open("rb") as handle:
        return handle.read()


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
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        start_new_session=True,  # its own process group, so that killing it takes the pool's children too
    )

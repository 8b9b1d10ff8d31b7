"""A real Celery worker (two processes) killed in the middle of a bulk issuance of 200: after a restart, every
credential has exactly one validly signed PDF."""

import os
import re
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings

from apps.certificates import bulk_issuing, codes, keys, signing
from apps.certificates.models import Credential
from tests.helpers import finalise_with, start_worker

pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS = 200


def issued_count(offering) -> int:
    return Credential.objects.filter(offering=offering, status="issued").count()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}")
        time.sleep(0.2)


def test_a_killed_worker_leaves_exactly_one_valid_pdf_per_credential(
    approval_offering, admin_a, assessor, tasks_through_broker
):
    keys.ensure_platform_identity()
    approval_offering.capacity = LEARNERS
    approval_offering.save()
    finalise_with(approval_offering, admin_a, assessor, [(90, 90)] * LEARNERS)

    worker = start_worker()
    try:
        bulk_issuing.offering_bulk_issue(offering=approval_offering, acting_user=admin_a)
        wait_for(lambda: issued_count(approval_offering) >= 30, 180, "the first certificates")
        os.killpg(worker.pid, signal.SIGKILL)  # no warm shutdown: messages in flight stay unacknowledged
        worker.wait(timeout=30)
        killed_at = issued_count(approval_offering)
        assert killed_at < LEARNERS, "the worker finished before it could be killed: raise LEARNERS"

        worker = start_worker()
        wait_for(lambda: issued_count(approval_offering) == LEARNERS, 300, "every certificate after the restart")
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)

    credentials = list(Credential.objects.filter(offering=approval_offering))
    assert len(credentials) == LEARNERS
    assert len({c.enrolment_id for c in credentials}) == LEARNERS
    stored = {p.name for p in (Path(settings.PRIVATE_MEDIA_ROOT) / "credentials").iterdir()}
    assert {f"{c.code}.pdf" for c in credentials} <= stored
    # One file per code: a second run of a job never left a renamed copy (Django's CODE_a1b2c3d.pdf) beside it.
    assert all(re.fullmatch(codes.PATTERN + r"\.pdf", name) for name in stored)
    roots = keys.trust_roots()
    for credential in credentials:
        data = (Path(settings.PRIVATE_MEDIA_ROOT) / credential.pdf.name).read_bytes()
        assert signing.sha256(data) == credential.pdf_sha256
        assert signing.check_signature(data, roots=roots, at=credential.signed_at).valid, credential.code

"""Certificates in real browsers, with a real Celery worker: a provider administrator bulk-issues an offering
and watches the progress bar finish; the learner downloads the signed PDF; the administrator revokes one."""

import os
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from apps.certificates import keys, signing
from apps.certificates.models import Credential
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from tests.helpers import authorize, finalise_with, new_complete_version, offering_data, publish, start_worker

from .browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LEARNERS = 12


def test_bulk_issue_download_and_revoke(new_page, tasks_through_broker, tmp_path):
    from apps.enrolments import services as enrolment_services

    reviewer = ReviewerFactory(email="nceqe@eqe.ge")
    provider = ProviderFactory(short_name="GTU")
    admin = MembershipFactory(
        provider=provider, role="admin", user=UserFactory(email="admin@gtu.ge", preferred_language="en")
    ).user
    author = MembershipFactory(provider=provider, role="author").user
    assessor = MembershipFactory(provider=provider, role="assessor").user
    authorize(provider, admin, reviewer, levels=(6,), fields=("061",))
    version = publish(new_complete_version(provider, author), author, reviewer)
    offering = enrolment_services.offering_create(
        version=version, acting_user=admin, data=offering_data(capacity=LEARNERS, credential_issuance="approval")
    )
    keys.ensure_platform_identity()
    enrolments = finalise_with(offering, admin, assessor, [(90, 85)] * LEARNERS, prefix="gtu-learner")
    learner = enrolments[0].learner
    learner.set_password(PASSWORD)
    learner.save()
    EmailAddress.objects.update_or_create(
        user=learner, email=learner.email, defaults={"verified": True, "primary": True}
    )

    worker = start_worker()
    try:
        staff = new_page("en")
        log_in(staff, admin.email, PASSWORD)
        staff.goto(f"/provider/{provider.pk}/offerings/{offering.pk}/credentials/")
        expect(
            staff.get_by_role("heading", name=f"{LEARNERS} learners passed and have no certificate yet")
        ).to_be_visible()
        staff.once("dialog", lambda dialog: dialog.accept())  # "Issue 20 certificates? ..."
        staff.get_by_role("button", name=f"Issue all {LEARNERS} certificates").click()
        staff.wait_for_url("**/credential-batches/**")
        bar = staff.locator("#batch-bar")
        expect(bar).to_have_attribute("max", str(LEARNERS))
        expect(staff.get_by_text("Finished: every certificate is signed")).to_be_visible(timeout=120_000)
        expect(bar).to_have_attribute("value", str(LEARNERS))
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    assert Credential.objects.filter(offering=offering, status="issued").count() == LEARNERS

    own = new_page("ka")
    log_in(own, learner.email, PASSWORD)
    own.goto("/learner/")
    credential = Credential.objects.get(enrolment=enrolments[0])
    card = own.locator(f'.credential[data-code="{credential.code}"]')
    expect(card.locator(".badge")).to_have_text("გაცემული")
    with own.expect_download() as download:
        card.get_by_role("link", name="ხელმოწერილი PDF-ის ჩამოტვირთვა").click()
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert signing.sha256(data) == credential.pdf_sha256
    roots = keys.trust_roots()
    # pyHanko runs its own event loop; Playwright's holds this thread, so validate in another one.
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(signing.check_signature, data, roots=roots, at=credential.signed_at).result()
    assert check.valid

    staff.goto(f"/provider/{provider.pk}/offerings/{offering.pk}/credentials/")
    staff.locator(f'tr[data-code="{credential.code}"]').get_by_role("link", name="Revoke").click()
    staff.get_by_label("What the public is told").select_option("academic_misconduct")
    staff.get_by_label("Reason").fill("Identity fraud established at the exam")
    staff.get_by_role("button", name="Revoke a certificate").click()
    expect(staff.locator(f'tr[data-code="{credential.code}"] .badge')).to_have_text("Revoked")

    own.reload()
    expect(card.locator(".badge")).to_have_text("გაუქმებული")
    expect(card).to_contain_text("Identity fraud established at the exam")

"""Certificates as people use them: the provider's pages, the learner's, the PDF, the admin and the API."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.certificates import issuing
from apps.certificates.models import Credential
from tests.helpers import finalise_with

pytestmark = pytest.mark.django_db


def credentials_url(offering):
    return reverse("certificates:offering", args=[offering.version.programme.provider_id, offering.pk])


def test_the_provider_page_lists_who_awaits_a_certificate_and_issues_all(
    client, passed_two, admin_a, django_capture_on_commit_callbacks
):
    offering = passed_two[0].offering
    client.force_login(admin_a)
    page = client.get(credentials_url(offering)).content.decode()
    assert "learner0@" in page and "learner1@" in page and "learner2@" not in page  # learner2 failed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:issue_bulk", args=[offering.version.programme.provider_id, offering.pk])
        )
    assert response.status_code == 302 and "/credential-batches/" in response["Location"]
    progress = client.get(response["Location"] + "?format=json").json()
    assert progress["total"] == 2 and progress["done"] == 2 and progress["finished"]
    assert Credential.objects.filter(offering=offering, status="issued").count() == 2


def test_outsiders_get_404_and_assessors_may_look_but_not_act(client, issued, admin_b, assessor):
    url = credentials_url(issued.offering)
    revoke = reverse("certificates:revoke", args=[issued.provider_id, issued.code])
    client.force_login(admin_b)
    assert client.get(url).status_code == 404
    assert client.get(revoke).status_code == 404
    assert client.get(reverse("credential_pdf", args=[issued.code])).status_code == 404
    client.force_login(assessor)
    assert client.get(url).status_code == 200
    assert client.post(revoke, {"reason": "x"}).status_code == 403


def test_the_credentials_page_costs_the_same_queries_for_many_learners(
    client, approval_offering, admin_a, assessor, signing_identity, django_assert_max_num_queries
):
    approval_offering.capacity = 10
    approval_offering.save()
    finalise_with(approval_offering, admin_a, assessor, [(95, 90)] * 8)
    for enrolment in approval_offering.enrolments.all()[:6]:
        Credential.objects.create(
            code=issuing._new_unique_code(),
            enrolment=enrolment,
            learner=enrolment.learner,
            version=approval_offering.version,
            offering=approval_offering,
            provider=approval_offering.version.programme.provider,
            snapshot={"title": {"ka": "ა", "en": "a"}},
            issued_at=enrolment.completed_at,
        )
    client.force_login(admin_a)
    with django_assert_max_num_queries(16):
        response = client.get(credentials_url(approval_offering))
    assert response.content.decode().count("data-code=") == 6


def test_revoking_asks_for_a_reason_and_shows_at_once_everywhere(
    client, issued, admin_a, django_capture_on_commit_callbacks
):
    url = reverse("certificates:revoke", args=[issued.provider_id, issued.code])
    client.force_login(admin_a)
    client.cookies["django_language"] = "en"
    assert "This field is required" in client.post(url, {"reason": "", "category": "other"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Plagiarism", "category": "academic_misconduct"}).status_code == 302
    assert Credential.objects.get(pk=issued.pk).status == "revoked"
    assert "Revoked" in client.get(credentials_url(issued.offering)).content.decode()
    client.force_login(issued.learner)
    page = client.get(reverse("learner:home")).content.decode()
    assert "Revoked" in page and "Plagiarism" in page and "Download the signed PDF" not in page
    assert client.get(reverse("credential_pdf", args=[issued.code])).status_code == 404
    api = client.get(f"/api/v1/credentials/{issued.code}/").json()
    assert api["status"] == "revoked" and api["revocation_reason"] == "Plagiarism"
    assert any(issued.code in m.body and m.to == [issued.learner.email] for m in mail.outbox)


def test_the_learner_downloads_shares_and_chooses_what_others_see(client, issued, learner):
    client.force_login(issued.learner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("learner:home")).content.decode()
    assert issued.code in page and "Download the signed PDF" in page
    assert f"/verify/{issued.code}/" in page and "linkedin.com/profile/add" in page
    pdf = client.get(reverse("credential_pdf", args=[issued.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # Anyone else (signed in or not) gets the PDF only once the learner shares it.
    client.force_login(learner)
    assert client.get(reverse("credential_pdf", args=[issued.code])).status_code == 404
    client.logout()
    assert client.get(reverse("credential_pdf", args=[issued.code])).status_code == 404
    client.force_login(issued.learner)
    client.post(reverse("learner:credential_visibility", args=[issued.code]), {"share": "everything"})
    client.logout()
    assert client.get(reverse("credential_pdf", args=[issued.code])).status_code == 200
    issued.refresh_from_db()
    assert issued.show_pdf and issued.show_grade  # the PDF prints the grade: sharing it shares the grade


def test_a_learner_cannot_change_someone_elses_choice(client, issued, learner):
    client.force_login(learner)
    response = client.post(reverse("learner:credential_visibility", args=[issued.code]), {"share": "everything"})
    assert response.status_code == 404
    assert not Credential.objects.get(pk=issued.pk).show_pdf


def test_a_pending_credential_has_no_pdf_to_give(client, passed_two, admin_a, settings, tmp_path):
    settings.SIGNING_KEYS_DIR = str(tmp_path / "nowhere")
    from apps.certificates import signing

    signing._signers.clear()
    credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)  # on_commit never runs
    client.force_login(passed_two[0].learner)
    assert client.get(reverse("credential_pdf", args=[credential.code])).status_code == 404
    client.force_login(admin_a)
    assert client.get(reverse("credential_pdf", args=[credential.code])).status_code == 404


def test_a_failed_preparation_shows_to_the_provider_with_a_retry(
    client, passed_two, admin_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    from apps.certificates import signing

    keys_dir = settings.SIGNING_KEYS_DIR
    settings.SIGNING_KEYS_DIR = str(tmp_path / "nowhere")
    signing._signers.clear()
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    client.force_login(admin_a)
    client.cookies["django_language"] = "en"
    page = client.get(credentials_url(credential.offering)).content.decode()
    assert "Preparation failed" in page and "private key file" in page and "Try again" in page
    settings.SIGNING_KEYS_DIR = keys_dir
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:retry", args=[credential.provider_id, credential.code]))
    credential.refresh_from_db()
    assert credential.status == "issued" and credential.render_error == ""


def test_the_center_revokes_in_the_admin(client, issued, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    change = reverse("admin:certificates_credential_change", args=[issued.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:certificates_credential_changelist")).status_code == 200
    url = reverse("admin:certificates_credential_revoke", args=[issued.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(url, {"reason": "Void by decision of the Center", "category": "issued_in_error"}).status_code
            == 302
        )
    issued.refresh_from_db()
    assert issued.status == "revoked" and issued.revoked_by == reviewer
    assert issued.revocation_category == "issued_in_error"


# --- API ---------------------------------------------------------------------------------------------------


def test_api_learners_read_their_own_only(client, issued, learner):
    client.force_login(issued.learner)
    assert [c["code"] for c in client.get("/api/v1/credentials/").json()["results"]] == [issued.code]
    client.force_login(learner)
    assert client.get("/api/v1/credentials/").json()["results"] == []
    assert client.get(f"/api/v1/credentials/{issued.code}/").status_code == 404
    assert client.post(f"/api/v1/credentials/{issued.code}/revoke/", {"reason": "x"}).status_code == 404
    client.logout()
    assert client.get("/api/v1/credentials/").status_code in (401, 403)


def test_api_bulk_issue_returns_a_batch_to_poll(
    client, passed_two, admin_a, admin_b, django_capture_on_commit_callbacks
):
    offering = passed_two[0].offering
    client.force_login(admin_b)
    assert client.post("/api/v1/credentials/bulk-issue/", {"offering": offering.pk}).status_code == 404
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/credentials/bulk-issue/", {"offering": offering.pk})
    assert response.status_code == 202
    progress = client.get(response.json()["url"]).json()
    assert progress["total"] == 2 and progress["finished"]
    client.force_login(admin_b)
    assert client.get(response.json()["url"]).status_code == 404


def test_api_issue_revoke_and_reissue(client, passed_two, admin_a, django_capture_on_commit_callbacks):
    client.force_login(admin_a)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/credentials/", {"enrolment": passed_two[0].pk})
    assert created.status_code == 201
    code = created.json()["code"]
    again = client.post("/api/v1/credentials/", {"enrolment": passed_two[0].pk})
    assert again.status_code == 400 and "already has a certificate" in str(again.json())
    assert client.post("/api/v1/credentials/", {"enrolment": passed_two[2].pk}).status_code == 400  # failed
    assert client.post(f"/api/v1/credentials/{code}/reissue/", {}).status_code == 400  # no reason
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(f"/api/v1/credentials/{code}/reissue/", {"reason": "Grade corrected"}).json()
    assert new["code"] != code
    assert client.get(f"/api/v1/credentials/{new['code']}/").json()["status"] == "issued"
    assert client.get(f"/api/v1/credentials/{code}/").json()["superseded_by"] == new["code"]
    revoked = client.post(f"/api/v1/credentials/{new['code']}/revoke/", {"reason": "Error"}).json()
    assert revoked["status"] == "revoked"


def test_api_the_center_reads_every_credential(client, issued, reviewer):
    client.force_login(reviewer)
    assert [c["code"] for c in client.get("/api/v1/credentials/").json()["results"]] == [issued.code]


def test_a_provider_admin_saves_the_signatories_that_new_certificates_show(
    client, passed_two, admin_a, assessor, django_capture_on_commit_callbacks
):
    provider = passed_two[0].offering.version.programme.provider
    url = reverse("certificates:signatories", args=[provider.pk])
    form = {
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "4",
        "signatories-0-order": "1",
        "signatories-0-name_ka": "ნინო ბერიძე",
        "signatories-0-name_en": "Nino Beridze",
        "signatories-0-position_ka": "რექტორი",
        "signatories-0-position_en": "Rector",
    }
    client.force_login(assessor)
    assert client.post(url, form).status_code in (403, 404)
    assert not provider.signatories.exists()
    client.force_login(admin_a)
    assert client.post(url, form).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    credential.refresh_from_db()
    assert [s["name"]["en"] for s in credential.snapshot["signatories"]] == ["Nino Beridze"]

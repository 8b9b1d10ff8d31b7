"""Issue 13, item 3: what the public reads of a revocation (a category in both languages, and the date) and what
stays private (the words staff typed: for the learner, the provider's staff and the Center). Every revoke form
asks for the category and says who sees what; each bilingual text shows in the reader's language only."""

import pytest
from django.urls import reverse

from apps.certificates import issuing
from apps.certificates.models import Credential

pytestmark = pytest.mark.django_db

PRIVATE = "ფინალური პროექტი სხვა მსმენელის ნაშრომის ასლია."


def test_the_provider_form_asks_for_the_category_and_says_who_sees_what(
    client, issued, admin_a, django_capture_on_commit_callbacks
):
    url = reverse("certificates:revoke", args=[issued.provider_id, issued.code])
    client.force_login(admin_a)
    form = client.get(url).content.decode()  # Georgian, the default
    assert "რა გამოჩნდება საჯაროდ" in form and 'name="category"' in form
    assert "ამ მიზეზს და გაუქმების თარიღს დაინახავს ყველა" in form  # the category is public
    assert "არასაჯაროა" in form  # the words are not
    assert "მიზეზი ეცნობება მსმენელს, ცენტრი კი მას ჩანაწერში იხილავს." not in form  # the old half-truth
    refused = client.post(url, {"reason": PRIVATE}).content.decode()
    assert "აირჩიეთ, რა მიზეზი გამოჩნდეს საჯაროდ გაუქმების შესახებ." in refused
    assert Credential.objects.get(pk=issued.pk).status == "issued"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": PRIVATE, "category": "academic_misconduct"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert (issued.status, issued.revocation_category, issued.revocation_reason) == (
        "revoked",
        "academic_misconduct",
        PRIVATE,
    )
    # The provider's staff and the learner see the words; the public page only the category and the date.
    staff = client.get(reverse("certificates:offering", args=[issued.provider_id, issued.offering_id]))
    assert PRIVATE in staff.content.decode()
    client.force_login(issued.learner)
    own = client.get(reverse("learner:home")).content.decode()
    assert PRIVATE in own and "აკადემიური კეთილსინდისიერების დარღვევა" in own
    client.logout()
    public = client.get(f"/verify/{issued.code}/").content.decode()
    assert "აკადემიური კეთილსინდისიერების დარღვევა" in public and PRIVATE not in public


def test_a_compromised_key_is_not_a_category_staff_may_choose(client, issued, admin_a):
    client.force_login(admin_a)
    url = reverse("certificates:revoke", args=[issued.provider_id, issued.code])
    assert 'value="key_compromised"' not in client.get(url).content.decode()
    client.post(url, {"reason": "x", "category": "key_compromised"})
    assert Credential.objects.get(pk=issued.pk).status == "issued"


def test_the_center_chooses_the_category_in_the_admin(client, issued, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    url = reverse("admin:certificates_credential_revoke", args=[issued.pk])
    form = client.get(url).content.decode()
    assert "რა გამოჩნდება საჯაროდ" in form and "არასაჯაროა" in form
    assert client.post(url, {"reason": "ბათილია ცენტრის გადაწყვეტილებით."}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "ბათილია ცენტრის გადაწყვეტილებით.", "category": "issued_in_error"})
    assert response.status_code == 302
    assert Credential.objects.get(pk=issued.pk).revocation_category == "issued_in_error"


def test_the_api_revokes_with_a_category_and_defaults_to_other(
    client, issued, passed_two, admin_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    url = f"/api/v1/credentials/{issued.code}/revoke/"
    bad = client.post(url, {"reason": "x", "category": "key_compromised"})
    assert bad.status_code == 400 and "category" in bad.json()
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(url, {"reason": PRIVATE, "category": "learner_request"}).json()
    assert body["status"] == "revoked" and body["revocation_category"] == "learner_request"
    assert body["revocation_reason"] == PRIVATE  # the staff's own API: the provider's staff see the words
    public = client.get(f"/api/v1/verify/{issued.code}/").json()
    assert public["credential"]["revocation_category"] == "learner_request" and PRIVATE not in str(public)
    with django_capture_on_commit_callbacks(execute=True):
        second = issuing.credential_issue(enrolment=passed_two[1], acting_user=admin_a)
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(f"/api/v1/credentials/{second.code}/revoke/", {"reason": "x"}).json()
    assert body["revocation_category"] == "other"  # a client written before the category still works


def test_decision_reasons_show_in_the_readers_language_only(client, authorized_a, admin_a):
    client.force_login(admin_a)
    url = reverse("providers:decisions", args=[authorized_a.pk])
    ka = client.get(url).content.decode()
    assert "აკმაყოფილებს სტანდარტებს." in ka and "Meets the standards." not in ka
    client.cookies["django_language"] = "en"
    en = client.get(url).content.decode()
    assert "Meets the standards." in en and "აკმაყოფილებს სტანდარტებს." not in en

"""Issue 12, finding 6: an authorized provider's identity (legal names, identification code, kind, country, short
name) changes only by the Center's decision. Until it decides, the registry, the issuer profile and the API show
the authorized identity; an approval applies the request, a rejection keeps the old one."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.providers import authorizing, identity_changes, services
from apps.providers.models import IdentityChangeRequest
from tests.factories import IdentityChangeRequestFactory, MembershipFactory, UserFactory
from tests.helpers import authorize, complete_application

pytestmark = pytest.mark.django_db

NEW_IDENTITY = {
    "legal_name_ka": "ომეგა უნივერსიტეტი",
    "legal_name_en": "Omega University",
    "identification_code": "205170009",
}
REASONS = {"reasons_ka": "წარმოდგენილია რეესტრის ამონაწერი.", "reasons_en": "The registry extract is attached."}
DETAILS = [
    "legal_name_ka",
    "legal_name_en",
    "short_name",
    "identification_code",
    "kind",
    "country",
    "address",
    "website",
    "contact_email",
]


def details(provider, **changes):
    """What the details page posts: the provider's values as stored, with `changes`."""
    return {**{name: getattr(provider, name) for name in DETAILS}, **changes}


@pytest.fixture
def authorized(provider_a, admin_a, reviewer):
    authorize(provider_a, admin_a, reviewer)
    return provider_a


def public_identity(client, provider):
    """What the public reads of the provider: registry pages (Georgian and English), issuer profile, API."""
    client.cookies["django_language"] = "ka"
    pages = client.get("/registry/providers/").content.decode()
    pages += client.get(f"/registry/providers/{provider.pk}/").content.decode()
    issuer = client.get(f"/issuers/{provider.pk}/", HTTP_ACCEPT="application/ld+json").json()
    api = client.get(f"/api/v1/providers/{provider.pk}/").json()
    return pages, issuer, api


def request_change(provider, admin, **values):
    return identity_changes.identity_change_request(
        provider=provider, acting_user=admin, data=values or NEW_IDENTITY, note="რეესტრის ამონაწერი თან ერთვის."
    )


def test_renaming_an_authorized_provider_changes_nothing_public_until_the_center_decides(client, authorized, admin_a):
    old_code = authorized.identification_code
    client.force_login(admin_a)
    response = client.post(
        f"/provider/{authorized.pk}/edit/",
        details(authorized, website="https://omega.edu.ge", identity_note="სახელი შეიცვალა.", **NEW_IDENTITY),
    )

    assert response.status_code == 302, response.context["form"].errors
    authorized.refresh_from_db()
    assert (authorized.legal_name_en, authorized.identification_code) == ("Alpha University", old_code)
    assert authorized.website == "https://omega.edu.ge"  # contact details stay free to edit
    change = IdentityChangeRequest.objects.get()
    assert (change.status, change.legal_name_en, change.requested_by) == ("pending", "Omega University", admin_a)
    assert change.note == "სახელი შეიცვალა."

    client.logout()
    pages, issuer, api = public_identity(client, authorized)
    assert "ალფა უნივერსიტეტი" in pages and "Alpha University" in pages
    assert "ომეგა" not in pages and "Omega" not in pages
    assert issuer["name"] == "Alpha University" and issuer["otherIdentifier"][0]["identifier"] == old_code
    assert (api["legal_name_en"], api["identification_code"]) == ("Alpha University", old_code)


def test_the_service_refuses_a_direct_identity_change_of_an_authorized_provider(authorized, admin_a):
    with pytest.raises(ValidationError) as error:
        services.provider_update(provider=authorized, acting_user=admin_a, data={"legal_name_en": "Omega University"})
    assert "legal_name_en" in error.value.message_dict
    authorized.refresh_from_db()
    assert authorized.legal_name_en == "Alpha University"


def test_the_centers_approval_applies_the_new_identity_and_tells_the_admins_in_their_language(
    client, authorized, admin_a, reviewer, django_capture_on_commit_callbacks
):
    english_admin = MembershipFactory(provider=authorized, role="admin", user=UserFactory(preferred_language="en")).user
    change = request_change(authorized, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        identity_changes.identity_change_approve(change=change, reviewer=reviewer, **REASONS)

    pages, issuer, api = public_identity(client, authorized)
    assert "ომეგა უნივერსიტეტი" in pages and "ალფა" not in pages
    assert issuer["name"] == "Omega University" and issuer["otherIdentifier"][0]["identifier"] == "205170009"
    assert api["identification_code"] == "205170009"
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.reasons_en) == ("approved", reviewer, REASONS["reasons_en"])
    # The history keeps the authorized identity and names the reviewer who changed it.
    latest = authorized.history.first()
    assert (latest.legal_name_en, latest.history_user) == ("Omega University", reviewer)
    assert authorized.history.filter(legal_name_en="Alpha University").exists()

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {admin_a.email, english_admin.email}
    assert "ცენტრმა დაამტკიცა" in by_recipient[admin_a.email].subject
    assert REASONS["reasons_ka"] in by_recipient[admin_a.email].body
    assert "NCEQE approved the identity change" in by_recipient[english_admin.email].subject
    assert REASONS["reasons_en"] in by_recipient[english_admin.email].body


def test_a_rejection_keeps_the_authorized_identity(
    client, authorized, admin_a, reviewer, django_capture_on_commit_callbacks
):
    change = request_change(authorized, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        identity_changes.identity_change_reject(
            change=change, reviewer=reviewer, reasons_ka="ამონაწერი არ ერთვის.", reasons_en="No extract."
        )

    pages, issuer, api = public_identity(client, authorized)
    assert "ალფა უნივერსიტეტი" in pages and "ომეგა" not in pages
    assert issuer["name"] == "Alpha University" and api["legal_name_en"] == "Alpha University"
    change.refresh_from_db()
    assert change.status == "rejected" and change.decided_at is not None
    assert "არ დაამტკიცა" in mail.outbox[0].subject and "ამონაწერი არ ერთვის." in mail.outbox[0].body
    with pytest.raises(ValidationError):  # decided once
        identity_changes.identity_change_approve(change=change, reviewer=reviewer, **REASONS)
    request_change(authorized, admin_a)  # a rejected request no longer blocks a new one


def test_at_most_one_identity_change_awaits_the_center(authorized, admin_a):
    first = request_change(authorized, admin_a)
    with pytest.raises(ValidationError) as error:
        request_change(authorized, admin_a, legal_name_en="Another Name")
    assert "უკვე ელოდება ცენტრის გადაწყვეტილებას" in " ".join(error.value.messages)

    # The database holds it too, whatever writes the row.
    values = {f: getattr(first, f) for f in ["legal_name_ka", "legal_name_en", "short_name", "kind", "country"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityChangeRequestFactory(provider=authorized, identification_code="205170010", **values)


def test_an_identity_code_of_another_organisation_is_refused_on_the_field(client, authorized, admin_a, provider_b):
    client.force_login(admin_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/provider/{authorized.pk}/edit/",
        details(authorized, website="https://alpha.edu.ge", identification_code=provider_b.identification_code),
    )
    assert response.status_code == 200
    assert "already registered" in str(response.context["form"].errors["identification_code"])
    authorized.refresh_from_db()
    assert authorized.website != "https://alpha.edu.ge" and not IdentityChangeRequest.objects.exists()


def test_a_provider_never_authorized_edits_its_identity_freely(client, provider_a, admin_a):
    complete_application(provider_a, admin_a)  # a draft
    client.force_login(admin_a)
    client.post(f"/provider/{provider_a.pk}/edit/", details(provider_a, **NEW_IDENTITY))
    provider_a.refresh_from_db()
    assert provider_a.legal_name_en == "Omega University" and not IdentityChangeRequest.objects.exists()


def test_the_identity_is_locked_while_an_application_is_before_the_center(client, provider_a, admin_a):
    application = complete_application(provider_a, admin_a)
    authorizing.application_submit(application=application, acting_user=admin_a)
    client.force_login(admin_a)
    client.post(f"/provider/{provider_a.pk}/edit/", details(provider_a, **NEW_IDENTITY))
    provider_a.refresh_from_db()
    assert provider_a.legal_name_en == "Alpha University"
    assert IdentityChangeRequest.objects.get().legal_name_en == "Omega University"


def test_the_details_page_in_georgian_says_changes_go_to_the_center_and_shows_the_pending_one(
    client, authorized, admin_a
):
    client.force_login(admin_a)
    client.cookies["django_language"] = "ka"
    url = f"/provider/{authorized.pk}/edit/"
    page = client.get(url).content.decode()
    assert "ცვლილებაზე გადაწყვეტილებას ცენტრი იღებს" in page
    assert "განმარტება ცენტრისთვის" in page

    response = client.post(url, details(authorized, **NEW_IDENTITY), follow=True)
    page = response.content.decode()
    assert "საიდენტიფიკაციო მონაცემების ცვლილება გადაეგზავნა ცენტრს" in page  # the message after saving
    assert "ელოდება ცენტრის გადაწყვეტილებას" in page
    assert "Omega University" in page and "ომეგა უნივერსიტეტი" in page  # the requested values, beside the old
    assert response.context["form"]["legal_name_en"].field.disabled

    # While it waits, another identity typed into the form changes nothing.
    client.post(url, details(authorized, legal_name_en="Third Name"))
    authorized.refresh_from_db()
    assert authorized.legal_name_en == "Alpha University"
    assert list(IdentityChangeRequest.objects.values_list("legal_name_en", flat=True)) == ["Omega University"]


def test_a_never_authorized_providers_page_has_no_notice(client, provider_a, admin_a):
    client.force_login(admin_a)
    client.cookies["django_language"] = "ka"
    page = client.get(f"/provider/{provider_a.pk}/edit/").content.decode()
    assert "ცვლილებაზე გადაწყვეტილებას ცენტრი იღებს" not in page


def test_the_review_queue_in_the_admin(client, authorized, admin_a, reviewer, django_capture_on_commit_callbacks):
    change = request_change(authorized, admin_a)
    client.force_login(reviewer)
    client.cookies["django_language"] = "ka"

    changelist = reverse("admin:providers_identitychangerequest_changelist")
    opened = client.get(changelist)
    assert opened.status_code == 302 and opened.url.endswith("?status__exact=pending")  # pending by default
    queue = client.get(opened.url).content.decode()
    assert "ომეგა უნივერსიტეტი" in queue and "ლოდინი (დღე)" in queue

    detail = client.get(reverse("admin:providers_identitychangerequest_change", args=[change.pk]))
    assert detail.status_code == 200 and 'name="legal_name_en"' not in detail.content.decode()  # read-only
    decide = reverse("admin:providers_identitychange_decide", args=[change.pk])
    assert decide in detail.content.decode()
    form = client.get(decide).content.decode()
    assert "Alpha University" in form and "Omega University" in form and "რეესტრის ამონაწერი" in form

    no_reasons = client.post(decide, {"outcome": "approved"})
    assert no_reasons.status_code == 200 and "მიუთითეთ დასაბუთება ქართულად." in no_reasons.content.decode()
    authorized.refresh_from_db()
    assert authorized.legal_name_en == "Alpha University"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(decide, {"outcome": "approved", **REASONS})
    assert done.status_code == 302
    authorized.refresh_from_db()
    assert authorized.legal_name_en == "Omega University" and len(mail.outbox) == 1
    assert client.get(reverse("admin:providers_identitychangerequest_change", args=[change.pk])).status_code == 200


def test_only_the_center_decides_on_an_identity_change(client, authorized, admin_a, reviewer):
    change = request_change(authorized, admin_a)
    with pytest.raises(PermissionDenied):
        identity_changes.identity_change_approve(change=change, reviewer=admin_a, **REASONS)
    decide = reverse("admin:providers_identitychange_decide", args=[change.pk])
    client.force_login(admin_a)  # not staff: the admin sends them to log in
    assert client.post(decide, {"outcome": "approved", **REASONS}).status_code == 302
    staff = UserFactory(is_staff=True)  # staff, but not a reviewer
    client.force_login(staff)
    assert client.post(decide, {"outcome": "approved", **REASONS}).status_code == 403
    client.force_login(reviewer)  # a reviewer decides, but never edits the request itself
    url = reverse("admin:providers_identitychangerequest_change", args=[change.pk])
    assert client.post(url, {"legal_name_en": "Hijacked"}).status_code == 403
    authorized.refresh_from_db()
    change.refresh_from_db()
    assert authorized.legal_name_en == "Alpha University" and change.status == "pending"


def test_the_identity_of_an_authorized_provider_is_read_only_in_the_provider_admin(
    client, authorized, provider_b, superuser_factory
):
    client.force_login(superuser_factory())
    locked = client.get(reverse("admin:providers_provider_change", args=[authorized.pk])).content.decode()
    assert 'name="legal_name_en"' not in locked and 'name="identification_code"' not in locked
    assert 'name="website"' in locked
    free = client.get(reverse("admin:providers_provider_change", args=[provider_b.pk])).content.decode()
    assert 'name="legal_name_en"' in free


def test_the_api_does_not_write_a_providers_identity(client, authorized, admin_a):
    client.force_login(admin_a)
    url = f"/api/v1/providers/{authorized.pk}/"
    for method in ("put", "patch"):
        response = getattr(client, method)(url, {"legal_name_en": "Omega University"}, content_type="application/json")
        assert response.status_code == 405
    authorized.refresh_from_db()
    assert authorized.legal_name_en == "Alpha University"


def test_the_identity_queue_counts_the_days_since_the_request(client, authorized, admin_a, reviewer):
    change = request_change(authorized, admin_a)
    IdentityChangeRequest.objects.filter(pk=change.pk).update(requested_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(reviewer)
    changelist = reverse("admin:providers_identitychangerequest_changelist")
    queue = client.get(changelist, {"status__exact": "pending"}).content.decode()
    assert '<td class="field-waiting_days">3</td>' in queue
